// SPDX-License-Identifier: GPL-2.0
/*
 * The store: one name per distinct (content, metadata), "xx/rest" from
 * the key (key.c), on the guests' filesystem.  New entries are linked to
 * ".tmp/" first and renamed into place, so a crash leaves either nothing or
 * a complete entry; ".tmp/" is emptied when the store is opened, under the
 * lock that keeps one hashify per store.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "err.h"
#include "hashify.h"
#include "unify.h"

static void clean_tmp(struct hf_store *s, struct hf_fs *fs)
{
	struct dirent *d;
	DIR *dir;
	int fd;

	fd = dup(s->tmpfd);
	if (fd < 0)
		return;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return;
	}
	while ((d = readdir(dir))) {
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			hf_unlink(fs, s->tmpfd, d->d_name);
	}
	closedir(dir);
}

int hf_store_open(struct hf_store *s, const char *path, bool create, bool lock_it,
		  struct hf_fs *fs, struct vs_err *err)
{
	struct stat st;
	int lock;

	s->path = strdup(path);
	s->fd = -1;
	s->tmpfd = -1;
	if (!s->path) {
		vs_err_set(err, "cannot open store %s: %s", path, strerror(errno));
		return -1;
	}
	/* Guests must not reach the store: only root may enter it. */
	if (create && mkdir(path, 0700) < 0 && errno != EEXIST)
		goto fail;
	s->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->fd < 0) {
		char *parent, *slash;

		if (lock_it || errno != ENOENT)
			goto fail;
		/* A dry run creates nothing: the filesystem is the parent's. */
		parent = strdup(path);
		slash = parent ? strrchr(parent, '/') : NULL;
		if (slash)
			*(slash == parent ? slash + 1 : slash) = '\0';
		if (stat(slash ? parent : ".", &st) < 0) {
			free(parent);
			goto fail;
		}
		free(parent);
		s->dev = st.st_dev;
		return 0;
	}
	if (fstat(s->fd, &st) < 0)
		goto fail;
	s->dev = st.st_dev;
	if (!lock_it)
		return 0;
	lock = openat(s->fd, ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lock < 0)
		goto fail;
	if (flock(lock, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK) {
			vs_err_set(err, "cannot lock store %s: another hashify is using it", path);
			return -1;
		}
		goto fail;
	}
	/* The lock lives as long as the process: the descriptor is never closed. */
	if (mkdirat(s->fd, ".tmp", 0700) < 0 && errno != EEXIST)
		goto fail;
	s->tmpfd = openat(s->fd, ".tmp", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s->tmpfd < 0)
		goto fail;
	clean_tmp(s, fs);
	return 0;
fail:
	vs_err_set(err, "cannot open store %s: %s", path, strerror(errno));
	return -1;
}

void hf_store_close(struct hf_store *s)
{
	if (s->fd >= 0)
		close(s->fd);
	if (s->tmpfd >= 0)
		close(s->tmpfd);
	free(s->path);
	s->path = NULL;
	s->fd = s->tmpfd = -1;
}

/* Create the "xx" of @name. */
int hf_store_mkdirs(struct hf_store *s, const char *name)
{
	char dir[3];

	memcpy(dir, name, 2);
	dir[2] = '\0';
	if (mkdirat(s->fd, dir, 0700) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

static bool is_hex2(const char *name)
{
	return strlen(name) == 2 && strspn(name, "0123456789abcdef") == 2;
}

/* Unlink an entry nobody links any more; without the module it must lose its attributes first. */
static int remove_entry(int dirfd, const char *name)
{
	int fd, ret;

	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EPERM)
		return -1;
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = vs_attr_change(fd, 0, VS_ATTR_COW);
	close(fd);
	return ret < 0 ? -1 : unlinkat(dirfd, name, 0);
}

static int scan_leaf(const char *leaf, int fd, bool gc, bool dry_run, uint64_t *counts)
{
	struct dirent *d;
	struct stat st;
	bool empty = true;
	int ret = 0;
	DIR *dir;

	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return -1;
	}
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		if (fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode)) {
			empty = false;
			continue;
		}
		if (gc && st.st_nlink == 1) {
			if (!dry_run && remove_entry(dirfd(dir), d->d_name) < 0) {
				hf_error(0, "cannot remove store entry %s/%s", leaf, d->d_name);
				ret = -1;
				empty = false;
				continue;
			}
			counts[2]++;
			counts[3] += st.st_size;
			continue;
		}
		empty = false;
		counts[0]++;
		counts[1] += st.st_size;
	}
	closedir(dir);
	return ret < 0 ? ret : empty;
}

int hf_store_scan(struct hf_store *s, bool gc, bool dry_run,
		  uint64_t *entries, uint64_t *bytes, uint64_t *removed, uint64_t *removed_bytes)
{
	uint64_t counts[4] = { 0 };
	char leaf[4096];
	struct dirent *d;
	DIR *top;
	int fd, r, ret = 0;

	if (s->fd < 0)
		goto out;
	fd = dup(s->fd);
	top = fd < 0 ? NULL : fdopendir(fd);
	if (!top)
		return -1;
	rewinddir(top);
	while ((d = readdir(top))) {
		if (!is_hex2(d->d_name))
			continue;
		fd = openat(dirfd(top), d->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		snprintf(leaf, sizeof(leaf), "%s/%s", s->path, d->d_name);
		r = fd < 0 ? -1 : scan_leaf(leaf, fd, gc, dry_run, counts);
		if (r < 0)
			ret = -1;
		if (r > 0 && gc && !dry_run)
			unlinkat(dirfd(top), d->d_name, AT_REMOVEDIR);
	}
	closedir(top);
out:
	*entries = counts[0];
	*bytes = counts[1];
	*removed = counts[2];
	*removed_bytes = counts[3];
	return ret;
}
