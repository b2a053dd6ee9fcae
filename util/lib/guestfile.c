// SPDX-License-Identifier: GPL-2.0
/* The guest's files, read from the host without entering it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/magic.h>
#include <linux/openat2.h>

#include "err.h"
#include "guestfile.h"

static int open_in_root(int rootfd, const char *path, int flags, bool follow)
{
	/*
	 * Every symlink resolved as if @rootfd were '/', no magic links
	 * (/proc/PID/root, /proc/PID/fd/N).  Mount points may be crossed: every
	 * mount in a guest's namespace was made by the host (the guest has no
	 * CAP_SYS_ADMIN), and a guest root or its /etc may be one.
	 */
	struct open_how how = {
		.flags = (unsigned long long)(flags | (follow ? 0 : O_NOFOLLOW) | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	while (*path == '/')
		path++;
	return (int)syscall(SYS_openat2, rootfd, *path ? path : ".", &how, sizeof(how));
}

int vs_guest_file_read(int rootfd, const char *path, char **buf, size_t *len,
		       struct vs_err *err)
{
	struct stat first, st;
	struct statfs sf;
	char *data = NULL, *grown;
	size_t used = 0, room;
	int fd;

	*buf = NULL;
	*len = 0;
	/* O_PATH first: a FIFO or device of the guest's is never opened at all. */
	fd = open_in_root(rootfd, path, O_PATH, false);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		vs_err_set(err, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &first) < 0) {
		vs_err_set(err, "cannot open %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	if (S_ISLNK(first.st_mode)) {
		vs_err_set(err, "%s is a symbolic link", path);
		return -1;
	}
	if (!S_ISREG(first.st_mode)) {
		vs_err_set(err, "%s is not a regular file", path);
		return -1;
	}
	if (first.st_size > VS_GUEST_FILE_MAX)
		goto too_big;
	/* The guest may swap in something else meanwhile: O_NONBLOCK, and the same inode. */
	fd = open_in_root(rootfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, false);
	if (fd < 0) {
		vs_err_set(err, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || fstatfs(fd, &sf) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_dev != first.st_dev || st.st_ino != first.st_ino ||
	    sf.f_type == PROC_SUPER_MAGIC || sf.f_type == SYSFS_MAGIC) {
		vs_err_set(err, "%s is not a regular file", path);
		close(fd);
		return -1;
	}
	/*
	 * Room for the size fstat() gave and one byte more, so that a file
	 * that grew meanwhile shows; then up to one byte past the limit, so
	 * that one grown too big is refused too.
	 */
	room = (size_t)st.st_size + 1;
	data = malloc(room + 1);
	if (!data)
		goto no_memory;
	for (;;) {
		ssize_t n;

		if (used == room) {
			if (room > VS_GUEST_FILE_MAX)
				break;
			room = VS_GUEST_FILE_MAX + 1;
			grown = realloc(data, room + 1);
			if (!grown)
				goto no_memory;
			data = grown;
		}
		n = read(fd, data + used, room - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vs_err_set(err, "cannot read %s: %s", path, strerror(errno));
			free(data);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (used > VS_GUEST_FILE_MAX) {
		free(data);
		goto too_big;
	}
	data[used] = '\0';
	*buf = data;
	*len = used;
	return 1;
too_big:
	vs_err_set(err, "%s is larger than %d MiB", path, VS_GUEST_FILE_MAX >> 20);
	return -1;
no_memory:
	vs_err_set(err, "cannot read %s: %s", path, strerror(ENOMEM));
	free(data);
	close(fd);
	return -1;
}

int vs_guest_open_dev(int rootfd, const char *path, int flags, unsigned int major,
		      unsigned int minor, struct vs_err *err)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK: a FIFO in its place must not hold us up.  (/dev/ptmx is a symlink.) */
	fd = open_in_root(rootfd, path, flags | O_NONBLOCK | O_NOCTTY, true);
	if (fd < 0) {
		vs_err_set(err, "cannot open %s in it: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) != major ||
	    minor(st.st_rdev) != minor) {
		vs_err_set(err, "its %s is not the device it should be", path);
		close(fd);
		return -1;
	}
	/* Back to blocking I/O, as the device is normally opened. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}
