// SPDX-License-Identifier: GPL-2.0
/*
 * Copy-on-write links: breaking a unified file before a write.
 *
 * hashify shares identical guest files as hard links to one inode, which it
 * marks "unified": the immutable flag plus the xattr VS_COW_XATTR, which
 * only the host can set (Documentation/design.md, section 7).  When an
 * operation is about to modify such a file through a name, the cow_break
 * hook gives that name a private copy and the operation proceeds on it;
 * nobody else sees the change.  The copy is made as an unnamed tmpfile in
 * the same directory, complete with data, owner, mode, xattrs and times,
 * synced, then linked under a temporary name and renamed over the name that
 * was used, so the name always refers to a whole file.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fileattr.h>
#include <linux/hash.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/posix_acl.h>
#include <linux/posix_acl_xattr.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vserver_hook.h>
#include <linux/xattr.h>

#include "internal.h"

/* A rename over the name under us sends the break round again, this often. */
#define VS_COW_RETRIES		8
#define VS_COW_LOCK_BITS	6

/* Breakers of one inode take turns; the loser finds the name broken. */
static struct mutex vs_cow_locks[1 << VS_COW_LOCK_BITS];

static struct mutex *vs_cow_lock(const struct inode *inode)
{
	return &vs_cow_locks[hash_ptr(inode, VS_COW_LOCK_BITS)];
}

static bool vs_cow_marked(struct dentry *dentry, struct inode *inode)
{
	char value[8];
	ssize_t ret;

	ret = __vfs_getxattr(dentry, inode, VS_COW_XATTR, value, sizeof(value));
	return ret > 0 || ret == -ERANGE;
}

bool vs_cow_is_unified(struct inode *inode)
{
	struct dentry *dentry;
	bool ret;

	dentry = d_find_any_alias(inode);
	if (!dentry)
		return false;
	ret = vs_cow_marked(dentry, inode);
	dput(dentry);
	return ret;
}

/*
 * The operation's own permission, ignoring only immutability, so that a
 * caller who may not modify the file never causes a copy.  The operation
 * still makes its exact check on the copy afterwards.
 */
static int vs_cow_permission(const struct path *path, enum vs_cow_op op)
{
	struct mnt_idmap *idmap = mnt_idmap(path->mnt);
	struct inode *inode = d_inode(path->dentry);

	switch (op) {
	case VS_COW_OP_OPEN:
	case VS_COW_OP_TRUNCATE:
		return generic_permission(idmap, inode, MAY_WRITE);
	case VS_COW_OP_CHMOD:
	case VS_COW_OP_UTIMES:
		return inode_owner_or_capable(idmap, inode) ? 0 : -EPERM;
	case VS_COW_OP_CHOWN:
		return inode_owner_or_capable(idmap, inode) ||
		       capable_wrt_inode_uidgid(idmap, inode, CAP_CHOWN) ? 0 : -EPERM;
	case VS_COW_OP_TOUCH:
	case VS_COW_OP_XATTR:
		if (inode_owner_or_capable(idmap, inode))
			return 0;
		return generic_permission(idmap, inode, MAY_WRITE);
	}
	return -EINVAL;
}

/* Only one name is left: the file stops being shared where it is. */
static int vs_cow_unmark(const struct path *path)
{
	struct mnt_idmap *idmap = mnt_idmap(path->mnt);
	struct fileattr fa;
	int ret;

	ret = mnt_want_write(path->mnt);
	if (ret)
		return ret;
	ret = vfs_fileattr_get(path->dentry, &fa);
	if (!ret) {
		fileattr_fill_flags(&fa, fa.flags & ~FS_IMMUTABLE_FL);
		ret = vfs_fileattr_set(idmap, path->dentry, &fa);
	}
	if (!ret) {
		ret = vfs_removexattr(idmap, path->dentry, VS_COW_XATTR);
		if (ret == -ENODATA)
			ret = 0;
	}
	mnt_drop_write(path->mnt);
	return ret;
}

/* The data, extent by extent, so that holes stay holes. */
static int vs_cow_copy_data(struct file *src, struct file *dst, loff_t size)
{
	loff_t pos = 0, data, hole;
	ssize_t copied;
	int ret;

	ret = vfs_truncate(&dst->f_path, size);
	if (ret)
		return ret;
	while (pos < size) {
		data = vfs_llseek(src, pos, SEEK_DATA);
		if (data == -ENXIO)
			break;
		if (data < 0)
			return data;
		hole = vfs_llseek(src, data, SEEK_HOLE);
		if (hole < 0)
			return hole;
		while (data < hole) {
			if (fatal_signal_pending(current))
				return -EINTR;
			copied = vfs_copy_file_range(src, data, dst, data,
						     hole - data, 0);
			if (copied < 0)
				return copied;
			if (copied == 0)
				return -EIO;
			data += copied;
		}
		pos = hole;
	}
	return 0;
}

static int vs_cow_copy_xattr(struct mnt_idmap *idmap, struct dentry *src,
			     struct dentry *dst, const char *name)
{
	struct posix_acl *acl;
	ssize_t size;
	void *value;
	int ret;

	if (is_posix_acl_xattr(name)) {
		acl = vfs_get_acl(idmap, src, name);
		if (!acl)
			return 0;
		if (IS_ERR(acl))
			return PTR_ERR(acl) == -ENODATA ? 0 : PTR_ERR(acl);
		ret = vfs_set_acl(idmap, dst, name, acl);
		posix_acl_release(acl);
		return ret;
	}
	size = __vfs_getxattr(src, d_inode(src), name, NULL, 0);
	if (size < 0)
		return size == -ENODATA ? 0 : size;
	value = kvmalloc(size ?: 1, GFP_KERNEL);
	if (!value)
		return -ENOMEM;
	size = __vfs_getxattr(src, d_inode(src), name, value, size);
	ret = size < 0 ? size : vfs_setxattr(idmap, dst, name, value, size, 0);
	kvfree(value);
	return ret;
}

/* Every xattr but vserver's own: file capabilities, ACLs, user data. */
static int vs_cow_copy_xattrs(struct mnt_idmap *idmap, struct dentry *src,
			      struct dentry *dst)
{
	ssize_t size, off;
	char *names;
	int ret = 0;

	size = vfs_listxattr(src, NULL, 0);
	if (size <= 0)
		return size == -EOPNOTSUPP ? 0 : size;
	names = kvmalloc(size, GFP_KERNEL);
	if (!names)
		return -ENOMEM;
	size = vfs_listxattr(src, names, size);
	for (off = 0; size > 0 && off < size && !ret; off += strlen(names + off) + 1) {
		if (strncmp(names + off, VS_XATTR_PREFIX, strlen(VS_XATTR_PREFIX)))
			ret = vs_cow_copy_xattr(idmap, src, dst, names + off);
	}
	kvfree(names);
	return size < 0 ? size : ret;
}

/*
 * Owner first (a chown clears set-id bits and file capabilities), then the
 * xattrs, then the mode (an ACL may have touched it), times last.
 */
static int vs_cow_copy_meta(struct mnt_idmap *idmap, struct dentry *src,
			    struct dentry *dst)
{
	struct inode *sinode = d_inode(src), *dinode = d_inode(dst);
	struct iattr ia = {};
	int ret;

	ia.ia_valid = ATTR_UID | ATTR_GID;
	ia.ia_vfsuid = i_uid_into_vfsuid(idmap, sinode);
	ia.ia_vfsgid = i_gid_into_vfsgid(idmap, sinode);
	inode_lock(dinode);
	ret = notify_change(idmap, dst, &ia, NULL);
	inode_unlock(dinode);
	if (ret)
		return ret;

	ret = vs_cow_copy_xattrs(idmap, src, dst);
	if (ret)
		return ret;

	ia.ia_valid = ATTR_MODE;
	ia.ia_mode = sinode->i_mode;
	inode_lock(dinode);
	ret = notify_change(idmap, dst, &ia, NULL);
	if (!ret) {
		ia.ia_valid = ATTR_ATIME | ATTR_MTIME | ATTR_ATIME_SET |
			      ATTR_MTIME_SET;
		ia.ia_atime = inode_get_atime(sinode);
		ia.ia_mtime = inode_get_mtime(sinode);
		ret = notify_change(idmap, dst, &ia, NULL);
	}
	inode_unlock(dinode);
	return ret;
}

/* A complete, synced, unnamed copy of @path's file in @dir. */
static struct file *vs_cow_copy(const struct path *path, struct dentry *dir,
				const struct cred *cred)
{
	struct mnt_idmap *idmap = mnt_idmap(path->mnt);
	struct path dir_path = { .mnt = path->mnt, .dentry = dir };
	struct file *src, *dst;
	int ret;

	src = dentry_open(path, O_RDONLY | O_LARGEFILE | O_NOATIME, cred);
	if (IS_ERR(src))
		return src;

	ret = mnt_want_write(path->mnt);
	if (ret) {
		dst = ERR_PTR(ret);
		goto out;
	}
	dst = kernel_tmpfile_open(idmap, &dir_path, S_IFREG | 0600,
				  O_RDWR | O_LARGEFILE, cred);
	mnt_drop_write(path->mnt);
	if (IS_ERR(dst))
		goto out;

	ret = vs_cow_copy_data(src, dst, i_size_read(file_inode(src)));
	if (!ret) {
		ret = mnt_want_write(path->mnt);
		if (!ret) {
			ret = vs_cow_copy_meta(idmap, path->dentry,
					       dst->f_path.dentry);
			mnt_drop_write(path->mnt);
		}
	}
	if (!ret)
		ret = vfs_fsync(dst, 0);
	if (ret) {
		fput(dst);
		dst = ERR_PTR(ret);
	}
out:
	fput(src);
	return dst;
}

/*
 * Put @copy under the name of @path, if that name still refers to the
 * unified file.  On success @path is the copy's dentry.  -EAGAIN means the
 * name moved or went away under us: look again.
 */
static int vs_cow_swap(struct path *path, struct dentry *parent,
		       struct file *copy)
{
	struct mnt_idmap *idmap = mnt_idmap(path->mnt);
	struct dentry *dentry = path->dentry, *tmp;
	struct inode *dir = d_inode(parent);
	struct renamedata rd = {};
	char name[48];
	int ret;

	snprintf(name, sizeof(name), ".vs-cow.%lu.%08x",
		 d_inode(dentry)->i_ino, get_random_u32());
	ret = mnt_want_write(path->mnt);
	if (ret)
		return ret;
	inode_lock_nested(dir, I_MUTEX_PARENT);
	if (dentry->d_parent != parent || d_unhashed(dentry)) {
		ret = -EAGAIN;
		goto unlock;
	}
	tmp = lookup_one_len(name, parent, strlen(name));
	if (IS_ERR(tmp)) {
		ret = PTR_ERR(tmp);
		goto unlock;
	}
	if (d_is_positive(tmp)) {
		ret = -EEXIST;
		goto put_tmp;
	}
	ret = vfs_link(copy->f_path.dentry, idmap, dir, tmp, NULL);
	if (ret)
		goto put_tmp;

	rd.old_mnt_idmap = idmap;
	rd.old_dir = dir;
	rd.old_dentry = tmp;
	rd.new_mnt_idmap = idmap;
	rd.new_dir = dir;
	rd.new_dentry = dentry;
	ret = vfs_rename(&rd);
	if (ret) {
		vfs_unlink(idmap, dir, tmp, NULL);
		goto put_tmp;
	}
	/* The rename moved @tmp to the name; the old dentry is unhashed. */
	path->dentry = tmp;
	dput(dentry);
	goto unlock;

put_tmp:
	dput(tmp);
unlock:
	inode_unlock(dir);
	mnt_drop_write(path->mnt);
	return ret;
}

/*
 * The name of @path was renamed over or unlinked since the lookup: what
 * does the name refer to now?  -EAGAIN with @path updated, or -ENOENT.
 */
static int vs_cow_relookup(struct path *path)
{
	struct dentry *dentry = path->dentry, *parent, *found;
	struct name_snapshot name;

	parent = dget_parent(dentry);
	take_dentry_name_snapshot(&name, dentry);
	found = lookup_one_unlocked(mnt_idmap(path->mnt), name.name.name,
				    parent, name.name.len);
	release_dentry_name_snapshot(&name);
	dput(parent);
	if (IS_ERR(found))
		return PTR_ERR(found);
	if (d_is_negative(found)) {
		dput(found);
		return -ENOENT;
	}
	path->dentry = found;
	dput(dentry);
	return -EAGAIN;
}

/*
 * The copy is made with full privilege: the guest's bounding set must not
 * turn a faithful copy (owner, set-id bits, file capabilities) into a
 * different file, and the caller may lack write access to the directory.
 * Whether the caller may modify the file is checked first.  But the copy
 * is the caller's write: its fsuid and fsgid allocate it, and it may pass
 * quota limits and the file system's reserved space only if the caller
 * may (CAP_SYS_RESOURCE), so that a guest cannot fill a disk through
 * breaks that it could not fill by writing.
 */
static struct cred *vs_cow_cred_for(const struct cred *caller)
{
	struct cred *cred;

	cred = prepare_kernel_cred(&init_task);
	if (!cred)
		return NULL;
	cred->fsuid = caller->fsuid;
	cred->fsgid = caller->fsgid;
	if (!cap_raised(caller->cap_effective, CAP_SYS_RESOURCE))
		cap_lower(cred->cap_effective, CAP_SYS_RESOURCE);
	return cred;
}

/* One attempt; -EAGAIN if @path now names something that must be looked at again. */
static int vs_cow_break_once(struct path *path)
{
	struct dentry *dentry = path->dentry, *parent;
	struct inode *inode = d_inode(dentry);
	struct mutex *lock = vs_cow_lock(inode);
	const struct cred *old_cred;
	struct file *copy;
	struct cred *cred;
	int ret;

	cred = vs_cow_cred_for(current_cred());
	if (!cred)
		return -ENOMEM;
	if (mutex_lock_killable(lock)) {
		put_cred(cred);
		return -EINTR;
	}
	old_cred = override_creds(cred);
	if (d_unhashed(dentry)) {
		ret = vs_cow_relookup(path);
	} else if (!IS_IMMUTABLE(inode) || !vs_cow_marked(dentry, inode)) {
		ret = 0;	/* broken by someone else already */
	} else if (inode->i_nlink <= 1) {
		ret = vs_cow_unmark(path);
	} else {
		parent = dget_parent(dentry);
		copy = vs_cow_copy(path, parent, cred);
		if (IS_ERR(copy)) {
			ret = PTR_ERR(copy);
		} else {
			ret = vs_cow_swap(path, parent, copy);
			fput(copy);
		}
		dput(parent);
	}
	revert_creds(old_cred);
	mutex_unlock(lock);
	put_cred(cred);
	return ret;
}

/* Is @path, after a look-again, still a unified file? */
static bool vs_cow_candidate(const struct path *path)
{
	struct inode *inode = d_inode(path->dentry);

	return inode && S_ISREG(inode->i_mode) && IS_IMMUTABLE(inode) &&
	       vs_cow_marked(path->dentry, inode);
}

int vs_cow_break_path(struct path *path, enum vs_cow_op op)
{
	int ret, tries;

	might_sleep();
	for (tries = 0; tries < VS_COW_RETRIES; tries++) {
		if (!vs_cow_candidate(path))
			return 0;	/* plain immutable: the operation fails as ever */
		/* Again after a look-again: the name may now be another file. */
		ret = vs_cow_permission(path, op);
		if (ret)
			return ret;
		ret = vs_cow_break_once(path);
		if (ret != -EAGAIN)
			return ret;
	}
	return -EBUSY;
}

/*
 * A unified file is one inode under the names of several guests: a lease
 * or lock a context takes on it would block the others, a watch would
 * report what they do.  Answer as if the file refused them: a lease as
 * for a conflicting open, a lock as for no locks left, a watch as for no
 * access.  A private copy, which any write makes, takes all three.
 */
int vs_cow_shared_inode(struct inode *inode, enum vs_share_op op)
{
	if (!vs_cow_is_unified(inode))
		return 0;
	switch (op) {
	case VS_SHARE_LEASE:
		return -EAGAIN;
	case VS_SHARE_LOCK:
		return -ENOLCK;
	case VS_SHARE_WATCH:
	default:
		return -EACCES;
	}
}

void vs_cow_init(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(vs_cow_locks); i++)
		mutex_init(&vs_cow_locks[i]);
}
