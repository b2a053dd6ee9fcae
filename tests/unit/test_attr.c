// SPDX-License-Identifier: GPL-2.0
/*
 * Unified-file attributes: setattr and showattr run as the built binaries,
 * checked against lsattr and the xattr itself, and the clone and removal
 * helpers of fsutil, which link and unlink only unified files.  Setting the
 * immutable flag and trusted.* xattrs needs root and a file system with
 * both (ext4 here); without them the tests pass without checking anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/fs.h>

#include "err.h"
#include "fsutil.h"
#include "kernel.h"
#include "unify.h"
#include "unit.h"

#ifndef VSERVER_BIN
#error "VSERVER_BIN must name the vserver binary under test"
#endif

/* The tools next to util/vserver. */
static char *util_bin(const char *name)
{
	char *dir = strdup(VSERVER_BIN), *path;

	ck_assert_ptr_nonnull(dir);
	path = unit_printf("%s/%s", dirname(dir), name);
	free(dir);
	return path;
}

/* As in a guest: without CAP_LINUX_IMMUTABLE and CAP_SYS_ADMIN. */
static int drop_caps(void)
{
	return prctl(PR_CAPBSET_DROP, CAP_LINUX_IMMUTABLE, 0, 0, 0) < 0 ||
	       prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0) < 0;
}

/* Run the tool @name with @args (NULL-terminated); with @guest, as in a guest. */
static struct unit_run run_tool(const char *name, bool guest, const char *const args[])
{
	return unit_run(util_bin(name), name, args, guest ? drop_caps : NULL, 0);
}

#define SETATTR(...) run_tool("setattr", false, (const char *const[]){ __VA_ARGS__, NULL })
#define SHOWATTR(...) run_tool("showattr", false, (const char *const[]){ __VA_ARGS__, NULL })

static bool get_flag(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK), flags = 0;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ioctl(fd, FS_IOC_GETFLAGS, &flags), 0);
	close(fd);
	return flags & FS_IMMUTABLE_FL;
}

static void set_flag(const char *path, bool on)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK), flags = 0;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ioctl(fd, FS_IOC_GETFLAGS, &flags), 0);
	flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
	ck_assert_int_eq(ioctl(fd, FS_IOC_SETFLAGS, &flags), 0);
	close(fd);
}

static bool has_marker(const char *path)
{
	return lgetxattr(path, VS_COW_XATTR, NULL, 0) >= 0;
}

/* Does lsattr show 'i' for @path (a file or, with -d, a directory)? */
static bool lsattr_i(const char *path)
{
	char *cmd, line[4096];
	bool i;
	FILE *f;

	ck_assert_int_ge(asprintf(&cmd, "lsattr -d '%s'", path), 0);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_int_eq(pclose(f), 0);
	*strchr(line, ' ') = '\0';
	i = strchr(line, 'i') != NULL;
	free(cmd);
	return i;
}

/* Can this process set the flag and the marker here?  Tests without it check nothing. */
static bool supported(const char *dir)
{
	char *probe = path_in(dir, ".probe");
	int fd, flags = 0;
	bool ok;

	write_file(probe, "", 0644);
	fd = open(probe, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ok = fsetxattr(fd, VS_COW_XATTR, "1", 1, 0) == 0 &&
		ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
	flags |= FS_IMMUTABLE_FL;
	ok = ok && ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
	if (ok) {
		flags &= ~FS_IMMUTABLE_FL;
		ck_assert_int_eq(ioctl(fd, FS_IOC_SETFLAGS, &flags), 0);
	}
	close(fd);
	ck_assert_int_eq(unlink(probe), 0);
	return ok;
}

static int clear_flag(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	int fd, flags;

	(void)type;
	(void)ftw;
	if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode))
		return 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 && (flags & FS_IMMUTABLE_FL)) {
		flags &= ~FS_IMMUTABLE_FL;
		ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	close(fd);
	return 0;
}

/* Whatever a test left immutable, even when it failed, must not stop the removal. */
static void attr_teardown(void)
{
	char *dir = strdup(test_dir());

	nftw(dirname(dir), clear_flag, 16, FTW_PHYS);
	free(dir);
	scratch_teardown();
}

START_TEST(test_set_show)
{
	const char *dir = test_dir();
	char *f = path_in(dir, "f"), *want;
	struct unit_run r;

	if (!supported(dir))
		return;
	write_file(f, "x\n", 0644);

	r = SHOWATTR(f);
	ck_assert_int_eq(r.status, 0);
	want = unit_printf("--  %s\n", f);
	ck_assert_str_eq(r.out, want);
	ck_assert(!lsattr_i(f));

	r = SETATTR("--cow", f);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	ck_assert(get_flag(f) && has_marker(f) && lsattr_i(f));
	r = SHOWATTR(f);
	want = unit_printf("iu  %s\n", f);
	ck_assert_str_eq(r.out, want);
	/* Again: nothing to do, which is no error (the marker of an immutable file stays). */
	ck_assert_int_eq(SETATTR("--cow", f).status, 0);

	/* Clearing the marker of an immutable file leaves it plainly immutable. */
	r = SETATTR("--~iunlink", f);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(get_flag(f) && !has_marker(f) && lsattr_i(f));
	want = unit_printf("i-  %s\n", f);
	ck_assert_str_eq(SHOWATTR(f).out, want);

	/* ...and setting it again unifies it. */
	ck_assert_int_eq(SETATTR("--iunlink", f).status, 0);
	ck_assert(get_flag(f) && has_marker(f));

	r = SETATTR("--no-cow", f);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(!get_flag(f) && !has_marker(f) && !lsattr_i(f));

	/* A stale marker, without the flag. */
	ck_assert_int_eq(SETATTR("--iunlink", f).status, 0);
	ck_assert(!get_flag(f) && has_marker(f) && !lsattr_i(f));
	want = unit_printf("-u  %s\n", f);
	ck_assert_str_eq(SHOWATTR(f).out, want);
	ck_assert_int_eq(SETATTR("--no-iunlink", "--immutable", f).status, 0);
	ck_assert(get_flag(f) && !has_marker(f) && lsattr_i(f));

	/* The last word about an attribute counts. */
	ck_assert_int_eq(SETATTR("--cow", "--no-immutable", f).status, 0);
	ck_assert(!get_flag(f) && has_marker(f));
	ck_assert_int_eq(SETATTR("--no-cow", "--cow", f).status, 0);
	ck_assert(get_flag(f) && has_marker(f));
	ck_assert_int_eq(SETATTR("--no-cow", f).status, 0);

	/*
	 * A unified file other names share is not made writable under them
	 * without --force; with one name left it is.
	 */
	{
		char *other = path_in(dir, "other-name");

		ck_assert_int_eq(link(f, other), 0);
		ck_assert_int_eq(SETATTR("--cow", f).status, 0);
		r = SETATTR("--no-cow", f);
		ck_assert_int_eq(r.status, 1);
		ck_assert_ptr_nonnull(strstr(r.err, "cannot unshare"));
		ck_assert_ptr_nonnull(strstr(r.err, "2 names share it"));
		ck_assert(get_flag(f) && has_marker(f));
		ck_assert_int_eq(SETATTR("--no-immutable", other).status, 1);
		ck_assert(get_flag(f));
		/* Removing only the marker leaves it immutable: allowed. */
		ck_assert_int_eq(SETATTR("--no-iunlink", f).status, 0);
		ck_assert(get_flag(f) && !has_marker(f));
		ck_assert_int_eq(SETATTR("--cow", f).status, 0);
		r = SETATTR("--force", "--no-cow", f);
		ck_assert_msg(r.status == 0, "%s", r.err);
		ck_assert(!get_flag(f) && !has_marker(f));
		ck_assert_int_eq(unlink(other), 0);
		/* One name left: nothing to protect. */
		ck_assert_int_eq(SETATTR("--cow", f).status, 0);
		ck_assert_int_eq(SETATTR("--no-cow", f).status, 0);
		ck_assert(!get_flag(f) && !has_marker(f));
	}

	/* showattr agrees with lsattr on directories too. */
	ck_assert_int_eq(SETATTR("--immutable", dir).status, 0);
	ck_assert(lsattr_i(dir));
	want = unit_printf("i-  %s\n", dir);
	ck_assert_str_eq(SHOWATTR(dir).out, want);
	ck_assert_int_eq(SETATTR("--~immutable", dir).status, 0);
	ck_assert(!lsattr_i(dir));
}
END_TEST

START_TEST(test_recursive_json)
{
	const char *dir = test_dir();
	char *t = path_in(dir, "t"), *want;
	struct unit_run r;

	if (!supported(dir))
		return;
	ck_assert_int_eq(mkdir(t, 0755), 0);
	ck_assert_int_eq(mkdir(path_in(t, "d"), 0755), 0);
	write_file(path_in(t, "b"), "b\n", 0644);
	write_file(path_in(t, "d/a"), "a\n", 0644);
	ck_assert_int_eq(symlink("b", path_in(t, "l")), 0);
	ck_assert_int_eq(mkfifo(path_in(t, "p"), 0600), 0);

	/* Files only: directories keep their flags, other types have none. */
	r = SETATTR("-R", "--cow", t);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(get_flag(path_in(t, "b")) && has_marker(path_in(t, "b")));
	ck_assert(get_flag(path_in(t, "d/a")) && has_marker(path_in(t, "d/a")));
	ck_assert(!get_flag(t) && !has_marker(t));
	ck_assert(!get_flag(path_in(t, "d")) && !has_marker(path_in(t, "d")));
	ck_assert(!has_marker(path_in(t, "l")));

	r = SHOWATTR("-R", t);
	ck_assert_int_eq(r.status, 0);
	want = unit_printf("--  %s\niu  %s/b\n--  %s/d\niu  %s/d/a\n--  %s/l\n"
			   "--  %s/p\n", t, t, t, t, t, t);
	ck_assert_str_eq(r.out, want);
	ck_assert(lsattr_i(path_in(t, "d/a")));

	/* Without -R a directory is one line. */
	r = SHOWATTR(t, path_in(t, "b"));
	want = unit_printf("--  %s\niu  %s/b\n", t, t);
	ck_assert_str_eq(r.out, want);

	r = SHOWATTR("--json", "-R", path_in(t, "d"), path_in(t, "l"));
	ck_assert_int_eq(r.status, 0);
	want = unit_printf(
		"[{\"path\":\"%s/d\",\"immutable\":false,\"iunlink\":false,\"unified\":false},"
		"{\"path\":\"%s/d/a\",\"immutable\":true,\"iunlink\":true,\"unified\":true},"
		"{\"path\":\"%s/l\",\"immutable\":false,\"iunlink\":false,\"unified\":false}]\n",
		t, t, t);
	ck_assert_str_eq(r.out, want);
	r = SHOWATTR("--json", path_in(t, "nope"));
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "[]\n");

	/* An admin's immutable directory survives undoing the unification. */
	set_flag(path_in(t, "d"), true);
	r = SETATTR("-R", "--no-cow", t);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(!get_flag(path_in(t, "b")) && !has_marker(path_in(t, "b")));
	ck_assert(!get_flag(path_in(t, "d/a")) && !has_marker(path_in(t, "d/a")));
	ck_assert(get_flag(path_in(t, "d")));
	r = SETATTR("-R", "--no-immutable", t);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(!get_flag(path_in(t, "d")));

	/* Named without -R: a directory cannot be unified, a symlink has nothing. */
	r = SETATTR("--cow", t);
	ck_assert_int_eq(r.status, 1);
	want = unit_printf("setattr: cannot set attributes of %s: a directory "
			   "cannot be unified (-R reaches the files in it)\n", t);
	ck_assert_str_eq(r.err, want);
	r = SETATTR("-R", "--immutable", path_in(t, "l"));
	ck_assert_int_eq(r.status, 1);
	want = unit_printf("setattr: cannot set attributes of %s/l: it is a "
			   "symbolic link\n", t);
	ck_assert_str_eq(r.err, want);
	ck_assert(!get_flag(path_in(t, "b")));	/* not followed */
}
END_TEST

START_TEST(test_errors)
{
	const char *dir = test_dir();
	char *f = path_in(dir, "f"), *nope = path_in(dir, "nope"), *want;
	struct unit_run r;

	r = SETATTR("--bogus", f);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "setattr: unrecognized option '--bogus'\nTry 'setattr --help'.\n");
	r = SETATTR("-x", f);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "setattr: invalid option -- 'x'\nTry 'setattr --help'.\n");
	r = SETATTR(f);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "setattr: no attribute to change (--immutable, --iunlink, --cow "
			 "or their --no- forms)\nTry 'setattr --help'.\n");
	r = SETATTR("--cow");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "setattr: no file given\nTry 'setattr --help'.\n");
	r = SHOWATTR("--cow", f);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "showattr: unrecognized option '--cow'\nTry 'showattr --help'.\n");
	r = SHOWATTR("-R");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "showattr: no file given\nTry 'showattr --help'.\n");

	r = SETATTR("--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Usage:\n setattr [options] <path>...\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "\nSee setattr(8).\n"));
	ck_assert_str_eq(r.err, "");
	r = SHOWATTR("-h");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "\nSee showattr(8).\n"));
	r = SETATTR("--version");
	ck_assert_int_eq(r.status, 0);
	ck_assert(!strncmp(r.out, "setattr ", 8));
	r = SHOWATTR("-V");
	ck_assert(!strncmp(r.out, "showattr ", 9));

	/* A missing path is named, and the others are still done. */
	write_file(f, "x\n", 0644);
	if (!supported(dir))
		return;
	r = SETATTR("--cow", nope, f);
	ck_assert_int_eq(r.status, 1);
	want = unit_printf("setattr: cannot set attributes of %s: No such file or "
			   "directory\n", nope);
	ck_assert_str_eq(r.err, want);
	ck_assert(get_flag(f) && has_marker(f));
	r = SHOWATTR(nope, f);
	ck_assert_int_eq(r.status, 1);
	want = unit_printf("showattr: cannot read attributes of %s: No such file or "
			   "directory\n", nope);
	ck_assert_str_eq(r.err, want);
	want = unit_printf("iu  %s\n", f);
	ck_assert_str_eq(r.out, want);

	/* As in a guest: no CAP_LINUX_IMMUTABLE, no CAP_SYS_ADMIN. */
	r = run_tool("setattr", true, (const char *const[]){ "--no-cow", f, NULL });
	ck_assert_int_eq(r.status, 1);
	want = unit_printf("setattr: cannot set attributes of %s: Operation not "
			   "permitted (changing them needs CAP_LINUX_IMMUTABLE and "
			   "CAP_SYS_ADMIN: root on the host, not in a guest)\n", f);
	ck_assert_str_eq(r.err, want);
	ck_assert(get_flag(f) && has_marker(f));
	/* The marker is hidden there: '?', not a false '-'. */
	r = run_tool("showattr", true, (const char *const[]){ f, NULL });
	ck_assert_int_eq(r.status, 0);
	want = unit_printf("i?  %s\n", f);
	ck_assert_str_eq(r.out, want);
	r = run_tool("showattr", true, (const char *const[]){ "--json", f, NULL });
	want = unit_printf("[{\"path\":\"%s\",\"immutable\":true,\"iunlink\":null,"
			   "\"unified\":null}]\n", f);
	ck_assert_str_eq(r.out, want);
	ck_assert_int_eq(SETATTR("--no-cow", f).status, 0);
}
END_TEST

/*
 * Below a guest root no symlink is followed on the way to an operand, as
 * the guest may have planted it; above it (the host's part) they are.
 */
START_TEST(test_guest_symlinks)
{
	char *dir = unit_keep(realpath(test_dir(), NULL)), *roots, *web, *alias, *want;
	const char *host;
	struct unit_run r;

	ck_assert_ptr_nonnull(dir);
	roots = path_in(dir, "roots");
	web = path_in(roots, "web");
	host = path_in(dir, "host");
	ck_assert_int_eq(mkdir(path_in(dir, "conf"), 0755), 0);
	ck_assert_int_eq(mkdir(roots, 0700), 0);
	ck_assert_int_eq(mkdir(web, 0755), 0);
	ck_assert_int_eq(mkdir(path_in(web, "etc"), 0755), 0);
	ck_assert_int_eq(mkdir(host, 0755), 0);
	write_file(path_in(host, "shadow"), "secret\n", 0600);
	write_file(path_in(web, "etc/motd"), "hi\n", 0644);
	/* the guest's own: a symlink to the host's directory */
	ck_assert_int_eq(symlink(host, path_in(web, "lib")), 0);
	/* the host's own: a symlink to the roots */
	alias = path_in(dir, "alias");
	ck_assert_int_eq(symlink(roots, alias), 0);
	setenv("VSERVER_CONFDIR", path_in(dir, "conf"), 1);
	setenv("VSERVER_ROOTDIR", roots, 1);

	r = SHOWATTR(path_in(web, "lib/shadow"));
	ck_assert_int_eq(r.status, 1);
	want = unit_printf("showattr: cannot read attributes of %s/lib/shadow: "
			   "%s/lib is a symbolic link below the guest root %s, and none is "
			   "followed there\n", web, web, web);
	ck_assert_str_eq(r.err, want);
	ck_assert_str_eq(r.out, "");
	r = SETATTR("--immutable", path_in(alias, "web/lib/shadow"));
	ck_assert_int_eq(r.status, 1);
	want = unit_printf("setattr: cannot set attributes of %s/web/lib/shadow: "
			   "%s/lib is a symbolic link below the guest root %s, and none is "
			   "followed there\n", alias, web, web);
	ck_assert_str_eq(r.err, want);
	r = SHOWATTR(path_in(web, "../web/etc/motd"));
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "'..' would leave the guest root"));

	/* controls: the real paths, and the host's symlink above the root */
	r = SHOWATTR(path_in(host, "shadow"), path_in(alias, "web/etc/motd"), path_in(web, "lib"));
	ck_assert_msg(r.status == 0, "%s", r.err);
	want = unit_printf("--  %s/shadow\n--  %s/web/etc/motd\n--  %s/lib\n",
			   host, alias, web);
	ck_assert_str_eq(r.out, want);
	/* without a configuration too: any directory right below $VSERVER_ROOTDIR */
	setenv("VSERVER_CONFDIR", path_in(dir, "none"), 1);
	r = SHOWATTR(path_in(web, "lib/shadow"));
	ck_assert_int_eq(r.status, 1);
	/* and a configured root elsewhere */
	ck_assert_int_eq(mkdir(path_in(dir, "conf/other"), 0755), 0);
	ck_assert_int_eq(symlink(web, path_in(dir, "conf/other/vdir")), 0);
	setenv("VSERVER_CONFDIR", path_in(dir, "conf"), 1);
	setenv("VSERVER_ROOTDIR", path_in(dir, "none"), 1);
	r = SHOWATTR(path_in(web, "lib/shadow"));
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "is a symbolic link below the guest root"));
}
END_TEST

static ino_t inode(const char *path)
{
	struct stat st;

	ck_assert_int_eq(lstat(path, &st), 0);
	return st.st_ino;
}

static void unify(const char *path)
{
	ck_assert_int_eq(lsetxattr(path, VS_COW_XATTR, "1", 1, 0), 0);
	set_flag(path, true);
}

START_TEST(test_clone_links_unified_only)
{
	const char *dir = test_dir();
	char *src = path_in(dir, "src"), *dst = path_in(dir, "dst"), *dst2 = path_in(dir, "dst2");
	char *want;
	struct vs_copy_stats st;
	struct vs_err err;
	struct stat sb;

	if (access("/sys/module/" VS_MODULE_NAME, F_OK) == 0 || !supported(dir))
		return;		/* the fallback is tested without the module */
	ck_assert_int_eq(mkdir(src, 0755), 0);
	ck_assert_int_eq(mkdir(dst, 0755), 0);
	ck_assert_int_eq(mkdir(dst2, 0755), 0);
	write_file(path_in(src, "unified"), "u\n", 0644);
	write_file(path_in(src, "admin"), "a\n", 0644);
	write_file(path_in(src, "stale"), "s\n", 0644);
	unify(path_in(src, "unified"));
	set_flag(path_in(src, "admin"), true);
	ck_assert_int_eq(setxattr(path_in(src, "stale"), VS_COW_XATTR, "1", 1, 0), 0);

	ck_assert_msg(vs_copy_tree(src, dst, true, NULL, &st, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(st.linked, 1);
	ck_assert_uint_eq(st.files, 2);
	ck_assert_uint_eq(inode(path_in(dst, "unified")), inode(path_in(src, "unified")));
	ck_assert(get_flag(path_in(src, "unified")) && has_marker(path_in(src, "unified")));
	/* A plain immutable file is copied, without the flag (like cp -a). */
	ck_assert_uint_ne(inode(path_in(dst, "admin")), inode(path_in(src, "admin")));
	ck_assert_str_eq(read_file(path_in(dst, "admin")), "a\n");
	ck_assert(!get_flag(path_in(dst, "admin")));
	ck_assert(get_flag(path_in(src, "admin")));
	/* A copy never carries the marker. */
	ck_assert_uint_ne(inode(path_in(dst, "stale")), inode(path_in(src, "stale")));
	ck_assert(!has_marker(path_in(dst, "stale")));

	/* Without linking, a unified file is copied as a private file. */
	ck_assert_msg(vs_copy_tree(src, dst2, false, NULL, &st, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(st.linked, 0);
	ck_assert_uint_ne(inode(path_in(dst2, "unified")), inode(path_in(src, "unified")));
	ck_assert(!get_flag(path_in(dst2, "unified")) && !has_marker(path_in(dst2, "unified")));

	/* Removal unlinks the unified name; the source's inode stays unified. */
	ck_assert_msg(vs_rmtree(dst, NULL, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(lstat(dst, &sb), -1);
	ck_assert_int_eq(lstat(path_in(src, "unified"), &sb), 0);
	ck_assert_uint_eq(sb.st_nlink, 1);
	ck_assert(get_flag(path_in(src, "unified")) && has_marker(path_in(src, "unified")));
	ck_assert_str_eq(read_file(path_in(src, "unified")), "u\n");

	/* A plain immutable file stops the removal, and stays. */
	ck_assert_int_eq(vs_rmtree(src, NULL, &err), -1);
	want = unit_printf("cannot remove %s/admin: it is immutable and not unified "
			   "(clear the flag with chattr -i to remove it)", src);
	ck_assert_str_eq(err.msg, want);
	ck_assert(get_flag(path_in(src, "admin")));
	ck_assert_str_eq(read_file(path_in(src, "admin")), "a\n");
}
END_TEST

Suite *attr_suite(void)
{
	Suite *s = suite_create("attr");
	TCase *tc = tcase_create("attr");

	tcase_add_unchecked_fixture(tc, scratch_setup, attr_teardown);
	tcase_add_test(tc, test_set_show);
	tcase_add_test(tc, test_recursive_json);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_guest_symlinks);
	tcase_add_test(tc, test_clone_links_unified_only);
	suite_add_tcase(s, tc);
	return s;
}
