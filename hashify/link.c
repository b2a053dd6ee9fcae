// SPDX-License-Identifier: GPL-2.0
/*
 * The linker: finds a hashed file's store entry or creates it, and swaps
 * the file's name over to the entry.  Every step leaves each name on a
 * complete file: the entry is linked to a temp name beside the file, which
 * is then renamed over it.  Content is compared byte for byte first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "hashify.h"
#include "unify.h"

/* What a dry run would have stored, since it stores nothing: grows with the distinct files. */
struct dry_entry {
	struct dry_entry *next;
	struct hf_key key;
	dev_t dev;
	ino_t ino;
	nlink_t links;		/* inode entries: names not yet linked away */
	char path[];		/* key entries: a file with that key */
};

#define DRY_BUCKETS	(1u << 16)

struct hf_dry {
	struct dry_entry *keys[DRY_BUCKETS];
	struct dry_entry *inodes[DRY_BUCKETS];
};

struct hf_dry *hf_dry_new(void)
{
	return calloc(1, sizeof(struct hf_dry));
}

void hf_dry_free(struct hf_dry *dry)
{
	struct dry_entry *e, *next;

	if (!dry)
		return;
	for (unsigned int i = 0; i < DRY_BUCKETS; i++) {
		for (e = dry->keys[i]; e; e = next) {
			next = e->next;
			free(e);
		}
		for (e = dry->inodes[i]; e; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(dry);
}

static void report(struct hf_run *run, struct hf_item *it, enum hf_skip why, int err)
{
	run->stats->skipped[why]++;
	if (why == HF_SKIP_ERROR) {
		hf_error(err, "cannot hashify %s", it->path);
		run->status = run->status > 1 ? run->status : 1;
	}
}

/* The size freed once the last name of the file's old inode goes. */
static void count_linked(struct hf_run *run, struct hf_item *it, bool last)
{
	run->stats->linked++;
	if (last)
		run->stats->saved += it->st.st_size;
	if (run->o->verbose || run->o->dry_run)
		printf("%s %s\n", run->o->dry_run ? "would link" : "linked", it->path);
}

/* Crash leftovers may lack the attributes: an entry is unified before anyone links to it. */
static int ensure_unified(int fd)
{
	if (vs_is_unified(fd))
		return 0;
	return vs_attr_change(fd, VS_ATTR_COW, 0);
}

enum lookup { FOUND_FREE, FOUND_EQUAL, FOUND_SELF, FOUND_ERROR, FOUND_CHANGED };

/*
 * Look @it up in the store: FOUND_EQUAL with *@entry open on an identical
 * entry, FOUND_FREE with @name the free slot, FOUND_SELF if the file already
 * is its entry (*@entry open too).
 */
static enum lookup lookup(struct hf_run *run, struct hf_item *it, int *entry,
			  char name[HF_NAME_MAX])
{
	struct hf_meta m;
	unsigned int n;

	for (n = 0;; n++) {
		int fd, eq;

		hf_key_name(&it->key, n, name);
		if (run->store->fd < 0)
			return FOUND_FREE;
		fd = openat(run->store->fd, name, O_RDONLY | O_NOFOLLOW | O_NOATIME | O_NONBLOCK |
			    O_CLOEXEC);
		if (fd < 0)
			return errno == ENOENT ? FOUND_FREE : FOUND_ERROR;
		if (hf_meta_read(fd, &m) < 0) {
			close(fd);
			return FOUND_ERROR;
		}
		if (m.st.st_dev == it->st.st_dev && m.st.st_ino == it->st.st_ino) {
			hf_meta_free(&m);
			*entry = fd;
			return FOUND_SELF;
		}
		eq = hf_meta_equal(&it->meta, &m, run->o->ignore_mtime);
		hf_meta_free(&m);
		if (eq)
			eq = hf_content_equal(it->fd, fd, it->st.st_size);
		if (eq > 0) {
			*entry = fd;
			return FOUND_EQUAL;
		}
		close(fd);
		if (eq < 0)
			return FOUND_ERROR;
	}
}

/*
 * The directory of @path, for the temp name beside it, with *@base the
 * name in it.  Files come directory by directory, so the last one opened
 * is kept (closed by hf_link_finish()): the linker's single thread owns it.
 */
static struct {
	char *dir;
	int fd;
} parent = { NULL, -1 };

static int open_parent(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash == path ? 1 : (size_t)(slash - path);

	*base = slash + 1;
	if (parent.fd >= 0 && strlen(parent.dir) == len && !strncmp(parent.dir, path, len))
		return parent.fd;
	hf_link_finish();
	parent.dir = strndup(path, len);
	if (!parent.dir)
		return -1;
	parent.fd = hf_open_guest(parent.dir, O_RDONLY | O_DIRECTORY);
	return parent.fd;
}

void hf_link_finish(void)
{
	if (parent.fd >= 0)
		close(parent.fd);
	free(parent.dir);
	parent.dir = NULL;
	parent.fd = -1;
}

/* Is the file still as it was hashed, under the same name and unwritten? */
static enum hf_skip still_same(struct hf_item *it, int dirfd, const char *base)
{
	struct hf_meta now;
	struct stat st;
	bool same;

	if (hf_meta_read(it->fd, &now) < 0)
		return HF_SKIP_ERROR;
	same = hf_meta_equal(&it->meta, &now, false);
	hf_meta_free(&now);
	if (!same || it->changed)
		return HF_SKIP_CHANGED;
	if (hf_busy(it->fd))
		return HF_SKIP_BUSY;
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? HF_SKIP_CHANGED : HF_SKIP_ERROR;
	if (st.st_dev != it->st.st_dev || st.st_ino != it->st.st_ino)
		return HF_SKIP_CHANGED;
	return HF_SKIP_MAX;
}

/* Replace the file's name by a link to @entry. */
static void link_to(struct hf_run *run, struct hf_item *it, int entry)
{
	char tmp[64];
	const char *base;
	enum hf_skip why;
	struct stat st;
	int dirfd;

	dirfd = open_parent(it->path, &base);
	if (dirfd < 0) {
		report(run, it, HF_SKIP_ERROR, errno);
		return;
	}
	if (ensure_unified(entry) < 0) {
		report(run, it, HF_SKIP_ERROR, errno);
		return;
	}
	hf_tmp_name(run->fs, tmp, sizeof(tmp));
	if (hf_link(run->fs, entry, dirfd, tmp) < 0) {
		report(run, it, HF_SKIP_ERROR, errno);
		return;
	}
	/* The look before the swap: the name must still be ours, unchanged. */
	why = still_same(it, dirfd, base);
	if (why != HF_SKIP_MAX ||
	    hf_rename(run->fs, dirfd, tmp, entry, dirfd, base, it->fd, 0) < 0) {
		int e = errno;

		hf_unlink(run->fs, dirfd, tmp);
		report(run, it, why == HF_SKIP_MAX ? HF_SKIP_ERROR : why, e);
		return;
	}
	count_linked(run, it, fstat(it->fd, &st) == 0 && st.st_nlink == 0);
}

/* Make the file's own inode the store entry @name. */
static int store_inode(struct hf_run *run, int fd, const char *name)
{
	char tmp[64];

	if (hf_store_mkdirs(run->store, name) < 0)
		return -1;
	hf_tmp_name(run->fs, tmp, sizeof(tmp));
	if (hf_link(run->fs, fd, run->store->tmpfd, tmp) < 0)
		return -1;
	if (hf_rename(run->fs, run->store->tmpfd, tmp, fd, run->store->fd, name, -1,
		      RENAME_NOREPLACE) < 0) {
		int e = errno;

		hf_unlink(run->fs, run->store->tmpfd, tmp);
		errno = e;
		return -1;
	}
	return vs_attr_change(fd, VS_ATTR_COW, 0);
}

static void new_entry(struct hf_run *run, struct hf_item *it, const char *name)
{
	char value[HF_NAME_VALUE_MAX];
	size_t len;
	const char *base;
	enum hf_skip why;
	unsigned int attrs = 0;
	int dirfd;

	dirfd = open_parent(it->path, &base);
	if (dirfd < 0) {
		report(run, it, HF_SKIP_ERROR, errno);
		return;
	}
	why = still_same(it, dirfd, base);
	if (why != HF_SKIP_MAX) {
		report(run, it, why, errno);
		return;
	}
	/*
	 * Marked by "setattr --cow" but never stored: the name xattr needs it
	 * mutable for a moment (only possible, and only safe, without the module).
	 */
	if (vs_attr_get(it->fd, &attrs) == 0 && (attrs & VS_ATTR_IMMUTABLE) && !run->fs->module)
		vs_attr_change(it->fd, 0, VS_ATTR_IMMUTABLE);
	len = hf_name_value(&it->key, name, run->o->ignore_mtime, value);
	if (fsetxattr(it->fd, HF_NAME_XATTR, value, len, 0) < 0 ||
	    store_inode(run, it->fd, name) < 0) {
		int e = errno;

		if (attrs & VS_ATTR_IMMUTABLE)
			vs_attr_change(it->fd, VS_ATTR_IMMUTABLE, 0);
		report(run, it, HF_SKIP_ERROR, e);
		return;
	}
	run->stats->stored++;
	if (run->o->verbose)
		printf("stored %s\n", it->path);
}

static unsigned int bucket(const void *p, size_t len)
{
	const uint8_t *b = p;
	unsigned int h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 16777619u;
	return h % DRY_BUCKETS;
}

/* Would the file's inode lose its last name if this one went? */
static bool dry_last_name(struct hf_dry *dry, const struct stat *st)
{
	struct { dev_t dev; ino_t ino; } id = { st->st_dev, st->st_ino };
	struct dry_entry **head, *e;

	if (st->st_nlink <= 1)
		return true;
	head = &dry->inodes[bucket(&id, sizeof(id))];
	for (e = *head; e; e = e->next) {
		if (e->dev == st->st_dev && e->ino == st->st_ino)
			return --e->links == 0;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return false;
	e->dev = st->st_dev;
	e->ino = st->st_ino;
	e->links = st->st_nlink - 1;
	e->next = *head;
	*head = e;
	return false;
}

/* As new_entry and link_to would, against what this dry run would have stored. */
static void dry_item(struct hf_run *run, struct hf_item *it)
{
	struct dry_entry **head, *e;
	int fd, eq = 0;
	struct hf_meta m;

	head = &run->dry->keys[bucket(&it->key, sizeof(it->key))];
	for (e = *head; e; e = e->next) {
		if (memcmp(&e->key, &it->key, sizeof(it->key)))
			continue;
		if (e->dev == it->st.st_dev && e->ino == it->st.st_ino) {
			run->stats->already++;
			return;
		}
		fd = hf_open_guest(e->path, O_RDONLY | O_NOATIME | O_NONBLOCK);
		if (fd >= 0 && hf_meta_read(fd, &m) == 0) {
			eq = hf_meta_equal(&it->meta, &m, run->o->ignore_mtime) &&
			     hf_content_equal(it->fd, fd, it->st.st_size) > 0;
			hf_meta_free(&m);
		}
		if (fd >= 0)
			close(fd);
		if (eq) {
			count_linked(run, it, dry_last_name(run->dry, &it->st));
			return;
		}
	}
	e = calloc(1, sizeof(*e) + strlen(it->path) + 1);
	if (!e) {
		report(run, it, HF_SKIP_ERROR, errno);
		return;
	}
	e->key = it->key;
	e->dev = it->st.st_dev;
	e->ino = it->st.st_ino;
	strcpy(e->path, it->path);
	e->next = *head;
	*head = e;
	run->stats->stored++;
}

static void register_entry(struct hf_run *run, struct hf_item *it)
{
	if (run->o->dry_run) {
		run->stats->already++;
		run->stats->stored++;
		return;
	}
	if (store_inode(run, it->fd, it->name) < 0) {
		report(run, it, HF_SKIP_ERROR, errno);
		return;
	}
	run->stats->already++;
	run->stats->stored++;
}

void hf_link_item(struct hf_run *run, struct hf_item *it)
{
	char name[HF_NAME_MAX];
	enum lookup found;
	int entry = -1;

	run->stats->scanned++;
	run->stats->scanned_bytes += it->st.st_size;
	switch (it->res) {
	case HF_RES_SKIP:
		report(run, it, it->skip, it->err);
		break;
	case HF_RES_ALREADY:
		run->stats->already++;
		break;
	case HF_RES_REGISTER:
		register_entry(run, it);
		break;
	case HF_RES_HASHED:
		found = lookup(run, it, &entry, name);
		if (it->changed && (found == FOUND_FREE || found == FOUND_EQUAL))
			found = FOUND_CHANGED;
		switch (found) {
		case FOUND_CHANGED:
			report(run, it, HF_SKIP_CHANGED, 0);
			break;
		case FOUND_SELF:
			if (run->o->dry_run || ensure_unified(entry) == 0)
				run->stats->already++;
			else
				report(run, it, HF_SKIP_ERROR, errno);
			break;
		case FOUND_EQUAL:
			if (run->o->dry_run)
				count_linked(run, it, dry_last_name(run->dry, &it->st));
			else
				link_to(run, it, entry);
			break;
		case FOUND_FREE:
			if (run->o->dry_run)
				dry_item(run, it);
			else
				new_entry(run, it, name);
			break;
		case FOUND_ERROR:
			report(run, it, HF_SKIP_ERROR, errno);
			break;
		}
		if (entry >= 0)
			close(entry);
		break;
	}
	hf_item_free(it);
}
