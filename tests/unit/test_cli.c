// SPDX-License-Identifier: GPL-2.0
/*
 * The command line: the built util/vserver run with fork/exec, checking exit
 * status, stdout and stderr.  Only what never reaches the kernel is run here
 * (vserver info would open /dev/vserver and run the host's modprobe).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

#ifndef VSERVER_BIN
#error "VSERVER_BIN must name the vserver binary under test"
#endif
#ifndef VSERVER_VERSION_STAMP
#error "VSERVER_VERSION_STAMP must name util/.version, the VERSION it was built with"
#endif

#define TRY "Try 'vserver --help'.\n"
#define TRY_INFO "Try 'vserver info --help'.\n"

struct run {
	int status;	/* exit status, or -1 if it did not exit */
	char *out, *err;
};

/* Run vserver with @args (NULL-terminated); stdout goes to @out_path if set. */
static struct run run_vserver(const char *const args[], const char *out_path)
{
	const char *dir = test_dir();
	char *out = path_in(dir, "stdout"), *err = path_in(dir, "stderr");
	const char *argv[16] = { "vserver" };
	struct run r = { -1, NULL, NULL };
	int i, status;
	pid_t pid;

	for (i = 0; args[i]; i++) {
		ck_assert_int_lt(i + 2, 16);
		argv[i + 1] = args[i];
	}
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int o = open(out_path ? out_path : out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(126);
		execv(VSERVER_BIN, (char *const *)argv);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status))
		r.status = WEXITSTATUS(status);
	ck_assert_msg(r.status != 126 && r.status != 127, "cannot run %s", VSERVER_BIN);
	r.out = read_file(out);
	r.err = read_file(err);
	if (!r.out)
		r.out = "";
	ck_assert_ptr_nonnull(r.err);
	return r;
}

static bool ends_with(const char *s, const char *end)
{
	size_t ls = strlen(s), le = strlen(end);

	return ls >= le && !strcmp(s + ls - le, end);
}

#define RUN(...) run_vserver((const char *const[]){ __VA_ARGS__, NULL }, NULL)

static void check_help(struct run r)
{
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	ck_assert_msg(!strncmp(r.out, "Usage:\n", 7), "help starts with: %.40s", r.out);
	ck_assert(ends_with(r.out, "\nSee vserver(8) for details.\n"));
}

START_TEST(test_help)
{
	struct run r = RUN("--help");

	check_help(r);
	ck_assert_ptr_nonnull(strstr(r.out, "\n info "));
	ck_assert_str_eq(RUN("-h").out, r.out);
}
END_TEST

START_TEST(test_version)
{
	struct run r = RUN("--version");
	char *version = read_file(VSERVER_VERSION_STAMP), *want;

	ck_assert_ptr_nonnull(version);
	want = unit_printf("vserver %s", version);	/* it ends in \n */
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, want);
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(RUN("-V").out, r.out);
}
END_TEST

START_TEST(test_no_command)
{
	struct run r = run_vserver((const char *const[]){ NULL }, NULL);

	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "vserver: no command given\n" TRY);
}
END_TEST

START_TEST(test_bad_option)
{
	struct run r = RUN("--bogus");

	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: unrecognized option '--bogus'\n" TRY);
	r = RUN("-x");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: invalid option -- 'x'\n" TRY);
}
END_TEST

START_TEST(test_unknown_command)
{
	struct run r = RUN("foo");

	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "vserver: unknown command 'foo'\n" TRY);
}
END_TEST

START_TEST(test_unknown_guest_command)
{
	struct run r = RUN("web1", "frobnicate", "--now");

	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "vserver: unknown command for guest web1: 'frobnicate'\n" TRY);
}
END_TEST

/* Options stop at the first word: "-V" here is the guest command. */
START_TEST(test_options_before_command_only)
{
	struct run r = RUN("web1", "-V");

	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: unknown command for guest web1: '-V'\n" TRY);
}
END_TEST

START_TEST(test_bad_guest_name)
{
	struct run r = RUN(".hidden", "start");

	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: invalid guest name '.hidden': "
			 "it must not start with '.' or '-'\n" TRY);
	/* a global command's name is never taken as a guest's */
	r = RUN("list", "start");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: unexpected argument 'start'\nTry 'vserver list --help'.\n");
}
END_TEST

START_TEST(test_info_help)
{
	struct run r = RUN("info", "--help");

	check_help(r);
	ck_assert_ptr_nonnull(strstr(r.out, "--json"));
}
END_TEST

START_TEST(test_info_bad_usage)
{
	struct run r = RUN("info", "--bogus");

	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: unrecognized option '--bogus'\n" TRY_INFO);
	r = RUN("info", "extra");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: unexpected argument 'extra'\n" TRY_INFO);
	/* "info" is global: a guest command after it is an argument to info */
	r = RUN("info", "start");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: unexpected argument 'start'\n" TRY_INFO);
}
END_TEST

START_TEST(test_write_error)
{
	struct run r = run_vserver((const char *const[]){ "--help", NULL }, "/dev/full");

	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "vserver: cannot write to standard output: No space left on device\n");
}
END_TEST

Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_add_test(tc, test_help);
	tcase_add_test(tc, test_version);
	tcase_add_test(tc, test_no_command);
	tcase_add_test(tc, test_bad_option);
	tcase_add_test(tc, test_unknown_command);
	tcase_add_test(tc, test_unknown_guest_command);
	tcase_add_test(tc, test_options_before_command_only);
	tcase_add_test(tc, test_bad_guest_name);
	tcase_add_test(tc, test_info_help);
	tcase_add_test(tc, test_info_bad_usage);
	tcase_add_test(tc, test_write_error);
	suite_add_tcase(s, tc);
	return s;
}
