/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UNIT_H
#define UNIT_H

#include <check.h>
#include <stddef.h>

Suite *name_suite(void);
Suite *kernel_suite(void);
Suite *abi_suite(void);
Suite *json_suite(void);
Suite *cli_suite(void);
Suite *config_suite(void);
Suite *guest_suite(void);
Suite *guest_cli_suite(void);
Suite *attr_suite(void);
Suite *hashify_suite(void);
Suite *hashify_run_suite(void);
Suite *seccomp_suite(void);
Suite *barrier_suite(void);
Suite *limits_suite(void);
Suite *net_suite(void);
Suite *completion_suite(void);
Suite *boot_suite(void);

/*
 * What the helpers below return lives as long as the test: unit_keep()
 * holds it, and frees it when the test's process exits (the whole run's,
 * with CK_FORK=no).  unit_keep() returns @p; NULL is not kept.
 */
void *unit_keep(void *p);
/* asprintf() into a string unit_keep() holds. */
char *unit_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An unchecked fixture: a scratch directory per test case, removed afterwards. */
void scratch_setup(void);
void scratch_teardown(void);
/* A fresh directory below it for one test. */
const char *test_dir(void);
/* "DIR/NAME" */
char *path_in(const char *dir, const char *name);
void write_file(const char *path, const char *content, int mode);
/* Write @top/@rel (mode 0644), making the directories on the way; its path. */
char *write_below(const char *top, const char *rel, const char *content);
/* The whole of a file, or NULL if it does not exist. */
char *read_file(const char *path);

/*
 * $VSERVER_CONFDIR, _ROOTDIR and _RUNDIR set to "conf", "root" and "run" in
 * a fresh test_dir(), none of them made; their paths into the pointers.
 */
void unit_vserver_dirs(char **confdir, char **rootdir, char **rundir);

/* A program the tests ran: its exit status (or 128 + signal), stdout, stderr. */
struct unit_run {
	int status;
	char *out, *err;
};

/*
 * Run @bin as @argv0 with @args (NULL-terminated), stdin from /dev/null,
 * stdout and stderr captured in the test's directory.  @child, if set, runs
 * in the child first and fails it by returning non-zero; @kill_after_ms, if
 * not 0, sends SIGTERM after that long.
 */
struct unit_run unit_run(const char *bin, const char *argv0, const char *const args[],
			 int (*child)(void), int kill_after_ms);

#endif /* UNIT_H */
