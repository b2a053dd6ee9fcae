// SPDX-License-Identifier: GPL-2.0
/*
 * File tree helpers (fsutil.h).  Everything below the top directory goes
 * through directory fds and *at() calls with AT_SYMLINK_NOFOLLOW/O_NOFOLLOW:
 * a guest root is written by the guest, and a symlink it planted must never
 * lead the host's removal or copy elsewhere.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "err.h"
#include "fsutil.h"
#include "kernel.h"
#include "unify.h"

int vs_mkdir_p(const char *path, unsigned int mode, struct vs_err *err)
{
	char buf[PATH_MAX], *p;
	struct stat st;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		vs_err_set(err, "cannot create %s: %s", path, strerror(ENAMETOOLONG));
		return -1;
	}
	for (p = buf + 1; ; p++) {
		if (*p != '/' && *p)
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST) {
			vs_err_set(err, "cannot create %s: %s", buf, strerror(errno));
			return -1;
		}
		*p = c;
		if (!c)
			break;
	}
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		vs_err_set(err, "cannot create %s: %s", path, strerror(ENOTDIR));
		return -1;
	}
	return 0;
}

/* openat2() with RESOLVE_IN_ROOT: @rel resolved as if @rootfd were "/". */
static int open_in_root(int rootfd, const char *rel, int flags, mode_t mode)
{
	struct open_how how = {
		.flags = (uint64_t)flags | O_CLOEXEC,
		.mode = (flags & O_CREAT) ? mode : 0,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	return (int)syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
}

/*
 * Split @rel ("DIR/NAME", as for vs_write_in_root()) into @dir and *@base,
 * and open @root: its fd, or -1 with @err set (@verb: "write", "remove").
 */
static int split_in_root(const char *root, const char *rel, char dir[PATH_MAX],
			 const char **base, const char *verb, struct vs_err *err)
{
	char *slash;
	int rootfd;

	if (snprintf(dir, PATH_MAX, "%s", rel) >= PATH_MAX || !(slash = strrchr(dir, '/'))) {
		vs_err_set(err, "cannot %s %s/%s: %s", verb, root, rel, strerror(EINVAL));
		return -1;
	}
	*slash = '\0';
	*base = slash + 1;
	rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		vs_err_set(err, "cannot open %s: %s", root, strerror(errno));
	return rootfd;
}

int vs_write_in_root(const char *root, const char *rel, const char *content,
		     struct vs_err *err)
{
	return vs_write_in_root_mode(root, rel, content, 0644, err);
}

int vs_write_in_root_mode(const char *root, const char *rel, const char *content,
			  unsigned int mode, struct vs_err *err)
{
	char dir[PATH_MAX], *p;
	int rootfd, dirfd = -1, fd = -1, ret = -1;
	size_t len = strlen(content);
	const char *base;

	rootfd = split_in_root(root, rel, dir, &base, "write", err);
	if (rootfd < 0)
		return -1;
	/* Make the missing directories, each in its parent as resolved in the root. */
	for (p = dir; ; p++) {
		if (*p && *p != '/')
			continue;
		char c = *p, *name;
		int parent;

		*p = '\0';
		name = strrchr(dir, '/');
		if (name) {
			*name = '\0';
			parent = open_in_root(rootfd, dir, O_PATH | O_DIRECTORY, 0);
			*name++ = '/';
		} else {
			parent = open_in_root(rootfd, ".", O_PATH | O_DIRECTORY, 0);
			name = dir;
		}
		if (parent < 0 || (mkdirat(parent, name, 0755) < 0 && errno != EEXIST)) {
			vs_err_set(err, "cannot create %s/%s: %s", root, dir, strerror(errno));
			if (parent >= 0)
				close(parent);
			goto out;
		}
		close(parent);
		*p = c;
		if (!c)
			break;
	}
	dirfd = open_in_root(rootfd, dir, O_PATH | O_DIRECTORY, 0);
	if (dirfd < 0) {
		vs_err_set(err, "cannot open %s/%s: %s", root, dir, strerror(errno));
		goto out;
	}
	fd = openat(dirfd, base, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno == ELOOP && unlinkat(dirfd, base, 0) == 0)	/* replace a symlink */
		fd = openat(dirfd, base, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	/* O_TRUNC keeps the mode of a file that was there (debootstrap copies the host's). */
	if (fd < 0 || fchmod(fd, (mode_t)mode) < 0) {
		vs_err_set(err, "cannot write %s/%s: %s", root, rel, strerror(errno));
		goto out;
	}
	for (size_t done = 0; done < len; ) {
		ssize_t n = write(fd, content + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vs_err_set(err, "cannot write %s/%s: %s", root, rel, strerror(errno));
			goto out;
		}
		done += n;
	}
	ret = 0;
out:
	if (fd >= 0 && close(fd) < 0 && !ret) {
		vs_err_set(err, "cannot write %s/%s: %s", root, rel, strerror(errno));
		ret = -1;
	}
	if (dirfd >= 0)
		close(dirfd);
	close(rootfd);
	return ret;
}

int vs_unlink_in_root(const char *root, const char *rel, struct vs_err *err)
{
	char dir[PATH_MAX];
	int rootfd, dirfd, ret = 0;
	const char *base;

	rootfd = split_in_root(root, rel, dir, &base, "remove", err);
	if (rootfd < 0)
		return -1;
	dirfd = open_in_root(rootfd, dir, O_PATH | O_DIRECTORY, 0);
	if (dirfd >= 0 && unlinkat(dirfd, base, 0) == 0)
		ret = 1;
	else if (errno != ENOENT && errno != ENOTDIR) {
		vs_err_set(err, "cannot remove %s/%s: %s", root, rel, strerror(errno));
		ret = -1;
	}
	if (dirfd >= 0)
		close(dirfd);
	close(rootfd);
	return ret;
}

int vs_symlink_in_root(const char *root, const char *rel, const char *target,
		       struct vs_err *err)
{
	char dir[PATH_MAX];
	int rootfd, dirfd, ret = -1;
	const char *base;

	rootfd = split_in_root(root, rel, dir, &base, "write", err);
	if (rootfd < 0)
		return -1;
	dirfd = open_in_root(rootfd, dir, O_PATH | O_DIRECTORY, 0);
	if (dirfd < 0 || (unlinkat(dirfd, base, 0) < 0 && errno != ENOENT) ||
	    symlinkat(target, dirfd, base) < 0)
		vs_err_set(err, "cannot make %s/%s a link to %s: %s", root, rel, target,
			   strerror(errno));
	else
		ret = 0;
	if (dirfd >= 0)
		close(dirfd);
	close(rootfd);
	return ret;
}

/*
 * With the module loaded, the kernel lets unified files be linked and
 * unlinked like others (and guests may be running, so their immutable flag
 * must never be lifted, not even for a moment).
 */
static bool module_loaded(void)
{
	return access("/sys/module/" VS_MODULE_NAME, F_OK) == 0;
}

uint64_t vs_mount_id(int fd)
{
	struct statx stx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) == 0 &&
	    (stx.stx_mask & STATX_MNT_ID))
		return stx.stx_mnt_id;
	return 0;
}

struct walk {
	char path[PATH_MAX];	/* for messages: the entry being worked on */
	dev_t dev;		/* of the top directory */
	uint64_t mnt;
	const volatile sig_atomic_t *stop;
	struct vs_err *err;
};

/* Append "/name" to w->path; returns the old length to restore it. */
static size_t path_push(struct walk *w, const char *name)
{
	size_t len = strlen(w->path);

	snprintf(w->path + len, sizeof(w->path) - len, "/%s", name);
	return len;
}

static int interrupted(struct walk *w)
{
	if (w->stop && *w->stop) {
		vs_err_set(w->err, "interrupted");
		return 1;
	}
	return 0;
}

/*
 * The regular file @name could not be unlinked (EPERM).  If it is unified
 * and the module, which would have allowed the unlink, is not loaded, clear
 * the immutable flag for the moment of the unlink and set it again on the
 * inode, which stays linked into other guests and the hashify store.  A
 * plain immutable file is an administrator's: it stays.  0, or -1 with
 * w->err set.
 */
static int unlink_unified(struct walk *w, int dirfd, const char *name)
{
	unsigned int attrs;
	int fd, ret, saved;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || vs_attr_get(fd, &attrs) < 0) {
		vs_err_set(w->err, "cannot remove %s: %s", w->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if ((attrs & VS_ATTR_COW) != VS_ATTR_COW || module_loaded()) {
		close(fd);
		if (attrs == VS_ATTR_IMMUTABLE)
			vs_err_set(w->err, "cannot remove %s: it is immutable and not unified "
				   "(clear the flag with chattr -i to remove it)", w->path);
		else
			vs_err_set(w->err, "cannot remove %s: %s", w->path, strerror(EPERM));
		return -1;
	}
	if (vs_attr_change(fd, 0, VS_ATTR_IMMUTABLE) < 0) {
		vs_err_set(w->err, "cannot remove %s: cannot clear the immutable flag: %s",
			   w->path, strerror(errno));
		close(fd);
		return -1;
	}
	ret = unlinkat(dirfd, name, 0);
	saved = errno;
	if (vs_attr_change(fd, VS_ATTR_IMMUTABLE, 0) < 0 && ret == 0) {
		vs_err_set(w->err, "cannot set the immutable flag of %s again: %s", w->path,
			   strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	if (ret < 0)
		vs_err_set(w->err, "cannot remove %s: %s", w->path, strerror(saved));
	return ret;
}

static int rm_dir_contents(struct walk *w, int fd);

static int rm_entry(struct walk *w, int dirfd, const char *name)
{
	struct stat st;
	size_t len = path_push(w, name);
	int ret = -1;

	if (interrupted(w))
		goto out;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT)
			ret = 0;
		else
			vs_err_set(w->err, "cannot remove %s: %s", w->path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		if (fd < 0) {
			vs_err_set(w->err, "cannot remove %s: %s", w->path, strerror(errno));
			goto out;
		}
		if (st.st_dev != w->dev || (w->mnt && vs_mount_id(fd) != w->mnt)) {
			close(fd);
			vs_err_set(w->err, "cannot remove %s: it is a mount point", w->path);
			goto out;
		}
		if (rm_dir_contents(w, fd) < 0)	/* closes fd */
			goto out;
		if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0) {
			vs_err_set(w->err, "cannot remove %s: %s", w->path, strerror(errno));
			goto out;
		}
	} else if (unlinkat(dirfd, name, 0) < 0) {
		if (errno == EPERM && S_ISREG(st.st_mode)) {
			if (unlink_unified(w, dirfd, name) < 0)
				goto out;
		} else {
			vs_err_set(w->err, "cannot remove %s: %s", w->path, strerror(errno));
			goto out;
		}
	}
	ret = 0;
out:
	w->path[len] = '\0';
	return ret;
}

/* Remove everything in the directory @fd, which this closes. */
static int rm_dir_contents(struct walk *w, int fd)
{
	DIR *dir = fdopendir(fd);
	int ret = 0;

	if (!dir) {
		vs_err_set(w->err, "cannot remove %s: %s", w->path, strerror(errno));
		close(fd);
		return -1;
	}
	/*
	 * Whether readdir() still returns entries removed meanwhile is
	 * unspecified: pass over the directory until a pass finds it empty.
	 */
	for (bool removed = true; removed && !ret; ) {
		removed = false;
		rewinddir(dir);
		while (!ret) {
			struct dirent *de;

			errno = 0;
			de = readdir(dir);
			if (!de) {
				if (errno) {
					vs_err_set(w->err, "cannot read %s: %s", w->path,
						   strerror(errno));
					ret = -1;
				}
				break;
			}
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			ret = rm_entry(w, dirfd(dir), de->d_name);
			removed = true;
		}
	}
	closedir(dir);
	return ret;
}

int vs_rmtree(const char *path, const volatile sig_atomic_t *stop, struct vs_err *err)
{
	struct walk w = { .stop = stop, .err = err };
	struct stat st;
	int fd;

	snprintf(w.path, sizeof(w.path), "%s", path);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		vs_err_set(err, "cannot remove %s: %s", path,
			   errno == ELOOP ? "it is a symbolic link" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		vs_err_set(err, "cannot remove %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	w.dev = st.st_dev;
	w.mnt = vs_mount_id(fd);
	if (rm_dir_contents(&w, fd) < 0)
		return -1;
	if (rmdir(path) < 0) {
		vs_err_set(err, "cannot remove %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Undo mountinfo's octal escapes ("\040" for a space) in place. */
static void unescape_mountinfo(char *s)
{
	char *o = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
}

int vs_mount_below(const char *path, char *first, size_t size)
{
	char *line = NULL, target[PATH_MAX];
	size_t n = 0, len = strlen(path);
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int found = 0;

	if (!f)
		return -1;
	while (!found && getline(&line, &n, f) != -1) {
		if (sscanf(line, "%*s %*s %*s %*s %4095s", target) != 1)
			continue;
		unescape_mountinfo(target);
		if (!strncmp(target, path, len) && (!target[len] || target[len] == '/')) {
			snprintf(first, size, "%s", target);
			found = 1;
		}
	}
	free(line);
	fclose(f);
	return found;
}

void vs_umount_below(const char *path)
{
	char *line = NULL, **targets = NULL, **nt;
	size_t size = 0, n = 0, len = strlen(path);
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return;
	while (getline(&line, &size, f) != -1) {
		char target[PATH_MAX];

		/* "ID PARENT MAJ:MIN ROOT TARGET ..." */
		if (sscanf(line, "%*s %*s %*s %*s %4095s", target) != 1)
			continue;
		unescape_mountinfo(target);
		if (strncmp(target, path, len) || (target[len] && target[len] != '/'))
			continue;
		nt = realloc(targets, (n + 1) * sizeof(*nt));
		if (!nt)
			break;
		targets = nt;
		targets[n] = strdup(target);
		if (targets[n])
			n++;
	}
	free(line);
	fclose(f);
	/* Later lines are mounted on top of or below earlier ones: undo in reverse. */
	while (n--) {
		umount2(targets[n], MNT_DETACH | UMOUNT_NOFOLLOW);
		free(targets[n]);
	}
	free(targets);
}

/* Copying */

struct hardlink {
	dev_t dev;
	ino_t ino;
	char *rel;	/* the copy's path relative to the destination top */
};

struct copy {
	struct walk w;		/* w.path: the source entry, for messages */
	char rel[PATH_MAX];	/* the same entry relative to the top */
	int dst_top;
	bool link_unified;
	bool root;		/* may set owners and trusted.* xattrs */
	struct hardlink *links;
	size_t nlinks;
	struct vs_copy_stats *stats;
};

static int copy_fail(struct copy *c, const char *what)
{
	vs_err_set(c->w.err, "cannot copy %s: %s%s%s", c->w.path, what ? what : "",
		   what ? ": " : "", strerror(errno));
	return -1;
}

/*
 * Copy the xattrs of @sfd (or of the path @spath for files without an fd)
 * to @dfd or @dpath.  Unsupported on the destination is not an error.
 */
static int copy_xattrs(struct copy *c, int sfd, const char *spath, int dfd, const char *dpath)
{
	char *names = NULL, *value = NULL, *name;
	ssize_t len, vlen;
	int ret = -1;

	len = sfd >= 0 ? flistxattr(sfd, NULL, 0) : llistxattr(spath, NULL, 0);
	if (len <= 0)
		return len < 0 && errno != ENOTSUP && errno != ENODATA ?
			copy_fail(c, "cannot list xattrs") : 0;
	names = malloc(len);
	if (!names)
		return copy_fail(c, NULL);
	len = sfd >= 0 ? flistxattr(sfd, names, len) : llistxattr(spath, names, len);
	if (len < 0) {
		copy_fail(c, "cannot list xattrs");
		goto out;
	}
	for (name = names; name < names + len; name += strlen(name) + 1) {
		int r;

		/* A copy is a private file: no marker, no store name. */
		if (!strncmp(name, VS_XATTR_PREFIX, strlen(VS_XATTR_PREFIX)))
			continue;
		vlen = sfd >= 0 ? fgetxattr(sfd, name, NULL, 0) : lgetxattr(spath, name, NULL, 0);
		if (vlen < 0) {
			if (errno == ENODATA)
				continue;
			copy_fail(c, name);
			goto out;
		}
		free(value);
		value = malloc(vlen ? vlen : 1);
		if (!value) {
			copy_fail(c, NULL);
			goto out;
		}
		vlen = sfd >= 0 ? fgetxattr(sfd, name, value, vlen) : lgetxattr(spath, name, value, vlen);
		if (vlen < 0) {
			copy_fail(c, name);
			goto out;
		}
		r = dfd >= 0 ? fsetxattr(dfd, name, value, vlen, 0) :
			lsetxattr(dpath, name, value, vlen, 0);
		if (r < 0 && errno != ENOTSUP && !(errno == EPERM && !c->root)) {
			copy_fail(c, name);
			goto out;
		}
	}
	ret = 0;
out:
	free(names);
	free(value);
	return ret;
}

/* Owner, then mode (chown clears set-id bits), xattrs (chown clears file caps), times. */
static int copy_meta(struct copy *c, const struct stat *st, int sfd, int dfd, int sdir,
		     int dirfd, const char *name)
{
	struct timespec times[2] = { st->st_atim, st->st_mtim };
	char spath[PATH_MAX + 64], dpath[PATH_MAX + 64];
	int r;

	r = dfd >= 0 ? fchown(dfd, st->st_uid, st->st_gid) :
		fchownat(dirfd, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW);
	if (r < 0 && (c->root || errno != EPERM))
		return copy_fail(c, "cannot set the owner");
	if (!S_ISLNK(st->st_mode)) {
		r = dfd >= 0 ? fchmod(dfd, st->st_mode & 07777) :
			fchmodat(dirfd, name, st->st_mode & 07777, 0);
		if (r < 0)
			return copy_fail(c, "cannot set the mode");
	}
	if (sfd >= 0 && dfd >= 0) {
		if (copy_xattrs(c, sfd, NULL, dfd, NULL) < 0)
			return -1;
	} else if (!S_ISLNK(st->st_mode)) {
		/* Devices and fifos must not be opened: name them through /proc. */
		snprintf(spath, sizeof(spath), "/proc/self/fd/%d/%s", sdir, name);
		snprintf(dpath, sizeof(dpath), "/proc/self/fd/%d/%s", dirfd, name);
		if (copy_xattrs(c, -1, spath, -1, dpath) < 0)
			return -1;
	}
	r = dfd >= 0 ? futimens(dfd, times) :
		utimensat(dirfd, name, times, AT_SYMLINK_NOFOLLOW);
	if (r < 0)
		return copy_fail(c, "cannot set the times");
	return 0;
}

static int copy_range(int in, int out, off_t off, off_t end)
{
	char buf[64 * 1024];
	loff_t a = off, b = off;
	ssize_t n;

	while (a < end) {
		n = copy_file_range(in, &a, out, &b, end - a, 0);
		if (n > 0)
			continue;
		if (!n)
			return 0;
		if (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP)
			return -1;
		break;
	}
	/* No copy_file_range here: plain reads and writes. */
	while (a < end) {
		n = pread(in, buf, end - a < (off_t)sizeof(buf) ? end - a : (off_t)sizeof(buf), a);
		if (n <= 0)
			return n ? -1 : 0;
		if (pwrite(out, buf, n, a) != n)
			return -1;
		a += n;
	}
	return 0;
}

int vs_copy_data(int in, int out, off_t size)
{
	off_t data = 0, hole;

	while (data < size) {
		data = lseek(in, data, SEEK_DATA);
		if (data < 0)
			break;
		hole = lseek(in, data, SEEK_HOLE);
		if (hole < 0 || hole > size)
			hole = size;
		if (copy_range(in, out, data, hole) < 0)
			return -1;
		data = hole;
	}
	if (data < 0 && errno != ENXIO)
		return -1;
	return ftruncate(out, size);
}

static int copy_data(struct copy *c, int sfd, int dfd, off_t size)
{
	if (interrupted(&c->w))
		return -1;
	return vs_copy_data(sfd, dfd, size) < 0 ? copy_fail(c, NULL) : 0;
}

static int copy_dir(struct copy *c, int sfd, int dfd);

/*
 * Hard-link a unified file.  The module lets link() through; without it the
 * immutable flag forbids it until cleared for the moment of the link.
 */
static int link_unified(struct copy *c, int sdir, int ddir, const char *name, int fd)
{
	int ret, saved;

	ret = linkat(sdir, name, ddir, name, 0);
	if (ret == 0 || errno != EPERM || module_loaded())
		return ret;
	if (vs_attr_change(fd, 0, VS_ATTR_IMMUTABLE) < 0)
		return -1;
	ret = linkat(sdir, name, ddir, name, 0);
	saved = errno;
	if (vs_attr_change(fd, VS_ATTR_IMMUTABLE, 0) < 0 && ret == 0) {
		copy_fail(c, "cannot set the immutable flag again");
		return -2;
	}
	errno = saved;
	return ret;
}

static int copy_entry(struct copy *c, int sdir, int ddir, const char *name)
{
	size_t plen = path_push(&c->w, name), rlen = strlen(c->rel);
	struct stat st;
	int ret = -1, sfd = -1, dfd = -1;

	snprintf(c->rel + rlen, sizeof(c->rel) - rlen, "%s%s", rlen ? "/" : "", name);
	if (interrupted(&c->w))
		goto out;
	if (fstatat(sdir, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		copy_fail(c, NULL);
		goto out;
	}

	/* A second name of an inode already copied becomes a link to the copy. */
	if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
		for (size_t i = 0; i < c->nlinks; i++) {
			if (c->links[i].dev == st.st_dev && c->links[i].ino == st.st_ino) {
				if (linkat(c->dst_top, c->links[i].rel, ddir, name, 0) < 0) {
					copy_fail(c, "cannot link");
					goto out;
				}
				c->stats->linked++;
				ret = 0;
				goto out;
			}
		}
	}

	switch (st.st_mode & S_IFMT) {
	case S_IFDIR:
		if (mkdirat(ddir, name, 0700) < 0) {
			copy_fail(c, NULL);
			goto out;
		}
		sfd = openat(sdir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		dfd = openat(ddir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sfd < 0 || dfd < 0) {
			copy_fail(c, NULL);
			goto out;
		}
		/* Another mount (a guest's /proc, say) is copied as its empty mount point. */
		if (st.st_dev == c->w.dev && (!c->w.mnt || vs_mount_id(sfd) == c->w.mnt) &&
		    copy_dir(c, sfd, dfd) < 0)
			goto out;
		c->stats->dirs++;
		ret = copy_meta(c, &st, sfd, dfd, sdir, ddir, name);
		goto out;
	case S_IFREG:
		sfd = openat(sdir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
		if (sfd < 0) {
			copy_fail(c, NULL);
			goto out;
		}
		/* Unified only: a plain immutable file is an administrator's, copied. */
		if (c->link_unified && vs_is_unified(sfd)) {
			int r = link_unified(c, sdir, ddir, name, sfd);

			if (r == 0) {
				c->stats->linked++;
				ret = 0;
				goto out;
			}
			/* Another file system: a private copy is all we can have. */
			if (r == -1 && errno != EXDEV)
				copy_fail(c, "cannot link");
			if (r == -2 || errno != EXDEV)
				goto out;
		}
		dfd = openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (dfd < 0) {
			copy_fail(c, NULL);
			goto out;
		}
		if (copy_data(c, sfd, dfd, st.st_size) < 0 || copy_meta(c, &st, sfd, dfd, sdir, ddir, name) < 0)
			goto out;
		c->stats->files++;
		break;
	case S_IFLNK: {
		char target[PATH_MAX];
		ssize_t n = readlinkat(sdir, name, target, sizeof(target) - 1);

		if (n < 0) {
			copy_fail(c, NULL);
			goto out;
		}
		target[n] = '\0';
		if (symlinkat(target, ddir, name) < 0) {
			copy_fail(c, NULL);
			goto out;
		}
		if (copy_meta(c, &st, -1, -1, sdir, ddir, name) < 0)
			goto out;
		c->stats->other++;
		break;
	}
	default:	/* devices, fifos, sockets */
		if (mknodat(ddir, name, (st.st_mode & S_IFMT) | 0600, st.st_rdev) < 0) {
			if (errno == EPERM && !c->root) {
				ret = 0;	/* an unprivileged copy cannot have devices */
				goto out;
			}
			copy_fail(c, NULL);
			goto out;
		}
		if (copy_meta(c, &st, -1, -1, sdir, ddir, name) < 0)
			goto out;
		c->stats->other++;
		break;
	}

	if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
		struct hardlink *nl = realloc(c->links, (c->nlinks + 1) * sizeof(*nl));

		if (!nl || !(nl[c->nlinks].rel = strdup(c->rel))) {
			if (nl)
				c->links = nl;
			errno = ENOMEM;
			copy_fail(c, NULL);
			goto out;
		}
		c->links = nl;
		nl[c->nlinks].dev = st.st_dev;
		nl[c->nlinks].ino = st.st_ino;
		c->nlinks++;
	}
	ret = 0;
out:
	if (sfd >= 0)
		close(sfd);
	if (dfd >= 0)
		close(dfd);
	c->w.path[plen] = '\0';
	c->rel[rlen] = '\0';
	return ret;
}

/* Copy the entries of directory @sfd into @dfd (both stay open). */
static int copy_dir(struct copy *c, int sfd, int dfd)
{
	int fd = dup(sfd), ret = 0;
	DIR *dir;

	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return copy_fail(c, NULL);
	}
	while (!ret) {
		struct dirent *de;

		errno = 0;
		de = readdir(dir);
		if (!de) {
			if (errno)
				ret = copy_fail(c, NULL);
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		ret = copy_entry(c, sfd, dfd, de->d_name);
	}
	closedir(dir);
	return ret;
}

int vs_copy_tree(const char *src, const char *dst, bool link_unified,
		 const volatile sig_atomic_t *stop, struct vs_copy_stats *stats,
		 struct vs_err *err)
{
	struct copy c = {
		.w = { .stop = stop, .err = err },
		.link_unified = link_unified,
		.root = geteuid() == 0,
		.stats = stats,
	};
	struct stat st;
	int sfd, ret = -1;

	memset(stats, 0, sizeof(*stats));
	snprintf(c.w.path, sizeof(c.w.path), "%s", src);
	sfd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	c.dst_top = open(dst, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sfd < 0 || c.dst_top < 0 || fstat(sfd, &st) < 0) {
		vs_err_set(err, "cannot copy %s to %s: %s", src, dst, strerror(errno));
		goto out;
	}
	c.w.dev = st.st_dev;
	c.w.mnt = vs_mount_id(sfd);
	if (copy_dir(&c, sfd, c.dst_top) < 0 || copy_meta(&c, &st, sfd, c.dst_top, -1, -1, NULL) < 0)
		goto out;
	ret = 0;
out:
	for (size_t i = 0; i < c.nlinks; i++)
		free(c.links[i].rel);
	free(c.links);
	if (sfd >= 0)
		close(sfd);
	if (c.dst_top >= 0)
		close(c.dst_top);
	return ret;
}
