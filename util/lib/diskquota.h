/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest's disk limits, disk and disk.inodes: the ext4 project quota of
 * its tree.  The project id is the guest's static context id; every
 * directory and regular file of the tree carries it, and directories pass
 * it on (the inherit flag), so what the guest creates is counted.  The
 * kernel keeps guests from changing either (the fileattr_set hook).
 *
 * The host's part: an ext4 file system with the quota and project
 * features, mounted with prjquota.  Unified files (hashify) keep their own
 * project: they are shared, and charged to no guest.
 */
#ifndef VS_DISKQUOTA_H
#define VS_DISKQUOTA_H

#include <stdint.h>

#include "cgroup.h"
#include "err.h"
#include "limitconf.h"

/* The bits of enum vs_limit_id kept by the project quota. */
#define VS_DISK_MASK	((1ULL << VS_LIMIT_DISK) | (1ULL << VS_LIMIT_DISK_INODES))

/*
 * Can the disk limits among @only (a bit per enum vs_limit_id) be applied
 * to guest NAME, whose static context id is @xid (0: dynamic)?  One line
 * naming what is missing otherwise.  Nothing is changed.
 */
int vs_disk_check(const char *name, unsigned int xid, const struct vs_limits *limits,
		  uint64_t only, struct vs_err *err);

/*
 * Give the tree of NAME the project @xid (the first time only: the root's
 * inherit flag says it is done) and set the limits among @only whose
 * source is not VS_LIMIT_UNSET.  All or nothing for the limits.
 */
int vs_disk_apply(const char *name, unsigned int xid, const struct vs_limits *limits,
		  uint64_t only, struct vs_err *err);

/*
 * The project quota limits of @xid on NAME's file system, into @now
 * (source VS_LIMIT_COMMAND), so that a caller can put them back.
 */
int vs_disk_read(const char *name, unsigned int xid, struct vs_limits *now, struct vs_err *err);

/* Fill the disk rows of @usage (used and limit) if NAME's tree has a project. */
void vs_disk_usage(const char *name, struct vs_limit_usage usage[VS_LIMIT_COUNT]);

#endif /* VS_DISKQUOTA_H */
