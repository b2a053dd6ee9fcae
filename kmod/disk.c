// SPDX-License-Identifier: GPL-2.0
/*
 * The guard of the disk limit (design.md section 5): a guest's disk and
 * inode limits are the project quota of its tree, whose project id is the
 * guest's and whose directories pass it on (the inherit flag).  Guest root
 * owns its files, and the owner may change both; the fileattr_set hook
 * keeps contexts from doing so, which would take files out of the quota.
 */

/* fileattr.h needs what fs.h declares. */
#include <linux/fs.h>
#include <linux/fileattr.h>
#include <linux/sched.h>

#include "internal.h"

/**
 * vs_disk_fileattr_set - the fileattr_set hook
 * @inode: the file
 * @old: its attributes now
 * @fa: the attributes asked for
 *
 * Return: 0, or -EPERM for a change of the project id or the inherit flag.
 */
int vs_disk_fileattr_set(struct inode *inode, const struct fileattr *old,
			 const struct fileattr *fa)
{
	/* The spectator only watches, with the host's rights. */
	if (current->vs_context->xid == VS_XID_SPECTATOR)
		return 0;
	if (old->fsx_projid != fa->fsx_projid ||
	    ((old->fsx_xflags ^ fa->fsx_xflags) & FS_XFLAG_PROJINHERIT))
		return -EPERM;
	return 0;
}
