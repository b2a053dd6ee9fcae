// SPDX-License-Identifier: GPL-2.0
/*
 * vserver-init: pid 1 of a sysv-style guest.  The vserver binary, copied
 * into a sealed memfd by the supervisor (lib/boot.c) and executed from it
 * as "vserver-init", so the guest never sees (and can never overwrite
 * through /proc/1/exe) the host's /usr/sbin/vserver.  It runs the guest's
 * rc scripts and reaps orphans.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "boot.h"
#include "compiler.h"
#include "config.h"
#include "err.h"
#include "ns.h"
#include "pwdutils.h"
#include "subcommands.h"

static volatile sig_atomic_t got_sig;

static void note_signal(int sig)
{
	got_sig = sig;	/* handlers make pid 1 receive them at all */
}

static pid_t spawn_rc(const char *level)
{
	static const char *const rcs[] = { "/etc/init.d/rc", "/etc/rc.d/rc" };
	pid_t pid = fork();
	size_t i;

	if (pid != 0)
		return pid;
	vs_signals_default();
	for (i = 0; i < ARRAY_SIZE(rcs); i++) {
		char *argv[] = { (char *)rcs[i], (char *)level, NULL };

		execve(rcs[i], argv, vs_guest_env);
	}
	fprintf(stderr, "vserver-init: cannot execute /etc/init.d/rc %s: %s\n", level,
		strerror(errno));
	_exit(127);
}

/*
 * pid 1 of a sysv-style guest: set the guest up (as pid 1 of a plain guest
 * does), run "rc RUNLEVEL", reap every orphan, and on SIGTERM or SIGPWR run
 * "rc 0" and end, which ends the guest.
 */
int vserver_init_main(int argc, char *argv[])
{
	struct sigaction sa = { .sa_handler = note_signal };
	struct vs_guest g;
	struct vs_err err = { .msg = "" };
	sigset_t set, old;
	pid_t rc, shutdown_rc = 0;
	unsigned long xid, fd[3];
	int errfd, ctlfd, console, status, sig;

	if (argc != 10 || strcmp(argv[1], "--boot")) {
		fputs("vserver-init: run by 'vserver NAME start' only\n", stderr);
		return 2;
	}
	/* The console is -1 when the supervisor has none. */
	if (!strcmp(argv[6], "-1"))
		fd[2] = (unsigned long)-1;
	else if (!vs_parse_id(argv[6], &fd[2]) || fd[2] > INT_MAX)
		fd[2] = 0;
	if (!vs_parse_id(argv[3], &xid) || !vs_parse_id(argv[4], &fd[0]) ||
	    !vs_parse_id(argv[5], &fd[1]) || fd[0] > INT_MAX || fd[1] > INT_MAX || !fd[2]) {
		fputs("vserver-init: bad context or descriptor number\n", stderr);
		return 2;
	}
	errfd = (int)fd[0];
	ctlfd = (int)fd[1];
	console = fd[2] == (unsigned long)-1 ? -1 : (int)fd[2];
	fcntl(errfd, F_SETFD, FD_CLOEXEC);
	prctl(PR_SET_NAME, "vserver-init");
	/* Only our own copy: what /proc/1/environ shows is the block execve gave us. */
	if (setenv("VSERVER_CONFDIR", argv[8], 1) < 0 || setenv("VSERVER_ROOTDIR", argv[9], 1) < 0)
		fputs("vserver-init: cannot set the configuration directories\n", stderr);
	if (vs_guest_load(argv[2], &g, &err) < 0 ||
	    vs_pid1_enter(&g, ctlfd, (unsigned int)xid, console, argv[7], -1, &err) < 0)
		vs_child_fail(errfd, &err);
	close_range(3, ~0U, 0);	/* errfd among them: the supervisor reads EOF, "running" */

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGPWR);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	for (sig = 1; sig < NSIG; sig++)
		if (sigismember(&set, sig))
			sigaction(sig, &sa, NULL);
	sigprocmask(SIG_BLOCK, &set, &old);
	rc = spawn_rc(g.runlevel);
	for (;;) {
		pid_t pid;

		sig = sigwaitinfo(&set, NULL);
		if ((sig == SIGTERM || sig == SIGPWR) && !shutdown_rc)
			shutdown_rc = spawn_rc("0");
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			if (pid == rc && WIFEXITED(status) && WEXITSTATUS(status))
				fprintf(stderr, "vserver-init: rc %s exited with status %d\n",
					g.runlevel, WEXITSTATUS(status));
			if (pid == shutdown_rc)
				return 0;
		}
		if (shutdown_rc < 0)
			return 0;	/* could not even fork: end anyway */
	}
}
