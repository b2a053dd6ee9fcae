/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The limits the vserver module counts, because no cgroup controller does:
 * files (open file descriptions) and sockets.  Set and read per context
 * through /dev/vserver (VS_IOC_LIMIT_SET, VS_IOC_LIMIT_GET, ABI 1.3); the
 * module shows them in /proc/virtual/<xid>/limit too.  A context starts
 * with neither limited.  The module also counts the refusals of the disk
 * quota (ABI 1.4), which the quota does not.
 */
#ifndef VS_CTXLIMIT_H
#define VS_CTXLIMIT_H

#include <stdint.h>

#include "cgroup.h"
#include "err.h"
#include "limitconf.h"

/* The bits of enum vs_limit_id the module keeps; cgroup.c leaves them alone. */
#define VS_CTXLIMIT_MASK	((1ULL << VS_LIMIT_FILES) | (1ULL << VS_LIMIT_SOCKETS))

/*
 * Apply the module's limits among @only (a bit per enum vs_limit_id) whose
 * source is not VS_LIMIT_UNSET to context @xid.  All or nothing: after a
 * failure the limits written before it hold their old values again.  A
 * module without the requests fails with one line naming the resource.
 */
int vs_ctxlimit_apply(int ctlfd, unsigned int xid, const struct vs_limits *limits,
		      uint64_t only, struct vs_err *err);

/*
 * The module's limits in force for @xid, into @now (source VS_LIMIT_COMMAND),
 * so that a caller can put them back with vs_ctxlimit_apply().
 */
int vs_ctxlimit_read(int ctlfd, unsigned int xid, struct vs_limits *now, struct vs_err *err);

/*
 * Fill the module's rows of @usage (used, peak, hits, limit), and the hits
 * of disk and disk.inodes, for guest NAME if it runs and the module counts
 * them; otherwise they stay as they are.  The module is never loaded for
 * this.
 */
void vs_ctxlimit_usage(const char *name, struct vs_limit_usage usage[VS_LIMIT_COUNT]);

#endif /* VS_CTXLIMIT_H */
