// SPDX-License-Identifier: GPL-2.0
/*
 * The barrier in front of guest roots (barrier.h): which directories count
 * as closed, the search along the real path, and build and start refusing
 * a guest whose root other users could reach.
 */
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "barrier.h"
#include "err.h"
#include "unit.h"

#ifndef VSERVER_BIN
#error "VSERVER_BIN must name the vserver binary under test"
#endif

#define RUN(...) unit_run(VSERVER_BIN, "vserver", (const char *const[]){ __VA_ARGS__, NULL }, \
			  NULL, 0)

static struct stat dir_stat(mode_t mode, uid_t uid, gid_t gid)
{
	struct stat st = { .st_mode = S_IFDIR | mode, .st_uid = uid, .st_gid = gid };

	return st;
}

START_TEST(test_closed)
{
	struct stat st;

	st = dir_stat(0700, 0, 0);
	ck_assert(vs_barrier_closed(&st, 0));
	st = dir_stat(0, 0, 0);
	ck_assert(vs_barrier_closed(&st, 0));
	/* reading names is not passing */
	st = dir_stat(0744, 0, 0);
	ck_assert(vs_barrier_closed(&st, 0));
	st = dir_stat(0755, 0, 0);
	ck_assert(!vs_barrier_closed(&st, 0));
	st = dir_stat(0701, 0, 0);
	ck_assert(!vs_barrier_closed(&st, 0));
	/* the group only counts when it is not root's */
	st = dir_stat(0750, 0, 0);
	ck_assert(vs_barrier_closed(&st, 0));
	st = dir_stat(0750, 0, 100);
	ck_assert(!vs_barrier_closed(&st, 0));
	st = dir_stat(0710, 0, 100);
	ck_assert(!vs_barrier_closed(&st, 0));
	/* the owner: root, or the caller itself */
	st = dir_stat(0700, 1000, 1000);
	ck_assert(!vs_barrier_closed(&st, 0));
	ck_assert(vs_barrier_closed(&st, 1000));
	ck_assert(!vs_barrier_closed(&st, 1001));
	/* only directories */
	st = dir_stat(0700, 0, 0);
	st.st_mode = S_IFREG | 0700;
	ck_assert(!vs_barrier_closed(&st, 0));
}
END_TEST

/* Is some directory from @path up to / closed already (a test would prove nothing)? */
static bool closed_above(const char *path)
{
	char dir[PATH_MAX];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s", path);
	for (;;) {
		ck_assert_int_eq(stat(dir, &st), 0);
		if (vs_barrier_closed(&st, geteuid()))
			return true;
		if (!strcmp(dir, "/"))
			return false;
		snprintf(dir, sizeof(dir), "%s", dirname(strdupa(dir)));
	}
}

/*
 * A test directory whose own chain is open: the scratch directory and it
 * become 0755.  Returns its real path.
 */
static char *open_dir(void)
{
	char *dir = unit_keep(realpath(test_dir(), NULL)), *scratch;

	ck_assert_ptr_nonnull(dir);
	scratch = dirname(strdupa(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	ck_assert_int_eq(chmod(scratch, 0755), 0);
	return dir;
}

static void expect_refused(const char *root, const char *msg_fmt, const char *arg)
{
	struct vs_err err;
	char want[PATH_MAX * 3];

	ck_assert_int_eq(vs_barrier_check(root, &err), -1);
	snprintf(want, sizeof(want), msg_fmt, arg, arg);
	ck_assert_str_eq(err.msg, want);
}

START_TEST(test_check_paths)
{
	char *dir = unit_keep(realpath(test_dir(), NULL)), *roots, *open, *g, *link;
	struct vs_err err;

	/* the test directory, 0700 and ours, is the barrier */
	ck_assert_ptr_nonnull(dir);
	roots = path_in(dir, "roots");
	ck_assert_int_eq(mkdir(roots, 0755), 0);
	g = path_in(roots, "g");
	ck_assert_msg(vs_barrier_check(g, &err) == 0, "%s", err.msg);	/* g need not exist */
	ck_assert_int_eq(mkdir(g, 0755), 0);
	ck_assert_msg(vs_barrier_check(g, &err) == 0, "%s", err.msg);

	dir = open_dir();
	if (closed_above(dirname(strdupa(dir))))
		return;		/* this machine closes /tmp or / already */
	roots = path_in(dir, "roots");
	g = path_in(roots, "g");
	ck_assert_int_eq(mkdir(roots, 0755), 0);
	ck_assert_int_eq(mkdir(g, 0755), 0);
	expect_refused(g, "%s is open to other users (mode 0755): chmod 0700 %s", roots);
	/* the guest root itself does not count: guest root owns it */
	ck_assert_int_eq(chmod(g, 0700), 0);
	expect_refused(g, "%s is open to other users (mode 0755): chmod 0700 %s", roots);
	ck_assert_int_eq(chmod(roots, 0711), 0);
	expect_refused(g, "%s is open to other users (mode 0711): chmod 0700 %s", roots);
	ck_assert_int_eq(chmod(roots, 0700), 0);
	ck_assert_msg(vs_barrier_check(g, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(chmod(roots, 0), 0);
	ck_assert_msg(vs_barrier_check(g, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(chmod(roots, 0700), 0);

	/* the real path counts: a root that is a symlink out of the barrier */
	open = path_in(dir, "open");
	ck_assert_int_eq(mkdir(open, 0755), 0);
	ck_assert_int_eq(mkdir(path_in(open, "g2"), 0755), 0);
	link = path_in(roots, "g2");
	ck_assert_int_eq(symlink(path_in(open, "g2"), link), 0);
	expect_refused(link, "%s is open to other users (mode 0755): chmod 0700 %s", open);
	/* and one from outside into it is fine */
	ck_assert_int_eq(symlink(g, path_in(open, "g3")), 0);
	ck_assert_msg(vs_barrier_check(path_in(open, "g3"), &err) == 0, "%s", err.msg);

	ck_assert_int_eq(vs_barrier_check(path_in(dir, "none/g"), &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "No such file or directory"));
}
END_TEST

/* build and start refuse, in one line, and build leaves nothing behind. */
START_TEST(test_build_and_start_refuse)
{
	char *dir = open_dir(), *conf, *roots, want[PATH_MAX * 3];
	struct unit_run r;
	DIR *d;
	struct dirent *de;

	if (closed_above(dirname(strdupa(dir))))
		return;
	conf = path_in(dir, "conf");
	roots = path_in(dir, "roots");
	ck_assert_int_eq(mkdir(roots, 0755), 0);
	setenv("VSERVER_CONFDIR", conf, 1);
	setenv("VSERVER_ROOTDIR", roots, 1);
	setenv("VSERVER_RUNDIR", path_in(dir, "run"), 1);

	r = RUN("g", "build", "-m", "skeleton");
	snprintf(want, sizeof(want), "vserver: cannot build guest g: %s is open to other users "
		 "(mode 0755): chmod 0700 %s\n", roots, roots);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, want);
	d = opendir(roots);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		ck_assert_msg(!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."),
			      "%s/%s left behind", roots, de->d_name);
	closedir(d);

	/* the fix it names works */
	ck_assert_int_eq(chmod(roots, 0700), 0);
	r = RUN("g", "build", "-m", "skeleton");
	ck_assert_msg(r.status == 0, "%s", r.err);

	/* start: opened again afterwards, the guest is refused before anything */
	ck_assert_int_eq(chmod(roots, 0755), 0);
	r = RUN("g", "start");
	snprintf(want, sizeof(want), "vserver: cannot start guest g: %s is open to other users "
		 "(mode 0755): chmod 0700 %s\n", roots, roots);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, want);
	ck_assert_int_eq(access(path_in(dir, "run/g"), F_OK), -1);
}
END_TEST

Suite *barrier_suite(void)
{
	Suite *s = suite_create("barrier");
	TCase *tc = tcase_create("barrier");

	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_add_test(tc, test_closed);
	tcase_add_test(tc, test_check_paths);
	tcase_add_test(tc, test_build_and_start_refuse);
	suite_add_tcase(s, tc);
	return s;
}
