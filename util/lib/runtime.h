/* SPDX-License-Identifier: GPL-2.0 */
/*
 * $VSERVER_RUNDIR: the runtime files and locks of started guests, and
 * whether a guest runs.
 *
 * Files in $VSERVER_RUNDIR:
 *   NAME          runtime state ("xid N", "supervisor PID")
 *   .NAME.lock    flock'd by start, stop, build, delete, limit and ip, so
 *                 that they serialise per guest
 *   .NAME.log     the supervisor's messages and the guest console
 *   .NAME.log.1   the log before, once it reached VS_CONSOLE_LOG_MAX
 *   .NAME.net     the addresses a start put on host devices (netif.c)
 *   .NAME.hits    the baseline of the limit hit counters, set by
 *                 "limit --reset-hits" (cgroup.c)
 * Guest names never start with '.', so the dot files never look like a guest.
 */
#ifndef VS_RUNTIME_H
#define VS_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/* Runtime files */

/* "$VSERVER_RUNDIR/<prefix>NAME<suffix>"; 0, or -1 if it does not fit. */
int vs_run_path(char *buf, size_t size, const char *prefix, const char *name,
		const char *suffix);
/* Create $VSERVER_RUNDIR (0700) if needed. */
int vs_rundir_create(struct vs_err *err);
/* Write the runtime file atomically (temporary file and rename). */
int vs_runtime_write(const char *name, unsigned int xid, pid_t supervisor,
		     struct vs_err *err);
/* Remove it; if @only_if is not 0, only while it still names that supervisor. */
void vs_runtime_remove(const char *name, pid_t only_if);
/* Take the guest's lock (blocking); returns the fd that holds it, or -1. */
int vs_guest_lock(const char *name, struct vs_err *err);
/* Is @pid a live vserver supervisor?  (Pid reuse by another program: no.) */
bool vs_supervisor_alive(pid_t pid);

/*
 * Runtime state.  $VSERVER_RUNDIR/NAME, written by start,
 * holds "xid N" and "supervisor PID" lines.  vs_runtime_read() returns 1
 * with the values filled, 0 if there is no such file, -1 with @err set.
 * vs_guest_running() returns 1 if the file exists and its context exists
 * in the kernel (never loading the module to find out), else 0, or -1;
 * @xid gets the runtime xid when there is a file (may be NULL).
 */
int vs_runtime_read(const char *name, unsigned int *xid, int *supervisor,
		    struct vs_err *err);
int vs_guest_running(const char *name, unsigned int *xid, struct vs_err *err);
/*
 * What status and limit call running: its context exists and its
 * supervisor is alive.  1 (with @xid), 0, or -1 with @err set.
 */
int vs_guest_up(const char *name, unsigned int *xid, struct vs_err *err);

/*
 * The guest console's share of $VSERVER_RUNDIR/.NAME.log: when the log
 * would grow past this, it is renamed to .NAME.log.1 (replacing the one
 * before) and a new one begun, so a guest holds at most twice this in the
 * host's /run.
 */
#define VS_CONSOLE_LOG_MAX	(1 << 20)

#endif /* VS_RUNTIME_H */
