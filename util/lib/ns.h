/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Namespaces: a new time namespace for a starting guest, and joining a
 * running guest (its namespaces, root, seccomp filter and context), with
 * the clean signal state and environment a process in a guest starts with.
 */
#ifndef VS_NS_H
#define VS_NS_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "err.h"

/* Time namespace */

/*
 * The CLOCK_BOOTTIME offset that makes a new time namespace start at zero
 * uptime: minus @now, with tv_nsec normalised to 0..999999999.
 */
void vs_boottime_offset(const struct timespec *now, struct timespec *offset);
/*
 * unshare(CLONE_NEWTIME) and set that offset; the caller's children get
 * the new namespace.  Safe to call again for another one.
 */
int vs_timens_new(struct vs_err *err);

/* Running guests */

struct vs_attach {
	unsigned int xid;
	pid_t init_pid;		/* in the host's pid namespace */
	int pidfd;		/* of the init */
	int rootfd;		/* the init's root directory */
	int ctlfd;		/* /dev/vserver */
	int cgroup_dir;		/* its cgroup's directory, opened in the host; -1: none */
};

/*
 * Find the running guest NAME: 1 with @a filled, 0 if it does not run, -1
 * with @err set.  The init is pinned by a pidfd and checked again after,
 * so a recycled pid is never joined.
 */
int vs_guest_attach(const char *name, struct vs_attach *a, struct vs_err *err);
void vs_guest_detach(struct vs_attach *a);
/*
 * Join the guest's namespaces but its cgroup namespace, and its root.  The
 * pid and time namespaces apply to the children of the caller only: it
 * must fork after this.
 */
int vs_guest_join(const struct vs_attach *a, struct vs_err *err);
/* The last steps into the guest: the seccomp filter, then the context. */
int vs_guest_migrate(int ctlfd, unsigned int xid, bool init, struct vs_err *err);
/*
 * The resource limits a process in a guest starts with: RLIMIT_NPROC
 * counts per uid, and uids are shared by the host and every guest, so it
 * is lifted (the guest's cgroup limits its tasks).
 */
int vs_guest_rlimits(struct vs_err *err);
/*
 * The last namespace, in the child the caller forked into the guest's
 * cgroup (vs_cgroup_fork() with @a->cgroup_dir): the guest's cgroup
 * namespace.  The caller cannot join it before the fork: with nsdelegate,
 * a fork into a cgroup is refused from a namespace that does not hold the
 * forking task's own cgroup.
 */
int vs_guest_join_cgroupns(const struct vs_attach *a, struct vs_err *err);

/* The PATH every command in a guest starts with. */
#define VS_GUEST_PATH	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/*
 * The whole environment of every guest's init, whatever its style, and
 * of its rc scripts: nothing of whoever ran start.  container= is what
 * systemd and others look at to know they run in a container.
 */
extern char *const vs_guest_env[];

/* Signal dispositions and mask as a freshly exec'd program expects them. */
void vs_signals_default(void);

#endif /* VS_NS_H */
