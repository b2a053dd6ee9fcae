// SPDX-License-Identifier: GPL-2.0
/* Guest configuration: defaults, overrides, .defaults, and every malformed case. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/vserver.h>

#include "compiler.h"
#include "config.h"
#include "err.h"
#include "name.h"
#include "runtime.h"
#include "unit.h"

static const char *confdir, *rootdir;

/* A fresh configuration and root directory, named by the environment. */
static void env_setup(void)
{
	const char *dir = test_dir();

	confdir = path_in(dir, "conf");
	rootdir = path_in(dir, "root");
	ck_assert_int_eq(mkdir(confdir, 0755), 0);
	ck_assert_int_eq(mkdir(rootdir, 0755), 0);
	setenv("VSERVER_CONFDIR", confdir, 1);
	setenv("VSERVER_ROOTDIR", rootdir, 1);
	setenv("VSERVER_RUNDIR", path_in(dir, "run"), 1);
}

/* Write $VSERVER_CONFDIR/@rel, creating directories on the way. */
static char *conf_write(const char *rel, const char *content)
{
	return write_below(confdir, rel, content);
}

static void guest_dir(const char *name)
{
	ck_assert_int_eq(mkdir(path_in(confdir, name), 0755), 0);
}

/* Load @name expecting failure; the message must be @msg with %s for the file. */
static void load_fails(const char *name, const char *file, const char *msg)
{
	struct vs_guest g;
	struct vs_err err;
	char want[1024];

	ck_assert_int_eq(vs_guest_load(name, &g, &err), -1);
	snprintf(want, sizeof(want), msg, file ? path_in(confdir, file) : "");
	ck_assert_str_eq(err.msg, want);
}

START_TEST(test_dirs_default_and_env)
{
	unsetenv("VSERVER_CONFDIR");
	unsetenv("VSERVER_ROOTDIR");
	unsetenv("VSERVER_RUNDIR");
	ck_assert_str_eq(vs_confdir(), "/etc/vservers");
	ck_assert_str_eq(vs_rootdir(), "/vservers");
	ck_assert_str_eq(vs_rundir(), "/run/vservers");
	setenv("VSERVER_CONFDIR", "", 1);
	ck_assert_str_eq(vs_confdir(), "/etc/vservers");
	setenv("VSERVER_CONFDIR", "/x", 1);
	setenv("VSERVER_ROOTDIR", "/y", 1);
	setenv("VSERVER_RUNDIR", "/z", 1);
	ck_assert_str_eq(vs_confdir(), "/x");
	ck_assert_str_eq(vs_rootdir(), "/y");
	ck_assert_str_eq(vs_rundir(), "/z");
}
END_TEST

START_TEST(test_caps)
{
	ck_assert_int_eq(vs_cap_from_name("CAP_CHOWN"), 0);
	ck_assert_int_eq(vs_cap_from_name("KILL"), 5);
	ck_assert_int_eq(vs_cap_from_name("cap_sys_admin"), 21);
	ck_assert_int_eq(vs_cap_from_name("CAP_CHECKPOINT_RESTORE"), 40);
	ck_assert_int_eq(vs_cap_from_name("CAP_NOPE"), -1);
	ck_assert_int_eq(vs_cap_from_name(""), -1);
	ck_assert_str_eq(vs_cap_name(5), "KILL");
	ck_assert_str_eq(vs_cap_name(40), "CHECKPOINT_RESTORE");
	ck_assert_ptr_null(vs_cap_name(41));
	ck_assert_ptr_null(vs_cap_name(-1));
	for (int i = 0; i <= 40; i++)
		ck_assert_int_eq(vs_cap_from_name(vs_cap_name(i)), i);
}
END_TEST

START_TEST(test_signals)
{
	ck_assert_int_eq(vs_signal_from_name("TERM"), SIGTERM);
	ck_assert_int_eq(vs_signal_from_name("SIGKILL"), SIGKILL);
	ck_assert_int_eq(vs_signal_from_name("hup"), SIGHUP);
	ck_assert_int_eq(vs_signal_from_name("15"), 15);
	ck_assert_int_eq(vs_signal_from_name("0"), -1);
	ck_assert_int_eq(vs_signal_from_name("65"), -1);
	ck_assert_int_eq(vs_signal_from_name("15x"), -1);
	ck_assert_int_eq(vs_signal_from_name("NOPE"), -1);
	ck_assert_int_eq(vs_signal_from_name(""), -1);
	ck_assert_int_eq(vs_signal_from_name("RTMIN+3"), SIGRTMIN + 3);
	ck_assert_int_eq(vs_signal_from_name("SIGRTMIN"), SIGRTMIN);
	ck_assert_int_eq(vs_signal_from_name("rtmax-1"), SIGRTMAX - 1);
	ck_assert_int_eq(vs_signal_from_name("RTMAX"), SIGRTMAX);
	ck_assert_int_eq(vs_signal_from_name("RTMIN+0"), SIGRTMIN);
	ck_assert_int_eq(vs_signal_from_name("RTMIN-3"), -1);
	ck_assert_int_eq(vs_signal_from_name("RTMAX+1"), -1);
	ck_assert_int_eq(vs_signal_from_name("RTMIN+"), -1);
	ck_assert_int_eq(vs_signal_from_name("RTMIN+3x"), -1);
	ck_assert_int_eq(vs_signal_from_name("RTMIN+99"), -1);
	ck_assert_int_eq(vs_signal_from_name("RTMINX"), -1);
}
END_TEST

START_TEST(test_killseq)
{
	struct vs_kill_step *s;
	struct vs_err err;
	size_t n;

	ck_assert_int_eq(vs_parse_killseq("TERM 10 KILL", &s, &n, &err), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(s[0].signal, SIGTERM);
	ck_assert_int_eq(s[1].signal, 0);
	ck_assert_uint_eq(s[1].wait_s, 10);
	ck_assert_int_eq(s[2].signal, SIGKILL);
	free(s);
	ck_assert_int_eq(vs_parse_killseq(" PWR\t30 15 5 9 ", &s, &n, &err), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(s[0].signal, SIGPWR);
	ck_assert_uint_eq(s[3].wait_s, 5);
	ck_assert_int_eq(s[4].signal, 9);
	free(s);

	ck_assert_int_eq(vs_parse_killseq("", &s, &n, &err), -1);
	ck_assert_str_eq(err.msg, "invalid kill sequence '': it is empty "
			 "(expected signals and waits, like \"TERM 10 KILL\")");
	ck_assert_int_eq(vs_parse_killseq("TERM x KILL", &s, &n, &err), -1);
	ck_assert_str_eq(err.msg, "invalid kill sequence 'TERM x KILL': "
			 "'x' is not a wait in seconds (0..86400)");
	ck_assert_int_eq(vs_parse_killseq("FOO 10", &s, &n, &err), -1);
	ck_assert_str_eq(err.msg, "invalid kill sequence 'FOO 10': 'FOO' is not a signal");
	ck_assert_int_eq(vs_parse_killseq("TERM -1 KILL", &s, &n, &err), -1);
	ck_assert_int_eq(vs_parse_killseq("TERM 99999 KILL", &s, &n, &err), -1);
}
END_TEST

START_TEST(test_bcaps_file)
{
	const char *dir = test_dir();
	char *path = path_in(dir, "bcaps"), want[4200];
	struct vs_err err;
	uint64_t b;

	write_file(path, "# comment\n\n  CAP_NET_ADMIN  \n!CAP_SYS_BOOT\n! KILL\nSYS_TIME\n", 0644);
	b = VS_BCAPS_DEFAULT;
	ck_assert_int_eq(vs_parse_bcaps(path, &b, &err), 0);
	ck_assert_uint_eq(b, (VS_BCAPS_DEFAULT | (1ULL << 12) | (1ULL << 25)) &
			  ~((1ULL << 22) | (1ULL << 5)));

	write_file(path, "", 0644);
	b = VS_BCAPS_DEFAULT;
	ck_assert_int_eq(vs_parse_bcaps(path, &b, &err), 0);
	ck_assert_uint_eq(b, VS_BCAPS_DEFAULT);

	/* The lines apply to the set given (the init style's). */
	write_file(path, "!SETPCAP\n", 0644);
	b = VS_BCAPS_DEFAULT | (1ULL << 8);
	ck_assert_int_eq(vs_parse_bcaps(path, &b, &err), 0);
	ck_assert_uint_eq(b, VS_BCAPS_DEFAULT);

	write_file(path, "CAP_KILL\n\nCAP_FLY\n", 0644);
	ck_assert_int_eq(vs_parse_bcaps(path, &b, &err), -1);
	snprintf(want, sizeof(want), "cannot read %s:3: unknown capability 'CAP_FLY'", path);
	ck_assert_str_eq(err.msg, want);

	ck_assert_int_eq(vs_parse_bcaps(path_in(dir, "none"), &b, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "No such file or directory"));

	/* guest root would make device nodes of host disks in its /dev */
	write_file(path, "CAP_KILL\nCAP_MKNOD\n", 0644);
	ck_assert_int_eq(vs_parse_bcaps(path, &b, &err), -1);
	snprintf(want, sizeof(want), "cannot read %s:2: CAP_MKNOD is refused: guest root could "
		 "make a device node of a host disk in its /dev", path);
	ck_assert_str_eq(err.msg, want);
	write_file(path, "mknod\n", 0644);
	ck_assert_int_eq(vs_parse_bcaps(path, &b, &err), -1);
	/* taking it away is fine */
	write_file(path, "!CAP_MKNOD\n", 0644);
	ck_assert_int_eq(vs_parse_bcaps(path, &b, &err), 0);
	ck_assert_uint_eq(b, VS_BCAPS_DEFAULT);
}
END_TEST

START_TEST(test_fstab_types)
{
	static const char *const refused[] = {
		"debugfs", "binfmt_misc", "cgroup", "cgroup2", "configfs", "securityfs",
		"tracefs", "pstore", "efivarfs", "bpf", "fusectl", "hugetlbfs", "ext4", "nfs",
		"overlay", "none", "autofs", "Tmpfs",
	};
	const char *dir = test_dir();
	char *path = path_in(dir, "fstab"), want[4200], line[256];
	struct vs_mount *m;
	struct vs_err err;
	size_t n;

	write_file(path, "proc /proc proc defaults\n"
		   "sysfs /sys sysfs ro\n"
		   "none /tmp tmpfs size=1m\n"
		   "none /r ramfs\n"
		   "devpts /dev/pts devpts gid=5\n"
		   "mqueue /dev/mqueue mqueue\n"
		   "/srv/data /data none bind,ro\n"
		   "/srv/tree /tree none rbind\n"
		   "/srv/x /x ext4 noatime,bind\n", 0644);
	ck_assert_int_eq(vs_parse_fstab(path, &m, &n, &err), 0);
	ck_assert_uint_eq(n, 9);
	vs_mounts_free(m, n);

	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		snprintf(line, sizeof(line), "proc /proc proc\n%s /mnt %s rw,nosuid\n", refused[i],
			 refused[i]);
		write_file(path, line, 0644);
		ck_assert_int_eq(vs_parse_fstab(path, &m, &n, &err), -1);
		snprintf(want, sizeof(want), "cannot read %s:2: file system type '%s' is not allowed "
			 "in a guest (allowed: proc, sysfs, tmpfs, ramfs, devpts, mqueue, and bind "
			 "mounts)", path, refused[i]);
		ck_assert_str_eq(err.msg, want);
	}
	/* "bind" must be a word of its own */
	write_file(path, "x /d debugfs nobind,bindx,x-bind\n", 0644);
	ck_assert_int_eq(vs_parse_fstab(path, &m, &n, &err), -1);
	ck_assert(vs_fstype_allowed("debugfs", "ro,bind"));
	ck_assert(vs_fstype_allowed("none", "rbind"));
	ck_assert(!vs_fstype_allowed("none", "defaults"));
	ck_assert(!vs_fstype_allowed("cgroup", "release_agent=/x"));
}
END_TEST

START_TEST(test_fstab_file)
{
	const char *dir = test_dir();
	char *path = path_in(dir, "fstab"), want[4200];
	struct vs_mount *m;
	struct vs_err err;
	size_t n;

	write_file(path, "# mounts\nproc /proc proc\nnone /my\\040dir tmpfs size=1m 0 0\n", 0644);
	ck_assert_int_eq(vs_parse_fstab(path, &m, &n, &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(m[0].source, "proc");
	ck_assert_str_eq(m[0].target, "/proc");
	ck_assert_str_eq(m[0].fstype, "proc");
	ck_assert_str_eq(m[0].options, "defaults");
	ck_assert_str_eq(m[1].target, "/my dir");
	ck_assert_str_eq(m[1].options, "size=1m");
	vs_mounts_free(m, n);

	write_file(path, "proc /proc\n", 0644);
	ck_assert_int_eq(vs_parse_fstab(path, &m, &n, &err), -1);
	snprintf(want, sizeof(want), "cannot read %s:1: expected SOURCE TARGET TYPE "
		 "[OPTIONS [DUMP [PASS]]]", path);
	ck_assert_str_eq(err.msg, want);

	write_file(path, "proc /proc proc\nproc proc proc\n", 0644);
	ck_assert_int_eq(vs_parse_fstab(path, &m, &n, &err), -1);
	snprintf(want, sizeof(want), "cannot read %s:2: target 'proc' is not an absolute "
		 "path in the guest", path);
	ck_assert_str_eq(err.msg, want);

	write_file(path, "a /b c d 0 0 x\n", 0644);
	ck_assert_int_eq(vs_parse_fstab(path, &m, &n, &err), -1);
	snprintf(want, sizeof(want), "cannot read %s:1: too many fields (at most 6)", path);
	ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(test_load_defaults)
{
	struct vs_guest g;
	struct vs_err err;
	char want[PATH_MAX];

	env_setup();
	guest_dir("g1");
	ck_assert_int_eq(vs_guest_load("g1", &g, &err), 0);
	ck_assert_str_eq(g.name, "g1");
	snprintf(want, sizeof(want), "%s/g1", confdir);
	ck_assert_str_eq(g.confdir, want);
	snprintf(want, sizeof(want), "%s/g1", rootdir);
	ck_assert_str_eq(g.root, want);
	ck_assert_uint_eq(g.xid, 0);
	ck_assert_str_eq(g.nodename, "g1");
	ck_assert_uint_eq(g.bcaps, VS_BCAPS_DEFAULT);
	ck_assert_uint_eq(g.ctx_flags, VS_CTX_FLAGS_DEFAULT);
	ck_assert_int_eq(g.init_style, VS_INIT_PLAIN);
	ck_assert_str_eq(g.runlevel, "3");
	ck_assert_str_eq(g.init_argv[0], "/sbin/init");
	ck_assert_ptr_null(g.init_argv[1]);
	ck_assert_uint_eq(g.nmounts, 3);
	ck_assert_str_eq(g.mounts[0].source, "proc");
	ck_assert_str_eq(g.mounts[0].target, "/proc");
	ck_assert_str_eq(g.mounts[0].fstype, "proc");
	ck_assert_str_eq(g.mounts[0].options, "defaults");
	ck_assert_str_eq(g.mounts[1].source, "devpts");
	ck_assert_str_eq(g.mounts[1].target, "/dev/pts");
	ck_assert_str_eq(g.mounts[1].options, "gid=5,mode=620");
	ck_assert_str_eq(g.mounts[2].source, "none");
	ck_assert_str_eq(g.mounts[2].target, "/tmp");
	ck_assert_str_eq(g.mounts[2].fstype, "tmpfs");
	ck_assert_str_eq(g.mounts[2].options, "size=64m,mode=1777");
	ck_assert_uint_eq(g.nkillseq, 3);
	ck_assert_int_eq(g.killseq[0].signal, SIGTERM);
	ck_assert_uint_eq(g.killseq[1].wait_s, 10);
	ck_assert_int_eq(g.killseq[2].signal, SIGKILL);
	vs_guest_free(&g);
	vs_guest_free(&g);	/* twice is harmless */
}
END_TEST

START_TEST(test_load_overrides)
{
	struct vs_guest g;
	struct vs_err err;

	env_setup();
	guest_dir("g2");
	conf_write("g2/context", "# static\n1234\n");
	conf_write("g2/uts/nodename", "web.example.org\n");
	conf_write("g2/bcapabilities", "CAP_NET_RAW\n!CAP_SYS_BOOT\n");
	conf_write("g2/flags", "persistent\n");
	conf_write("g2/fstab", "none /run tmpfs size=8m\n");
	conf_write("g2/apps/init/style", "sysv\n");
	conf_write("g2/apps/init/runlevel", "2\n");
	conf_write("g2/apps/init/cmd.start", "/bin/sh -c 'exec sleep 1'\n--x\n");
	conf_write("g2/apps/init/killseq", "PWR 30\nKILL\n");
	ck_assert_int_eq(symlink("/srv/guests/g2/", path_in(confdir, "g2/vdir")), 0);
	ck_assert_int_eq(vs_guest_load("g2", &g, &err), 0);
	ck_assert_uint_eq(g.xid, 1234);
	ck_assert_str_eq(g.nodename, "web.example.org");
	ck_assert_str_eq(g.root, "/srv/guests/g2");
	ck_assert_uint_eq(g.bcaps, (VS_BCAPS_DEFAULT | (1ULL << 13)) & ~(1ULL << 22));
	ck_assert_uint_eq(g.ctx_flags, VS_CTX_FLAGS_DEFAULT | VS_CTX_FLAG_PERSISTENT);
	ck_assert_uint_eq(g.nmounts, 1);
	ck_assert_str_eq(g.mounts[0].target, "/run");
	ck_assert_int_eq(g.init_style, VS_INIT_SYSV);
	ck_assert_str_eq(g.runlevel, "2");
	ck_assert_str_eq(g.init_argv[0], "/bin/sh");
	ck_assert_str_eq(g.init_argv[1], "-c");
	ck_assert_str_eq(g.init_argv[2], "exec sleep 1");
	ck_assert_str_eq(g.init_argv[3], "--x");
	ck_assert_ptr_null(g.init_argv[4]);
	ck_assert_uint_eq(g.nkillseq, 3);
	ck_assert_int_eq(g.killseq[0].signal, SIGPWR);
	ck_assert_uint_eq(g.killseq[1].wait_s, 30);
	vs_guest_free(&g);
}
END_TEST

/* The systemd style's defaults: its init, CAP_SETPCAP, a longer first wait. */
START_TEST(test_load_systemd)
{
	struct vs_guest g;
	struct vs_err err;

	env_setup();
	guest_dir("g6");
	conf_write("g6/apps/init/style", "systemd\n");
	ck_assert_int_eq(vs_guest_load("g6", &g, &err), 0);
	ck_assert_int_eq(g.init_style, VS_INIT_SYSTEMD);
	ck_assert_str_eq(g.init_argv[0], "/lib/systemd/systemd");
	ck_assert_ptr_null(g.init_argv[1]);
	ck_assert_uint_eq(g.bcaps, VS_BCAPS_DEFAULT | (1ULL << 8));
	ck_assert_uint_eq(g.nkillseq, 3);
	ck_assert_int_eq(g.killseq[0].signal, SIGTERM);
	ck_assert_uint_eq(g.killseq[1].wait_s, 30);
	vs_guest_free(&g);

	/* bcapabilities may take CAP_SETPCAP away again; cmd.start still rules. */
	conf_write("g6/bcapabilities", "!CAP_SETPCAP\n");
	conf_write("g6/apps/init/cmd.start", "/usr/lib/systemd/systemd --log-level=debug\n");
	ck_assert_int_eq(vs_guest_load("g6", &g, &err), 0);
	ck_assert_uint_eq(g.bcaps, VS_BCAPS_DEFAULT);
	ck_assert_str_eq(g.init_argv[1], "--log-level=debug");
	vs_guest_free(&g);
}
END_TEST

START_TEST(test_load_vdir_file_and_relative)
{
	struct vs_guest g;
	struct vs_err err;
	char want[PATH_MAX];

	env_setup();
	guest_dir("g3");
	conf_write("g3/vdir", "# root\n/data/g3//\n");
	ck_assert_int_eq(vs_guest_load("g3", &g, &err), 0);
	ck_assert_str_eq(g.root, "/data/g3");
	vs_guest_free(&g);

	guest_dir("g4");
	ck_assert_int_eq(symlink("../root4", path_in(confdir, "g4/vdir")), 0);
	ck_assert_int_eq(vs_guest_load("g4", &g, &err), 0);
	snprintf(want, sizeof(want), "%s/g4/../root4", confdir);
	ck_assert_str_eq(g.root, want);
	vs_guest_free(&g);
}
END_TEST

START_TEST(test_load_dot_defaults)
{
	struct vs_guest g;
	struct vs_err err;

	env_setup();
	guest_dir("g5");
	conf_write(".defaults/bcapabilities", "!CAP_KILL\n");
	conf_write(".defaults/flags", "persistent\n");
	conf_write(".defaults/apps/init/style", "sysv\n");
	conf_write(".defaults/apps/init/killseq", "INT 5 KILL\n");
	conf_write(".defaults/fstab", "proc /proc proc\n");
	/* Settings that name one guest are never taken from .defaults. */
	conf_write(".defaults/context", "77\n");
	conf_write(".defaults/uts/nodename", "everyone\n");
	ck_assert_int_eq(vs_guest_load("g5", &g, &err), 0);
	ck_assert_uint_eq(g.bcaps, VS_BCAPS_DEFAULT & ~(1ULL << 5));
	ck_assert_uint_eq(g.ctx_flags, VS_CTX_FLAGS_DEFAULT | VS_CTX_FLAG_PERSISTENT);
	ck_assert_int_eq(g.init_style, VS_INIT_SYSV);
	ck_assert_int_eq(g.killseq[0].signal, SIGINT);
	ck_assert_uint_eq(g.nmounts, 1);
	ck_assert_uint_eq(g.xid, 0);
	ck_assert_str_eq(g.nodename, "g5");
	vs_guest_free(&g);

	/* The guest's own file wins, even when it clears what .defaults sets. */
	conf_write("g5/flags", "!persistent\n!virt_mem\n!virt_load\n!virt_cpu\n");
	conf_write("g5/bcapabilities", "# defaults\n");
	ck_assert_int_eq(vs_guest_load("g5", &g, &err), 0);
	ck_assert_uint_eq(g.ctx_flags, 0);
	ck_assert_uint_eq(g.bcaps, VS_BCAPS_DEFAULT);
	vs_guest_free(&g);
}
END_TEST

START_TEST(test_load_unknown_guest)
{
	struct vs_guest g;
	struct vs_err err;
	char want[PATH_MAX + 64];

	env_setup();
	ck_assert_int_eq(vs_guest_load("nope", &g, &err), -1);
	snprintf(want, sizeof(want), "cannot find guest nope: no directory %s/nope", confdir);
	ck_assert_str_eq(err.msg, want);
	conf_write("file", "x\n");
	ck_assert_int_eq(vs_guest_load("file", &g, &err), -1);
	ck_assert_int_eq(vs_guest_load("-x", &g, &err), -1);
	ck_assert_str_eq(err.msg, "invalid guest name '-x': it must not start with '.' or '-'");
}
END_TEST

START_TEST(test_load_malformed)
{
	env_setup();
	guest_dir("m");

	conf_write("m/context", "1\n");
	load_fails("m", "m/context", "cannot read %s:1: '1' is not a context id (2..49151)");
	conf_write("m/context", "49152\n");
	load_fails("m", "m/context", "cannot read %s:1: '49152' is not a context id (2..49151)");
	conf_write("m/context", "12a\n");
	load_fails("m", "m/context", "cannot read %s:1: '12a' is not a context id (2..49151)");
	conf_write("m/context", "-5\n");
	load_fails("m", "m/context", "cannot read %s:1: '-5' is not a context id (2..49151)");
	conf_write("m/context", "\n# nothing\n");
	load_fails("m", "m/context", "cannot read %s:1: it is empty");
	conf_write("m/context", "5\n6\n");
	load_fails("m", "m/context", "cannot read %s:2: expected a single line");
	conf_write("m/context", "5\n");

	conf_write("m/uts/nodename",
		   "a123456789012345678901234567890123456789012345678901234567890123456789\n");
	load_fails("m", "m/uts/nodename", "cannot read %s:1: the host name is longer than 64 characters");
	conf_write("m/uts/nodename", "m\n");

	conf_write("m/vdir", "relative/path\n");
	load_fails("m", "m/vdir", "cannot read %s:1: 'relative/path' is not an absolute path");
	unlink(path_in(confdir, "m/vdir"));

	conf_write("m/bcapabilities", "CAP_KILL\n!CAP_BOGUS\n");
	load_fails("m", "m/bcapabilities", "cannot read %s:2: unknown capability 'CAP_BOGUS'");
	conf_write("m/bcapabilities", "!\n");
	load_fails("m", "m/bcapabilities", "cannot read %s:1: unknown capability ''");
	unlink(path_in(confdir, "m/bcapabilities"));

	conf_write("m/flags", "# f\npersistent\nfast\n");
	load_fails("m", "m/flags",
		   "cannot read %s:3: unknown flag 'fast' (known: persistent, virt_mem, virt_load, virt_cpu, netns)");
	unlink(path_in(confdir, "m/flags"));

	conf_write("m/fstab", "proc\n");
	load_fails("m", "m/fstab", "cannot read %s:1: expected SOURCE TARGET TYPE [OPTIONS [DUMP [PASS]]]");
	conf_write("m/fstab", "proc /proc proc\nnone /sys/kernel/debug debugfs\n");
	load_fails("m", "m/fstab", "cannot read %s:2: file system type 'debugfs' is not allowed in "
		   "a guest (allowed: proc, sysfs, tmpfs, ramfs, devpts, mqueue, and bind mounts)");
	conf_write("m/bcapabilities", "CAP_MKNOD\n");
	load_fails("m", "m/bcapabilities", "cannot read %s:1: CAP_MKNOD is refused: guest root "
		   "could make a device node of a host disk in its /dev");
	unlink(path_in(confdir, "m/bcapabilities"));
	unlink(path_in(confdir, "m/fstab"));

	conf_write("m/apps/init/style", "upstart\n");
	load_fails("m", "m/apps/init/style", "cannot read %s:1: unknown init style 'upstart' "
		   "(known: plain, sysv, systemd)");
	conf_write("m/apps/init/style", "plain\n");

	conf_write("m/apps/init/runlevel", "3 4\n");
	load_fails("m", "m/apps/init/runlevel", "cannot read %s:1: '3 4' is not a runlevel");
	unlink(path_in(confdir, "m/apps/init/runlevel"));

	conf_write("m/apps/init/cmd.start", "# nothing\n");
	load_fails("m", "m/apps/init/cmd.start", "cannot read %s:1: it is empty");
	conf_write("m/apps/init/cmd.start", "/sbin/init\n'unterminated\n");
	load_fails("m", "m/apps/init/cmd.start", "cannot read %s:2: unterminated quote '");
	unlink(path_in(confdir, "m/apps/init/cmd.start"));

	conf_write("m/apps/init/killseq", "TERM soon KILL\n");
	load_fails("m", "m/apps/init/killseq",
		   "cannot read %s:1: 'soon' is not a wait in seconds (0..86400)");
	conf_write("m/apps/init/killseq", "# empty\n");
	load_fails("m", "m/apps/init/killseq", "cannot read %s:1: it is empty "
		   "(expected signals and waits, like \"TERM 10 KILL\")");
	unlink(path_in(confdir, "m/apps/init/killseq"));

	/* .defaults is checked as strictly, and named in the message. */
	conf_write(".defaults/flags", "bogus\n");
	load_fails("m", ".defaults/flags",
		   "cannot read %s:1: unknown flag 'bogus' (known: persistent, virt_mem, virt_load, virt_cpu, netns)");
}
END_TEST

START_TEST(test_unreadable_setting)
{
	struct vs_guest g;
	struct vs_err err;

	env_setup();
	guest_dir("u");
	/* A directory where a file belongs cannot be read as one. */
	ck_assert_int_eq(mkdir(path_in(confdir, "u/flags"), 0755), 0);
	ck_assert_int_eq(vs_guest_load("u", &g, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "/u/flags"));
}
END_TEST

START_TEST(test_by_xid)
{
	struct vs_err err;
	char name[VS_NAME_MAX + 1];

	env_setup();
	guest_dir("a");
	guest_dir("b");
	guest_dir("c");
	conf_write("a/context", "100\n");
	conf_write("b/context", "# b\n200\n");
	conf_write("c/context", "junk\n");
	conf_write(".defaults/context", "300\n");
	ck_assert_int_eq(vs_guest_by_xid(200, name, sizeof(name), &err), 1);
	ck_assert_str_eq(name, "b");
	ck_assert_int_eq(vs_guest_by_xid(100, name, sizeof(name), &err), 1);
	ck_assert_str_eq(name, "a");
	ck_assert_int_eq(vs_guest_by_xid(300, name, sizeof(name), &err), 0);
	ck_assert_int_eq(vs_guest_by_xid(5, name, sizeof(name), &err), 0);
	setenv("VSERVER_CONFDIR", path_in(confdir, "missing"), 1);
	ck_assert_int_eq(vs_guest_by_xid(100, name, sizeof(name), &err), 0);
}
END_TEST

START_TEST(test_runtime_file)
{
	const char *run;
	unsigned int xid = 1;
	struct vs_err err;
	int sup = 1;

	env_setup();
	run = getenv("VSERVER_RUNDIR");
	ck_assert_int_eq(vs_runtime_read("g", &xid, &sup, &err), 0);
	ck_assert_int_eq(vs_guest_running("g", &xid, &err), 0);
	ck_assert_int_eq(mkdir(run, 0755), 0);
	write_file(path_in(run, "g"), "xid 49999\nsupervisor 1234\n", 0644);
	ck_assert_int_eq(vs_runtime_read("g", &xid, &sup, &err), 1);
	ck_assert_uint_eq(xid, 49999);
	ck_assert_int_eq(sup, 1234);
	write_file(path_in(run, "bad"), "supervisor 1234\n", 0644);
	ck_assert_int_eq(vs_runtime_read("bad", &xid, &sup, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "no \"xid N\" line"));
}
END_TEST

Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_add_test(tc, test_dirs_default_and_env);
	tcase_add_test(tc, test_caps);
	tcase_add_test(tc, test_signals);
	tcase_add_test(tc, test_killseq);
	tcase_add_test(tc, test_bcaps_file);
	tcase_add_test(tc, test_fstab_file);
	tcase_add_test(tc, test_fstab_types);
	tcase_add_test(tc, test_load_defaults);
	tcase_add_test(tc, test_load_overrides);
	tcase_add_test(tc, test_load_systemd);
	tcase_add_test(tc, test_load_vdir_file_and_relative);
	tcase_add_test(tc, test_load_dot_defaults);
	tcase_add_test(tc, test_load_unknown_guest);
	tcase_add_test(tc, test_load_malformed);
	tcase_add_test(tc, test_unreadable_setting);
	tcase_add_test(tc, test_by_xid);
	tcase_add_test(tc, test_runtime_file);
	suite_add_tcase(s, tc);
	return s;
}
