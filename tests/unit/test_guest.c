// SPDX-License-Identifier: GPL-2.0
/*
 * Running guests without a kernel module: runtime files, the time namespace
 * offset, mount options, passwd and group parsing, reading guest files from
 * the host, and the lifecycle commands' bad input.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compiler.h"
#include "ctl.h"
#include "debian.h"
#include "err.h"
#include "guestfile.h"
#include "ns.h"
#include "pwdutils.h"
#include "rootfs.h"
#include "runtime.h"
#include "unit.h"

#ifndef VSERVER_BIN
#error "VSERVER_BIN must name the vserver binary under test"
#endif

static const char *confdir, *rundir;

static void env_setup(void)
{
	const char *dir = test_dir();

	confdir = path_in(dir, "conf");
	rundir = path_in(dir, "run/vservers");
	ck_assert_int_eq(mkdir(confdir, 0755), 0);
	setenv("VSERVER_CONFDIR", confdir, 1);
	setenv("VSERVER_ROOTDIR", path_in(dir, "root"), 1);
	setenv("VSERVER_RUNDIR", rundir, 1);
}

START_TEST(test_boottime_offset)
{
	struct timespec now = { 100, 250000000 }, off;

	vs_boottime_offset(&now, &off);
	ck_assert_int_eq(off.tv_sec, -101);
	ck_assert_int_eq(off.tv_nsec, 750000000);
	/* now + offset is exactly zero, never negative */
	ck_assert_int_eq((off.tv_sec + now.tv_sec) * 1000000000L + off.tv_nsec + now.tv_nsec, 0);

	now.tv_sec = 7;
	now.tv_nsec = 0;
	vs_boottime_offset(&now, &off);
	ck_assert_int_eq(off.tv_sec, -7);
	ck_assert_int_eq(off.tv_nsec, 0);

	now.tv_sec = 0;
	now.tv_nsec = 999999999;
	vs_boottime_offset(&now, &off);
	ck_assert_int_eq(off.tv_sec, -1);
	ck_assert_int_eq(off.tv_nsec, 1);
}
END_TEST

START_TEST(test_runtime_file)
{
	unsigned int xid;
	struct vs_err err;
	struct stat st;
	int sup, fd;

	env_setup();
	ck_assert_int_eq(vs_runtime_read("g1", &xid, &sup, &err), 0);
	ck_assert_int_eq(vs_runtime_write("g1", 42, 1234, &err), 0);
	/* the directory is created, private */
	ck_assert_int_eq(stat(rundir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	ck_assert_str_eq(read_file(path_in(rundir, "g1")), "xid 42\nsupervisor 1234\n");
	ck_assert_int_eq(vs_runtime_read("g1", &xid, &sup, &err), 1);
	ck_assert_uint_eq(xid, 42);
	ck_assert_int_eq(sup, 1234);
	/* no temporary file left behind */
	ck_assert_int_ne(access(path_in(rundir, ".g1.tmp"), F_OK), 0);

	/* only the named supervisor's file is removed */
	vs_runtime_remove("g1", 999);
	ck_assert_int_eq(access(path_in(rundir, "g1"), F_OK), 0);
	vs_runtime_remove("g1", 1234);
	ck_assert_int_ne(access(path_in(rundir, "g1"), F_OK), 0);
	ck_assert_int_eq(vs_runtime_write("g1", 7, 1, &err), 0);
	vs_runtime_remove("g1", 0);
	ck_assert_int_ne(access(path_in(rundir, "g1"), F_OK), 0);

	/* the lock is a dot file, so never taken for a guest */
	fd = vs_guest_lock("g1", &err);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(access(path_in(rundir, ".g1.lock"), F_OK), 0);
	close(fd);
}
END_TEST

START_TEST(test_lock_serialises)
{
	struct vs_err err;
	int fd, other;

	env_setup();
	fd = vs_guest_lock("g1", &err);
	ck_assert_int_ge(fd, 0);
	other = open(path_in(rundir, ".g1.lock"), O_RDWR);
	ck_assert_int_ge(other, 0);
	ck_assert_int_eq(flock(other, LOCK_EX | LOCK_NB), -1);
	ck_assert_int_eq(errno, EWOULDBLOCK);
	close(fd);
	ck_assert_int_eq(flock(other, LOCK_EX | LOCK_NB), 0);
	close(other);
}
END_TEST

START_TEST(test_supervisor_alive)
{
	ck_assert(!vs_supervisor_alive(0));
	ck_assert(!vs_supervisor_alive(-1));
	/* this process is alive, but it is not named vserver-something */
	ck_assert(!vs_supervisor_alive(getpid()));
}
END_TEST

START_TEST(test_mount_options)
{
	unsigned long flags;
	char data[64];

	ck_assert_int_eq(vs_mount_options("defaults", &flags, data, sizeof(data)), 0);
	ck_assert_uint_eq(flags, 0);
	ck_assert_str_eq(data, "");

	ck_assert_int_eq(vs_mount_options("ro,nosuid,nodev,noexec,size=16m,mode=1777", &flags,
					  data, sizeof(data)), 0);
	ck_assert_uint_eq(flags, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
	ck_assert_str_eq(data, "size=16m,mode=1777");

	/* later options win, as with mount(8) */
	ck_assert_int_eq(vs_mount_options("ro,rw,noexec,exec,gid=5", &flags, data, sizeof(data)), 0);
	ck_assert_uint_eq(flags, 0);
	ck_assert_str_eq(data, "gid=5");

	ck_assert_int_eq(vs_mount_options("rbind,noauto,nofail,x-systemd.foo,ro", &flags, data,
					  sizeof(data)), 0);
	ck_assert_uint_eq(flags, MS_BIND | MS_REC | MS_RDONLY);
	ck_assert_str_eq(data, "");

	ck_assert_int_eq(vs_mount_options(NULL, &flags, data, sizeof(data)), 0);
	ck_assert_int_eq(vs_mount_options("a=1234567890,b=1234567890", &flags, data, 12), -1);
}
END_TEST

START_TEST(test_passwd)
{
	const char *passwd =
		"root:x:0:0:root:/root:/bin/bash\n"
		"# a comment\n"
		"broken line\n"
		"daemon:x:1:1::/usr/sbin:\n"
		"alice:x:1000:100:Alice:/home/alice:/bin/sh\n"
		"1000:x:2000:2000::/nowhere:/bin/false";	/* no final newline */
	const char *group =
		"root:x:0:\n"
		"users:x:100:\n"
		"wheel:x:10:bob,alice\n"
		"audio:x:29:alice\n"
		"bad:x:zz:alice\n"
		"video:x:44:bob\n";
	struct vs_passwd pw;
	gid_t groups[8];
	size_t n;

	ck_assert_int_eq(vs_passwd_find(passwd, "root", &pw), 1);
	ck_assert_uint_eq(pw.uid, 0);
	ck_assert_str_eq(pw.home, "/root");
	ck_assert_str_eq(pw.shell, "/bin/bash");

	/* an empty shell is /bin/sh */
	ck_assert_int_eq(vs_passwd_find(passwd, "daemon", &pw), 1);
	ck_assert_str_eq(pw.shell, "/bin/sh");

	/* by number: the uid, not a user called "1000" further down */
	ck_assert_int_eq(vs_passwd_find(passwd, "1000", &pw), 1);
	ck_assert_str_eq(pw.name, "alice");
	ck_assert_uint_eq(pw.gid, 100);

	ck_assert_int_eq(vs_passwd_find(passwd, "nobody", &pw), 0);
	ck_assert_int_eq(vs_passwd_find(passwd, "", &pw), 0);
	ck_assert_int_eq(vs_passwd_find("", "root", &pw), 0);

	n = vs_group_list(group, "alice", 100, groups, ARRAY_SIZE(groups));
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(groups[0], 100);
	ck_assert_uint_eq(groups[1], 10);
	ck_assert_uint_eq(groups[2], 29);
	/* no room beyond @room */
	ck_assert_uint_eq(vs_group_list(group, "alice", 100, groups, 2), 2);
	/* no group file: only the primary group */
	ck_assert_uint_eq(vs_group_list(NULL, "alice", 5, groups, 8), 1);
	ck_assert_uint_eq(groups[0], 5);
}
END_TEST

/* vs_guest_file_read on @rel below the root @root: its return, the text in @text. */
static int guest_read(const char *root, const char *rel, char **text, struct vs_err *err)
{
	int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC), ret;
	size_t len;

	ck_assert_int_ge(rootfd, 0);
	err->msg[0] = '\0';
	ret = vs_guest_file_read(rootfd, rel, text, &len, err);
	if (ret == 1)
		ck_assert_int_eq((*text)[len], '\0');
	else
		ck_assert_ptr_null(*text);
	close(rootfd);
	return ret;
}

START_TEST(test_guest_file_read)
{
	const char *dir = test_dir();
	char *root = path_in(dir, "root"), *etc = path_in(root, "etc"), *text = NULL;
	char *outside = path_in(dir, "host-secret");
	struct vs_err err;
	int fd;

	ck_assert_int_eq(mkdir(root, 0755), 0);
	ck_assert_int_eq(mkdir(etc, 0755), 0);
	write_file(outside, "host secret\n", 0600);

	/* absent: 0, no error */
	ck_assert_int_eq(guest_read(root, "/etc/passwd", &text, &err), 0);

	write_file(path_in(etc, "passwd"), "root:x:0:0::/root:/bin/sh\n", 0644);
	ck_assert_int_eq(guest_read(root, "/etc/passwd", &text, &err), 1);
	ck_assert_str_eq(text, "root:x:0:0::/root:/bin/sh\n");
	free(text);
	text = NULL;

	/* a FIFO: refused at once, never opened (no writer would ever come) */
	ck_assert_int_eq(mkfifo(path_in(etc, "group"), 0644), 0);
	ck_assert_int_eq(guest_read(root, "/etc/group", &text, &err), -1);
	ck_assert_str_eq(err.msg, "/etc/group is not a regular file");

	/* a directory */
	ck_assert_int_eq(mkdir(path_in(etc, "dir"), 0755), 0);
	ck_assert_int_eq(guest_read(root, "/etc/dir", &text, &err), -1);
	ck_assert_str_eq(err.msg, "/etc/dir is not a regular file");

	/* a last component that is a symlink, even to a file in the guest */
	ck_assert_int_eq(symlink("passwd", path_in(etc, "link")), 0);
	ck_assert_int_eq(guest_read(root, "/etc/link", &text, &err), -1);
	ck_assert_str_eq(err.msg, "/etc/link is a symbolic link");

	/* symlinks on the way resolve inside the root: ../../.. stays at it */
	ck_assert_int_eq(symlink("../../../../../../..", path_in(root, "up")), 0);
	ck_assert_int_eq(guest_read(root, "/up/etc/passwd", &text, &err), 1);
	free(text);
	text = NULL;
	/* an absolute one names the guest's file, not the host's */
	ck_assert_int_eq(symlink(outside, path_in(root, "abs")), 0);
	ck_assert_int_eq(guest_read(root, "/abs", &text, &err), -1);
	ck_assert_int_eq(symlink(dir, path_in(root, "absdir")), 0);
	ck_assert_int_eq(guest_read(root, "/absdir/host-secret", &text, &err), 0);
	/* magic links and proc files are refused (root only: a proc in a mount namespace of ours) */
	ck_assert_int_eq(mkdir(path_in(root, "proc"), 0755), 0);
	if (unshare(CLONE_NEWNS) == 0 && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
	    mount("proc", path_in(root, "proc"), "proc", 0, NULL) == 0) {
		ck_assert_int_eq(guest_read(root, "/proc/self/root/etc/passwd", &text, &err), -1);
		ck_assert_int_eq(guest_read(root, "/proc/self/environ", &text, &err), -1);
		ck_assert_str_eq(err.msg, "/proc/self/environ is not a regular file");
		umount2(path_in(root, "proc"), MNT_DETACH);
	}

	/* the size cap, and exactly at it */
	fd = open(path_in(etc, "big"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, VS_GUEST_FILE_MAX), 0);
	ck_assert_int_eq(guest_read(root, "/etc/big", &text, &err), 1);
	free(text);
	text = NULL;
	ck_assert_int_eq(ftruncate(fd, VS_GUEST_FILE_MAX + 1), 0);
	close(fd);
	ck_assert_int_eq(guest_read(root, "/etc/big", &text, &err), -1);
	ck_assert_str_eq(err.msg, "/etc/big is larger than 4 MiB");
}
END_TEST

START_TEST(test_killseq_first_wait)
{
	struct vs_kill_step seq[] = { { 15, 0 }, { 0, 7 }, { 9, 0 }, { 0, 3 } };

	ck_assert_uint_eq(vs_killseq_first_wait(seq, 4), 7);
	ck_assert_uint_eq(vs_killseq_first_wait(seq, 1), 10);
	ck_assert_uint_eq(vs_killseq_first_wait(NULL, 0), 10);
}
END_TEST

/* The commands' bad input, run as a program: none of it needs the kernel. */

struct result {
	int status;
	char *out, *err;
};

static struct result run(const char *const args[])
{
	const char *dir = test_dir();
	char *out = path_in(dir, "out"), *err = path_in(dir, "err");
	const char *argv[16] = { "vserver" };
	struct result r = { -1, NULL, NULL };
	int i, status;
	pid_t pid;

	for (i = 0; args[i]; i++)
		argv[i + 1] = args[i];
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(126);
		execv(VSERVER_BIN, (char *const *)argv);
		_exit(126);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status))
		r.status = WEXITSTATUS(status);
	r.out = read_file(out);
	r.err = read_file(err);
	return r;
}

#define EXPECT(r, st, o, e) do {				\
	ck_assert_int_eq((r).status, (st));			\
	ck_assert_str_eq((r).out, (o));				\
	ck_assert_str_eq((r).err, (e));				\
} while (0)

/* A configured guest "g1" (static context 42) that does not run. */
static void stopped_guest(void)
{
	env_setup();
	ck_assert_int_eq(mkdir(path_in(confdir, "g1"), 0755), 0);
	write_file(path_in(path_in(confdir, "g1"), "context"), "42\n", 0644);
}

START_TEST(test_cli_usage)
{
	static const char *const no_args[] = {
		"enter", "start", "stop", "restart", "status", "running", "hashify",
	};
	struct result r;
	size_t i;

	stopped_guest();
	r = run((const char *[]){ "g1", "exec", NULL });
	EXPECT(r, 2, "", "vserver: no command given\nTry 'vserver g1 exec --help'.\n");
	r = run((const char *[]){ "g1", "exec", "--", NULL });
	EXPECT(r, 2, "", "vserver: no command given\nTry 'vserver g1 exec --help'.\n");
	r = run((const char *[]){ "g1", "suexec", NULL });
	EXPECT(r, 2, "", "vserver: no user given\nTry 'vserver g1 suexec --help'.\n");
	r = run((const char *[]){ "g1", "suexec", "nobody", "--", NULL });
	EXPECT(r, 2, "", "vserver: no command given\nTry 'vserver g1 suexec --help'.\n");
	/* Every hint names the guest's command, which --help answers. */
	for (i = 0; i < ARRAY_SIZE(no_args); i++) {
		char want[128];

		r = run((const char *[]){ "g1", no_args[i], "x", NULL });
		snprintf(want, sizeof(want),
			 "vserver: unexpected argument 'x'\nTry 'vserver g1 %s --help'.\n", no_args[i]);
		EXPECT(r, 2, "", want);
	}
	r = run((const char *[]){ "g1", "kill", "--bogus", NULL });
	EXPECT(r, 2, "", "vserver: unrecognized option '--bogus'\nTry 'vserver g1 kill --help'.\n");
	r = run((const char *[]){ "g1", "stop", "--bogus", NULL });
	ck_assert_int_eq(r.status, 2);
	r = run((const char *[]){ "g1", "kill", "NOSUCH", NULL });
	EXPECT(r, 2, "", "vserver: unknown signal 'NOSUCH'\nTry 'vserver g1 kill --help'.\n");
	r = run((const char *[]){ "g1", "kill", "TERM", "x", NULL });
	EXPECT(r, 2, "", "vserver: unexpected argument 'x'\nTry 'vserver g1 kill --help'.\n");
	r = run((const char *[]){ "g1", "status", "x", NULL });
	ck_assert_int_eq(r.status, 2);
}
END_TEST

START_TEST(test_cli_help)
{
	static const char *const cmds[] = {
		"start", "stop", "restart", "status", "running", "enter", "exec", "suexec", "kill",
	};
	struct result r;
	size_t i;

	stopped_guest();
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		r = run((const char *[]){ "g1", cmds[i], "--help", NULL });
		ck_assert_int_eq(r.status, 0);
		ck_assert_msg(strstr(r.out, "See vserver(8).\n"), "%s --help: %s", cmds[i], r.out);
		ck_assert_str_eq(r.err, "");
	}
	/* exec's options end at the command: its --help is the command's */
	r = run((const char *[]){ "nosuch", "exec", "ls", "--help", NULL });
	ck_assert_int_eq(r.status, 1);
}
END_TEST

START_TEST(test_cli_not_running)
{
	struct result r;

	stopped_guest();
	r = run((const char *[]){ "g1", "status", NULL });
	EXPECT(r, 3, "Guest g1 is stopped.\n", "");
	r = run((const char *[]){ "g1", "running", NULL });
	EXPECT(r, 1, "", "");
	r = run((const char *[]){ "g1", "exec", "true", NULL });
	EXPECT(r, 1, "", "vserver: cannot exec in guest g1: it is not running\n");
	r = run((const char *[]){ "g1", "suexec", "root", "true", NULL });
	EXPECT(r, 1, "", "vserver: cannot suexec in guest g1: it is not running\n");
	r = run((const char *[]){ "g1", "enter", NULL });
	EXPECT(r, 1, "", "vserver: cannot enter guest g1: it is not running\n");
	r = run((const char *[]){ "g1", "kill", NULL });
	EXPECT(r, 1, "", "vserver: cannot kill guest g1: it is not running\n");
	r = run((const char *[]){ "g1", "kill", "-9", NULL });
	EXPECT(r, 1, "", "vserver: cannot kill guest g1: it is not running\n");
}
END_TEST

START_TEST(test_cli_unknown_guest)
{
	struct result r;
	char want[1024];

	env_setup();
	snprintf(want, sizeof(want),
		 "vserver: cannot start guest nosuch: cannot find guest nosuch: no directory %s/nosuch\n",
		 confdir);
	r = run((const char *[]){ "nosuch", "start", NULL });
	EXPECT(r, 1, "", want);
	r = run((const char *[]){ "nosuch", "stop", NULL });
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "vserver: cannot stop guest nosuch: cannot find guest"));
	r = run((const char *[]){ "nosuch", "status", NULL });
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "cannot find guest nosuch"));
	r = run((const char *[]){ "nosuch", "exec", "true", NULL });
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "vserver: cannot exec in guest nosuch: cannot find"));
}
END_TEST

START_TEST(test_cli_start_checks)
{
	struct result r;
	char want[1024];

	stopped_guest();
	/* the root is checked before any kernel work */
	snprintf(want, sizeof(want),
		 "vserver: cannot start guest g1: its root directory %s/g1 does not exist\n",
		 getenv("VSERVER_ROOTDIR"));
	r = run((const char *[]){ "g1", "start", NULL });
	EXPECT(r, 1, "", want);
	/* stop of a guest that never ran */
	r = run((const char *[]){ "g1", "stop", NULL });
	EXPECT(r, 1, "", "vserver: cannot stop guest g1: it is not running\n");
}
END_TEST

/* PAM lines that set the audit login uid become optional, no other line. */
START_TEST(test_debian_pam_loginuid)
{
	char *text = strdup("# a comment: session required pam_loginuid.so\n"
			    "session\trequired   pam_loginuid.so\n"
			    "session    required     pam_unix.so\n"
			    "-session required pam_loginuid.so\n"
			    "session optional pam_loginuid.so\n");

	ck_assert_int_eq(vs_debian_pam_loginuid(&text), 2);
	ck_assert_str_eq(text, "# a comment: session required pam_loginuid.so\n"
			 "session\toptional   pam_loginuid.so\n"
			 "session    required     pam_unix.so\n"
			 "-session optional pam_loginuid.so\n"
			 "session optional pam_loginuid.so\n");
	free(text);
}
END_TEST

/* A debootstrapped tree made into a guest, its symlinks resolved inside it. */
START_TEST(test_debian_prepare)
{
	const char *root = test_dir(), *outside = test_dir();
	struct vs_err err;
	struct stat st;

	write_below(root, "etc/fstab", "/dev/sda1 / ext4 defaults 0 1\n");
	write_below(root, "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
	write_below(root, "etc/pam.d/sshd", "session    required     pam_loginuid.so\n");
	write_below(root, "etc/pam.d/login", "session required pam_unix.so\n");
	write_below(root, "etc/inittab", "1:2345:respawn:/sbin/getty 38400 tty1\n");
	write_below(root, "etc/init.d/hwclock.sh", "#!/bin/sh\n");
	ck_assert_int_eq(mkdir(path_in(root, "etc/rcS.d"), 0755), 0);
	ck_assert_int_eq(mkdir(path_in(root, "etc/rc0.d"), 0755), 0);
	ck_assert_int_eq(symlink("../init.d/hwclock.sh", path_in(root, "etc/rcS.d/S01hwclock.sh")), 0);
	ck_assert_int_eq(symlink("../init.d/hwclock.sh", path_in(root, "etc/rc0.d/K02hwclock.sh")), 0);
	ck_assert_int_eq(symlink("../init.d/ssh", path_in(root, "etc/rcS.d/S03ssh")), 0);
	/* etc/default points out of the root: halt's settings stay inside. */
	ck_assert_int_eq(symlink(outside, path_in(root, "etc/default")), 0);
	write_below(root, unit_printf("%s/placeholder", outside + 1), "");

	ck_assert_msg(vs_debian_prepare(root, &err) == 0, "%s", err.msg);
	ck_assert_ptr_null(strstr(read_file(path_in(root, "etc/fstab")), "/dev/sda1"));
	ck_assert_str_eq(read_file(path_in(root, "etc/machine-id")), "");
	ck_assert_int_eq(stat(path_in(root, "etc/machine-id"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0444);
	ck_assert_str_eq(read_file(path_in(root, "etc/pam.d/sshd")),
			 "session    optional     pam_loginuid.so\n");
	ck_assert_str_eq(read_file(path_in(root, "etc/pam.d/login")), "session required pam_unix.so\n");
	ck_assert_ptr_null(strstr(read_file(path_in(root, "etc/inittab")), "/sbin/getty"));
	ck_assert_ptr_nonnull(strstr(read_file(path_in(root, "etc/inittab")), "l0:0:wait:"));
	ck_assert_int_eq(lstat(path_in(root, "etc/rcS.d/S01hwclock.sh"), &st), -1);
	ck_assert_int_eq(lstat(path_in(root, "etc/rc0.d/K02hwclock.sh"), &st), -1);
	ck_assert_int_eq(lstat(path_in(root, "etc/rcS.d/S03ssh"), &st), 0);	/* kept */
	ck_assert_ptr_null(read_file(path_in(outside, "halt")));
	ck_assert_ptr_nonnull(strstr(read_file(path_in(root, path_in(outside, "halt") + 1)),
				     "NETDOWN=no"));
}
END_TEST

/* Without sysvinit and without a machine-id, nothing of theirs is made. */
START_TEST(test_debian_prepare_minimal)
{
	const char *root = test_dir();
	struct vs_err err;

	ck_assert_int_eq(mkdir(path_in(root, "etc"), 0755), 0);
	ck_assert_msg(vs_debian_prepare(root, &err) == 0, "%s", err.msg);
	ck_assert_ptr_nonnull(read_file(path_in(root, "etc/fstab")));
	ck_assert_ptr_null(read_file(path_in(root, "etc/machine-id")));
	ck_assert_ptr_null(read_file(path_in(root, "etc/inittab")));
	ck_assert_ptr_null(read_file(path_in(root, "etc/default/halt")));
}
END_TEST

Suite *guest_suite(void)
{
	Suite *s = suite_create("guest");
	TCase *tc = tcase_create("guest");

	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_add_test(tc, test_boottime_offset);
	tcase_add_test(tc, test_runtime_file);
	tcase_add_test(tc, test_lock_serialises);
	tcase_add_test(tc, test_supervisor_alive);
	tcase_add_test(tc, test_mount_options);
	tcase_add_test(tc, test_passwd);
	tcase_add_test(tc, test_guest_file_read);
	tcase_add_test(tc, test_killseq_first_wait);
	tcase_add_test(tc, test_debian_pam_loginuid);
	tcase_add_test(tc, test_debian_prepare);
	tcase_add_test(tc, test_debian_prepare_minimal);
	tcase_add_test(tc, test_cli_usage);
	tcase_add_test(tc, test_cli_help);
	tcase_add_test(tc, test_cli_not_running);
	tcase_add_test(tc, test_cli_unknown_guest);
	tcase_add_test(tc, test_cli_start_checks);
	suite_add_tcase(s, tc);
	return s;
}
