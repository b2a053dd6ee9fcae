// SPDX-License-Identifier: GPL-2.0
/*
 * Bash completion: util/completion/vserver sourced by a plain bash (no
 * bash-completion package loaded), on a configuration root with the guests
 * web and db.  Each case splits a command line as bash does, calls the
 * function "complete -p" names for its command, and checks COMPREPLY,
 * sorted, one per line, and that nothing went to stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "unit.h"

#ifndef VSERVER_COMPLETION
#error "VSERVER_COMPLETION must name util/completion/vserver"
#endif

#define BASH "/bin/bash"

/*
 * $1 the script, $2 the line, completed at its end.  COMP_WORDS: the words
 * at blanks, with runs of '=' and ':' (in COMP_WORDBREAKS) words of their
 * own; the word readline completes is what follows the last of them.
 */
static const char harness[] =
	"source \"$1\" || exit 1\n"
	"line=$2\n"
	"read -ra blank <<<\"$line\"\n"
	"[[ $line == *' ' ]] && blank+=('')\n"
	"COMP_WORDS=()\n"
	"for w in \"${blank[@]}\"; do\n"
	"	[[ $w ]] || COMP_WORDS+=('')\n"
	"	while [[ $w ]]; do\n"
	"		if [[ $w == [=:]* ]]; then p=${w%%[!=:]*}; else p=${w%%[=:]*}; fi\n"
	"		COMP_WORDS+=(\"$p\")\n"
	"		w=${w#\"$p\"}\n"
	"	done\n"
	"done\n"
	"COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
	"COMP_LINE=$line\n"
	"COMP_POINT=${#line}\n"
	"cur=${COMP_WORDS[COMP_CWORD]}\n"
	"[[ $cur == *[=:]* ]] && cur=\n"
	"spec=$(complete -p \"${COMP_WORDS[0]}\") || exit 1\n"
	"f=${spec#*-F }\n"
	"\"${f%% *}\" \"${COMP_WORDS[0]}\" \"$cur\" \"${COMP_WORDS[COMP_CWORD - 1]}\"\n"
	"((${#COMPREPLY[@]})) || exit 0\n"
	"printf '%s\\n' \"${COMPREPLY[@]}\" | LC_ALL=C sort\n";

#define GUEST_COMMANDS "build\ndelete\ndisable\nenable\nenter\nexec\nhashify\nip\nkill\nlimit\n" \
		       "restart\nrunning\nstart\nstatus\nstop\nsuexec\n"
#define BUILD_METHODS "clone\ndebootstrap\nskeleton\ntemplate\n"

/* $VSERVER_CONFDIR with the guests web (one address) and db, and no others. */
static void guests(void)
{
	char *conf = path_in(test_dir(), "conf");

	ck_assert_int_eq(mkdir(conf, 0755), 0);
	ck_assert_int_eq(mkdir(path_in(conf, "db"), 0755), 0);
	ck_assert_int_eq(mkdir(path_in(conf, ".hidden"), 0755), 0);
	write_below(conf, "web/interfaces/0/ip", "192.0.2.10\n");
	write_file(path_in(conf, "notes"), "not a guest\n", 0644);
	setenv("VSERVER_CONFDIR", conf, 1);
}

/* The completions of @line, one per line, sorted. */
static const char *complete(const char *line)
{
	const char *const args[] = { "--norc", "--noprofile", "-c", harness, "bash",
				     VSERVER_COMPLETION, line, NULL };
	struct unit_run r = unit_run(BASH, "bash", args, NULL, 0);

	ck_assert_msg(r.status == 0, "'%s': exit status %d", line, r.status);
	ck_assert_msg(!*r.err, "'%s': stderr: %s", line, r.err);
	return r.out;
}

#define ck_complete(line, want) ck_assert_str_eq(complete(line), want)

START_TEST(test_guest_names)
{
	guests();
	ck_complete("vserver ", "db\ninfo\nlist\nweb\n");
	ck_complete("vserver w", "web\n");
	ck_complete("vserver .", "");
}
END_TEST

START_TEST(test_no_confdir)
{
	setenv("VSERVER_CONFDIR", path_in(test_dir(), "none"), 1);
	ck_complete("vserver ", "info\nlist\n");
}
END_TEST

START_TEST(test_global_options)
{
	guests();
	ck_complete("vserver --he", "--help\n");
	ck_complete("vserver -", "--help\n--version\n");
	ck_complete("vserver --help ", "");
}
END_TEST

START_TEST(test_guest_commands)
{
	guests();
	ck_complete("vserver web ", GUEST_COMMANDS);
	ck_complete("vserver web st", "start\nstatus\nstop\n");
	ck_complete("vserver web start --", "--foreground\n--help\n--timeout\n--wait\n");
	ck_complete("vserver web restart --wait --t", "--timeout\n");
	ck_complete("vserver web start --timeout ", "");
	ck_complete("vserver web stop --", "--help\n");
	/* Not (yet) a guest: build makes one. */
	ck_complete("vserver nosuch ", GUEST_COMMANDS);
}
END_TEST

START_TEST(test_build)
{
	guests();
	ck_complete("vserver web build -m ", BUILD_METHODS);
	ck_complete("vserver web build --method=", BUILD_METHODS);
	ck_complete("vserver web build --con", "--context\n");
	ck_complete("vserver web build -m clone -- --source ", "db\n");
	ck_complete("vserver web build -m debootstrap --init ", "plain\nsystemd\nsysv\n");
	ck_complete("vserver web build --init=s", "systemd\nsysv\n");
}
END_TEST

START_TEST(test_ip)
{
	guests();
	ck_complete("vserver web ip ", "add\ndel\n");
	ck_complete("vserver web ip --j", "--json\n");
	ck_complete("vserver web ip del ", "192.0.2.10\n");
	ck_complete("vserver web ip add 192.0.2.11/24 ", "dev\nnodev\n");
	ck_complete("vserver nosuch ip del ", "");
}
END_TEST

START_TEST(test_limit)
{
	guests();
	ck_complete("vserver web limit me", "memory.high=\nmemory=\n");
	ck_complete("vserver web limit memory=", "max\n");
	ck_complete("vserver web limit --re", "--reset-hits\n");
}
END_TEST

/* No bash-completion here: the command names come from compgen -c. */
START_TEST(test_exec)
{
	char *out;

	guests();
	out = unit_printf("\n%s", complete("vserver web exec bas"));
	ck_assert_msg(strstr(out, "\nbash\n"), "no bash in:%s", out);
	ck_complete("vserver web enter ", "");
}
END_TEST

START_TEST(test_other_tools)
{
	ck_complete("vserver-stat --j", "--json\n");
	ck_complete("setattr --no-c", "--no-cow\n");
	ck_complete("showattr --rec", "--recursive\n");
}
END_TEST

Suite *completion_suite(void)
{
	Suite *s = suite_create("completion");
	TCase *tc = tcase_create("completion");

	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_guest_names);
	tcase_add_test(tc, test_no_confdir);
	tcase_add_test(tc, test_global_options);
	tcase_add_test(tc, test_guest_commands);
	tcase_add_test(tc, test_build);
	tcase_add_test(tc, test_ip);
	tcase_add_test(tc, test_limit);
	tcase_add_test(tc, test_exec);
	tcase_add_test(tc, test_other_tools);
	suite_add_tcase(s, tc);
	return s;
}
