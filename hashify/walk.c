// SPDX-License-Identifier: GPL-2.0
/*
 * The tree walk: directories by descriptor, symlinks never followed, no
 * descent into mount points or into the store, excluded directories pruned.
 * Crash leftovers (temp names) are removed on the way.  Memory is one path
 * buffer and one open directory per level, whatever the tree's size.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "hashify.h"

struct walk_state {
	struct hf_walk *w;
	char path[PATH_MAX];
	size_t rootlen;		/* path + rootlen is the guest's view ("" for the root) */
};

static void remove_leftover(struct walk_state *ws, int dirfd, const char *name)
{
	if (ws->w->dry_run || hf_is_own_tmp(ws->w->fs, name))
		return;
	if (hf_unlink(ws->w->fs, dirfd, name) < 0 && errno != ENOENT) {
		hf_error(0, "cannot remove %s", ws->path);
		ws->w->stats->skipped[HF_SKIP_ERROR]++;
	}
}

static int walk_dir(struct walk_state *ws, int fd, size_t len);

static int walk_entry(struct walk_state *ws, int dirfd, const char *name, unsigned char type,
		      size_t len)
{
	struct hf_walk *w = ws->w;
	const char *rel = ws->path + ws->rootlen;
	size_t nlen = strlen(name);
	struct stat st;
	int fd;

	if (len + 1 + nlen >= sizeof(ws->path)) {
		hf_error(ENAMETOOLONG, "cannot walk %s/%s", ws->path, name);
		w->stats->skipped[HF_SKIP_ERROR]++;
		return 0;
	}
	ws->path[len] = '/';
	memcpy(ws->path + len + 1, name, nlen + 1);
	/* Neither hashed nor excluded: not worth a stat. */
	if (type != DT_UNKNOWN && type != DT_REG && type != DT_DIR)
		return 0;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT)
			return 0;
		hf_error(0, "cannot stat %s", ws->path);
		w->stats->skipped[HF_SKIP_ERROR]++;
		return 0;
	}
	if (hf_is_tmp_name(name)) {
		if (S_ISREG(st.st_mode))
			remove_leftover(ws, dirfd, name);
		return 0;
	}
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return 0;
	if (w->exclude && hf_excluded(w->exclude, rel, S_ISDIR(st.st_mode))) {
		w->stats->skipped[HF_SKIP_EXCLUDED]++;
		return 0;
	}
	if (S_ISREG(st.st_mode))
		return w->file(w->ctx, ws->path, &st,
			       openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
				      O_NOATIME | O_CLOEXEC));
	if (st.st_dev != w->dev || (st.st_dev == w->skip_dev && st.st_ino == w->skip_ino))
		return 0;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		hf_error(0, "cannot open %s", ws->path);
		w->stats->skipped[HF_SKIP_ERROR]++;
		return 0;
	}
	return walk_dir(ws, fd, len + 1 + nlen);
}

/* Walk the directory @fd (consumed), whose path is ws->path[0..len). */
static int walk_dir(struct walk_state *ws, int fd, size_t len)
{
	DIR *dir;
	int ret = 0;

	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		hf_error(0, "cannot open %s", ws->path);
		ws->w->stats->skipped[HF_SKIP_ERROR]++;
		return 0;
	}
	while (!ret && !hf_stop) {
		struct dirent *d;

		errno = 0;
		d = readdir(dir);
		if (!d) {
			if (errno) {
				ws->path[len] = '\0';
				hf_error(0, "cannot read %s", ws->path);
				ws->w->stats->skipped[HF_SKIP_ERROR]++;
			}
			break;
		}
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		ret = walk_entry(ws, dirfd(dir), d->d_name, d->d_type, len);
	}
	closedir(dir);
	return ret;
}

int hf_walk(struct hf_walk *w)
{
	struct walk_state ws = { .w = w };
	size_t len = strlen(w->root);
	int fd;

	while (len > 1 && w->root[len - 1] == '/')
		len--;
	if (len >= sizeof(ws.path)) {
		hf_error(ENAMETOOLONG, "cannot walk %s", w->root);
		return -1;
	}
	/* The root "/" is the empty prefix: its children are "/bin", not "//bin". */
	if (len == 1 && w->root[0] == '/')
		len = 0;
	memcpy(ws.path, w->root, len);
	ws.path[len] = '\0';
	ws.rootlen = len;
	fd = open(len ? ws.path : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		hf_error(0, "cannot open %s", w->root);
		return -1;
	}
	return walk_dir(&ws, fd, len);
}
