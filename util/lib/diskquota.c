// SPDX-License-Identifier: GPL-2.0
/* A guest's disk limits: the ext4 project quota of its tree. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/dqblk_xfs.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/quota.h>

#include "attrwalk.h"
#include "config.h"
#include "diskquota.h"

/* The quota calls count space in blocks of this many bytes. */
#define QUOTA_BLOCK	1024ULL

static int quotactl_at(int fd, unsigned int cmd, unsigned int id, void *addr)
{
	return (int)syscall(SYS_quotactl_fd, fd, QCMD(cmd, PRJQUOTA), id, addr);
}

static bool wanted(const struct vs_limits *limits, uint64_t only)
{
	return ((only & (1ULL << VS_LIMIT_DISK)) &&
		limits->limit[VS_LIMIT_DISK].source != VS_LIMIT_UNSET) ||
	       ((only & (1ULL << VS_LIMIT_DISK_INODES)) &&
		limits->limit[VS_LIMIT_DISK_INODES].source != VS_LIMIT_UNSET);
}

/* The guest root, open as a directory; -1 with @err set. */
static int open_root(const char *name, char *root, size_t size, struct vs_err *err)
{
	int fd;

	if (vs_guest_root(name, root, size, err) < 0)
		return -1;
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		vs_err_set(err, "cannot open the guest root %s: %s", root, strerror(errno));
	return fd;
}

/* Is the file system of @fd ext4 with project quota enforced?  One line if not. */
static int quota_ready(int fd, const char *root, struct vs_err *err)
{
	struct fs_quota_statv st = { .qs_version = FS_QSTATV_VERSION1 };
	struct statfs sfs;

	if (fstatfs(fd, &sfs) < 0) {
		vs_err_set(err, "cannot statfs %s: %s", root, strerror(errno));
		return -1;
	}
	if (sfs.f_type != EXT4_SUPER_MAGIC) {
		vs_err_set(err, "disk: the guest root %s is not on ext4 (the disk limits are "
			   "an ext4 project quota)", root);
		return -1;
	}
	if (quotactl_at(fd, Q_XGETQSTATV, 0, &st) < 0 || !(st.qs_flags & FS_QUOTA_PDQ_ACCT)) {
		vs_err_set(err, "disk: the file system of %s has no project quota (it needs the "
			   "ext4 features quota and project: tune2fs -O quota,project while "
			   "unmounted)", root);
		return -1;
	}
	if (!(st.qs_flags & FS_QUOTA_PDQ_ENFD)) {
		vs_err_set(err, "disk: project quota is not enforced on the file system of %s "
			   "(mount it with -o prjquota)", root);
		return -1;
	}
	return 0;
}

int vs_disk_check(const char *name, unsigned int xid, const struct vs_limits *limits,
		  uint64_t only, struct vs_err *err)
{
	char root[PATH_MAX];
	int fd, ret;

	if (!wanted(limits, only))
		return 0;
	if (!xid) {
		vs_err_set(err, "disk: needs a static context id, the project id of the guest's "
			   "files (vserver %s build --context N, or its context file)", name);
		return -1;
	}
	fd = open_root(name, root, sizeof(root), err);
	if (fd < 0)
		return -1;
	ret = quota_ready(fd, root, err);
	close(fd);
	return ret;
}

/* Give one file or directory the project, unless it has it already. */
static int tag_fd(int fd, bool dir, unsigned int xid)
{
	struct fsxattr fa;

	if (ioctl(fd, FS_IOC_FSGETXATTR, &fa) < 0)
		return -1;
	/*
	 * ext4 changes nothing of an immutable file, and it cannot grow.  So
	 * unified files (hashify's, immutable) keep their project: every
	 * sharing guest's, charged to none.
	 */
	if (fa.fsx_xflags & FS_XFLAG_IMMUTABLE)
		return 0;
	if (fa.fsx_projid == xid && (!dir || (fa.fsx_xflags & FS_XFLAG_PROJINHERIT)))
		return 0;
	fa.fsx_projid = xid;
	if (dir)
		fa.fsx_xflags |= FS_XFLAG_PROJINHERIT;
	return ioctl(fd, FS_IOC_FSSETXATTR, &fa);
}

struct tag_walk {
	unsigned int xid;
	char failed[PATH_MAX];	/* the first entry that could not be tagged */
	int error;
};

static int tag_entry(const struct vs_attrwalk_entry *e, void *data)
{
	struct tag_walk *w = data;
	int fd, ret = -1;

	/* The root goes last: its inherit flag says the tree is done. */
	if (e->top || e->mountpoint)
		return 0;
	if (e->error) {
		errno = e->error;
		goto fail;
	}
	if (!S_ISREG(e->st.st_mode) && !S_ISDIR(e->st.st_mode))
		return 0;	/* symlinks and nodes: no blocks of their own to speak of */
	fd = vs_attrwalk_open(e);
	if (fd < 0)
		goto fail;
	ret = tag_fd(fd, S_ISDIR(e->st.st_mode), w->xid);
	close(fd);
	if (ret == 0)
		return 0;
fail:
	if (!w->error) {
		w->error = errno;
		snprintf(w->failed, sizeof(w->failed), "%s", e->path);
	}
	return -1;
}

/* The tree of @root gets project @xid: once, the root last. */
static int tag_tree(int rootfd, const char *root, unsigned int xid, struct vs_err *err)
{
	struct tag_walk w = { .xid = xid };
	struct fsxattr fa;

	if (ioctl(rootfd, FS_IOC_FSGETXATTR, &fa) == 0 && fa.fsx_projid == xid &&
	    (fa.fsx_xflags & FS_XFLAG_PROJINHERIT))
		return 0;
	if (vs_attrwalk(root, true, tag_entry, &w) < 0 || tag_fd(rootfd, true, xid) < 0) {
		if (!w.error) {
			w.error = errno;
			snprintf(w.failed, sizeof(w.failed), "%s", root);
		}
		vs_err_set(err, "disk: cannot give %s the project id %u: %s", w.failed, xid,
			   strerror(w.error));
		return -1;
	}
	return 0;
}

/* A limit as the quota takes it: 0 is none. */
static uint64_t quota_value(const struct vs_limit *l, uint64_t unit)
{
	if (l->value == VS_LIMIT_UNLIMITED)
		return 0;
	return (l->value + unit - 1) / unit;
}

int vs_disk_apply(const char *name, unsigned int xid, const struct vs_limits *limits,
		  uint64_t only, struct vs_err *err)
{
	const struct vs_limit *disk = &limits->limit[VS_LIMIT_DISK];
	const struct vs_limit *inodes = &limits->limit[VS_LIMIT_DISK_INODES];
	struct if_dqblk q = { 0 };
	char root[PATH_MAX];
	int fd, ret = -1;

	if (!wanted(limits, only))
		return 0;
	if (vs_disk_check(name, xid, limits, only, err) < 0)
		return -1;
	fd = open_root(name, root, sizeof(root), err);
	if (fd < 0)
		return -1;
	if (tag_tree(fd, root, xid, err) < 0)
		goto out;
	/* One call sets both, so nothing is half applied. */
	if ((only & (1ULL << VS_LIMIT_DISK)) && disk->source != VS_LIMIT_UNSET) {
		q.dqb_bhardlimit = quota_value(disk, QUOTA_BLOCK);
		q.dqb_valid |= QIF_BLIMITS;
	}
	if ((only & (1ULL << VS_LIMIT_DISK_INODES)) && inodes->source != VS_LIMIT_UNSET) {
		q.dqb_ihardlimit = quota_value(inodes, 1);
		q.dqb_valid |= QIF_ILIMITS;
	}
	if (quotactl_at(fd, Q_SETQUOTA, xid, &q) < 0) {
		vs_err_set(err, "cannot set the project quota %u on %s: %s", xid, root,
			   strerror(errno));
		goto out;
	}
	ret = 0;
out:
	close(fd);
	return ret;
}

int vs_disk_read(const char *name, unsigned int xid, struct vs_limits *now, struct vs_err *err)
{
	struct if_dqblk q;
	char root[PATH_MAX];
	int fd = open_root(name, root, sizeof(root), err), ret;

	if (fd < 0)
		return -1;
	ret = quotactl_at(fd, Q_GETQUOTA, xid, &q);
	if (ret < 0)
		vs_err_set(err, "cannot read the project quota %u on %s: %s", xid, root,
			   strerror(errno));
	close(fd);
	if (ret < 0)
		return -1;
	now->limit[VS_LIMIT_DISK].source = VS_LIMIT_COMMAND;
	now->limit[VS_LIMIT_DISK].value = q.dqb_bhardlimit ? q.dqb_bhardlimit * QUOTA_BLOCK :
							    VS_LIMIT_UNLIMITED;
	now->limit[VS_LIMIT_DISK_INODES].source = VS_LIMIT_COMMAND;
	now->limit[VS_LIMIT_DISK_INODES].value = q.dqb_ihardlimit ? q.dqb_ihardlimit :
								     VS_LIMIT_UNLIMITED;
	return 0;
}

void vs_disk_usage(const char *name, struct vs_limit_usage usage[VS_LIMIT_COUNT])
{
	struct vs_err ignored = { .msg = "" };
	struct if_dqblk q;
	char root[PATH_MAX];
	struct fsxattr fa;
	int fd = open_root(name, root, sizeof(root), &ignored);

	if (fd < 0)
		return;
	if (ioctl(fd, FS_IOC_FSGETXATTR, &fa) == 0 && fa.fsx_projid &&
	    (fa.fsx_xflags & FS_XFLAG_PROJINHERIT) &&
	    quotactl_at(fd, Q_GETQUOTA, fa.fsx_projid, &q) == 0) {
		usage[VS_LIMIT_DISK].used = q.dqb_curspace;
		usage[VS_LIMIT_DISK].limit = q.dqb_bhardlimit ?
			q.dqb_bhardlimit * QUOTA_BLOCK : VS_LIMIT_UNLIMITED;
		usage[VS_LIMIT_DISK_INODES].used = q.dqb_curinodes;
		usage[VS_LIMIT_DISK_INODES].limit = q.dqb_ihardlimit ?
			q.dqb_ihardlimit : VS_LIMIT_UNLIMITED;
	}
	close(fd);
}
