// SPDX-License-Identifier: GPL-2.0
/*
 * The guard of the disk limit (design.md section 5): a guest's disk and
 * inode limits are the project quota of its tree, whose project id is the
 * guest's and whose directories pass it on (the inherit flag).  Guest root
 * owns its files, and the owner may change both; the fileattr_set hook
 * keeps contexts from doing so, which would take files out of the quota.
 * The quota_refused hook counts the quota's refusals as the limit's hits.
 */

/* fileattr.h needs what fs.h declares. */
#include <linux/fs.h>
#include <linux/fileattr.h>
#include <linux/quota.h>
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

/**
 * vs_disk_quota_refused - the quota_refused hook
 * @qid: the quota that refused
 * @inodes: an inode was refused, not space
 *
 * Counts a hit when the quota is the context's own: the project quota
 * whose id is its context id.  A refusal by a user or group quota, or by
 * another project's, is not one of its limits.  Spinlocks are held.
 */
void vs_disk_quota_refused(const struct kqid *qid, bool inodes)
{
	struct vs_context *ctx = current->vs_context;

	if (qid->type != PRJQUOTA || ctx->xid == VS_XID_SPECTATOR ||
	    from_kprojid(&init_user_ns, qid->projid) != ctx->xid)
		return;
	vs_limit_hit(ctx, inodes ? VS_CTX_LIMIT_DISK_INODES : VS_CTX_LIMIT_DISK);
}
