// SPDX-License-Identifier: GPL-2.0
/*
 * --undo: give a guest private copies of its unified files, as the kernel's
 * copy-on-write break would (design.md 7.3): data with its holes, owner,
 * mode, xattrs except vserver's, atime and mtime; temp name, then rename.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "hashify.h"
#include "unify.h"

static int copy_file(struct hf_run *run, int in, const struct stat *st, int dirfd,
		     const char *base)
{
	struct timespec times[2] = { st->st_atim, st->st_mtim };
	char tmp[64];
	int out, e;

	hf_tmp_name(run->fs, tmp, sizeof(tmp));
	out = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0)
		return -1;
	/* chown first: it clears set-id bits and security.capability */
	if (vs_copy_data(in, out, st->st_size) < 0 || fchown(out, st->st_uid, st->st_gid) < 0 ||
	    fchmod(out, st->st_mode & 07777) < 0 || hf_xattrs_copy(in, out) < 0 ||
	    futimens(out, times) < 0 || fsync(out) < 0)
		goto fail;
	if (hf_rename(run->fs, dirfd, tmp, out, dirfd, base, in, 0) < 0)
		goto fail;
	close(out);
	return 0;
fail:
	e = errno;
	close(out);
	unlinkat(dirfd, tmp, 0);
	errno = e;
	return -1;
}

static int undo_file(void *arg, const char *path, const struct stat *wst, int wfd)
{
	struct hf_run *run = arg;
	const char *base = strrchr(path, '/') + 1;
	unsigned int attrs;
	struct stat st;
	int fd, dirfd = -1;
	char *dir;

	(void)wst;
	fd = wfd >= 0 ? wfd : hf_open_guest(path, O_RDONLY | O_NONBLOCK | O_NOATIME);
	if (fd < 0 || fstat(fd, &st) < 0 || vs_attr_get(fd, &attrs) < 0)
		goto fail;
	run->stats->scanned++;
	/* Not ours: immutable alone is the administrator's */
	if (!(attrs & VS_ATTR_IUNLINK))
		goto out;
	if (run->o->dry_run) {
		printf("would restore %s\n", path);
		run->stats->restored++;
		goto out;
	}
	if (st.st_nlink == 1) {
		/* Nobody shares it: clearing the attributes makes it private. */
		if (vs_attr_change(fd, 0, VS_ATTR_COW) < 0 || hf_xattrs_drop_vserver(fd) < 0)
			goto fail;
		run->stats->cleared++;
	} else {
		dir = strndup(path, base - path);
		dirfd = dir ? hf_open_guest(dir, O_RDONLY | O_DIRECTORY) : -1;
		free(dir);
		if (dirfd < 0 || copy_file(run, fd, &st, dirfd, base) < 0)
			goto fail;
		run->stats->restored++;
	}
	if (run->o->verbose)
		printf("restored %s\n", path);
	goto out;
fail:
	hf_error(0, "cannot restore %s", path);
	run->stats->skipped[HF_SKIP_ERROR]++;
	run->status = 1;
out:
	if (dirfd >= 0)
		close(dirfd);
	if (fd >= 0)
		close(fd);
	return hf_stop ? -1 : 0;
}

int hf_undo(struct hf_run *run, char **roots, int nroots)
{
	struct hf_stats walk_stats = { 0 };
	struct stat st;

	for (int i = 0; i < nroots && !hf_stop; i++) {
		struct hf_walk w = {
			.root = roots[i],
			.fs = run->fs,
			.dry_run = run->o->dry_run,
			.stats = &walk_stats,
			.file = undo_file,
			.ctx = run,
		};

		if (stat(roots[i], &st) < 0) {
			hf_error(0, "cannot read %s", roots[i]);
			run->status = 2;
			continue;
		}
		w.dev = st.st_dev;
		if (hf_walk(&w) < 0)
			run->status = 2;
	}
	if (walk_stats.skipped[HF_SKIP_ERROR] && !run->status)
		run->status = 1;
	run->stats->skipped[HF_SKIP_ERROR] += walk_stats.skipped[HF_SKIP_ERROR];
	return run->status;
}
