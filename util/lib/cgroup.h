/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest's cgroup: where the controllers enforce its limits.
 *
 *   <cgroup2 mount>/vserver/            VS_CGROUP_BASE; no tasks of its own
 *   <cgroup2 mount>/vserver/NAME/       the guest's limits and all its tasks:
 *                                       the root of its cgroup namespace
 *
 * One level per guest, so that the guest sees its own memory.max, cpu.max
 * and pids.max at the top of its /sys/fs/cgroup, where runtimes look.  It
 * cannot write them: the host's cgroup2 is mounted with nsdelegate, and
 * then the kernel refuses writes to a namespace root's files from inside
 * the namespace (cgroup.procs, cgroup.threads and cgroup.subtree_control
 * excepted), and every task move that starts or ends outside it.  Without
 * nsdelegate nothing starts.
 */
#ifndef VS_CGROUP_H
#define VS_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"
#include "limitconf.h"

#define VS_CGROUP_BASE		"vserver"
#define VS_CPU_PERIOD_US	100000ULL	/* cpu.max's period */

/*
 * The guest's cgroup directory, "<mount>/vserver/NAME"; checks that the
 * host's cgroup2 is mounted with nsdelegate.
 */
int vs_cgroup_path(const char *name, char *path, size_t size, struct vs_err *err);

/*
 * Make NAME's cgroup with @limits applied (a leftover one without tasks
 * is replaced: fresh counters).  On failure nothing is left behind.
 */
int vs_cgroup_create(const char *name, const struct vs_limits *limits, struct vs_err *err);

/*
 * Can the limits in @only (a bit per enum vs_limit_id) be applied to NAME
 * at all: supported, a cpu cap the kernel takes, a block device under the
 * guest root for io.read and io.write?  Nothing is written.
 */
int vs_cgroup_check(const char *name, const struct vs_limits *limits, uint64_t only,
		    struct vs_err *err);

/*
 * Apply the limits of @limits whose source is not VS_LIMIT_UNSET, those
 * in @only (a bit per enum vs_limit_id; ~0 for all), to NAME's cgroup, at
 * once to its running tasks.  All or nothing: after a failure the files
 * written before it hold their old values again.
 */
int vs_cgroup_apply(const char *name, const struct vs_limits *limits, uint64_t only,
		    struct vs_err *err);

/*
 * NAME's cgroup directory, open for vs_cgroup_fork().  -2 if NAME has no
 * cgroup (started by tools that made none), -1 with @err set.
 */
int vs_cgroup_open(const char *name, struct vs_err *err);
/*
 * fork(), with the child born in the cgroup of @cgfd (clone3 with
 * CLONE_INTO_CGROUP): moving a running task instead takes the cgroup
 * threadgroup lock for writing, an RCU grace period, tens of ms on an
 * idle machine.  -1 with errno.
 */
pid_t vs_cgroup_fork(int cgfd);
/*
 * The same for a command run in a running guest (exec, enter): where the
 * guest's systemd has enabled controllers in its root cgroup, which may
 * then hold no process, the child goes to the leaf VS_CGROUP_EXEC_LEAF
 * below it, made if need be.
 */
#define VS_CGROUP_EXEC_LEAF	"vserver-exec"
pid_t vs_cgroup_fork_guest(int cgfd);

/*
 * A systemd guest manages the cgroups below its own (its cgroup namespace
 * root, where nsdelegate keeps the limits out of its reach): cap how many
 * it may make.  -1 with @err set.
 */
int vs_cgroup_delegate(const char *name, struct vs_err *err);
/*
 * Before a reboot of the guest: the cgroups its last boot made below its
 * own go, and its own gives its children no controller, so that the next
 * init can be born in it.  -1 with @err set.
 */
int vs_cgroup_reset(const char *name, struct vs_err *err);

/*
 * Where start puts NAME's cgroup, before vs_cgroup_create(): below
 * /sys/fs/cgroup/vserver, or, for start --foreground under systemd
 * (vserver@.service, Delegate=yes), below our own cgroup, as systemd's
 * delegation rules ask.  Then we move to SERVICE/supervisor (a cgroup that
 * gives its children controllers holds no process) and record
 * SERVICE/guest in $VSERVER_RUNDIR/.NAME.cgroup, where vs_cgroup_path()
 * finds it until vs_cgroup_remove().  1 if delegated, 0 if not, -1 with
 * @err set.
 */
int vs_cgroup_place(const char *name, bool foreground, struct vs_err *err);

/* Remove NAME's cgroup and every cgroup the guest made below it; 0 if there was none. */
int vs_cgroup_remove(const char *name, struct vs_err *err);

/* What the controllers say about one resource; VS_USAGE_NONE where they say nothing. */
#define VS_USAGE_NONE		UINT64_MAX
struct vs_limit_usage {
	uint64_t used;		/* bytes, tasks, or CPU time in microseconds */
	uint64_t peak;
	uint64_t hits;		/* refusals: OOM kills, forks refused, throttled periods */
	uint64_t limit;		/* as the kernel holds it: VS_LIMIT_UNLIMITED for max */
	char cpus[VS_CPUS_TEXT_MAX];	/* VS_LIMIT_CPUS: cpuset.cpus.effective */
};

/*
 * Read NAME's usage of every resource.  Hits are counted since the last
 * vs_cgroup_reset_hits() (kept in $VSERVER_RUNDIR/.NAME.hits).  1, or 0
 * if the guest has no cgroup, or -1.
 */
int vs_cgroup_usage(const char *name, struct vs_limit_usage usage[VS_LIMIT_COUNT],
		    struct vs_err *err);
int vs_cgroup_reset_hits(const char *name, struct vs_err *err);
/* The limits that refused NAME something since the last reset, "tasks,files", or "-". */
void vs_limits_hit(const char *name, char *buf, size_t size);

#endif /* VS_CGROUP_H */
