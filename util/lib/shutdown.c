// SPDX-License-Identifier: GPL-2.0
/*
 * Stopping a guest (stop, restart): shut it down, then apply its kill sequence,
 * and always end with no task left in its context.
 *
 * The supervisor is told first (SIGTERM) so that the init's end is not
 * taken for a reboot, with the mark .NAME.stopping in the run directory
 * beside it: a SIGTERM without the mark comes from outside (systemd, kill),
 * and the supervisor then has the guest stopped the same way.  Then the
 * guest shuts down on its own: a plain guest runs its halt command
 * (apps/init/cmd.stop, default /sbin/halt), the vserver-init of a sysv
 * guest gets SIGTERM and runs "rc 0", and systemd gets SIGRTMIN+3, its
 * container manager's request to power off.  Whatever is left after the
 * first wait of the kill sequence is signalled by it (apps/init/killseq,
 * default "TERM 10 KILL"), then killed outright.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "config.h"
#include "ctl.h"
#include "err.h"
#include "kernel.h"
#include "netif.h"
#include "ns.h"
#include "run.h"
#include "runtime.h"
#include "shutdown.h"

/* Ask the guest to shut itself down; the pid of a helper to reap, or 0. */
static pid_t shutdown_guest(const char *name, const struct vs_guest *g)
{
	static const struct vs_run_opts quiet = { .what = "stop", .quiet = true, .no_passwd = true };
	struct vs_attach a;
	struct vs_err err = { .msg = "" };
	pid_t pid = 0;

	if (vs_guest_attach(name, &a, &err) != 1)
		return 0;
	if (g->init_style != VS_INIT_PLAIN) {
		/* The init alone: any other task would take SIGRTMIN+3 as the end. */
		int sig = g->init_style == VS_INIT_SYSV ? SIGTERM : SIGRTMIN + 3;

		if (pidfd_send_signal(a.pidfd, sig, NULL, 0) < 0)
			fprintf(stderr, "vserver: cannot signal the init of guest %s: %s\n", name,
				strerror(errno));
	} else {
		pid = vs_guest_run_async(name, &a, g->stop_argv, &quiet);
	}
	vs_guest_detach(&a);
	return pid > 0 ? pid : 0;
}

/* Wait up to @ms for the process behind @pidfd to end: 1 ended, 0 not. */
static int wait_pidfd(int pidfd, int ms)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
	int n;

	do
		n = poll(&pfd, 1, ms);
	while (n < 0 && errno == EINTR);
	return n != 0;
}

/*
 * No runtime file, but the guest's static context exists, in setup and
 * empty: a start was killed before its supervisor ran.  Remove it; 1 if so.
 * The device is opened directly: no module, no context.
 */
static int remove_orphan(unsigned int xid)
{
	struct vs_ctx_info info;
	struct vs_err err = { .msg = "" };
	int fd = open(VS_DEVICE_PATH, O_RDWR | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return 0;
	if (vs_ctx_info(fd, xid, &info, &err) == 0 && info.state == VS_CTX_STATE_SETUP &&
	    !info.tasks)
		ret = vs_ctx_remove(fd, xid, &err) == 0;
	close(fd);
	return ret;
}

/* Reap the halt helper: its command died with the context; give it a moment. */
static void reap(pid_t pid)
{
	int i;

	for (i = 0; i < 50; i++) {
		if (waitpid(pid, NULL, WNOHANG) != 0)
			return;
		usleep(100000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static int stopping_path(char *path, size_t size, const char *name)
{
	return vs_run_path(path, size, ".", name, ".stopping");
}

bool vs_guest_stopping(const char *name)
{
	char path[PATH_MAX];

	return stopping_path(path, sizeof(path), name) == 0 && access(path, F_OK) == 0;
}

void vs_guest_stopping_clear(const char *name)
{
	char path[PATH_MAX];

	if (stopping_path(path, sizeof(path), name) == 0)
		unlink(path);
}

static void stopping_mark(const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (stopping_path(path, sizeof(path), name) < 0)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
}

/* @expect: the supervisor to stop the guest for, or 0 for any. */
static int guest_stop(const char *name, bool if_running, pid_t expect)
{
	struct vs_guest g;
	struct vs_err err = { .msg = "" };
	unsigned int xid;
	int lockfd, ctlfd = -1, sup, suppidfd = -1, ret, n;
	pid_t helper = 0;
	size_t i;

	memset(&g, 0, sizeof(g));
	signal(SIGCHLD, SIG_DFL);
	lockfd = vs_guest_lock(name, &err);
	if (lockfd < 0 || vs_guest_load(name, &g, &err) < 0)
		goto fail;
	ret = vs_runtime_read(name, &xid, &sup, &err);
	if (ret < 0)
		goto fail;
	if (ret == 0) {
		/* Not running, and we hold its lock: addresses of a killed start are stale. */
		vs_net_down(name);
		if (g.xid && remove_orphan(g.xid))
			goto done;
		if (if_running)
			goto done;
		vs_err_set(&err, "it is not running");
		goto fail;
	}
	/* Another supervisor (a new start) runs it now: not ours to stop. */
	if (expect && sup != expect)
		goto done;
	ctlfd = vs_ctl_open(NULL, &err);
	if (ctlfd < 0)
		goto fail;
	if (vs_supervisor_alive(sup))
		suppidfd = pidfd_open(sup, 0);
	if (suppidfd < 0) {
		/* Left over by a killed start or supervisor: just clean it up. */
		if (vs_ctx_terminate(ctlfd, xid, &err) < 0)
			goto fail;
		vs_net_down(name);
		vs_runtime_remove(name, 0);
		goto done;
	}
	/* From now on the init's end is the guest's end, never a reboot. */
	stopping_mark(name);
	kill(sup, SIGTERM);
	n = vs_ctx_tasks(ctlfd, xid, &err);
	if (n < 0)
		goto fail;
	if (n > 0) {
		helper = shutdown_guest(name, &g);
		ret = vs_ctx_wait_empty(ctlfd, xid,
					vs_killseq_first_wait(g.killseq, g.nkillseq) * 1000, &err);
		for (i = 0; ret == 0 && i < g.nkillseq; i++) {
			if (g.killseq[i].signal) {
				if (vs_ctx_kill(ctlfd, xid, g.killseq[i].signal, &err) < 0 &&
				    errno != ESRCH)
					goto fail;
			} else {
				ret = vs_ctx_wait_empty(ctlfd, xid, g.killseq[i].wait_s * 1000, &err);
			}
		}
		if (ret < 0)
			goto fail;
	}
	if (vs_ctx_terminate(ctlfd, xid, &err) < 0)
		goto fail;
	if (helper)
		reap(helper);
	/* The supervisor removes the runtime file and ends; give it a moment. */
	if (!wait_pidfd(suppidfd, 5000)) {
		fprintf(stderr, "vserver: the supervisor of guest %s does not end; killing it\n",
			name);
		kill(sup, SIGKILL);
		wait_pidfd(suppidfd, 1000);
	}
	close(suppidfd);
	suppidfd = -1;
	/* A reboot may have raced with us and made a new context: end that one too. */
	if (vs_runtime_read(name, &xid, NULL, &err) == 1) {
		if (vs_ctx_terminate(ctlfd, xid, &err) < 0)
			goto fail;
		vs_runtime_remove(name, 0);
	}
done:
	/* Whoever made it (a killed start, a supervisor killed above) may not have removed it. */
	if (vs_cgroup_remove(name, &err) < 0)
		goto fail;
	vs_guest_stopping_clear(name);
	if (ctlfd >= 0)
		close(ctlfd);
	vs_guest_free(&g);
	close(lockfd);
	return 0;
fail:
	fprintf(stderr, "vserver: cannot stop guest %s: %s\n", name, err.msg);
	if (lockfd >= 0)
		vs_guest_stopping_clear(name);
	if (helper)
		reap(helper);
	if (suppidfd >= 0)
		close(suppidfd);
	if (ctlfd >= 0)
		close(ctlfd);
	vs_guest_free(&g);
	if (lockfd >= 0)
		close(lockfd);
	return 1;
}

int vs_guest_stop(const char *name, bool if_running)
{
	return guest_stop(name, if_running, 0);
}

int vs_guest_stop_for(const char *name, pid_t supervisor)
{
	return guest_stop(name, true, supervisor);
}
