// SPDX-License-Identifier: GPL-2.0
/*
 * vs-escape: the attacks root inside a guest must not be able to carry out
 * (Documentation/design.md §8), for the escape suite tests/vm/tests/2xx-*.
 *
 *   vs-escape [-H] [-e ERRNO[,ERRNO...]] [-s SIGNAL] ATTACK [ARG...]
 *
 * An attack tries one or more steps and prints one line for each:
 *
 *   ptrace PTRACE_ATTACH: refused EPERM
 *   ptrace PTRACE_SEIZE: NOT REFUSED: succeeded
 *
 * Exit status: 0 if every step was refused as expected (with one of the
 * attack's errnos, which -e replaces), 1 if any was not, 2 if the attack
 * could not even be set up (usage, an fd that could not be received...).
 *
 * -H (host mode) inverts the verdict: 0 if any step got through.  The
 * tests run attacks that way from the host, or from a plain chroot, where
 * nothing stops them, to show that the same program does detect an escape,
 * so a test built on it can fail.
 *
 * -s sets the signal of the signal attacks (default SIGKILL; 0 probes).
 *
 * A FILE argument may be "sock:PATH": the fd is then received over the unix
 * socket PATH, from "vs-escape serve" on the host.  That is how a careless
 * tool or a compromised host process could hand a pidfd, a /proc directory
 * or the control device into a guest.
 *
 * Helpers for the host side of the tests (not attacks, -H has no effect):
 *
 *   serve SOCKPATH pidfd:PID|file:PATH|dir:PATH|rw:PATH
 *	hand that fd to every client of SOCKPATH, until killed
 *   find-pid ARG...	print the pids whose command line is exactly ARG...
 *   pidns-child PID	fork a host task into PID's pid namespace; print
 *			"PID-IN-THAT-NAMESPACE HOST-PID", wait for it
 *   handle-get PATH	print PATH's file handle as TYPE:HEX
 *   uptime		print the uptime from /proc/uptime and sysinfo(2)
 *   notify STATE [PROG ARG...]
 *			send STATE to $NOTIFY_SOCKET, then exec PROG
 *   has-cap CAP	exit 0 if CAP is in the permitted set, else 1
 *   bset-drop		exit 0 if CAP_SYS_CHROOT can be dropped from the
 *			bounding set and the securebits locked (CAP_SETPCAP)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/reboot.h>
#include <linux/seccomp.h>
#include <linux/securebits.h>
#include <linux/vserver.h>

#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY	0x00000001
struct mount_attr {
	uint64_t attr_set;
	uint64_t attr_clr;
	uint64_t propagation;
	uint64_t userns_fd;
};
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE		1
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME		0x00000080
#endif
#ifndef KEXEC_FILE_UNLOAD
#define KEXEC_FILE_UNLOAD	0x00000001
#endif

static bool host_mode;
static const char *expect_opt;	/* -e */
static int sig = SIGKILL;	/* -s */
static const char *attack;
static int refused, passed;	/* steps refused as expected, steps not */

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vs-escape: %s: ", attack ? attack : "setup");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static const char *ename(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

/* One step's verdict: @ok means it was refused. */
static void report(const char *step, bool ok, const char *detail)
{
	if (ok) {
		refused++;
		printf("%s %s: refused %s\n", attack, step, detail);
	} else {
		passed++;
		printf("%s %s: NOT REFUSED: %s\n", attack, step, detail);
	}
	fflush(stdout);
}

/* A step that checks a state rather than trying a call. */
static void check(const char *step, bool ok, const char *detail)
{
	if (ok) {
		refused++;
		printf("%s %s: holds: %s\n", attack, step, detail);
	} else {
		passed++;
		printf("%s %s: BROKEN: %s\n", attack, step, detail);
	}
	fflush(stdout);
}

static bool errno_in(int err, const char *list)
{
	const char *name = ename(err), *p = list;
	size_t len = strlen(name);

	while (*p) {
		if (!strncmp(p, name, len) && (p[len] == ',' || !p[len]))
			return true;
		p = strchrnul(p, ',');
		if (*p)
			p++;
	}
	return false;
}

/*
 * A step that is a system call: refused if it failed with one of @expect
 * (or -e).  Call it right after the call, with its return value.
 */
static void step_ret(const char *step, long ret, const char *expect)
{
	int err = errno;
	char buf[160];

	if (expect_opt)
		expect = expect_opt;
	if (ret >= 0) {
		snprintf(buf, sizeof(buf), "succeeded (returned %ld)", ret);
		report(step, false, buf);
	} else if (errno_in(err, expect)) {
		report(step, true, ename(err));
	} else {
		snprintf(buf, sizeof(buf), "failed with %s, expected %s", ename(err), expect);
		report(step, false, buf);
	}
}

static int finish(void)
{
	if (!refused && !passed)
		die("no step was tried");
	return (passed > 0) != host_mode;
}

/* ---- fds from elsewhere ---- */

static int recv_fd(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = { 0 };
	struct cmsghdr *c;
	struct iovec iov;
	char byte;
	int s, fd, tries;

	if (strlen(path) >= sizeof(sun.sun_path))
		die("socket path too long");
	strcpy(sun.sun_path, path);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		die("socket: %s", ename(errno));
	/* The server may still be starting: retry for 10 s. */
	for (tries = 0; connect(s, (struct sockaddr *)&sun, sizeof(sun)); tries++) {
		if ((errno != ENOENT && errno != ECONNREFUSED) || tries == 100)
			die("connect %s: %s", path, ename(errno));
		usleep(100000);
	}
	iov.iov_base = &byte;
	iov.iov_len = 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	if (recvmsg(s, &msg, MSG_CMSG_CLOEXEC) != 1)
		die("recvmsg %s: %s", path, ename(errno));
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(sizeof(int)))
		die("no fd came over %s", path);
	memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	close(s);
	return fd;
}

/* A FILE argument: a path opened with @flags, or "sock:PATH". */
static int get_fd(const char *arg, int flags)
{
	int fd;

	if (!strncmp(arg, "sock:", 5))
		return recv_fd(arg + 5);
	fd = open(arg, flags | O_CLOEXEC);
	if (fd < 0)
		die("open %s: %s", arg, ename(errno));
	return fd;
}

static pid_t get_pid(const char *arg)
{
	char *end;
	long pid;

	errno = 0;
	pid = strtol(arg, &end, 10);
	if (errno || *end || pid < -1 || pid > INT_MAX || end == arg)
		die("bad pid '%s'", arg);
	return pid;
}

/* ---- processes ---- */

static int do_signal(int argc, char **argv)
{
	siginfo_t si = { .si_code = SI_QUEUE };
	pid_t pid;
	int i;

	for (i = 0; i < argc; i++) {
		pid = get_pid(argv[i]);
		step_ret("kill", kill(pid, sig), "EPERM");
		step_ret("tgkill", syscall(SYS_tgkill, pid, pid, sig), "EPERM");
		si.si_signo = sig;
		si.si_pid = getpid();
		si.si_uid = getuid();
		step_ret("rt_sigqueueinfo", syscall(SYS_rt_sigqueueinfo, pid, sig, &si), "EPERM");
	}
	return finish();
}

static int do_pidfd_signal(int argc, char **argv)
{
	int i, fd;

	for (i = 0; i < argc; i++) {
		fd = get_fd(argv[i], O_RDONLY | O_DIRECTORY);
		step_ret("pidfd_send_signal", syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0),
			 "EPERM");
		close(fd);
	}
	return finish();
}

static int do_pidfd_getfd(int argc, char **argv)
{
	long ret;
	int i, fd;

	for (i = 0; i < argc; i++) {
		fd = get_fd(argv[i], O_RDONLY | O_DIRECTORY);
		ret = syscall(SYS_pidfd_getfd, fd, 0, 0);
		step_ret("pidfd_getfd", ret, "EPERM");
		if (ret >= 0)
			close(ret);
		close(fd);
	}
	return finish();
}

static int do_pidfd_open(int argc, char **argv)
{
	long ret;
	int i;

	for (i = 0; i < argc; i++) {
		ret = syscall(SYS_pidfd_open, get_pid(argv[i]), 0);
		step_ret("pidfd_open", ret, "ESRCH");
		if (ret >= 0)
			close(ret);
	}
	return finish();
}

static int do_ptrace(int argc, char **argv)
{
	pid_t pid;
	long ret;
	int i;

	for (i = 0; i < argc; i++) {
		pid = get_pid(argv[i]);
		ret = ptrace(PTRACE_ATTACH, pid, 0, 0);
		step_ret("PTRACE_ATTACH", ret, "EPERM");
		if (!ret) {
			waitpid(pid, NULL, __WALL);
			ptrace(PTRACE_DETACH, pid, 0, 0);
		}
		ret = ptrace(PTRACE_SEIZE, pid, 0, 0);
		step_ret("PTRACE_SEIZE", ret, "EPERM");
		if (!ret) {
			/* A seized task must be stopped before it can be let go. */
			ptrace(PTRACE_INTERRUPT, pid, 0, 0);
			waitpid(pid, NULL, __WALL);
			ptrace(PTRACE_DETACH, pid, 0, 0);
		}
	}
	return finish();
}

static int do_vm(int argc, char **argv)
{
	char buf[16];
	struct iovec local = { buf, sizeof(buf) };
	/*
	 * Address 0 is never mapped, so an attempt that got past the
	 * permission check (mm_access) fails with EFAULT and changes nothing.
	 */
	struct iovec remote = { NULL, sizeof(buf) };
	pid_t pid;
	int i;

	for (i = 0; i < argc; i++) {
		pid = get_pid(argv[i]);
		step_ret("process_vm_readv", process_vm_readv(pid, &local, 1, &remote, 1, 0),
			 "EPERM");
		step_ret("process_vm_writev", process_vm_writev(pid, &local, 1, &remote, 1, 0),
			 "EPERM");
	}
	return finish();
}

/*
 * Files of a foreign /proc/PID directory (an fd handed in) that
 * ptrace_may_access() guards (EACCES).  The product hides the whole
 * directory's contents from a context first (task_visible in
 * proc_pident_lookup): ENOENT.
 */
static int do_proc(int argc, char **argv)
{
	static const char *const opens[] = { "mem", "environ", "maps", "auxv", "root/", "cwd/" };
	static const char *const links[] = { "root", "cwd", "exe", "fd/0", "ns/mnt" };
	char buf[PATH_MAX], what[64];
	size_t j;
	long ret;
	int i, dir;

	for (i = 0; i < argc; i++) {
		dir = get_fd(argv[i], O_RDONLY | O_DIRECTORY);
		for (j = 0; j < sizeof(opens) / sizeof(opens[0]); j++) {
			snprintf(what, sizeof(what), "open %s", opens[j]);
			ret = openat(dir, opens[j], O_RDONLY | O_CLOEXEC);
			step_ret(what, ret, "ENOENT");
			if (ret >= 0)
				close(ret);
		}
		for (j = 0; j < sizeof(links) / sizeof(links[0]); j++) {
			snprintf(what, sizeof(what), "readlink %s", links[j]);
			step_ret(what, readlinkat(dir, links[j], buf, sizeof(buf)), "ENOENT");
		}
		close(dir);
	}
	return finish();
}

/* PROCDIR PID...: each PID is neither found nor listed in PROCDIR. */
static int do_proc_lookup(int argc, char **argv)
{
	struct dirent *d;
	struct stat st;
	char what[64];
	DIR *dir;
	int i, fd;

	if (argc < 2)
		die("usage: proc-lookup PROCDIR PID...");
	fd = get_fd(argv[0], O_RDONLY | O_DIRECTORY);
	for (i = 1; i < argc; i++) {
		get_pid(argv[i]);
		snprintf(what, sizeof(what), "lookup %s", argv[i]);
		step_ret(what, fstatat(fd, argv[i], &st, 0), "ENOENT");
	}
	dir = fdopendir(fd);
	if (!dir)
		die("fdopendir: %s", ename(errno));
	for (i = 1; i < argc; i++) {
		rewinddir(dir);
		while ((d = readdir(dir)) && strcmp(d->d_name, argv[i]))
			;
		snprintf(what, sizeof(what), "readdir %s", argv[i]);
		check(what, !d, d ? "listed" : "not listed");
	}
	closedir(dir);
	return finish();
}

/* OWNXID [OTHERXID...]: /proc/virtual shows the own xid and nothing else. */
static int do_virtual(int argc, char **argv)
{
	bool own = false, others = false;
	char what[64], detail[128] = "";
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int i;

	if (argc < 1)
		die("usage: virtual OWNXID [OTHERXID...]");
	dir = opendir("/proc/virtual");
	if (!dir)
		die("opendir /proc/virtual: %s", ename(errno));
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		if (!strcmp(d->d_name, argv[0])) {
			own = true;
		} else {
			others = true;
			snprintf(detail + strlen(detail), sizeof(detail) - strlen(detail),
				 " %.16s", d->d_name);
		}
	}
	closedir(dir);
	if (!own)
		die("/proc/virtual does not list the own context %s", argv[0]);
	check("readdir", !others, others ? detail : "only the own xid listed");
	for (i = 1; i < argc; i++) {
		snprintf(what, sizeof(what), "stat %s", argv[i]);
		snprintf(detail, sizeof(detail), "/proc/virtual/%s", argv[i]);
		step_ret(what, stat(detail, &st), "ENOENT");
	}
	return finish();
}

/* ---- filesystem ---- */

static bool exists(const char *path)
{
	return !access(path, F_OK);
}

/*
 * In a child: chroot into a fresh directory, climb with "..", chroot to
 * where the climb ended, and look for the markers.  Exit 0 if the host
 * marker is out of reach and the guest marker in it, 1 if the host marker
 * was reached, 3 if neither was found, 4 if the setup failed.
 */
static int chroot_break(bool via_fd, const char *host_marker, const char *guest_marker)
{
	char jail[] = "/tmp/vs-escape.XXXXXX";
	int i, fd = -1;

	if (!mkdtemp(jail))
		return 4;
	if (via_fd)
		fd = open(".", O_RDONLY | O_DIRECTORY);
	if (chroot(jail))
		return 4;
	if (via_fd && fchdir(fd))
		return 4;
	for (i = 0; i < 256; i++)
		if (chdir(".."))
			return 4;
	if (chroot("."))
		return 4;
	if (exists(host_marker))
		return 1;
	return exists(guest_marker) ? 0 : 3;
}

static int do_chroot_break(int argc, char **argv)
{
	static const char *const names[] = { "chdir-dotdot", "fchdir-dotdot" };
	static const char *const results[] = {
		"the host marker is out of reach", "reached the host marker", "?",
		"neither marker found", "setup failed (mkdtemp, chroot or chdir)",
	};
	int v, status;
	pid_t pid;

	if (argc != 2)
		die("usage: chroot-break HOSTMARKER GUESTMARKER");
	if (!exists(argv[1]))
		die("the guest marker %s is missing before the attempt", argv[1]);
	for (v = 0; v < 2; v++) {
		pid = fork();
		if (pid < 0)
			die("fork: %s", ename(errno));
		if (!pid) {
			if (chdir("/"))
				_exit(4);
			_exit(chroot_break(v, argv[0], argv[1]));
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) > 4)
			die("the %s child failed", names[v]);
		status = WEXITSTATUS(status);
		if (status == 4)
			die("%s: %s", names[v], results[4]);
		check(names[v], status == 0, results[status]);
	}
	return finish();
}

static int do_dotdot(int argc, char **argv)
{
	struct stat dot, root;
	char path[PATH_MAX];
	int i;

	if (argc != 2)
		die("usage: dotdot HOSTMARKER GUESTMARKER");
	if (!exists(argv[1]))
		die("the guest marker %s is missing", argv[1]);
	if (chdir("/"))
		die("chdir /: %s", ename(errno));
	for (i = 0; i < 64; i++)
		if (chdir(".."))
			die("chdir ..: %s", ename(errno));
	if (stat(".", &dot) || stat("/", &root))
		die("stat: %s", ename(errno));
	check("chdir ..", dot.st_dev == root.st_dev && dot.st_ino == root.st_ino,
	       "64 times '..' from / ends in /");
	snprintf(path, sizeof(path), "../../../..%s", argv[0]);
	step_ret("access ../../../../HOSTMARKER", access(path, F_OK), "ENOENT");
	snprintf(path, sizeof(path), "/../../..%s", argv[0]);
	step_ret("access /../../../HOSTMARKER", access(path, F_OK), "ENOENT");
	return finish();
}

/* /proc/PID/root and cwd of every task the guest can see lead into the guest. */
static int do_proc_root(int argc, char **argv)
{
	char path[PATH_MAX], what[64];
	struct dirent *d;
	DIR *dir;

	if (argc != 2)
		die("usage: proc-root HOSTMARKER GUESTMARKER");
	snprintf(path, sizeof(path), "/proc/1/root%s", argv[1]);
	if (!host_mode && !exists(path))
		die("%s is missing: /proc/1/root is not the guest's root", path);
	dir = opendir("/proc");
	if (!dir)
		die("opendir /proc: %s", ename(errno));
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(what, sizeof(what), "/proc/%.20s/root", d->d_name);
		snprintf(path, sizeof(path), "/proc/%s/root%s", d->d_name, argv[0]);
		/* ENOENT also when the task has exited meanwhile. */
		step_ret(what, access(path, F_OK), "ENOENT");
		snprintf(what, sizeof(what), "/proc/%.20s/root/..", d->d_name);
		snprintf(path, sizeof(path), "/proc/%s/root/../..%s", d->d_name, argv[0]);
		step_ret(what, access(path, F_OK), "ENOENT");
	}
	closedir(dir);
	return finish();
}

/* No fd above stderr came in with the command. */
static int do_fds(int argc, char **argv)
{
	char path[64], link[PATH_MAX], detail[PATH_MAX + 64];
	struct dirent *d;
	bool any = false;
	ssize_t n;
	DIR *dir;
	int fd;

	(void)argv;
	if (argc)
		die("usage: fds");
	dir = opendir("/proc/self/fd");
	if (!dir)
		die("opendir /proc/self/fd: %s", ename(errno));
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		fd = atoi(d->d_name);
		if (fd <= 2 || fd == dirfd(dir))
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n = readlink(path, link, sizeof(link) - 1);
		link[n < 0 ? 0 : n] = '\0';
		snprintf(detail, sizeof(detail), "fd %d is open: %s", fd, link);
		check("inherited fd", false, detail);
		any = true;
	}
	closedir(dir);
	if (!any)
		check("inherited fd", true, "none above stderr");
	return finish();
}

static int do_handle_get(int argc, char **argv)
{
	struct file_handle *fh;
	int mount_id;
	unsigned int i;

	if (argc != 1)
		die("usage: handle-get PATH");
	fh = malloc(sizeof(*fh) + MAX_HANDLE_SZ);
	if (!fh)
		die("out of memory");
	fh->handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, argv[0], fh, &mount_id, 0))
		die("name_to_handle_at %s: %s", argv[0], ename(errno));
	printf("%d:", fh->handle_type);
	for (i = 0; i < fh->handle_bytes; i++)
		printf("%02x", fh->f_handle[i]);
	printf("\n");
	return 0;
}

/* TYPE:HEX MOUNTDIR: open a file by handle ("shocker"), as guest root may. */
static int do_handle_open(int argc, char **argv)
{
	struct file_handle *fh;
	char *hex;
	unsigned int i, byte;
	long ret;
	int mfd;

	if (argc != 2)
		die("usage: handle-open TYPE:HEX MOUNTDIR");
	fh = malloc(sizeof(*fh) + MAX_HANDLE_SZ);
	if (!fh)
		die("out of memory");
	fh->handle_type = strtol(argv[0], &hex, 10);
	if (*hex++ != ':' || strlen(hex) % 2 || strlen(hex) / 2 > MAX_HANDLE_SZ)
		die("bad handle '%s'", argv[0]);
	fh->handle_bytes = strlen(hex) / 2;
	for (i = 0; i < fh->handle_bytes; i++) {
		if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
			die("bad handle '%s'", argv[0]);
		fh->f_handle[i] = byte;
	}
	mfd = get_fd(argv[1], O_RDONLY | O_DIRECTORY);
	ret = open_by_handle_at(mfd, fh, O_RDONLY | O_CLOEXEC);
	step_ret("open_by_handle_at", ret, "EPERM");
	if (ret >= 0)
		close(ret);
	return finish();
}

static int do_mknod(int argc, char **argv)
{
	char path[PATH_MAX];
	long ret;

	if (argc != 1)
		die("usage: mknod DIR");
	/* /dev/mem, and the VM's first virtio disk. */
	snprintf(path, sizeof(path), "%s/vs-escape-mem", argv[0]);
	ret = mknod(path, S_IFCHR | 0600, makedev(1, 1));
	step_ret("mknod c 1 1", ret, "EPERM");
	if (!ret)
		unlink(path);
	snprintf(path, sizeof(path), "%s/vs-escape-vda", argv[0]);
	ret = mknod(path, S_IFBLK | 0600, makedev(254, 0));
	step_ret("mknod b 254 0", ret, "EPERM");
	if (!ret)
		unlink(path);
	return finish();
}

/*
 * PATH, a read-only mount: every way to make it writable, shadow it, take
 * it away or copy it elsewhere.  The undoing after a success is for host
 * mode, run on a scratch mount.
 */
static int do_mount(int argc, char **argv)
{
	struct mount_attr attr = { .attr_clr = MOUNT_ATTR_RDONLY };
	const char *path;
	long ret;

	if (argc != 1)
		die("usage: mount PATH");
	path = argv[0];
	step_ret("mount_setattr -ro", syscall(SYS_mount_setattr, AT_FDCWD, path, 0,
					      &attr, sizeof(attr)), "EPERM");
	step_ret("remount,bind,rw", mount(NULL, path, NULL, MS_REMOUNT | MS_BIND, NULL), "EPERM");
	step_ret("remount,rw", mount(NULL, path, NULL, MS_REMOUNT, NULL), "EPERM");
	ret = mount("tmpfs", path, "tmpfs", 0, NULL);
	step_ret("mount tmpfs over", ret, "EPERM");
	if (!ret)
		umount2(path, MNT_DETACH);
	ret = syscall(SYS_fsopen, "proc", 0);
	step_ret("fsopen proc", ret, "EPERM");
	if (ret >= 0)
		close(ret);
	ret = syscall(SYS_open_tree, AT_FDCWD, path, OPEN_TREE_CLONE);
	step_ret("open_tree clone", ret, "EPERM");
	if (ret >= 0)
		close(ret);
	step_ret("umount", umount2(path, 0), "EPERM");
	step_ret("umount -l", umount2(path, MNT_DETACH), "EPERM");
	return finish();
}

/* PATH DATA: writing to a file that must stay unwritable. */
static int do_write(int argc, char **argv)
{
	ssize_t n;
	int fd;

	if (argc != 2)
		die("usage: write PATH DATA");
	fd = open(argv[0], O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		step_ret("open", fd, "EROFS,EACCES");
		return finish();
	}
	n = write(fd, argv[1], strlen(argv[1]));
	step_ret("write", n, "EROFS,EACCES");
	close(fd);
	return finish();
}

/* PATH...: files that must not exist (default ENOENT). */
static int do_open(int argc, char **argv)
{
	long ret;
	int i;

	for (i = 0; i < argc; i++) {
		ret = open(argv[i], O_RDONLY | O_CLOEXEC);
		step_ret(argv[i], ret, "ENOENT");
		if (ret >= 0)
			close(ret);
	}
	return finish();
}

static int do_pivot_root(int argc, char **argv)
{
	(void)argv;
	if (argc)
		die("usage: pivot-root");
	if (chdir("/"))
		die("chdir /: %s", ename(errno));
	step_ret("pivot_root . .", syscall(SYS_pivot_root, ".", "."), "EPERM");
	return finish();
}

/* ---- privileges ---- */

static uint64_t status_hex(const char *key)
{
	char line[256];
	size_t len = strlen(key);
	uint64_t val = 0;
	bool found = false;
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		die("/proc/self/status: %s", ename(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':') {
			val = strtoull(line + len + 1, NULL, 16);
			found = true;
		}
	fclose(f);
	if (!found)
		die("no %s in /proc/self/status", key);
	return val;
}

/* The capability sets are the default bounding set, and seccomp is on. */
static int do_caps(int argc, char **argv)
{
	static const char *const sets[] = { "CapPrm", "CapEff", "CapInh", "CapAmb" };
	uint64_t bnd, val;
	char detail[128];
	size_t i;

	(void)argv;
	if (argc)
		die("usage: caps");
	bnd = status_hex("CapBnd");
	snprintf(detail, sizeof(detail), "CapBnd %016llx, VS_BCAPS_DEFAULT %016llx",
		 (unsigned long long)bnd, (unsigned long long)VS_BCAPS_DEFAULT);
	check("CapBnd", bnd == VS_BCAPS_DEFAULT, detail);
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		val = status_hex(sets[i]);
		snprintf(detail, sizeof(detail), "%s %016llx, outside the default set %016llx",
			 sets[i], (unsigned long long)val,
			 (unsigned long long)(val & ~(uint64_t)VS_BCAPS_DEFAULT));
		check(sets[i], !(val & ~(uint64_t)VS_BCAPS_DEFAULT), detail);
	}
	/* 2 is SECCOMP_MODE_FILTER: the tool's denylist (§8). */
	val = status_hex("Seccomp");
	check("Seccomp", val == 2, val == 2 ? "filter mode" : "no seccomp filter");
	return finish();
}

static int cap_from_arg(const char *arg)
{
	static const struct { const char *name; int cap; } caps[] = {
		{ "SETPCAP", CAP_SETPCAP }, { "LINUX_IMMUTABLE", CAP_LINUX_IMMUTABLE },
		{ "NET_ADMIN", CAP_NET_ADMIN }, { "NET_RAW", CAP_NET_RAW },
		{ "SYS_MODULE", CAP_SYS_MODULE }, { "SYS_RAWIO", CAP_SYS_RAWIO },
		{ "SYS_ADMIN", CAP_SYS_ADMIN }, { "SYS_RESOURCE", CAP_SYS_RESOURCE },
		{ "SYS_TIME", CAP_SYS_TIME }, { "MKNOD", CAP_MKNOD },
		{ "SYSLOG", CAP_SYSLOG }, { "BPF", CAP_BPF }, { "PERFMON", CAP_PERFMON },
		{ "AUDIT_WRITE", CAP_AUDIT_WRITE },
	};
	size_t i;

	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (!strcmp(arg, caps[i].name))
			return caps[i].cap;
	die("unknown capability '%s'", arg);
}

/* CAP...: capabilities outside the bounding set cannot be raised. */
static int do_capset(int argc, char **argv)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2], raised[2];
	char what[64];
	int i, cap;

	for (i = 0; i < argc; i++) {
		cap = cap_from_arg(argv[i]);
		if (syscall(SYS_capget, &hdr, data))
			die("capget: %s", ename(errno));
		memcpy(raised, data, sizeof(data));
		raised[cap / 32].permitted |= 1U << (cap % 32);
		raised[cap / 32].effective |= 1U << (cap % 32);
		snprintf(what, sizeof(what), "capset +pe %s", argv[i]);
		step_ret(what, syscall(SYS_capset, &hdr, raised), "EPERM");
		memcpy(raised, data, sizeof(data));
		raised[cap / 32].inheritable |= 1U << (cap % 32);
		snprintf(what, sizeof(what), "capset +i %s", argv[i]);
		step_ret(what, syscall(SYS_capset, &hdr, raised), "EPERM");
		snprintf(what, sizeof(what), "ambient raise %s", argv[i]);
		step_ret(what, prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0), "EPERM");
		/* Whatever the calls said, the capability must not be there. */
		if (syscall(SYS_capget, &hdr, data))
			die("capget: %s", ename(errno));
		snprintf(what, sizeof(what), "%s effective afterwards", argv[i]);
		check(what, !(data[cap / 32].effective & (1U << (cap % 32))),
		       data[cap / 32].effective & (1U << (cap % 32)) ? "present" : "absent");
	}
	return finish();
}

/*
 * struct vfs_cap_data of <linux/capability.h>, revision 2: every capability
 * permitted and inheritable, and with @effective the effective bit.
 */
static int set_file_caps_all(const char *path, bool effective)
{
	struct vfs_cap_data caps = {
		.magic_etc = VFS_CAP_REVISION_2 | (effective ? VFS_CAP_FLAGS_EFFECTIVE : 0),
		.data = { { 0xffffffff, 0xffffffff }, { 0xffffffff, 0xffffffff } },
	};

	return setxattr(path, "security.capability", &caps, XATTR_CAPS_SZ_2, 0);
}

/* Execute @copy as "has-cap SYS_ADMIN": its exit status, or 100 + errno of the exec. */
static int exec_has_sys_admin(const char *copy)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execl(copy, "vs-escape", "has-cap", "SYS_ADMIN", (char *)NULL);
		_exit(100 + errno);
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status))
		die("%s was killed", copy);
	return WEXITSTATUS(status);
}

/*
 * COPY (a copy of this program): with CAP_SETPCAP in the bounding set, as
 * systemd guests have it, nothing outside the bounding set comes into the
 * inheritable or ambient set, nor from a file's capabilities at exec.
 * CAP_SYS_ADMIN stands for all of them.
 */
static int do_setpcap(int argc, char **argv)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	char detail[64];
	int rc;

	if (argc != 1)
		die("usage: setpcap COPY");
	check("CAP_SETPCAP in the bounding set", prctl(PR_CAPBSET_READ, CAP_SETPCAP, 0, 0, 0) == 1,
	      "PR_CAPBSET_READ");
	if (syscall(SYS_capget, &hdr, data))
		die("capget: %s", ename(errno));
	data[CAP_SYS_ADMIN / 32].inheritable |= 1U << (CAP_SYS_ADMIN % 32);
	step_ret("capset +i SYS_ADMIN", syscall(SYS_capset, &hdr, data), "EPERM");
	step_ret("ambient raise SYS_ADMIN",
		 prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_ADMIN, 0, 0), "EPERM");
	/* Effective file capabilities beyond the bounding set: the exec itself fails. */
	if (set_file_caps_all(argv[0], true) < 0)
		die("cannot give %s file capabilities: %s", argv[0], ename(errno));
	rc = exec_has_sys_admin(argv[0]);
	snprintf(detail, sizeof(detail), rc >= 100 ? "exec failed with %s" : "exec ran, %s",
		 rc >= 100 ? ename(rc - 100) : rc ? "no CAP_SYS_ADMIN" : "with CAP_SYS_ADMIN");
	check("effective file capabilities at exec", rc == 100 + EPERM || rc == 1, detail);
	/* Permitted only: the exec runs, without what the bounding set lacks. */
	if (set_file_caps_all(argv[0], false) < 0)
		die("cannot give %s file capabilities: %s", argv[0], ename(errno));
	rc = exec_has_sys_admin(argv[0]);
	if (rc >= 100)
		die("cannot execute %s: %s", argv[0], ename(rc - 100));
	check("permitted file capabilities at exec", rc == 1,
	      rc ? "no CAP_SYS_ADMIN after exec" : "CAP_SYS_ADMIN after exec");
	return finish();
}

/* Helper, not an attack: exit 0 if CAP is in the permitted set, 1 if not. */
static int do_has_cap(int argc, char **argv)
{
	if (argc != 1)
		die("usage: has-cap CAP");
	return status_hex("CapPrm") & (1ULL << cap_from_arg(argv[0])) ? 0 : 1;
}

/*
 * Helper, not an attack: what CAP_SETPCAP is for.  Drop CAP_SYS_CHROOT
 * from the bounding set and lock the securebits, in a child; exit 0 if
 * both worked, 1 if not.
 */
static int do_bset_drop(int argc, char **argv)
{
	int status;
	pid_t pid;

	(void)argv;
	if (argc)
		die("usage: bset-drop");
	pid = fork();
	if (pid == 0) {
		if (prctl(PR_CAPBSET_DROP, CAP_SYS_CHROOT, 0, 0, 0) < 0) {
			fprintf(stderr, "bset-drop: PR_CAPBSET_DROP: %s\n", ename(errno));
			_exit(1);
		}
		if (prctl(PR_SET_SECUREBITS, SECBIT_KEEP_CAPS_LOCKED, 0, 0, 0) < 0) {
			fprintf(stderr, "bset-drop: PR_SET_SECUREBITS: %s\n", ename(errno));
			_exit(1);
		}
		_exit(prctl(PR_CAPBSET_READ, CAP_SYS_CHROOT, 0, 0, 0) == 0 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static int do_module(int argc, char **argv)
{
	static char junk[64] = "\177ELF not a module";
	int fd;

	(void)argv;
	if (argc)
		die("usage: module");
	step_ret("init_module", syscall(SYS_init_module, junk, sizeof(junk), ""), "EPERM");
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open /proc/self/exe: %s", ename(errno));
	step_ret("finit_module", syscall(SYS_finit_module, fd, "", 0), "EPERM");
	close(fd);
	return finish();
}

/* Setting the clocks to what they already say: refused, and harmless if not. */
static int do_settime(int argc, char **argv)
{
	struct timex tx = { 0 };
	struct timespec ts;
	struct timeval tv;

	(void)argv;
	if (argc)
		die("usage: settime");
	gettimeofday(&tv, NULL);
	step_ret("settimeofday", settimeofday(&tv, NULL), "EPERM");
	clock_gettime(CLOCK_REALTIME, &ts);
	step_ret("clock_settime", clock_settime(CLOCK_REALTIME, &ts), "EPERM");
	if (adjtimex(&tx) < 0)
		die("adjtimex read: %s", ename(errno));
	tx.modes = ADJ_FREQUENCY;
	step_ret("adjtimex", adjtimex(&tx), "EPERM");
	tx.modes = ADJ_FREQUENCY;
	step_ret("clock_adjtime", clock_adjtime(CLOCK_REALTIME, &tx), "EPERM");
	return finish();
}

static int do_keyctl(int argc, char **argv)
{
	(void)argv;
	if (argc)
		die("usage: keyctl");
	step_ret("keyctl", syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0),
		 "ENOSYS");
	step_ret("add_key", syscall(SYS_add_key, "user", "vs-escape", "x", 1,
				    KEY_SPEC_SESSION_KEYRING), "ENOSYS");
	step_ret("request_key", syscall(SYS_request_key, "user", "vs-escape", NULL,
					KEY_SPEC_SESSION_KEYRING), "ENOSYS");
	return finish();
}

static int do_kexec(int argc, char **argv)
{
	(void)argv;
	if (argc)
		die("usage: kexec");
	/* No segments: at most unloads a loaded kernel. */
	step_ret("kexec_load", syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0UL), "EPERM");
	step_ret("kexec_file_load", syscall(SYS_kexec_file_load, -1, -1, 0UL, "",
					    (unsigned long)KEXEC_FILE_UNLOAD), "EPERM");
	return finish();
}

/* In a child, so that a success does not change this process. */
static void unshare_step(const char *what, int flags, bool via_clone)
{
	int status, err;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		die("fork: %s", ename(errno));
	if (!pid) {
		if (via_clone) {
			pid = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
			if (!pid)
				_exit(0);
			if (pid > 0)
				waitpid(pid, NULL, 0);
		} else {
			pid = unshare(flags);
		}
		_exit(pid < 0 ? errno : 0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		die("the %s child failed", what);
	err = WEXITSTATUS(status);
	errno = err;
	step_ret(what, err ? -1 : 0, "EPERM");
}

static int do_userns(int argc, char **argv)
{
	(void)argv;
	if (argc)
		die("usage: userns");
	unshare_step("unshare CLONE_NEWUSER", CLONE_NEWUSER, false);
	unshare_step("clone CLONE_NEWUSER", CLONE_NEWUSER, true);
	return finish();
}

static int do_unshare(int argc, char **argv)
{
	static const struct { const char *name; int flag; } ns[] = {
		{ "CLONE_NEWNS", CLONE_NEWNS }, { "CLONE_NEWNET", CLONE_NEWNET },
		{ "CLONE_NEWPID", CLONE_NEWPID }, { "CLONE_NEWUTS", CLONE_NEWUTS },
		{ "CLONE_NEWIPC", CLONE_NEWIPC }, { "CLONE_NEWCGROUP", CLONE_NEWCGROUP },
		{ "CLONE_NEWTIME", CLONE_NEWTIME },
	};
	char what[64];
	size_t i;

	(void)argv;
	if (argc)
		die("usage: unshare");
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		snprintf(what, sizeof(what), "unshare %s", ns[i].name);
		unshare_step(what, ns[i].flag, false);
	}
	return finish();
}

static int do_setns(int argc, char **argv)
{
	int i, fds[16];

	if (argc < 1 || argc > 16)
		die("usage: setns NSFD...");
	/* All fds first: a mount namespace joined would hide the sockets. */
	for (i = 0; i < argc; i++)
		fds[i] = get_fd(argv[i], O_RDONLY);
	for (i = 0; i < argc; i++) {
		step_ret("setns", setns(fds[i], 0), "EPERM");
		close(fds[i]);
	}
	return finish();
}

static int do_iopl(int argc, char **argv)
{
	(void)argv;
	if (argc)
		die("usage: iopl");
	step_ret("iopl 3", syscall(SYS_iopl, 3), "EPERM");
	step_ret("ioperm 0x80", syscall(SYS_ioperm, 0x80UL, 1UL, 1), "EPERM");
	return finish();
}

/*
 * A CPU-wide counter.  The tool's seccomp filter refuses perf_event_open
 * altogether (EPERM); behind it, perf_event_paranoid >= 1 without
 * CAP_PERFMON would say EACCES.
 */
static int do_perf(int argc, char **argv)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_CPU_CLOCK,
	};
	long ret;

	(void)argv;
	if (argc)
		die("usage: perf");
	ret = syscall(SYS_perf_event_open, &attr, -1, 0, -1, 0);
	step_ret("perf_event_open cpu 0", ret, "EPERM");
	if (ret >= 0)
		close(ret);
	return finish();
}

static int do_syslog(int argc, char **argv)
{
	char buf[256];

	(void)argv;
	if (argc)
		die("usage: syslog");
	/* SYSLOG_ACTION_READ_ALL and _SIZE_UNREAD: they change nothing. */
	step_ret("read all", klogctl(3, buf, sizeof(buf)), "EPERM");
	step_ret("size unread", klogctl(9, NULL, 0), "EPERM");
	return finish();
}

/* ---- the control device ---- */

/* DEV OWNXID OTHERXID: only VS_IOC_VERSION answers a guest. */
static int do_ctl(int argc, char **argv)
{
	struct vs_version ver = { 0 };
	struct vs_ctx_create create = { 0 };
	struct vs_ctx_create setup = { .flags = VS_CTX_CREATE_SETUP };
	struct vs_ctx_migrate mig = { 0 };
	struct vs_ctx_bcaps bcaps = { 0 };
	struct vs_ctx_flags flags = { .set = VS_CTX_FLAG_PERSISTENT };
	struct vs_ctx_id id = { 0 };
	struct vs_ctx_kill kill_req = { .signal = SIGKILL };
	struct vs_ctx_info info = { 0 };
	struct vs_ctx_list list = { 0 };
	uint32_t xids[64];
	unsigned long own, other;
	char detail[128];
	int fd, ret;

	if (argc != 3)
		die("usage: ctl DEV OWNXID OTHERXID");
	fd = get_fd(argv[0], O_RDWR);
	own = get_pid(argv[1]);
	other = get_pid(argv[2]);

	ret = ioctl(fd, VS_IOC_VERSION, &ver);
	snprintf(detail, sizeof(detail), "VS_IOC_VERSION must work: %s, ABI %u.%u",
		 ret ? ename(errno) : "ok", ver.abi_major, ver.abi_minor);
	if (ret || ver.abi_major != VS_ABI_MAJOR)
		die("%s", detail);
	printf("%s %s\n", attack, detail);

	/* In host mode, only requests that change nothing. */
	if (!host_mode) {
		step_ret("VS_IOC_CTX_CREATE", ioctl(fd, VS_IOC_CTX_CREATE, &create), "EPERM");
		step_ret("VS_IOC_CTX_CREATE setup", ioctl(fd, VS_IOC_CTX_CREATE, &setup),
			 "EPERM");
		mig.xid = other;
		step_ret("VS_IOC_CTX_MIGRATE other", ioctl(fd, VS_IOC_CTX_MIGRATE, &mig), "EPERM");
		mig.xid = VS_XID_SPECTATOR;
		step_ret("VS_IOC_CTX_MIGRATE spectator", ioctl(fd, VS_IOC_CTX_MIGRATE, &mig),
			 "EPERM");
		bcaps.xid = own;
		bcaps.bcaps = (1ULL << (CAP_LAST_CAP + 1)) - 1;
		step_ret("VS_IOC_CTX_SET_BCAPS own", ioctl(fd, VS_IOC_CTX_SET_BCAPS, &bcaps),
			 "EPERM");
		flags.xid = own;
		step_ret("VS_IOC_CTX_SET_FLAGS own", ioctl(fd, VS_IOC_CTX_SET_FLAGS, &flags),
			 "EPERM");
		kill_req.xid = other;
		step_ret("VS_IOC_CTX_KILL other", ioctl(fd, VS_IOC_CTX_KILL, &kill_req), "EPERM");
		id.xid = other;
		step_ret("VS_IOC_CTX_REMOVE other", ioctl(fd, VS_IOC_CTX_REMOVE, &id), "EPERM");
		step_ret("VS_IOC_CTX_RUN other", ioctl(fd, VS_IOC_CTX_RUN, &id), "EPERM");
	}
	kill_req.xid = other;
	kill_req.signal = 0;
	step_ret("VS_IOC_CTX_KILL other signal 0", ioctl(fd, VS_IOC_CTX_KILL, &kill_req), "EPERM");
	info.xid = other;
	step_ret("VS_IOC_CTX_INFO other", ioctl(fd, VS_IOC_CTX_INFO, &info), "EPERM");
	list.count = 64;
	list.xids = (uintptr_t)xids;
	step_ret("VS_IOC_CTX_LIST", ioctl(fd, VS_IOC_CTX_LIST, &list), "EPERM");
	close(fd);
	return finish();
}

/* ---- reboot and time ---- */

/*
 * restart|halt|poweroff: in a guest the call ends the guest's pid namespace
 * and never returns (kernel/pid_namespace.c:reboot_pid_ns).  cad-on|cad-off:
 * refused with EINVAL in a guest; on the host they would change the host's
 * Ctrl-Alt-Del setting.
 */
static int do_reboot(int argc, char **argv)
{
	static const struct { const char *name; unsigned int cmd; } cmds[] = {
		{ "restart", LINUX_REBOOT_CMD_RESTART }, { "halt", LINUX_REBOOT_CMD_HALT },
		{ "poweroff", LINUX_REBOOT_CMD_POWER_OFF },
		{ "cad-on", LINUX_REBOOT_CMD_CAD_ON }, { "cad-off", LINUX_REBOOT_CMD_CAD_OFF },
	};
	size_t i;

	if (argc != 1)
		die("usage: reboot restart|halt|poweroff|cad-on|cad-off");
	if (host_mode)
		die("refusing to reboot from host mode");
	/*
	 * On the host this would take the machine down.  A guest never has
	 * CAP_SYS_ADMIN in its bounding set; the host's root does.
	 */
	if (prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0) != 0)
		die("CAP_SYS_ADMIN is in the bounding set: refusing to reboot what may be the host");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[0], cmds[i].name))
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0]))
		die("unknown reboot command '%s'", argv[0]);
	fflush(stdout);
	step_ret(argv[0], syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
				  cmds[i].cmd, NULL), "EINVAL");
	return finish();
}

static int do_uptime(int argc, char **argv)
{
	struct sysinfo si;
	double up;
	FILE *f;

	(void)argv;
	if (argc)
		die("usage: uptime");
	f = fopen("/proc/uptime", "re");
	if (!f || fscanf(f, "%lf", &up) != 1)
		die("/proc/uptime: %s", ename(errno));
	fclose(f);
	if (sysinfo(&si))
		die("sysinfo: %s", ename(errno));
	printf("%.2f %ld\n", up, si.uptime);
	return 0;
}

/*
 * notify STATE [PROG ARG...]: send STATE to $NOTIFY_SOCKET as a service
 * would (sd_notify), then become PROG, keeping the pid: as the guest's
 * init it says READY=1 from pid 1; started by a shell, from another pid,
 * which the supervisor must not take for the init's word.
 */
static int do_notify(int argc, char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	const char *path = getenv("NOTIFY_SOCKET");
	int fd;

	if (argc < 1)
		die("usage: notify STATE [PROG ARG...]");
	if (!path || !*path || strlen(path) >= sizeof(sun.sun_path))
		die("NOTIFY_SOCKET is not set to a socket path");
	memcpy(sun.sun_path, path, strlen(path));
	if (sun.sun_path[0] == '@')
		sun.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || sendto(fd, argv[0], strlen(argv[0]), 0, (struct sockaddr *)&sun,
			     offsetof(struct sockaddr_un, sun_path) + strlen(path)) < 0)
		die("cannot send to %s: %s", path, ename(errno));
	close(fd);
	if (argc > 1) {
		execv(argv[1], argv + 1);
		die("cannot run %s: %s", argv[1], ename(errno));
	}
	return 0;
}

/* ---- host-side helpers ---- */

static int do_serve(int argc, char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	const char *spec;
	struct msghdr msg = { 0 };
	struct cmsghdr *c;
	struct iovec iov;
	char byte = 'x';
	int s, conn, fd;

	if (argc != 2 || strlen(argv[0]) >= sizeof(sun.sun_path))
		die("usage: serve SOCKPATH pidfd:PID|file:PATH|dir:PATH|rw:PATH");
	spec = argv[1];
	if (!strncmp(spec, "pidfd:", 6))
		fd = syscall(SYS_pidfd_open, get_pid(spec + 6), 0);
	else if (!strncmp(spec, "file:", 5))
		fd = open(spec + 5, O_RDONLY);
	else if (!strncmp(spec, "dir:", 4))
		fd = open(spec + 4, O_RDONLY | O_DIRECTORY);
	else if (!strncmp(spec, "rw:", 3))
		fd = open(spec + 3, O_RDWR);
	else
		die("bad fd spec '%s'", spec);
	if (fd < 0)
		die("%s: %s", spec, ename(errno));
	strcpy(sun.sun_path, argv[0]);
	unlink(argv[0]);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sun, sizeof(sun)) || listen(s, 8))
		die("%s: %s", argv[0], ename(errno));
	for (;;) {
		conn = accept4(s, NULL, NULL, SOCK_CLOEXEC);
		if (conn < 0)
			continue;
		iov.iov_base = &byte;
		iov.iov_len = 1;
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof(u.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(fd));
		if (sendmsg(conn, &msg, 0) != 1)
			fprintf(stderr, "vs-escape: serve: sendmsg: %s\n", ename(errno));
		close(conn);
	}
}

static int do_find_pid(int argc, char **argv)
{
	char path[64], buf[4096];
	struct dirent *d;
	bool found = false;
	ssize_t n;
	DIR *dir;
	int fd, i;
	size_t len;

	if (!argc)
		die("usage: find-pid ARG...");
	dir = opendir("/proc");
	if (!dir)
		die("opendir /proc: %s", ename(errno));
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%.20s/cmdline", d->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		close(fd);
		len = 0;
		for (i = 0; i < argc; i++) {
			if (n < 0 || len + strlen(argv[i]) + 1 > (size_t)n ||
			    strcmp(buf + len, argv[i]))
				break;
			len += strlen(argv[i]) + 1;
		}
		if (i == argc && len == (size_t)n) {
			printf("%s\n", d->d_name);
			found = true;
		}
	}
	closedir(dir);
	return found ? 0 : 1;
}

static int do_pidns_child(int argc, char **argv)
{
	char path[64];
	pid_t child, nspid;
	int fd, p[2];

	if (argc != 1)
		die("usage: pidns-child PID");
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", get_pid(argv[0]));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWPID))
		die("join the pid namespace of %s: %s", argv[0], ename(errno));
	if (pipe(p))
		die("pipe: %s", ename(errno));
	child = fork();
	if (child < 0)
		die("fork: %s", ename(errno));
	if (!child) {
		nspid = getpid();
		if (write(p[1], &nspid, sizeof(nspid)) != sizeof(nspid))
			_exit(1);
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[1]);
	if (read(p[0], &nspid, sizeof(nspid)) != sizeof(nspid))
		die("the child did not say its pid");
	printf("%d %d\n", nspid, child);
	fflush(stdout);
	waitpid(child, NULL, 0);
	return 0;
}

/* ---- the seccomp filter's edges (270-escape-config) ---- */

/*
 * A tracer skips a call by setting its number to -1 at the entry stop and
 * puts the result in rax; the kernel must keep it.  Returns what the
 * tracee's getppid() returned, or -errno.
 */
static long traced_skip(void)
{
	struct user_regs_struct regs;
	int status, pipefd[2];
	long result = -EIO;
	pid_t pid;

	if (pipe(pipefd) < 0)
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		long r;

		if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
			_exit(90);
		raise(SIGSTOP);
		r = syscall(SYS_getppid);
		if (r < 0)
			r = -errno;
		if (write(pipefd[1], &r, sizeof(r)) != sizeof(r))
			_exit(91);
		_exit(0);
	}
	close(pipefd[1]);
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		die("the tracee did not stop");
	ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD);
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, 0, 0) < 0 || waitpid(pid, &status, 0) != pid)
			break;
		if (!WIFSTOPPED(status) || WSTOPSIG(status) != (SIGTRAP | 0x80))
			break;
		if (ptrace(PTRACE_GETREGS, pid, 0, &regs) < 0)
			break;
		if (regs.orig_rax == SYS_getppid && (long)regs.rax == -ENOSYS) {
			regs.orig_rax = (unsigned long long)-1;
			regs.rax = 4242;
			ptrace(PTRACE_SETREGS, pid, 0, &regs);
		}
	}
	if (read(pipefd[0], &result, sizeof(result)) != sizeof(result))
		result = -EIO;
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	return result;
}

/*
 * Numbers no ABI has reach the kernel's own ENOSYS; the x32 range answers
 * ENOSYS as a kernel without x32 does.  The same on the host and in a guest.
 */
static int do_nosys(int argc, char **argv)
{
	char buf[80];
	long r;

	(void)argv;
	if (argc)
		die("usage: nosys");
	step_ret("syscall(-1)", syscall(-1), "ENOSYS");
	step_ret("syscall(1000)", syscall(1000), "ENOSYS");
	step_ret("x32 getpid", syscall(0x40000000 | SYS_getpid), "ENOSYS");
	step_ret("x32 keyctl", syscall(0x40000000 | SYS_keyctl, KEYCTL_GET_KEYRING_ID,
				       KEY_SPEC_USER_KEYRING, 0), "ENOSYS");
	step_ret("x32 setsockopt", syscall(0x40000000 | SYS_setsockopt, -1, 279, 7, NULL, 0),
		 "ENOSYS");
	r = traced_skip();
	snprintf(buf, sizeof(buf), "the skipped getppid returned %ld%s", r,
		 r == -EPERM ? " (EPERM over the tracer's result)" : "");
	check("a tracer's skip (number -1)", r == 4242, buf);
	return finish();
}

/*
 * AF_ALG takes a key by serial from the caller's keyrings, which are per
 * uid: guest root would use host root's keys.  The filter answers EPERM
 * first, on any socket, whatever junk sits above the int arguments.
 */
static int do_alg_key(int argc, char **argv)
{
	int fd, serial = 1;

	(void)argv;
	if (argc)
		die("usage: alg-key");
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	step_ret("setsockopt(SOL_ALG, ALG_SET_KEY_BY_KEY_SERIAL)",
		 setsockopt(fd, 279, 7, &serial, sizeof(serial)), "EPERM");
	step_ret("the same, bits above level and optname",
		 syscall(SYS_setsockopt, fd, 0x700000000L | 279, 0x100000000L | 7, &serial,
			 sizeof(serial)), "EPERM");
	close(fd);
	fd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		step_ret("on an AF_ALG socket", setsockopt(fd, 279, 7, &serial, sizeof(serial)),
			 "EPERM");
		close(fd);
	}
	return finish();
}

/*
 * What a guest sees of the filter: mode 2; filters of its own stack on it;
 * strict mode cannot be entered over a filter (EINVAL), as anywhere.
 */
static int do_seccomp_stack(int argc, char **argv)
{
	struct sock_filter own[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = 4, .filter = own };
	char buf[80];
	int mode, status;
	pid_t pid;

	(void)argv;
	if (argc)
		die("usage: seccomp-stack");
	mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	snprintf(buf, sizeof(buf), "PR_GET_SECCOMP returns %d", mode);
	check("filter mode", mode == 2, buf);
	pid = fork();
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
			_exit(1);
		_exit(syscall(SYS_getppid) == -1 && errno == EACCES ? 0 : 2);
	}
	waitpid(pid, &status, 0);
	check("a filter of its own stacks", WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      WIFEXITED(status) && WEXITSTATUS(status) == 1 ? "cannot install it" :
	      "installed");
	pid = fork();
	if (pid == 0)
		_exit(prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) == -1 ? errno : 0);
	waitpid(pid, &status, 0);
	snprintf(buf, sizeof(buf), "strict mode: %s",
		 WIFEXITED(status) ? ename(WEXITSTATUS(status)) : "killed");
	check("strict mode over the filter", WIFEXITED(status) && WEXITSTATUS(status) == EINVAL,
	      buf);
	return finish();
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *args;
} attacks[] = {
	{ "signal", do_signal, "PID..." },
	{ "pidfd-signal", do_pidfd_signal, "PIDFD..." },
	{ "pidfd-getfd", do_pidfd_getfd, "PIDFD..." },
	{ "pidfd-open", do_pidfd_open, "PID..." },
	{ "ptrace", do_ptrace, "PID..." },
	{ "vm", do_vm, "PID..." },
	{ "proc", do_proc, "PROCPIDDIR..." },
	{ "proc-lookup", do_proc_lookup, "PROCDIR PID..." },
	{ "virtual", do_virtual, "OWNXID [OTHERXID...]" },
	{ "chroot-break", do_chroot_break, "HOSTMARKER GUESTMARKER" },
	{ "dotdot", do_dotdot, "HOSTMARKER GUESTMARKER" },
	{ "proc-root", do_proc_root, "HOSTMARKER GUESTMARKER" },
	{ "fds", do_fds, "" },
	{ "handle-open", do_handle_open, "TYPE:HEX MOUNTDIR" },
	{ "mknod", do_mknod, "DIR" },
	{ "mount", do_mount, "PATH" },
	{ "write", do_write, "PATH DATA" },
	{ "open", do_open, "PATH..." },
	{ "pivot-root", do_pivot_root, "" },
	{ "caps", do_caps, "" },
	{ "capset", do_capset, "CAP..." },
	{ "setpcap", do_setpcap, "COPY" },
	{ "has-cap", do_has_cap, "CAP" },
	{ "bset-drop", do_bset_drop, "" },
	{ "module", do_module, "" },
	{ "settime", do_settime, "" },
	{ "keyctl", do_keyctl, "" },
	{ "kexec", do_kexec, "" },
	{ "userns", do_userns, "" },
	{ "unshare", do_unshare, "" },
	{ "setns", do_setns, "NSFD..." },
	{ "iopl", do_iopl, "" },
	{ "perf", do_perf, "" },
	{ "syslog", do_syslog, "" },
	{ "ctl", do_ctl, "DEV OWNXID OTHERXID" },
	{ "reboot", do_reboot, "restart|halt|poweroff|cad-on|cad-off" },
	{ "uptime", do_uptime, "" },
	{ "notify", do_notify, "STATE [PROG ARG...]" },
	{ "serve", do_serve, "SOCKPATH FDSPEC" },
	{ "find-pid", do_find_pid, "ARG..." },
	{ "pidns-child", do_pidns_child, "PID" },
	{ "handle-get", do_handle_get, "PATH" },
	{ "nosys", do_nosys, "" },
	{ "alg-key", do_alg_key, "" },
	{ "seccomp-stack", do_seccomp_stack, "" },
};

static void usage(void)
{
	size_t i;

	fprintf(stderr, "usage: vs-escape [-H] [-e ERRNO[,ERRNO...]] [-s SIGNAL] ATTACK [ARG...]\n");
	for (i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++)
		fprintf(stderr, "  %s %s\n", attacks[i].name, attacks[i].args);
	exit(2);
}

int main(int argc, char **argv)
{
	size_t i;
	int opt;

	while ((opt = getopt(argc, argv, "+He:s:")) != -1) {
		switch (opt) {
		case 'H':
			host_mode = true;
			break;
		case 'e':
			expect_opt = optarg;
			break;
		case 's':
			sig = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	for (i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		if (!strcmp(argv[optind], attacks[i].name)) {
			attack = attacks[i].name;
			return attacks[i].run(argc - optind - 1, argv + optind + 1);
		}
	}
	usage();
}
