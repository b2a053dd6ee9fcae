// SPDX-License-Identifier: GPL-2.0
/*
 * vs-try: try one operation and print "ok" (or what it read) or the errno
 * name; exits 0 either way (1 for a usage error), so the tests compare the
 * output.  The isolation tests run it inside and outside contexts.
 *
 * On another task:
 *   vs-try kill PID                   kill(PID, 0)
 *   vs-try kill-pgrp PGID             kill(-PGID, 0)
 *   vs-try tkill PID                  tgkill(PID, PID, 0)
 *   vs-try pidfd-open PID
 *   vs-try ptrace PID                 PTRACE_ATTACH (detaches again)
 *   vs-try vm-read PID ADDR           process_vm_readv of one byte
 *   vs-try proc PID                   open /proc/PID/status
 *   vs-try environ PID                read /proc/PID/environ
 *   vs-try exe PID                    open /proc/PID/exe
 *   vs-try prlimit PID                prlimit64(RLIMIT_NOFILE), read only
 *   vs-try setpriority PID NICE       setpriority(PRIO_PROCESS)
 *   vs-try setpriority-pgrp PGID NICE
 *   vs-try setpriority-user UID NICE  (ok even if it reached nobody)
 *   vs-try affinity PID               sched_setaffinity to its own mask
 *   vs-try scheduler PID              sched_setscheduler(SCHED_OTHER)
 *   vs-try ioprio PID                 ioprio_set(best effort, 4)
 *   vs-try ioprio-user UID            ioprio_set(best effort, 6) for every task of UID
 *   vs-try ioprio-get PID             prints the raw I/O priority
 *   vs-try capget PID
 *   vs-try setown PID                 F_SETOWN of a pipe to PID
 *   vs-try setown-ex PID              F_SETOWN_EX (F_OWNER_PID)
 * On files:
 *   vs-try open PATH r|w|rw
 *   vs-try openat FD PATH r|w|rw      relative to an inherited directory fd
 *   vs-try lease PATH                 F_SETLEASE F_RDLCK on a read-only open
 *   vs-try flock PATH                 flock(LOCK_SH | LOCK_NB)
 *   vs-try posix-lock PATH            F_SETLK read lock
 *   vs-try ofd-lock PATH              F_OFD_SETLK read lock
 *   vs-try inotify PATH               inotify_add_watch(IN_OPEN)
 *   vs-try project PATH               prints the project id (FS_IOC_FSGETXATTR)
 *   vs-try set-project PATH ID        FS_IOC_FSSETXATTR with project id ID
 *   vs-try no-inherit PATH            FS_IOC_FSSETXATTR without FS_XFLAG_PROJINHERIT
 *   vs-try chattr-no-inherit PATH     FS_IOC_SETFLAGS without FS_PROJINHERIT_FL
 * Keys:
 *   vs-try add-key                    a "user" key in the user keyring; prints its serial
 *   vs-try describe-key SERIAL        keyctl(KEYCTL_DESCRIBE)
 *   vs-try alg-key SERIAL             AF_ALG ecb(aes) ALG_SET_KEY_BY_KEY_SERIAL
 * Limits:
 *   vs-try fork-hold N SECONDS        fork up to N children that sleep SECONDS;
 *                                     prints "K ERRNO" (K forked, ERRNO of the
 *                                     refusal or "ok"), then waits for them
 *   vs-try cgns-write PID FILE VALUE  write VALUE to FILE (a host path) from
 *                                     PID's cgroup namespace
 *   vs-try sysinfo                    prints sysinfo(2)'s "totalram freeram
 *                                     totalswap procs", memory in bytes
 *   vs-try loads                      sysinfo(2)'s 1-minute load, times 100
 *   vs-try files-hold N SECONDS       open /dev/null up to N times, print "K ERRNO"
 *                                     as fork-hold does, hold them SECONDS
 *   vs-try sockets-hold N SECONDS     the same with AF_UNIX datagram sockets
 *   vs-try accept                     a unix stream listener and one client
 *                                     (two sockets), then accept(): its errno
 * Else:
 *   vs-try reboot                     reboot(CAD_OFF): harmless if allowed
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/inotify.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/if_alg.h>
#include <linux/ioprio.h>
#include <linux/keyctl.h>

#ifndef SOL_ALG
#define SOL_ALG 279
#endif
#ifndef ALG_SET_KEY_BY_KEY_SERIAL
#define ALG_SET_KEY_BY_KEY_SERIAL 7
#endif

static int report(long ret)
{
	puts(ret < 0 ? strerrorname_np(errno) : "ok");
	return 0;
}

static int open_flags(const char *how)
{
	if (!strcmp(how, "w"))
		return O_WRONLY;
	if (!strcmp(how, "rw"))
		return O_RDWR;
	return O_RDONLY;
}

static int on_task(const char *op, pid_t pid, int argc, char **argv)
{
	char path[64];

	if (!strcmp(op, "kill"))
		return report(kill(pid, 0));
	if (!strcmp(op, "kill-pgrp"))
		return report(kill(-pid, 0));
	if (!strcmp(op, "tkill"))
		return report(syscall(SYS_tgkill, pid, pid, 0));
	if (!strcmp(op, "pidfd-open"))
		return report(syscall(SYS_pidfd_open, pid, 0));
	if (!strcmp(op, "ptrace")) {
		long ret = ptrace(PTRACE_ATTACH, pid, 0, 0);

		if (ret == 0) {
			waitpid(pid, NULL, __WALL);
			ptrace(PTRACE_DETACH, pid, 0, 0);
		}
		return report(ret);
	}
	if (!strcmp(op, "vm-read") && argc == 4) {
		char byte;
		struct iovec local = { &byte, 1 };
		struct iovec remote = { (void *)strtoul(argv[3], NULL, 0), 1 };

		return report(process_vm_readv(pid, &local, 1, &remote, 1, 0));
	}
	if (!strcmp(op, "proc")) {
		snprintf(path, sizeof(path), "/proc/%d/status", pid);
		return report(open(path, O_RDONLY));
	}
	if (!strcmp(op, "environ")) {
		char buf[256];
		int fd;

		snprintf(path, sizeof(path), "/proc/%d/environ", pid);
		fd = open(path, O_RDONLY);
		return report(fd < 0 ? -1 : read(fd, buf, sizeof(buf)));
	}
	if (!strcmp(op, "exe")) {
		snprintf(path, sizeof(path), "/proc/%d/exe", pid);
		return report(open(path, O_RDONLY));
	}
	if (!strcmp(op, "prlimit")) {
		struct rlimit old;

		return report(prlimit(pid, RLIMIT_NOFILE, NULL, &old));
	}
	if (!strcmp(op, "setpriority") && argc == 4)
		return report(setpriority(PRIO_PROCESS, pid, atoi(argv[3])));
	if (!strcmp(op, "setpriority-pgrp") && argc == 4)
		return report(setpriority(PRIO_PGRP, pid, atoi(argv[3])));
	if (!strcmp(op, "setpriority-user") && argc == 4)
		return report(setpriority(PRIO_USER, pid, atoi(argv[3])));
	if (!strcmp(op, "affinity")) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(0, &set);
		return report(sched_setaffinity(pid, sizeof(set), &set));
	}
	if (!strcmp(op, "scheduler")) {
		struct sched_param param = { 0 };

		return report(sched_setscheduler(pid, SCHED_OTHER, &param));
	}
	if (!strcmp(op, "ioprio"))
		return report(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, pid,
				      IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)));
	if (!strcmp(op, "ioprio-user"))
		return report(syscall(SYS_ioprio_set, IOPRIO_WHO_USER, pid,
				      IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 6)));
	if (!strcmp(op, "ioprio-get")) {
		long ret = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, pid);

		if (ret < 0)
			return report(ret);
		printf("%ld\n", ret);
		return 0;
	}
	if (!strcmp(op, "capget")) {
		struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, pid };
		struct __user_cap_data_struct data[2];

		return report(syscall(SYS_capget, &hdr, data));
	}
	if (!strcmp(op, "setown") || !strcmp(op, "setown-ex")) {
		struct f_owner_ex owner = { F_OWNER_PID, pid };
		int fds[2];

		if (pipe(fds) < 0)
			return report(-1);
		if (!strcmp(op, "setown"))
			return report(fcntl(fds[0], F_SETOWN, pid));
		return report(fcntl(fds[0], F_SETOWN_EX, &owner));
	}
	return 1;
}

static int on_file(const char *op, const char *file, int argc, char **argv)
{
	struct flock lock = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	int fd;

	if (!strcmp(op, "open"))
		return report(open(file, open_flags(argc > 3 ? argv[3] : "r")));
	if (!strcmp(op, "inotify")) {
		fd = inotify_init1(IN_CLOEXEC);
		return report(fd < 0 ? -1 : inotify_add_watch(fd, file, IN_OPEN));
	}
	fd = open(file, O_RDONLY);
	if (fd < 0)
		return report(fd);
	if (!strcmp(op, "lease"))
		return report(fcntl(fd, F_SETLEASE, F_RDLCK));
	if (!strcmp(op, "flock"))
		return report(flock(fd, LOCK_SH | LOCK_NB));
	if (!strcmp(op, "posix-lock"))
		return report(fcntl(fd, F_SETLK, &lock));
	if (!strcmp(op, "ofd-lock"))
		return report(fcntl(fd, F_OFD_SETLK, &lock));
	if (!strcmp(op, "chattr-no-inherit")) {
		int flags;

		if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0)
			return report(-1);
		flags &= ~FS_PROJINHERIT_FL;
		return report(ioctl(fd, FS_IOC_SETFLAGS, &flags));
	}
	if (!strcmp(op, "project") || !strcmp(op, "set-project") || !strcmp(op, "no-inherit")) {
		struct fsxattr fa;

		if (ioctl(fd, FS_IOC_FSGETXATTR, &fa) < 0)
			return report(-1);
		if (!strcmp(op, "project")) {
			printf("%u\n", fa.fsx_projid);
			return 0;
		}
		if (!strcmp(op, "set-project") && argc > 3)
			fa.fsx_projid = (unsigned int)atoi(argv[3]);
		else
			fa.fsx_xflags &= ~FS_XFLAG_PROJINHERIT;
		return report(ioctl(fd, FS_IOC_FSSETXATTR, &fa));
	}
	return 1;
}

static int on_key(const char *op, int argc, char **argv)
{
	static const char aes_key[16] = "0123456789abcdef";
	int serial = argc > 2 ? atoi(argv[2]) : 0;

	if (!strcmp(op, "add-key")) {
		long ret = syscall(SYS_add_key, "user", "vs-try", aes_key, sizeof(aes_key),
				   KEY_SPEC_USER_KEYRING);

		if (ret < 0)
			return report(ret);
		printf("%ld\n", ret);
		return 0;
	}
	if (!strcmp(op, "describe-key")) {
		char buf[256];

		return report(syscall(SYS_keyctl, KEYCTL_DESCRIBE, serial, buf, sizeof(buf)));
	}
	if (!strcmp(op, "alg-key")) {
		struct sockaddr_alg sa = { .salg_family = AF_ALG };
		int fd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

		strcpy((char *)sa.salg_type, "skcipher");
		strcpy((char *)sa.salg_name, "ecb(aes)");
		if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			return report(-1);
		return report(setsockopt(fd, SOL_ALG, ALG_SET_KEY_BY_KEY_SERIAL, &serial,
					 sizeof(serial)));
	}
	return 1;
}

static int on_limit(const char *op, int argc, char **argv)
{
	if (!strcmp(op, "fork-hold") && argc == 4) {
		int n = atoi(argv[2]), secs = atoi(argv[3]), k, err = 0;

		for (k = 0; k < n; k++) {
			pid_t pid = fork();

			if (pid == 0) {
				sleep((unsigned int)secs);
				_exit(0);
			}
			if (pid < 0) {
				err = errno;
				break;
			}
		}
		printf("%d %s\n", k, err ? strerrorname_np(err) : "ok");
		fflush(stdout);
		while (wait(NULL) > 0)
			;
		return 0;
	}
	if ((!strcmp(op, "files-hold") || !strcmp(op, "sockets-hold")) && argc == 4) {
		int n = atoi(argv[2]), secs = atoi(argv[3]), k, err = 0;
		struct rlimit rl;

		/* Past the usual 1024 descriptors: the guest's limit is what counts. */
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
		for (k = 0; k < n; k++) {
			int fd = op[0] == 'f' ? open("/dev/null", O_RDONLY | O_CLOEXEC) :
				 socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

			if (fd < 0) {
				err = errno;
				break;
			}
		}
		printf("%d %s\n", k, err ? strerrorname_np(err) : "ok");
		fflush(stdout);
		sleep((unsigned int)secs);
		return 0;
	}
	if (!strcmp(op, "cgns-write") && argc == 5) {
		char path[64];
		int ns, fd;

		snprintf(path, sizeof(path), "/proc/%s/ns/cgroup", argv[2]);
		ns = open(path, O_RDONLY | O_CLOEXEC);
		if (ns < 0 || setns(ns, CLONE_NEWCGROUP) < 0)
			return report(-1);
		fd = open(argv[3], O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			return report(-1);
		return report(write(fd, argv[4], strlen(argv[4])));
	}
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 1;
	if (!strcmp(argv[1], "reboot"))
		return report(reboot(RB_DISABLE_CAD));
	if (!strcmp(argv[1], "sysinfo")) {
		struct sysinfo si;

		if (sysinfo(&si) < 0)
			return report(-1);
		printf("%llu %llu %llu %u\n", (unsigned long long)si.totalram * si.mem_unit,
		       (unsigned long long)si.freeram * si.mem_unit,
		       (unsigned long long)si.totalswap * si.mem_unit, (unsigned int)si.procs);
		return 0;
	}
	if (!strcmp(argv[1], "loads")) {
		struct sysinfo si;

		if (sysinfo(&si) < 0)
			return report(-1);
		printf("%lu\n", si.loads[0] * 100 / (1UL << SI_LOAD_SHIFT));
		return 0;
	}
	if (!strcmp(argv[1], "accept")) {
		struct sockaddr_un addr = { .sun_family = AF_UNIX };
		socklen_t len;
		int l, c;

		/* An abstract name of our own: "\0vs-try-PID". */
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
				  (size_t)snprintf(addr.sun_path + 1, sizeof(addr.sun_path) - 1,
						   "vs-try-%d", (int)getpid()));
		l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (l < 0 || c < 0 || bind(l, (struct sockaddr *)&addr, len) < 0 ||
		    listen(l, 1) < 0 || connect(c, (struct sockaddr *)&addr, len) < 0) {
			printf("setup %s\n", strerrorname_np(errno));
			return 0;
		}
		return report(accept4(l, NULL, NULL, SOCK_CLOEXEC));
	}
	if (!strcmp(argv[1], "add-key") || !strcmp(argv[1], "describe-key") ||
	    !strcmp(argv[1], "alg-key"))
		return on_key(argv[1], argc, argv);
	if (argc < 3)
		return 1;
	if (!strcmp(argv[1], "fork-hold") || !strcmp(argv[1], "cgns-write") ||
	    !strcmp(argv[1], "files-hold") || !strcmp(argv[1], "sockets-hold"))
		return on_limit(argv[1], argc, argv);
	if (!strcmp(argv[1], "openat") && argc >= 4) {
		int dirfd = atoi(argv[2]);

		return report(openat(dirfd, argv[3], open_flags(argc > 4 ? argv[4] : "r")));
	}
	if (!strcmp(argv[1], "open") || !strcmp(argv[1], "inotify") ||
	    !strcmp(argv[1], "lease") || !strcmp(argv[1], "flock") ||
	    !strcmp(argv[1], "posix-lock") || !strcmp(argv[1], "ofd-lock") ||
	    !strcmp(argv[1], "project") || !strcmp(argv[1], "set-project") ||
	    !strcmp(argv[1], "no-inherit") || !strcmp(argv[1], "chattr-no-inherit"))
		return on_file(argv[1], argv[2], argc, argv);
	return on_task(argv[1], atoi(argv[2]), argc, argv);
}
