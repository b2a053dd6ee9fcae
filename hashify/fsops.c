// SPDX-License-Identifier: GPL-2.0
/*
 * Links, renames and unlinks that may meet a unified (immutable) inode.
 *
 * With the vserver module loaded the kernel allows what hashify needs on
 * unified inodes.  Without it, the immutable flag refuses them with EPERM;
 * then no guest can be running, so clearing the flag for the one operation
 * and setting it again is safe.  That fallback is taken only when the
 * module is absent: with it loaded, EPERM means something else is wrong.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "hashify.h"
#include "unify.h"

/*
 * Guests can be running while hashify works in their trees, and their
 * root may swap a directory for a symlink at any moment: a path that
 * crossed it would lead hashify's link, rename or copy to the host's or
 * another guest's files.  The roots are resolved once (main.c); below
 * them no symlink is followed in any component.
 */
int hf_open_guest(const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned int)flags | O_NOFOLLOW | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};

	return syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
}

void hf_fs_init(struct hf_fs *fs)
{
	uint64_t r = 0;

	fs->module = access(HF_MODULE_PATH, F_OK) == 0;
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r ^= (uint64_t)getpid() << 32 ^ (uint64_t)time(NULL);
	snprintf(fs->token, sizeof(fs->token), "%016llx", (unsigned long long)r);
	fs->seq = 0;
}

/*
 * ".hashify.<token>.<n>": the token tells this run's temp names, which
 * must survive, from a crashed run's, which the walk removes.
 */
void hf_tmp_name(struct hf_fs *fs, char *buf, size_t size)
{
	snprintf(buf, size, HF_TMP_PREFIX "%s.%lu", fs->token, fs->seq++);
}

bool hf_is_tmp_name(const char *name)
{
	return !strncmp(name, HF_TMP_PREFIX, strlen(HF_TMP_PREFIX)) ||
	       !strncmp(name, HF_COW_TMP_PREFIX, strlen(HF_COW_TMP_PREFIX));
}

bool hf_is_own_tmp(const struct hf_fs *fs, const char *name)
{
	size_t len = strlen(HF_TMP_PREFIX);

	return !strncmp(name, HF_TMP_PREFIX, len) &&
	       !strncmp(name + len, fs->token, strlen(fs->token));
}

/* A read lease is refused while anyone has the file open for writing. */
bool hf_busy(int fd)
{
	if (fcntl(fd, F_SETLEASE, F_RDLCK) < 0)
		return errno == EAGAIN;
	fcntl(fd, F_SETLEASE, F_UNLCK);
	return false;
}

static int immutable(int fd, bool on, bool *was)
{
	unsigned int attrs;

	if (was) {
		if (vs_attr_get(fd, &attrs) < 0)
			return -1;
		*was = attrs & VS_ATTR_IMMUTABLE;
	}
	return on ? vs_attr_change(fd, VS_ATTR_IMMUTABLE, 0) :
		    vs_attr_change(fd, 0, VS_ATTR_IMMUTABLE);
}

int hf_link(struct hf_fs *fs, int fd, int dirfd, const char *name)
{
	bool was;
	int ret, e;

	ret = linkat(fd, "", dirfd, name, AT_EMPTY_PATH);
	if (!ret || errno != EPERM || fs->module)
		return ret;
	if (immutable(fd, false, &was) < 0 || !was) {
		errno = EPERM;
		return -1;
	}
	ret = linkat(fd, "", dirfd, name, AT_EMPTY_PATH);
	e = errno;
	if (immutable(fd, true, NULL) < 0 && !ret) {
		e = errno;
		unlinkat(dirfd, name, 0);
		ret = -1;
	}
	errno = e;
	return ret;
}

/*
 * Rename @from (inode @src) in @fromdir to @to in @todir, replacing inode
 * @victim (-1: none).  Both may be unified: the kernel refuses to move or
 * delete names of immutable inodes.
 */
int hf_rename(struct hf_fs *fs, int fromdir, const char *from, int src, int todir,
	      const char *to, int victim, unsigned int flags)
{
	int fds[2] = { src, victim }, ret, e;
	bool was[2] = { false, false };
	struct stat st;

	ret = renameat2(fromdir, from, todir, to, flags);
	if (!ret || errno != EPERM || fs->module)
		return ret;
	for (int i = 0; i < 2; i++) {
		if (fds[i] >= 0 && immutable(fds[i], false, &was[i]) < 0)
			was[i] = false;
	}
	ret = -1;
	e = EPERM;
	if (was[0] || was[1]) {
		ret = renameat2(fromdir, from, todir, to, flags);
		e = errno;
	}
	/* Other names (the store's) still need them unified. */
	for (int i = 0; i < 2; i++) {
		if (was[i] && fstat(fds[i], &st) == 0 && st.st_nlink > 0)
			immutable(fds[i], true, NULL);
	}
	errno = e;
	return ret;
}

int hf_unlink(struct hf_fs *fs, int dirfd, const char *name)
{
	int fd, ret, e;
	struct stat st;
	bool was;

	ret = unlinkat(dirfd, name, 0);
	if (!ret || errno != EPERM || fs->module)
		return ret;
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = -1;
	e = EPERM;
	if (immutable(fd, false, &was) == 0 && was) {
		ret = unlinkat(dirfd, name, 0);
		e = errno;
		if (fstat(fd, &st) == 0 && st.st_nlink > 0)
			immutable(fd, true, NULL);
	}
	close(fd);
	errno = e;
	return ret;
}
