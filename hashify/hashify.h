/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hashify: deduplicate guest trees into a store of copy-on-write links
 * (Documentation/design.md, section 7; Documentation/man/hashify.8).
 *
 * One concern per file: exclude.c (what is hashed), meta.c (what "identical"
 * means), key.c (store names), walk.c, pool.c (walker, hashers, bounded
 * queues), fsops.c (link/rename/unlink of unified inodes), store.c, link.c
 * (the single linking thread), undo.c, stats.c, err.c (errors and the stop
 * flag), main.c.  The store's gc is in store.c.
 */
#ifndef HASHIFY_H
#define HASHIFY_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <linux/vserver.h>

#include "err.h"

#define HF_PROG			"hashify"
#define HF_DEFAULT_STORE	"/vservers/.hash"
#define HF_DEFAULT_MIN_SIZE	16
/*
 * The store name of a unified inode and the kind of its key (hf_key_kind),
 * so that re-runs need not read content (hf_name_value).
 */
#define HF_NAME_XATTR		VS_XATTR_PREFIX "hash"
#define HF_TMP_PREFIX		".hashify."
/* Left by a crash of the kernel's copy-on-write break (design.md 7.4). */
#define HF_COW_TMP_PREFIX	".vs-cow."
#define HF_MODULE_PATH		"/sys/module/vserver"
/* "xx/" + 30 hex digits, + "-N" */
#define HF_NAME_LEN		33
#define HF_NAME_MAX		64
#define HF_NAME_VALUE_MAX	32

/* Set by SIGINT and SIGTERM: finish the current file, then stop. */
extern volatile sig_atomic_t hf_stop;

/* exclude.c */

struct hf_rule {
	char *pattern;
	bool include;
	bool dir_only;	/* the pattern ended in '/' */
	bool base;	/* no '/' in it: matched against the last component */
};

struct hf_rules {
	struct hf_rule *v;
	size_t n;
};

enum { HF_RULE_NONE, HF_RULE_EXCLUDE, HF_RULE_INCLUDE };

int hf_rules_add(struct hf_rules *r, const char *pattern, bool include);
int hf_rules_read(struct hf_rules *r, const char *file, struct vs_err *err);
int hf_rules_match(const struct hf_rules *r, const char *path, bool is_dir);
void hf_rules_free(struct hf_rules *r);
/* The guest path of one line of a dpkg conffiles list, malloc'd, or NULL. */
char *hf_conffile_line(const char *line);

/* What one guest excludes: the user's rules, its conffiles, the defaults. */
struct hf_exclude {
	const struct hf_rules *user;
	char **conffiles;	/* sorted */
	size_t nconffiles;
};

int hf_exclude_load(struct hf_exclude *ex, const struct hf_rules *user, int rootfd);
bool hf_excluded(const struct hf_exclude *ex, const char *path, bool is_dir);
void hf_exclude_free(struct hf_exclude *ex);

/* meta.c */

/* What must be identical for two files to share an inode, besides content. */
struct hf_meta {
	struct stat st;
	char *xattrs;	/* sorted "name\0" + 4-byte length + value, vserver's left out */
	size_t xlen;
};

int hf_meta_read(int fd, struct hf_meta *m);
void hf_meta_free(struct hf_meta *m);
bool hf_meta_equal(const struct hf_meta *a, const struct hf_meta *b, bool ignore_mtime);
/* 1 if the first @size bytes are equal and both end there, 0 if not, -1 on error. */
int hf_content_equal(int a, int b, off_t size);
/* Copy every xattr of @from except vserver's to @to. */
int hf_xattrs_copy(int from, int to);
/* Remove every vserver xattr. */
int hf_xattrs_drop_vserver(int fd);

/* key.c */

struct hf_key {
	uint8_t b[16];
};

int hf_key_compute(int fd, const struct hf_meta *m, bool ignore_mtime, struct hf_key *key);
/* "xx/rest", plus "-N" for the Nth entry of a colliding key. */
void hf_key_name(const struct hf_key *key, unsigned int n, char name[HF_NAME_MAX]);
size_t hf_name_value(const struct hf_key *key, const char *name, bool ignore_mtime,
		     char value[HF_NAME_VALUE_MAX]);
int hf_name_parse(const char *value, size_t len, bool ignore_mtime, char name[HF_NAME_MAX]);
char hf_key_kind(bool ignore_mtime);

/* fsops.c */

struct hf_fs {
	bool module;		/* the vserver module is loaded */
	char token[24];		/* this run's temp names contain it */
	unsigned long seq;
};

void hf_fs_init(struct hf_fs *fs);
int hf_open_guest(const char *path, int flags);
void hf_tmp_name(struct hf_fs *fs, char *buf, size_t size);
bool hf_is_tmp_name(const char *name);
bool hf_is_own_tmp(const struct hf_fs *fs, const char *name);
/* Is @fd open for writing somewhere? */
bool hf_busy(int fd);
int hf_link(struct hf_fs *fs, int fd, int dirfd, const char *name);
int hf_rename(struct hf_fs *fs, int fromdir, const char *from, int src, int todir,
	      const char *to, int victim, unsigned int flags);
int hf_unlink(struct hf_fs *fs, int dirfd, const char *name);

/* store.c */

struct hf_store {
	char *path;
	int fd;		/* -1: none yet (dry run) */
	int tmpfd;
	dev_t dev;
};

/* @create: mkdir it if missing; @lock: take the lock and empty .tmp, for writing. */
int hf_store_open(struct hf_store *s, const char *path, bool create, bool lock,
		  struct hf_fs *fs, struct vs_err *err);
void hf_store_close(struct hf_store *s);
int hf_store_mkdirs(struct hf_store *s, const char *name);
/* Count entries and their sizes; with @gc, remove those no guest links. */
int hf_store_scan(struct hf_store *s, bool gc, bool dry_run,
		  uint64_t *entries, uint64_t *bytes, uint64_t *removed, uint64_t *removed_bytes);

/* stats.c */

enum hf_skip {
	HF_SKIP_EXCLUDED,
	HF_SKIP_SMALL,
	HF_SKIP_CHANGED,
	HF_SKIP_BUSY,
	HF_SKIP_IMMUTABLE,
	HF_SKIP_ERROR,
	HF_SKIP_MAX,
};

struct hf_stats {
	uint64_t scanned, linked, stored, already, saved;
	uint64_t skipped[HF_SKIP_MAX];
	uint64_t scanned_bytes;
	uint64_t store_entries, store_bytes;
	uint64_t removed, removed_bytes;	/* --gc */
	uint64_t restored, cleared;		/* --undo */
	double elapsed;
};

enum hf_mode { HF_MODE_HASHIFY, HF_MODE_UNDO, HF_MODE_GC };

void hf_stats_print(const struct hf_stats *s, enum hf_mode mode, bool dry_run, bool json);
void hf_progress(const struct hf_stats *s, bool done);

/* The options, shared by the stages. */
struct hf_opts {
	const char *store;
	struct hf_rules rules;
	off_t min_size;
	unsigned int jobs;
	enum hf_mode mode;
	bool dry_run, stats, json, verbose, ignore_mtime, progress;
};

/* err.c */

/* Print one "hashify: cannot ...: reason" line; errno is the reason if @e is 0. */
void hf_error(int e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Set while a progress line is on the terminal: hf_error() clears it first. */
extern bool hf_progress_shown;

/* walk.c */

struct hf_walk {
	const char *root;
	dev_t dev;
	dev_t skip_dev;		/* the store, should it sit below a root */
	ino_t skip_ino;
	const struct hf_exclude *exclude;	/* NULL: everything */
	struct hf_fs *fs;
	bool dry_run;
	struct hf_stats *stats;			/* excluded counts, errors */
	/* Called for each regular file; non-zero stops the walk. */
	/*
	 * @fd: the file opened O_RDONLY relative to its directory (no path
	 * walk, no symlink), or -1 if that failed; the callee owns it.
	 */
	int (*file)(void *ctx, const char *path, const struct stat *st, int fd);
	void *ctx;
};

int hf_walk(struct hf_walk *w);

/* pool.c and link.c */

enum hf_result { HF_RES_HASHED, HF_RES_ALREADY, HF_RES_REGISTER, HF_RES_SKIP };

struct hf_item {
	char *path;
	struct stat st;		/* the walker's lstat */
	int fd;
	struct hf_meta meta;	/* at hashing time */
	struct hf_key key;
	char name[HF_NAME_MAX];	/* HF_RES_REGISTER: the store name it carries */
	enum hf_result res;
	enum hf_skip skip;
	bool changed;		/* changed while hashed: skip unless already stored */
	int err;
};

struct hf_run {
	const struct hf_opts *o;
	struct hf_store *store;
	struct hf_fs *fs;
	struct hf_stats *stats;
	struct hf_dry *dry;
	int status;
};

int hf_hashify(struct hf_run *run, char **roots, int nroots);
void hf_item_free(struct hf_item *it);
void hf_link_item(struct hf_run *run, struct hf_item *it);
void hf_link_finish(void);
struct hf_dry *hf_dry_new(void);
void hf_dry_free(struct hf_dry *dry);

/* undo.c */

int hf_undo(struct hf_run *run, char **roots, int nroots);

#endif /* HASHIFY_H */
