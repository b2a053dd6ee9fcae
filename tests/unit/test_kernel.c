// SPDX-License-Identifier: GPL-2.0
/* Kernel support detection: /proc/kallsyms, modprobe, the control device. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler.h"
#include "err.h"
#include "kernel.h"
#include "unit.h"

#define HOOKS_MISSING "cannot use this kernel: it lacks the vserver hooks " \
	"(build and boot a kernel with kernel-patches/6.12 applied; see README)"

static int kallsyms_of(const char *content)
{
	char *path = path_in(test_dir(), "kallsyms");

	write_file(path, content, 0644);
	return vs_kallsyms_has_hooks(path);
}

static const struct {
	const char *content;
	int found;
} kallsyms[] = {
	{ "ffffffff81000000 T _stext\n"
	  "ffffffff8123a560 T vs_register_hooks\n"
	  "ffffffff8123a600 T vs_unregister_hooks\n", 1 },
	/* kptr_restrict hides addresses, not names; last line without newline */
	{ "0000000000000000 T _stext\n0000000000000000 T vs_register_hooks", 1 },
	/* module symbols carry a fourth field */
	{ "ffffffffc0a01000 t vs_init\t[vserver]\nffffffff8123a560 T vs_register_hooks\n", 1 },
	{ "ffffffff81000000 T _stext\nffffffff81000100 T start_kernel\n", 0 },
	{ "", 0 },
	/* the name only as part of another symbol's, or in another column */
	{ "ffffffff8123a560 T __vs_register_hooks_x\n", 0 },
	{ "ffffffff8123a560 T vs_register_hooks_x\n", 0 },
	{ "ffffffff8123a560 T xvs_register_hooks\n", 0 },
	{ "ffffffff82000000 r __ksymtab_vs_register_hooks\n"
	  "ffffffff82100000 r __kstrtab_vs_register_hooks\n", 0 },
	{ "vs_register_hooks T something_else\n", 0 },
	{ "ffffffff8123a560 vs_register_hooks\n", 0 },
	{ "ffffffffc0a01000 t vs_init\t[vs_register_hooks]\n", 0 },
};

START_TEST(test_kallsyms)
{
	ck_assert_int_eq(kallsyms_of(kallsyms[_i].content), kallsyms[_i].found);
}
END_TEST

/* A symbol longer than any buffer one would guess before the real one. */
START_TEST(test_kallsyms_long_line)
{
	size_t len = 100000;
	char *content = malloc(len + 100);

	ck_assert_ptr_nonnull(content);
	strcpy(content, "ffffffff81000000 T ");
	memset(content + strlen(content), 'x', len);
	strcpy(content + 19 + len, "\nffffffff8123a560 T vs_register_hooks\n");
	ck_assert_int_eq(kallsyms_of(content), 1);
	free(content);
}
END_TEST

START_TEST(test_kallsyms_missing)
{
	errno = 0;
	ck_assert_int_eq(vs_kallsyms_has_hooks(path_in(test_dir(), "none")), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

/* fopen() of a directory succeeds; reading it fails. */
START_TEST(test_kallsyms_directory)
{
	errno = 0;
	ck_assert_int_eq(vs_kallsyms_has_hooks(test_dir()), -1);
	ck_assert_int_eq(errno, EISDIR);
}
END_TEST

/* Only meaningful when not root: root reads a mode 000 file anyway. */
START_TEST(test_kallsyms_unreadable)
{
	char *path = path_in(test_dir(), "kallsyms");

	write_file(path, "ffffffff8123a560 T vs_register_hooks\n", 0);
	errno = 0;
	ck_assert_int_eq(vs_kallsyms_has_hooks(path), -1);
	ck_assert_int_eq(errno, EACCES);
}
END_TEST

/*
 * vs_ctl_open() against a scratch directory: DIR/vserver is the device, a
 * shell script DIR/modprobe stands in for modprobe, DIR/kallsyms for
 * /proc/kallsyms.  The script logs its arguments to DIR/modprobe.log, and
 * finds the device's path in $dev.
 */
struct fake {
	const char *dir;
	struct vs_ctl_paths paths;
	struct vs_err err;
};

static void fake_setup(struct fake *f, bool hooks, const char *modprobe_body)
{
	char *script;

	f->dir = test_dir();
	f->paths.device = path_in(f->dir, "vserver");
	f->paths.kallsyms = path_in(f->dir, "kallsyms");
	f->paths.modprobe = path_in(f->dir, "modprobe");
	write_file(f->paths.kallsyms, hooks ?
		   "ffffffff81000000 T _stext\nffffffff8123a560 T vs_register_hooks\n" :
		   "ffffffff81000000 T _stext\n", 0644);
	ck_assert_int_ge(asprintf(&script, "#!/bin/sh\ndev='%s'\necho \"$@\" >> '%s/modprobe.log'\n%s\n",
				  f->paths.device, f->dir, modprobe_body), 0);
	write_file(f->paths.modprobe, script, 0755);
	free(script);
	strcpy(f->err.msg, "");
}

static char *modprobe_log(const struct fake *f)
{
	return read_file(path_in(f->dir, "modprobe.log"));
}

START_TEST(test_open_present)
{
	struct fake f;
	int fd;

	fake_setup(&f, true, "exit 1");
	write_file(f.paths.device, "", 0600);
	fd = vs_ctl_open(&f.paths, &f.err);
	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_null(modprobe_log(&f));
	/* close-on-exec: the guest commands to come must not leak it */
	ck_assert_int_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	close(fd);
}
END_TEST

START_TEST(test_open_loads_module)
{
	struct fake f;
	int fd;

	fake_setup(&f, true, ": > \"$dev\"");
	fd = vs_ctl_open(&f.paths, &f.err);
	ck_assert_msg(fd >= 0, "%s", f.err.msg);
	ck_assert_str_eq(modprobe_log(&f), "vserver\n");
	close(fd);
}
END_TEST

/* A loud modprobe must not die of SIGPIPE while we keep only its start. */
START_TEST(test_open_loads_module_verbose)
{
	struct fake f;
	int fd;

	fake_setup(&f, true, "i=0; while [ $i -lt 2000 ]; do "
		   "echo 'modprobe: a line of chatter, forty-odd bytes'; i=$((i+1)); done\n"
		   ": > \"$dev\"");
	fd = vs_ctl_open(&f.paths, &f.err);
	ck_assert_msg(fd >= 0, "%s", f.err.msg);
	close(fd);
}
END_TEST

START_TEST(test_open_module_fails)
{
	struct fake f;

	fake_setup(&f, true, "echo 'modprobe: FATAL: Module vserver not found in directory "
		   "/lib/modules/6.12.0' >&2; exit 1");
	ck_assert_int_eq(vs_ctl_open(&f.paths, &f.err), -1);
	ck_assert_str_eq(f.err.msg, "cannot load kernel module vserver: modprobe: FATAL: "
			 "Module vserver not found in directory /lib/modules/6.12.0");
	ck_assert_str_eq(modprobe_log(&f), "vserver\n");
}
END_TEST

/* The reason is modprobe's last line that says anything. */
START_TEST(test_open_module_fails_last_line)
{
	struct fake f;

	fake_setup(&f, true, "echo 'insmod /lib/modules/vserver.ko'; "
		   "printf '  modprobe: ERROR: could not insert vserver: Operation not permitted  \\n\\n \\n' >&2; "
		   "exit 1");
	ck_assert_int_eq(vs_ctl_open(&f.paths, &f.err), -1);
	ck_assert_str_eq(f.err.msg, "cannot load kernel module vserver: modprobe: ERROR: "
			 "could not insert vserver: Operation not permitted");
}
END_TEST

START_TEST(test_open_module_fails_silently)
{
	struct fake f;

	fake_setup(&f, true, "exit 3");
	ck_assert_int_eq(vs_ctl_open(&f.paths, &f.err), -1);
	ck_assert_str_eq(f.err.msg, "cannot load kernel module vserver: modprobe exited with status 3");
}
END_TEST

START_TEST(test_open_module_killed)
{
	struct fake f;

	fake_setup(&f, true, "kill -KILL $$");
	ck_assert_int_eq(vs_ctl_open(&f.paths, &f.err), -1);
	ck_assert_str_eq(f.err.msg, "cannot load kernel module vserver: modprobe was killed by signal 9");
}
END_TEST

START_TEST(test_open_no_modprobe)
{
	struct fake f;

	fake_setup(&f, true, "");
	f.paths.modprobe = path_in(f.dir, "no-such-modprobe");
	ck_assert_int_eq(vs_ctl_open(&f.paths, &f.err), -1);
	ck_assert_str_eq(f.err.msg, "cannot load kernel module vserver: "
			 "cannot run modprobe: No such file or directory");
}
END_TEST

/* Without the hooks, modprobe's complaint is a symptom; name the cause. */
START_TEST(test_open_no_hooks)
{
	struct fake f;

	fake_setup(&f, false, "echo 'modprobe: ERROR: could not insert vserver: Unknown symbol "
		   "in module, or unknown parameter (see dmesg)' >&2; exit 1");
	ck_assert_int_eq(vs_ctl_open(&f.paths, &f.err), -1);
	ck_assert_str_eq(f.err.msg, HOOKS_MISSING);
	ck_assert_str_eq(modprobe_log(&f), "vserver\n");
}
END_TEST

/* No /proc/kallsyms to tell: do not claim the hooks are missing. */
START_TEST(test_open_kallsyms_unreadable)
{
	struct fake f;

	fake_setup(&f, false, "echo 'modprobe: FATAL: Module vserver not found' >&2; exit 1");
	f.paths.kallsyms = path_in(f.dir, "no-such-kallsyms");
	ck_assert_int_eq(vs_ctl_open(&f.paths, &f.err), -1);
	ck_assert_str_eq(f.err.msg, "cannot load kernel module vserver: modprobe: FATAL: "
			 "Module vserver not found");
}
END_TEST

START_TEST(test_open_loaded_but_no_node)
{
	struct fake f;
	char *want;

	fake_setup(&f, true, "exit 0");
	ck_assert_int_eq(vs_ctl_open(&f.paths, &f.err), -1);
	want = unit_printf("cannot open %s: No such file or directory "
			   "(module vserver is loaded; is devtmpfs mounted on /dev?)",
			   f.paths.device);
	ck_assert_str_eq(f.err.msg, want);
}
END_TEST

/* An open() failure other than "no such device" is reported as it is. */
START_TEST(test_open_other_error)
{
	struct fake f;
	char *want;

	fake_setup(&f, true, "exit 1");
	ck_assert_int_eq(mkdir(f.paths.device, 0700), 0);
	ck_assert_int_eq(vs_ctl_open(&f.paths, &f.err), -1);
	want = unit_printf("cannot open %s: Is a directory", f.paths.device);
	ck_assert_str_eq(f.err.msg, want);
	ck_assert_ptr_null(modprobe_log(&f));
}
END_TEST

Suite *kernel_suite(void)
{
	Suite *s = suite_create("kernel");
	TCase *tc = tcase_create("kallsyms");

	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_add_loop_test(tc, test_kallsyms, 0, ARRAY_SIZE(kallsyms));
	tcase_add_test(tc, test_kallsyms_long_line);
	tcase_add_test(tc, test_kallsyms_missing);
	tcase_add_test(tc, test_kallsyms_directory);
	if (geteuid() != 0)
		tcase_add_test(tc, test_kallsyms_unreadable);
	suite_add_tcase(s, tc);

	tc = tcase_create("open");
	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_add_test(tc, test_open_present);
	tcase_add_test(tc, test_open_loads_module);
	tcase_add_test(tc, test_open_loads_module_verbose);
	tcase_add_test(tc, test_open_module_fails);
	tcase_add_test(tc, test_open_module_fails_last_line);
	tcase_add_test(tc, test_open_module_fails_silently);
	tcase_add_test(tc, test_open_module_killed);
	tcase_add_test(tc, test_open_no_modprobe);
	tcase_add_test(tc, test_open_no_hooks);
	tcase_add_test(tc, test_open_kallsyms_unreadable);
	tcase_add_test(tc, test_open_loaded_but_no_node);
	tcase_add_test(tc, test_open_other_error);
	suite_add_tcase(s, tc);
	return s;
}
