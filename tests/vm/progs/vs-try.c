// SPDX-License-Identifier: GPL-2.0
/*
 * vs-try: try one operation on another task and print "ok" or the errno
 * name; exits 0 either way (1 for a usage error), so the tests compare the
 * output.  The isolation tests run it inside and outside contexts.
 *
 *   vs-try kill PID                   kill(PID, 0)
 *   vs-try pidfd-open PID
 *   vs-try ptrace PID                 PTRACE_ATTACH (detaches again)
 *   vs-try vm-read PID ADDR           process_vm_readv of one byte
 *   vs-try proc PID                   open /proc/PID/status
 *   vs-try reboot                     reboot(CAD_OFF): harmless if allowed
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static int report(long ret)
{
	puts(ret < 0 ? strerrorname_np(errno) : "ok");
	return 0;
}

int main(int argc, char **argv)
{
	pid_t pid;

	if (argc < 2)
		return 1;
	if (!strcmp(argv[1], "reboot"))
		return report(reboot(RB_DISABLE_CAD));
	if (argc < 3)
		return 1;
	pid = atoi(argv[2]);
	if (!strcmp(argv[1], "kill"))
		return report(kill(pid, 0));
	if (!strcmp(argv[1], "pidfd-open"))
		return report(syscall(SYS_pidfd_open, pid, 0));
	if (!strcmp(argv[1], "ptrace")) {
		long ret = ptrace(PTRACE_ATTACH, pid, 0, 0);

		if (ret == 0) {
			waitpid(pid, NULL, __WALL);
			ptrace(PTRACE_DETACH, pid, 0, 0);
		}
		return report(ret);
	}
	if (!strcmp(argv[1], "vm-read") && argc == 4) {
		char byte;
		struct iovec local = { &byte, 1 };
		struct iovec remote = { (void *)strtoul(argv[3], NULL, 0), 1 };

		return report(process_vm_readv(pid, &local, 1, &remote, 1, 0));
	}
	if (!strcmp(argv[1], "proc")) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/status", pid);
		return report(open(path, O_RDONLY));
	}
	return 1;
}
