// SPDX-License-Identifier: GPL-2.0
/*
 * Guest management on the command line: build, delete, list and vserver-stat
 * run as the built binaries on temporary $VSERVER_CONFDIR/$VSERVER_ROOTDIR,
 * plus the formatting helpers behind list and vserver-stat.  Nothing here
 * needs the kernel module (debootstrap, which needs the network, is run by
 * hand; see vserver(8)).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include <linux/fs.h>

#include "name.h"
#include "status.h"
#include "unit.h"

#ifndef VSERVER_BIN
#error "VSERVER_BIN must name the vserver binary under test"
#endif
#define VSERVER_STAT_BIN VSERVER_BIN "-stat"

static char *confdir, *rootdir, *rundir;

static void env_setup(void)
{
	unit_vserver_dirs(&confdir, &rootdir, &rundir);
}

#define RUN(...) unit_run(VSERVER_BIN, "vserver", (const char *const[]){ __VA_ARGS__, NULL }, \
			  NULL, 0)
#define RUN_STAT(...) unit_run(VSERVER_STAT_BIN, "vserver", \
			       (const char *const[]){ __VA_ARGS__, NULL }, NULL, 0)

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* No ".NAME.build.*" or ".NAME.old.*" leftovers, and no guest @name. */
static void assert_nothing_left(const char *name)
{
	const char *dirs[] = { confdir, rootdir };

	for (size_t i = 0; i < 2; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;

		if (!d)
			continue;
		while ((de = readdir(d))) {
			ck_assert_msg(strcmp(de->d_name, name), "%s/%s exists", dirs[i], name);
			ck_assert_msg(strncmp(de->d_name, ".", 1) || !strcmp(de->d_name, ".") ||
				      !strcmp(de->d_name, ".."), "%s/%s left behind", dirs[i],
				      de->d_name);
		}
		closedir(d);
	}
}

static char *guest_path(const char *top, const char *name, const char *rel)
{
	return unit_printf("%s/%s%s%s", top, name, *rel ? "/" : "", rel);
}

static void build_skeleton(const char *name)
{
	struct unit_run r = RUN(name, "build", "-m", "skeleton");

	ck_assert_msg(r.status == 0, "build %s: %s", name, r.err);
}

START_TEST(test_build_skeleton)
{
	struct unit_run r;
	char link[4096], *p;
	ssize_t n;

	env_setup();
	r = RUN("web", "build", "-m", "skeleton", "--context", "1234", "--hostname", "web.example");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	ck_assert_ptr_nonnull(strstr(r.out, "Built guest web"));
	ck_assert_str_eq(read_file(guest_path(confdir, "web", "context")), "1234\n");
	ck_assert_str_eq(read_file(guest_path(confdir, "web", "uts/nodename")), "web.example\n");
	ck_assert_str_eq(read_file(guest_path(confdir, "web", "apps/init/style")), "plain\n");
	p = read_file(guest_path(confdir, "web", "fstab"));
	ck_assert_ptr_nonnull(strstr(p, "devpts  /dev/pts  devpts  gid=5,mode=620\n"));
	ck_assert_ptr_nonnull(strstr(p, "none    /tmp      tmpfs   size=64m,mode=1777\n"));
	ck_assert(exists(guest_path(confdir, "web", "bcapabilities")));
	ck_assert(exists(guest_path(confdir, "web", "flags")));
	n = readlink(guest_path(confdir, "web", "vdir"), link, sizeof(link) - 1);
	ck_assert_int_gt(n, 0);
	link[n] = '\0';
	ck_assert_str_eq(link, guest_path(rootdir, "web", ""));
	ck_assert_str_eq(read_file(guest_path(rootdir, "web", "etc/hostname")), "web.example\n");
	ck_assert_ptr_nonnull(strstr(read_file(guest_path(rootdir, "web", "etc/passwd")), "root:x:0:0:"));
	ck_assert(exists(guest_path(rootdir, "web", "etc/group")));
	ck_assert_ptr_nonnull(strstr(read_file(guest_path(rootdir, "web", "etc/hosts")),
				     "127.0.1.1\tweb.example\n"));
	ck_assert(exists(guest_path(rootdir, "web", "usr/bin")));
	ck_assert(exists(guest_path(rootdir, "web", "var/tmp")));
	ck_assert(exists(guest_path(rootdir, "web", "dev/pts")));
	assert_nothing_left("nothing");

	/* The default host name is the guest name, and no context file without --context. */
	build_skeleton("db");
	ck_assert_str_eq(read_file(guest_path(confdir, "db", "uts/nodename")), "db\n");
	ck_assert(!exists(guest_path(confdir, "db", "context")));
}
END_TEST

START_TEST(test_build_exists_and_force)
{
	struct unit_run r;

	env_setup();
	build_skeleton("g");
	write_file(guest_path(rootdir, "g", "marker"), "old\n", 0644);
	r = RUN("g", "build", "-m", "skeleton");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "vserver: cannot build guest g: it already exists\n");
	ck_assert(exists(guest_path(rootdir, "g", "marker")));

	r = RUN("g", "build", "-m", "skeleton", "--force", "--context", "77");
	ck_assert_int_eq(r.status, 0);
	ck_assert(!exists(guest_path(rootdir, "g", "marker")));
	ck_assert_str_eq(read_file(guest_path(confdir, "g", "context")), "77\n");
	assert_nothing_left("nothing");

	/* A root without a configuration counts as existing too. */
	ck_assert_int_eq(mkdir(guest_path(rootdir, "stray", ""), 0755), 0);
	r = RUN("stray", "build", "-m", "skeleton");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "vserver: cannot build guest stray: it already exists\n");
}
END_TEST

START_TEST(test_build_usage)
{
	struct unit_run r;

	env_setup();
	r = RUN("g", "build");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: no build method given (-m skeleton|template|debootstrap|clone)\n"
			 "Try 'vserver g build --help'.\n");
	r = RUN("g", "build", "-m", "rsync");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: unknown build method 'rsync' (known: skeleton, template, "
			 "debootstrap, clone)\nTry 'vserver g build --help'.\n");
	r = RUN("g", "build", "-m", "skeleton", "--context", "1");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: invalid context id '1' (expected 2..49151)\n"
			 "Try 'vserver g build --help'.\n");
	r = RUN("g", "build", "-m", "skeleton", "--context", "49152");
	ck_assert_int_eq(r.status, 2);
	r = RUN("g", "build", "-m", "skeleton", "--hostname", "a b");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: invalid host name 'a b'\nTry 'vserver g build --help'.\n");
	r = RUN("g", "build", "-m", "skeleton", "extra");
	ck_assert_int_eq(r.status, 2);
	r = RUN("g", "build", "-m", "skeleton", "--", "extra");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: the skeleton method takes no arguments: 'extra'\n"
			 "Try 'vserver g build --help'.\n");
	r = RUN("g", "build", "-m", "template");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: template: expected -- -t <tarball>\n"
			 "Try 'vserver g build --help'.\n");
	r = RUN("g", "build", "-m", "clone", "--", "--src", "x");
	ck_assert_int_eq(r.status, 2);
	r = RUN("g", "build", "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "See vserver(8) for details.\n"));
	ck_assert_str_eq(r.err, "");
	assert_nothing_left("g");
}
END_TEST

START_TEST(test_build_context_taken)
{
	struct unit_run r;

	env_setup();
	ck_assert_int_eq(RUN("a", "build", "-m", "skeleton", "--context", "500").status, 0);
	r = RUN("b", "build", "-m", "skeleton", "--context", "500");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "vserver: cannot build guest b: context 500 is used by guest a\n");
	assert_nothing_left("b");
	/* Rebuilding a guest may keep its own id. */
	r = RUN("a", "build", "-m", "skeleton", "--context", "500", "--force");
	ck_assert_int_eq(r.status, 0);
}
END_TEST

START_TEST(test_build_template)
{
	const char *dir = test_dir();
	char *src = path_in(dir, "src"), *tarball = path_in(dir, "t.tar.gz"), *cmd;
	struct stat st;
	struct unit_run r;

	env_setup();
	ck_assert_int_eq(mkdir(src, 0755), 0);
	ck_assert_int_eq(mkdir(path_in(src, "etc"), 0755), 0);
	write_file(path_in(src, "etc/issue"), "Template\n", 0640);
	ck_assert_int_eq(symlink("issue", path_in(src, "etc/issue.net")), 0);
	cmd = unit_printf("tar -C %s -czf %s .", src, tarball);
	ck_assert_int_eq(system(cmd), 0);

	r = RUN("t", "build", "-m", "template", "--", "-t", tarball);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(read_file(guest_path(rootdir, "t", "etc/issue")), "Template\n");
	ck_assert_int_eq(lstat(guest_path(rootdir, "t", "etc/issue"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
	ck_assert_int_eq(lstat(guest_path(rootdir, "t", "etc/issue.net"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_str_eq(read_file(guest_path(rootdir, "t", "etc/hostname")), "t\n");
	ck_assert(exists(guest_path(confdir, "t", "vdir")));

	/* A tarball that does not exist, or that tar cannot read: nothing built. */
	r = RUN("u", "build", "-m", "template", "--", "-t", path_in(dir, "none.tar"));
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "vserver: cannot build guest u: cannot read "));
	write_file(path_in(dir, "bad.tar"), "this is not a tarball\n", 0644);
	r = RUN("u", "build", "-m", "template", "--", "-t", path_in(dir, "bad.tar"));
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "vserver: cannot build guest u: /bin/tar failed with "
				     "exit status 2\n"));
	assert_nothing_left("u");
}
END_TEST

START_TEST(test_build_interrupted)
{
	const char *dir = test_dir();
	char *fifo = path_in(dir, "fifo");
	struct unit_run r;

	env_setup();
	/* tar blocks on the fifo until the build is killed. */
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	r = unit_run(VSERVER_BIN, "vserver", (const char *const[]){ "i", "build", "-m",
		     "template", "--", "-t", fifo, NULL }, NULL, 300);
	ck_assert_int_eq(r.status, 128 + SIGTERM);
	ck_assert_ptr_nonnull(strstr(r.err, "vserver: cannot build guest i: interrupted\n"));
	assert_nothing_left("i");
}
END_TEST

/* Set FS_IMMUTABLE_FL on @path; false where the file system or privileges lack it. */
static bool make_immutable(const char *path, bool on)
{
	int fd = open(path, O_RDONLY), flags;
	bool ok;

	ck_assert_int_ge(fd, 0);
	ok = ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
	flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
	ok = ok && ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
	close(fd);
	return ok;
}

/* Unify @path (marker, then the flag) or undo it (in reverse); false if unsupported. */
static bool make_unified(const char *path, bool on)
{
	if (!on) {
		make_immutable(path, false);
		removexattr(path, "trusted.vserver.cow");
		return true;
	}
	if (setxattr(path, "trusted.vserver.cow", "1", 1, 0) < 0)
		return false;
	if (!make_immutable(path, true)) {
		removexattr(path, "trusted.vserver.cow");
		return false;
	}
	return true;
}

START_TEST(test_build_clone)
{
	struct timespec times[2] = { { 1000000000, 0 }, { 1200000000, 0 } };
	struct stat a, b;
	char *uni, *cow, *want, *plain_i;
	bool immutable, plain_immutable;
	char buf[16];
	struct unit_run r;

	env_setup();
	build_skeleton("src");
	write_file(guest_path(rootdir, "src", "etc/plain"), "plain\n", 0600);
	ck_assert_int_eq(utimensat(AT_FDCWD, guest_path(rootdir, "src", "etc/plain"), times, 0), 0);
	ck_assert_int_eq(link(guest_path(rootdir, "src", "etc/plain"),
			      guest_path(rootdir, "src", "etc/plain2")), 0);
	if (setxattr(guest_path(rootdir, "src", "etc/plain"), "user.test", "v", 1, 0) < 0)
		ck_assert_int_eq(errno, ENOTSUP);
	ck_assert_int_eq(mkfifo(guest_path(rootdir, "src", "run/fifo"), 0620), 0);
	ck_assert_int_eq(chmod(guest_path(rootdir, "src", "run/fifo"), 0620), 0);
	ck_assert_int_eq(symlink("/etc/plain", guest_path(rootdir, "src", "abs-link")), 0);
	uni = guest_path(rootdir, "src", "usr/bin/unified");
	write_file(uni, "shared\n", 0755);
	immutable = make_unified(uni, true);
	/* Immutable without the marker: an administrator's file, copied, not linked. */
	plain_i = guest_path(rootdir, "src", "usr/bin/plain-immutable");
	write_file(plain_i, "admin\n", 0644);
	plain_immutable = make_immutable(plain_i, true);

	r = RUN("copy", "build", "-m", "clone", "--hostname", "copyhost", "--", "--source", "src");
	if (immutable)
		make_unified(uni, false);
	if (plain_immutable)
		make_immutable(plain_i, false);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "Copying src from "));

	ck_assert_int_eq(lstat(guest_path(rootdir, "src", "etc/plain"), &a), 0);
	ck_assert_int_eq(lstat(guest_path(rootdir, "copy", "etc/plain"), &b), 0);
	ck_assert_uint_ne(a.st_ino, b.st_ino);
	ck_assert_uint_eq(b.st_mode & 07777, 0600);
	ck_assert_int_eq(b.st_mtim.tv_sec, 1200000000);
	ck_assert_uint_eq(b.st_nlink, 2);	/* the copy keeps its second name */
	ck_assert_int_eq(lstat(guest_path(rootdir, "copy", "etc/plain2"), &a), 0);
	ck_assert_uint_eq(a.st_ino, b.st_ino);
	if (getxattr(guest_path(rootdir, "src", "etc/plain"), "user.test", buf, sizeof(buf)) == 1)
		ck_assert_int_eq(getxattr(guest_path(rootdir, "copy", "etc/plain"), "user.test",
					  buf, sizeof(buf)), 1);
	ck_assert_int_eq(lstat(guest_path(rootdir, "copy", "run/fifo"), &b), 0);
	ck_assert(S_ISFIFO(b.st_mode));
	ck_assert_uint_eq(b.st_mode & 07777, 0620);
	ck_assert_int_eq(lstat(guest_path(rootdir, "copy", "abs-link"), &b), 0);
	ck_assert(S_ISLNK(b.st_mode));
	ck_assert_str_eq(read_file(guest_path(rootdir, "copy", "etc/hostname")), "copyhost\n");
	ck_assert_str_eq(read_file(guest_path(rootdir, "src", "etc/hostname")), "src\n");

	/* Unified files are hard links to the source's; everything else is a copy. */
	cow = guest_path(rootdir, "copy", "usr/bin/unified");
	ck_assert_int_eq(lstat(uni, &a), 0);
	ck_assert_int_eq(lstat(cow, &b), 0);
	if (immutable) {
		ck_assert_uint_eq(a.st_ino, b.st_ino);
		ck_assert_uint_eq(a.st_nlink, 2);
	} else {
		ck_assert_uint_ne(a.st_ino, b.st_ino);
	}
	ck_assert_int_eq(lstat(plain_i, &a), 0);
	ck_assert_int_eq(lstat(guest_path(rootdir, "copy", "usr/bin/plain-immutable"), &b), 0);
	ck_assert_uint_ne(a.st_ino, b.st_ino);
	ck_assert_uint_eq(a.st_nlink, 1);
	ck_assert_str_eq(read_file(guest_path(rootdir, "copy", "usr/bin/plain-immutable")), "admin\n");

	r = RUN("x", "build", "-m", "clone", "--", "--source", "nope");
	ck_assert_int_eq(r.status, 1);
	want = unit_printf("vserver: cannot build guest x: cannot find guest nope: "
			   "no directory %s/nope\n", confdir);
	ck_assert_str_eq(r.err, want);
	r = RUN("src", "build", "-m", "clone", "--force", "--", "--source", "src");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "vserver: cannot build guest src: it cannot be a clone of itself\n");
	assert_nothing_left("x");
}
END_TEST

/* A clone gets its own machine-id and SSH host keys; the source keeps its own. */
START_TEST(test_build_clone_identity)
{
	static const char id[] = "0123456789abcdef0123456789abcdef\n";
	const char *outside = test_dir();
	struct stat st;
	struct unit_run r;
	char *key;

	env_setup();
	build_skeleton("src");
	write_file(guest_path(rootdir, "src", "etc/machine-id"), id, 0444);
	ck_assert_int_eq(mkdir(guest_path(rootdir, "src", "etc/ssh"), 0755), 0);
	write_file(guest_path(rootdir, "src", "etc/ssh/ssh_host_ed25519_key"), "SOURCE KEY\n", 0600);
	write_file(guest_path(rootdir, "src", "etc/ssh/ssh_host_ed25519_key.pub"), "SOURCE\n", 0644);
	write_file(guest_path(rootdir, "src", "etc/ssh/ssh_host_dsa_key"), "OLD KEY\n", 0600);
	write_file(guest_path(rootdir, "src", "etc/ssh/sshd_config"), "Port 22\n", 0644);
	ck_assert_int_eq(mkdir(guest_path(rootdir, "src", "var/lib/dbus"), 0755), 0);
	write_file(guest_path(rootdir, "src", "var/lib/dbus/machine-id"), id, 0644);

	r = RUN("copy", "build", "-m", "clone", "--", "--source", "src");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(read_file(guest_path(rootdir, "copy", "etc/machine-id")), "");
	ck_assert_int_eq(stat(guest_path(rootdir, "copy", "etc/machine-id"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0444);
	ck_assert(!exists(guest_path(rootdir, "copy", "var/lib/dbus/machine-id")));
	key = read_file(guest_path(rootdir, "copy", "etc/ssh/ssh_host_ed25519_key"));
	ck_assert_msg(!strncmp(key, "-----BEGIN OPENSSH PRIVATE KEY-----", 35), "key: %s", key);
	ck_assert_int_eq(stat(guest_path(rootdir, "copy", "etc/ssh/ssh_host_ed25519_key"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_ptr_nonnull(strstr(read_file(guest_path(rootdir, "copy",
							  "etc/ssh/ssh_host_ed25519_key.pub")),
				     "ssh-ed25519 "));
	ck_assert(exists(guest_path(rootdir, "copy", "etc/ssh/ssh_host_rsa_key")));
	/* A type the host's ssh-keygen no longer makes is not kept from the source. */
	ck_assert(!exists(guest_path(rootdir, "copy", "etc/ssh/ssh_host_dsa_key")));
	ck_assert_str_eq(read_file(guest_path(rootdir, "copy", "etc/ssh/sshd_config")), "Port 22\n");
	/* Control: the source is untouched. */
	ck_assert_str_eq(read_file(guest_path(rootdir, "src", "etc/machine-id")), id);
	ck_assert_str_eq(read_file(guest_path(rootdir, "src", "etc/ssh/ssh_host_ed25519_key")),
			 "SOURCE KEY\n");
	ck_assert(exists(guest_path(rootdir, "src", "var/lib/dbus/machine-id")));

	/* A source whose etc/ssh points out of its root: the keys stay inside. */
	ck_assert_int_eq(rename(guest_path(rootdir, "src", "etc/ssh"), guest_path(rootdir, "src", "ssh.real")), 0);
	ck_assert_int_eq(symlink(outside, guest_path(rootdir, "src", "etc/ssh")), 0);
	write_file(path_in(outside, "ssh_host_rsa_key"), "HOST KEY\n", 0600);
	r = RUN("copy2", "build", "-m", "clone", "--", "--source", "src");
	ck_assert_str_eq(read_file(path_in(outside, "ssh_host_rsa_key")), "HOST KEY\n");
	ck_assert(!exists(path_in(outside, "ssh_host_ed25519_key")));
	if (r.status)
		assert_nothing_left("copy2");
}
END_TEST

/* A source guest's symlinks must not send build's writes to the host. */
START_TEST(test_build_clone_symlinked_etc)
{
	const char *outside = test_dir();
	struct unit_run r;

	env_setup();
	build_skeleton("evil");
	ck_assert_int_eq(rename(guest_path(rootdir, "evil", "etc"), guest_path(rootdir, "evil", "etc2")), 0);
	ck_assert_int_eq(symlink(outside, guest_path(rootdir, "evil", "etc")), 0);
	r = RUN("victim", "build", "-m", "clone", "--", "--source", "evil");
	ck_assert(!exists(path_in(outside, "hostname")));
	if (r.status)
		assert_nothing_left("victim");
}
END_TEST

START_TEST(test_delete)
{
	const char *outside = test_dir();
	struct unit_run r;
	char *want;

	env_setup();
	build_skeleton("d");
	write_file(path_in(outside, "keep"), "keep\n", 0644);
	/* A guest's symlink out of its root must not lead the removal there. */
	ck_assert_int_eq(symlink(outside, guest_path(rootdir, "d", "escape")), 0);

	r = RUN("d", "delete");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "vserver: cannot delete guest d: standard input is not a terminal "
			 "to ask on (use --force)\n");
	ck_assert(exists(guest_path(rootdir, "d", "etc")));

	/* A runtime file whose context is gone (no module here) is stale, not running. */
	ck_assert(mkdir(rundir, 0755) == 0 || errno == EEXIST);	/* delete's lock made it */
	write_file(path_in(rundir, "d"), "xid 49200\nsupervisor 1\n", 0644);
	r = RUN("d", "delete", "--force");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.err, "");
	ck_assert(!exists(guest_path(rootdir, "d", "")));
	ck_assert(!exists(guest_path(confdir, "d", "")));
	ck_assert(!exists(path_in(rundir, "d")));
	ck_assert_str_eq(read_file(path_in(outside, "keep")), "keep\n");

	r = RUN("d", "delete", "-f");
	ck_assert_int_eq(r.status, 1);
	want = unit_printf("vserver: cannot find guest d: no directory %s/d\n", confdir);
	ck_assert_str_eq(r.err, want);
	r = RUN("d", "delete", "-x");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: invalid option -- 'x'\nTry 'vserver d delete --help'.\n");
}
END_TEST

START_TEST(test_delete_unified_and_vdir)
{
	const char *elsewhere = test_dir();
	char *uni, *cmd;
	struct stat st;
	struct unit_run r;

	env_setup();
	/* A root elsewhere, named by a vdir file, with a unified file in it. */
	ck_assert_int_eq(mkdir(guest_path(elsewhere, "r", ""), 0755), 0);
	ck_assert_int_eq(mkdir(confdir, 0755), 0);
	ck_assert_int_eq(mkdir(guest_path(confdir, "v", ""), 0755), 0);
	cmd = unit_printf("%s/r\n", elsewhere);
	write_file(guest_path(confdir, "v", "vdir"), cmd, 0644);
	uni = guest_path(elsewhere, "r", "unified");
	write_file(uni, "u\n", 0644);
	ck_assert_int_eq(link(uni, path_in(elsewhere, "store")), 0);
	if (!make_unified(uni, true))
		return;
	r = RUN("v", "delete", "--force");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(!exists(guest_path(elsewhere, "r", "")));
	/* The other name of the unified inode is still protected. */
	ck_assert_int_eq(stat(path_in(elsewhere, "store"), &st), 0);
	ck_assert_uint_eq(st.st_nlink, 1);
	{
		int fd = open(path_in(elsewhere, "store"), O_RDONLY), flags = 0;

		ck_assert_int_eq(ioctl(fd, FS_IOC_GETFLAGS, &flags), 0);
		ck_assert(flags & FS_IMMUTABLE_FL);
		ck_assert_int_eq(fgetxattr(fd, "trusted.vserver.cow", NULL, 0), 1);
		close(fd);
	}
	make_unified(path_in(elsewhere, "store"), false);
}
END_TEST

/*
 * vserver NAME hashify runs hashify ($VSERVER_HASHIFY, a stub here that
 * writes down its arguments) on the guest's root, with the store next to
 * the roots, the guest's exclude rules before the global ones, the user's
 * options, and nothing the user could slip in as another root.
 */
START_TEST(test_hashify_command)
{
	char *stub, *args_file, *want;
	struct unit_run r;

	env_setup();
	build_skeleton("h");
	args_file = path_in(test_dir(), "args");
	stub = path_in(test_dir(), "hashify-stub");
	want = unit_printf("#!/bin/sh\nprintf '%%s\\n' \"$@\" >%s\n", args_file);
	write_file(stub, want, 0755);
	setenv("VSERVER_HASHIFY", stub, 1);
	ck_assert(mkdir(guest_path(confdir, "h", "apps"), 0755) == 0 || errno == EEXIST);
	ck_assert(mkdir(guest_path(confdir, "h", "apps/hashify"), 0755) == 0 || errno == EEXIST);
	write_file(guest_path(confdir, "h", "apps/hashify/exclude"), "-/opt/*\n", 0644);
	ck_assert(mkdir(guest_path(confdir, ".defaults", ""), 0755) == 0 || errno == EEXIST);
	ck_assert(mkdir(guest_path(confdir, ".defaults", "apps"), 0755) == 0 || errno == EEXIST);
	ck_assert(mkdir(guest_path(confdir, ".defaults", "apps/hashify"), 0755) == 0 || errno == EEXIST);
	write_file(guest_path(confdir, ".defaults", "apps/hashify/exclude"), "-/srv/*\n", 0644);

	r = RUN("h", "hashify", "-n", "--exclude", "/usr/share/doc/*", "--stats");
	ck_assert_msg(r.status == 0, "%s", r.err);
	want = unit_printf("--store\n%s/.hash\n--exclude-from\n%s\n"
			   "--exclude-from\n%s\n-n\n--exclude\n/usr/share/doc/*\n"
			   "--stats\n--\n%s\n", rootdir,
			   guest_path(confdir, "h", "apps/hashify/exclude"),
			   guest_path(confdir, ".defaults", "apps/hashify/exclude"),
			   guest_path(rootdir, "h", ""));
	ck_assert_str_eq(read_file(args_file), want);

	/* The user's own store is left alone. */
	r = RUN("h", "hashify", "--store", "/elsewhere");
	ck_assert_int_eq(r.status, 0);
	want = read_file(args_file);
	ck_assert_ptr_nonnull(strstr(want, "--store\n/elsewhere\n--\n"));
	ck_assert_ptr_eq(strstr(want, "--store"), strstr(want, "--store\n/elsewhere"));

	/* Another root, or a "--" to start one, is refused before hashify runs. */
	unlink(args_file);
	r = RUN("h", "hashify", "/");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "unexpected argument '/'"));
	r = RUN("h", "hashify", "--", "/");
	ck_assert_int_eq(r.status, 2);
	ck_assert(!exists(args_file));
	r = RUN("nosuch", "hashify");
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "nosuch"));
	unsetenv("VSERVER_HASHIFY");
}
END_TEST

START_TEST(test_list)
{
	char *want;
	struct unit_run r;

	env_setup();
	r = RUN("list");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "NAME XID STATE PROC UPTIME LIMITS ADDRESSES ROOT\n");
	r = RUN("list", "--json");
	ck_assert_str_eq(r.out, "{\"guests\":[]}\n");

	ck_assert_int_eq(RUN("b", "build", "-m", "skeleton", "--context", "4242").status, 0);
	build_skeleton("a");
	ck_assert_int_eq(mkdir(guest_path(confdir, ".defaults", ""), 0755), 0);
	write_file(guest_path(confdir, "not-a-dir", ""), "", 0644);

	r = RUN("list");
	ck_assert_int_eq(r.status, 0);
	want = unit_printf("NAME  XID STATE   PROC UPTIME LIMITS ADDRESSES ROOT\n"
			   "a       - stopped    -      - -      -         %s/a\n"
			   "b    4242 stopped    -      - -      -         %s/b\n", rootdir, rootdir);
	ck_assert_str_eq(r.out, want);

	r = RUN("list", "-n", "-o", "xid,name");
	ck_assert_str_eq(r.out, "   - a\n4242 b\n");
	r = RUN("list", "--json", "-o", "NAME,STATE,XID,PROC,UPTIME,LIMITS");
	ck_assert_str_eq(r.out, "{\"guests\":[{\"name\":\"a\",\"state\":\"stopped\",\"xid\":null,"
			 "\"proc\":null,\"uptime\":null,\"limits\":[]},{\"name\":\"b\","
			 "\"state\":\"stopped\",\"xid\":4242,\"proc\":null,\"uptime\":null,"
			 "\"limits\":[]}]}\n");
	r = RUN("list", "-o", "name,size");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: unknown column 'size' (known: NAME XID STATE PROC UPTIME "
			 "LIMITS ADDRESSES ROOT)\nTry 'vserver list --help'.\n");
	r = RUN("list", "extra");
	ck_assert_int_eq(r.status, 2);

	/* A broken configuration is shown, and said, and fails the command. */
	write_file(guest_path(confdir, "b", "flags"), "bogus\n", 0644);
	r = RUN("list", "-o", "name,state");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "NAME STATE\na    stopped\nb    invalid\n");
	ck_assert_ptr_nonnull(strstr(r.err, "unknown flag 'bogus'"));

	/* A missing configuration directory is no guests, not an error. */
	setenv("VSERVER_CONFDIR", path_in(confdir, "missing"), 1);
	r = RUN("list", "-n");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
}
END_TEST

START_TEST(test_vserver_stat_cli)
{
	struct unit_run r;

	r = RUN_STAT("--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "See vserver-stat(8) for details.\n"));
	r = RUN_STAT("--version");
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(strncmp(r.out, "vserver-stat ", 13), 0);
	r = RUN_STAT("-x");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "Try 'vserver-stat --help'.\n"));
	r = RUN_STAT("extra");
	ck_assert_int_eq(r.status, 2);
	if (geteuid() != 0) {
		r = unit_run(VSERVER_STAT_BIN, "vserver", (const char *const[]){ NULL }, NULL, 0);
		ck_assert_int_eq(r.status, 1);
		ck_assert_str_eq(r.err, "vserver-stat: cannot list contexts: only root can (run it as root)\n");
	} else if (!exists("/dev/vserver") && !exists("/proc/virtual")) {
		r = unit_run(VSERVER_STAT_BIN, "vserver", (const char *const[]){ NULL }, NULL, 0);
		ck_assert_int_eq(r.status, 0);
		ck_assert_str_eq(r.out, "CTX    PROC    VSZ    RSS  userTIME   sysTIME    UPTIME NAME         LIMITS\n");
		r = RUN_STAT("--json");
		ck_assert_str_eq(r.out, "{\"contexts\":[]}\n");
	}
}
END_TEST

START_TEST(test_formats)
{
	char buf[32];

	vs_format_uptime(buf, sizeof(buf), 0);
	ck_assert_str_eq(buf, "0s");
	vs_format_uptime(buf, sizeof(buf), 12.9);
	ck_assert_str_eq(buf, "12s");
	vs_format_uptime(buf, sizeof(buf), 4 * 60 + 12);
	ck_assert_str_eq(buf, "4m12s");
	vs_format_uptime(buf, sizeof(buf), 3 * 3600 + 5 * 60 + 59);
	ck_assert_str_eq(buf, "3h05m");
	vs_format_uptime(buf, sizeof(buf), 86400 + 2 * 3600 + 7);
	ck_assert_str_eq(buf, "1d02h");
	vs_format_uptime(buf, sizeof(buf), 400 * 86400.0);
	ck_assert_str_eq(buf, "400d00h");
	vs_format_uptime(buf, sizeof(buf), -5);
	ck_assert_str_eq(buf, "0s");

	vs_format_cputime(buf, sizeof(buf), 1.23);
	ck_assert_str_eq(buf, "0m01s23");
	vs_format_cputime(buf, sizeof(buf), 59.999);
	ck_assert_str_eq(buf, "1m00s00");
	vs_format_cputime(buf, sizeof(buf), 754.5);
	ck_assert_str_eq(buf, "12m34s50");
	vs_format_cputime(buf, sizeof(buf), 2 * 3600 + 3 * 60 + 4);
	ck_assert_str_eq(buf, "2h03m04");
	vs_format_cputime(buf, sizeof(buf), 3 * 86400 + 4 * 3600 + 5 * 60);
	ck_assert_str_eq(buf, "3d04h05");

	vs_format_size(buf, sizeof(buf), 0);
	ck_assert_str_eq(buf, "0K");
	vs_format_size(buf, sizeof(buf), 1023);
	ck_assert_str_eq(buf, "1023K");
	vs_format_size(buf, sizeof(buf), 1024);
	ck_assert_str_eq(buf, "1.0M");
	vs_format_size(buf, sizeof(buf), 12595);
	ck_assert_str_eq(buf, "12.3M");
	vs_format_size(buf, sizeof(buf), 200 * 1024);
	ck_assert_str_eq(buf, "200M");
	vs_format_size(buf, sizeof(buf), 1572864);
	ck_assert_str_eq(buf, "1.5G");
	vs_format_size(buf, sizeof(buf), 3ULL << 30);
	ck_assert_str_eq(buf, "3.0T");
}
END_TEST

START_TEST(test_ctx_status)
{
	const char *dir = test_dir();
	char *path = path_in(dir, "status");
	struct vs_ctx_status st;

	write_file(path, "Tasks:\t5\nProcesses:\t3\nInitPID:\t1234\nUptime:\t3725.50\n"
		   "VSZ:\t102400 kB\nRSS:\t2048 kB\nUTime:\t1.25\nSTime:\t0.75\nFuture:\tx\n", 0644);
	ck_assert_int_eq(vs_ctx_status_read(path, &st), 0);
	ck_assert_int_eq(st.tasks, 5);
	ck_assert_int_eq(st.processes, 3);
	ck_assert_int_eq(st.init_pid, 1234);
	ck_assert(st.uptime_s > 3725.49 && st.uptime_s < 3725.51);
	ck_assert_uint_eq(st.vsz_kb, 102400);
	ck_assert_uint_eq(st.rss_kb, 2048);
	ck_assert(st.utime_s > 1.24 && st.utime_s < 1.26);
	ck_assert(st.stime_s > 0.74 && st.stime_s < 0.76);

	write_file(path, "Tasks: 1\n", 0644);
	ck_assert_int_eq(vs_ctx_status_read(path, &st), 0);
	ck_assert_int_eq(st.processes, -1);
	ck_assert(st.uptime_s < 0);
	ck_assert_int_eq(vs_ctx_status_read(path_in(dir, "none"), &st), -1);
}
END_TEST

START_TEST(test_name_of_xid)
{
	char name[VS_NAME_MAX + 1];

	env_setup();
	ck_assert_int_eq(mkdir(confdir, 0755), 0);
	ck_assert_int_eq(mkdir(guest_path(confdir, "s", ""), 0755), 0);
	write_file(guest_path(confdir, "s", "context"), "300\n", 0644);
	ck_assert_int_eq(mkdir(rundir, 0755), 0);
	write_file(path_in(rundir, "dyn"), "xid 49160\nsupervisor 99\n", 0644);
	ck_assert_int_eq(vs_guest_name_of_xid(49160, name, sizeof(name)), 1);
	ck_assert_str_eq(name, "dyn");
	ck_assert_int_eq(vs_guest_name_of_xid(300, name, sizeof(name)), 1);
	ck_assert_str_eq(name, "s");
	ck_assert_int_eq(vs_guest_name_of_xid(301, name, sizeof(name)), 0);
}
END_TEST

Suite *guest_cli_suite(void)
{
	Suite *s = suite_create("guest_cli");
	TCase *tc = tcase_create("guest_cli");

	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_build_skeleton);
	tcase_add_test(tc, test_build_exists_and_force);
	tcase_add_test(tc, test_build_usage);
	tcase_add_test(tc, test_build_context_taken);
	tcase_add_test(tc, test_build_template);
	tcase_add_test(tc, test_build_interrupted);
	tcase_add_test(tc, test_build_clone);
	tcase_add_test(tc, test_build_clone_identity);
	tcase_add_test(tc, test_build_clone_symlinked_etc);
	tcase_add_test(tc, test_delete);
	tcase_add_test(tc, test_delete_unified_and_vdir);
	tcase_add_test(tc, test_hashify_command);
	tcase_add_test(tc, test_list);
	tcase_add_test(tc, test_vserver_stat_cli);
	tcase_add_test(tc, test_formats);
	tcase_add_test(tc, test_ctx_status);
	tcase_add_test(tc, test_name_of_xid);
	suite_add_tcase(s, tc);
	return s;
}
