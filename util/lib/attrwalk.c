// SPDX-License-Identifier: GPL-2.0
/* The tree walk of setattr and showattr: see attrwalk.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attrwalk.h"
#include "fsutil.h"

struct state {
	char path[PATH_MAX];
	bool recursive;
	vs_attrwalk_fn fn;
	void *data;
};

static int fail(struct state *s, int error, bool dir_error)
{
	struct vs_attrwalk_entry e = {
		.path = s->path, .fd = -1, .error = error, .dir_error = dir_error,
	};

	s->fn(&e, s->data);
	return -1;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int visit(struct state *s, int dirfd, const char *name, bool top, dev_t dev,
		 uint64_t mnt);

/* The entries of the directory @fd (O_PATH), sorted; they are on @dev, @mnt. */
static int walk_dir(struct state *s, int fd, dev_t dev, uint64_t mnt)
{
	char **names = NULL, **nn;
	size_t n = 0, room = 0, len = strlen(s->path);
	int ret = 0, dfd;
	DIR *dir;

	dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return fail(s, errno, true);
	dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return fail(s, errno, true);
	}
	for (;;) {
		struct dirent *de;

		errno = 0;
		de = readdir(dir);
		if (!de) {
			if (errno)
				ret = fail(s, errno, true);
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == room) {
			room = room ? 2 * room : 64;
			nn = realloc(names, room * sizeof(*nn));
			if (!nn) {
				ret = fail(s, ENOMEM, true);
				break;
			}
			names = nn;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			ret = fail(s, ENOMEM, true);
			break;
		}
		n++;
	}
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		int r = snprintf(s->path + len, sizeof(s->path) - len, "%s%s",
				 len && s->path[len - 1] == '/' ? "" : "/", names[i]);

		if (r < 0 || (size_t)r >= sizeof(s->path) - len) {
			s->path[len] = '\0';
			fail(s, ENAMETOOLONG, false);
			ret = -1;
		} else if (visit(s, dirfd(dir), names[i], false, dev, mnt) < 0) {
			ret = -1;
		}
		s->path[len] = '\0';
		free(names[i]);
	}
	free(names);
	closedir(dir);
	return ret;
}

static int visit(struct state *s, int dirfd, const char *name, bool top, dev_t dev,
		 uint64_t mnt)
{
	struct vs_attrwalk_entry e = { .path = s->path, .top = top };
	int ret;

	e.fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (e.fd < 0 || fstat(e.fd, &e.st) < 0) {
		int error = errno;

		if (e.fd >= 0)
			close(e.fd);
		return fail(s, error, false);
	}
	if (top) {
		dev = e.st.st_dev;
		mnt = vs_mount_id(e.fd);
	} else if (S_ISDIR(e.st.st_mode)) {
		e.mountpoint = e.st.st_dev != dev || (mnt && vs_mount_id(e.fd) != mnt);
	}
	ret = s->fn(&e, s->data);
	if (s->recursive && S_ISDIR(e.st.st_mode) && !e.mountpoint &&
	    walk_dir(s, e.fd, dev, mnt) < 0)
		ret = -1;
	close(e.fd);
	return ret;
}

int vs_attrwalk(const char *path, bool recursive, vs_attrwalk_fn fn, void *data)
{
	struct state s = { .recursive = recursive, .fn = fn, .data = data };

	if (snprintf(s.path, sizeof(s.path), "%s", path) >= (int)sizeof(s.path)) {
		struct vs_attrwalk_entry e = { .path = path, .fd = -1, .error = ENAMETOOLONG };

		fn(&e, data);
		return -1;
	}
	return visit(&s, AT_FDCWD, path, true, 0, 0);
}

int vs_attrwalk_open(const struct vs_attrwalk_entry *e)
{
	char proc[64];
	struct stat st;
	int fd;

	if (!S_ISREG(e->st.st_mode) && !S_ISDIR(e->st.st_mode)) {
		errno = EOPNOTSUPP;
		return -1;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", e->fd);
	fd = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_dev != e->st.st_dev || st.st_ino != e->st.st_ino) {
		close(fd);
		errno = ESTALE;
		return -1;
	}
	return fd;
}
