// SPDX-License-Identifier: GPL-2.0
/* Namespaces: a new time namespace, and joining a running guest. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "ctl.h"
#include "err.h"
#include "kernel.h"
#include "ns.h"
#include "runtime.h"
#include "seccomp.h"

/* Time namespace */

void vs_boottime_offset(const struct timespec *now, struct timespec *offset)
{
	offset->tv_sec = -now->tv_sec;
	offset->tv_nsec = 0;
	if (now->tv_nsec > 0) {
		offset->tv_sec -= 1;
		offset->tv_nsec = 1000000000L - now->tv_nsec;
	}
}

int vs_timens_new(struct vs_err *err)
{
	struct timespec now, off;
	char text[64];
	int fd, len;

	if (unshare(CLONE_NEWTIME) < 0) {
		vs_err_set(err, "cannot create a time namespace: %s", strerror(errno));
		return -1;
	}
	/*
	 * Read the clock as late as possible: the kernel refuses an offset that
	 * makes the namespace's clock negative, and -(now) leaves it at the
	 * few microseconds that passed since.
	 */
	fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		vs_err_set(err, "cannot open /proc/self/timens_offsets: %s", strerror(errno));
		return -1;
	}
	clock_gettime(CLOCK_BOOTTIME, &now);
	vs_boottime_offset(&now, &off);
	len = snprintf(text, sizeof(text), "boottime %lld %ld\n", (long long)off.tv_sec,
		       (long)off.tv_nsec);
	if (write(fd, text, (size_t)len) != len) {
		vs_err_set(err, "cannot set the uptime of the time namespace: %s",
			   strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Signal dispositions and mask as a freshly exec'd program expects them. */
void vs_signals_default(void)
{
	sigset_t none;
	int sig;

	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Running guests */

int vs_guest_attach(const char *name, struct vs_attach *a, struct vs_err *err)
{
	struct vs_ctx_info info, again;
	struct pollfd pfd;
	char path[64];
	int sup, ret;

	a->pidfd = a->rootfd = a->ctlfd = a->cgroup_dir = -1;
	ret = vs_runtime_read(name, &a->xid, &sup, err);
	if (ret <= 0)
		return ret;
	a->ctlfd = vs_ctl_open(NULL, err);
	if (a->ctlfd < 0)
		return -1;
	if (vs_ctx_info(a->ctlfd, a->xid, &info, err) < 0) {
		ret = errno == ESRCH ? 0 : -1;
		goto fail;
	}
	ret = 0;
	if (info.state != VS_CTX_STATE_RUNNING || !info.init_pid)
		goto fail;
	a->init_pid = (pid_t)info.init_pid;
	a->pidfd = pidfd_open(a->init_pid, 0);
	if (a->pidfd < 0)
		goto fail;
	snprintf(path, sizeof(path), "/proc/%d/root", (int)a->init_pid);
	a->rootfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (a->rootfd < 0)
		goto fail;
	/* The pidfd pins the process; is it still the init we were told about? */
	pfd.fd = a->pidfd;
	pfd.events = POLLIN;
	if (vs_ctx_info(a->ctlfd, a->xid, &again, err) < 0 || again.init_pid != info.init_pid ||
	    poll(&pfd, 1, 0) != 0)
		goto fail;
	/* A guest started by tools from before limits has no cgroup: still joined. */
	a->cgroup_dir = vs_cgroup_open(name, err);
	if (a->cgroup_dir == -1) {
		ret = -1;
		goto fail;
	}
	return 1;
fail:
	vs_guest_detach(a);
	return ret;
}

void vs_guest_detach(struct vs_attach *a)
{
	if (a->pidfd >= 0)
		close(a->pidfd);
	if (a->rootfd >= 0)
		close(a->rootfd);
	if (a->ctlfd >= 0)
		close(a->ctlfd);
	if (a->cgroup_dir >= 0)
		close(a->cgroup_dir);
	a->pidfd = a->rootfd = a->ctlfd = a->cgroup_dir = -1;
}

int vs_guest_join(const struct vs_attach *a, struct vs_err *err)
{
	/* The network namespace too: the host's, unless the guest has its own (netns). */
	if (setns(a->pidfd, CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID |
		  CLONE_NEWTIME | CLONE_NEWNET) < 0) {
		vs_err_set(err, "cannot join its namespaces: %s", strerror(errno));
		return -1;
	}
	/* The init's root: the namespace's own after pivot_root, the chroot otherwise. */
	if (fchdir(a->rootfd) < 0 || chroot(".") < 0 || chdir("/") < 0) {
		vs_err_set(err, "cannot change to its root: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int vs_guest_rlimits(struct vs_err *err)
{
	const struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };

	if (setrlimit(RLIMIT_NPROC, &unlimited) < 0) {
		vs_err_set(err, "cannot lift RLIMIT_NPROC: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int vs_guest_join_cgroupns(const struct vs_attach *a, struct vs_err *err)
{
	if (setns(a->pidfd, CLONE_NEWCGROUP) < 0) {
		vs_err_set(err, "cannot join its cgroup namespace: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int vs_guest_migrate(int ctlfd, unsigned int xid, bool init, struct vs_err *err)
{
	/* Before the migrate: installing a filter without no_new_privs needs CAP_SYS_ADMIN. */
	if (vs_seccomp_install(err) < 0)
		return -1;
	return vs_ctx_migrate(ctlfd, xid, init ? VS_CTX_MIGRATE_INIT : 0, err);
}

char *const vs_guest_env[] = {
	(char *)"PATH=" VS_GUEST_PATH,
	(char *)"TERM=linux",
	(char *)"HOME=/",
	(char *)"container=vserver",
	NULL
};
