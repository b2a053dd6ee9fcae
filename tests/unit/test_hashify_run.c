// SPDX-License-Identifier: GPL-2.0
/*
 * hashify end to end: the built binary on trees made here, on this host's
 * filesystem (root may set the immutable flag and trusted.* xattrs; the
 * module is not loaded, so hashify takes its documented fallback).  The
 * oracle is util-linux hardlink -X on a copy of the same trees.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include <linux/fs.h>
#include <linux/vserver.h>

#include "compiler.h"
#include "hashify.h"
#include "unit.h"

#ifndef HASHIFY_BIN
#error "HASHIFY_BIN must name the hashify binary under test"
#endif

#define HARDLINK_BIN "/usr/bin/hardlink"

static const char *base;	/* this test's directory */

/* Run hashify with @args (NULL-terminated); its stdout in *@out if wanted. */
static int run_args(const char *const args[], char **out, int kill_after_ms)
{
	static int n;
	char *o, *e;
	const char *argv[32] = { HASHIFY_BIN };
	int status, i;
	pid_t pid;

	o = unit_printf("%s/out.%d", base, n);
	e = unit_printf("%s/err.%d", base, n++);
	for (i = 0; args[i]; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (!pid) {
		if (!freopen(o, "w", stdout) || !freopen(e, "w", stderr))
			_exit(127);
		execv(HASHIFY_BIN, (char *const *)argv);
		_exit(127);
	}
	if (kill_after_ms) {
		struct timespec ts = { 0, kill_after_ms * 1000000L };

		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	if (out)
		*out = read_file(o);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

#define RUN(out, ...) run_args((const char *const[]){ __VA_ARGS__, NULL }, out, 0)

static void mkdirs(const char *path)
{
	char *p = strdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		ck_assert(mkdir(p, 0755) == 0 || errno == EEXIST);
		*s = '/';
	}
	free(p);
}

/* @rel below @root, with its parents; owner, mode and mtime (whole seconds) as given. */
static char *mk(const char *root, const char *rel, const char *content, int mode, uid_t uid,
		time_t mtime)
{
	struct timespec ts[2] = { { mtime, 0 }, { mtime, 0 } };
	char *path = path_in(root, rel);

	mkdirs(path);
	write_file(path, content, mode);
	ck_assert_int_eq(chown(path, uid, uid), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
	return path;
}

static ino_t ino(const char *path)
{
	struct stat st;

	ck_assert_msg(lstat(path, &st) == 0, "cannot stat %s", path);
	return st.st_ino;
}

static bool unified(const char *path)
{
	char value[8];
	int fd, flags = 0;
	bool ret;

	fd = open(path, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ioctl(fd, FS_IOC_GETFLAGS, &flags), 0);
	ret = (flags & FS_IMMUTABLE_FL) && fgetxattr(fd, VS_COW_XATTR, value, sizeof(value)) == 1 &&
	      value[0] == '1';
	close(fd);
	return ret;
}

static unsigned long long json_field(const char *json, const char *name)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "\"%s\":", name);
	p = strstr(json, key);
	ck_assert_msg(p, "no %s in %s", name, json);
	return strtoull(p + strlen(key), NULL, 10);
}

/* Immutable files defeat the scratch directory's removal. */
static int unfreeze(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	int fd, flags = 0;

	(void)ftw;
	if (flag != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return 0;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 && (flags & FS_IMMUTABLE_FL)) {
		flags &= ~FS_IMMUTABLE_FL;
		ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	close(fd);
	return 0;
}

static void setup(void)
{
	scratch_setup();
}

static void teardown(void)
{
	/* The fixture runs outside the tests' processes: find the scratch directory anew. */
	char *scratch = strdup(test_dir());

	*strrchr(scratch, '/') = '\0';
	nftw(scratch, unfreeze, 16, FTW_PHYS | FTW_MOUNT);
	free(scratch);
	scratch_teardown();
}

static void start(void)
{
	base = test_dir();
}

/*
 * One line per file below @roots: path, type-independent metadata, and
 * checksums of content and xattrs (vserver's left out), sorted.  With
 * @groups, each line names instead the first path sharing its inode.
 */
struct manifest {
	char **lines;
	size_t n, cap;
	const char *prefix;
	bool groups;
};

static struct manifest *cur;

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_line(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	struct hf_meta m;
	char *line, *buf;
	size_t len = 0;
	int fd;

	/* a killed run's temp names are leftovers, checked for on their own */
	if (flag != FTW_F || !S_ISREG(st->st_mode) ||
	    !strncmp(path + ftw->base, HF_TMP_PREFIX, strlen(HF_TMP_PREFIX)))
		return 0;
	if (cur->n == cur->cap) {
		char **v;

		cur->cap = cur->cap ? 2 * cur->cap : 256;
		v = realloc(cur->lines, cur->cap * sizeof(char *));
		ck_assert_ptr_nonnull(v);
		cur->lines = v;
	}
	if (cur->groups) {
		ck_assert_int_ge(asprintf(&line, "%lu %s", (unsigned long)st->st_ino,
					  path + strlen(cur->prefix)), 0);
	} else {
		fd = open(path, O_RDONLY);
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(hf_meta_read(fd, &m), 0);
		buf = malloc(st->st_size + 1);
		while (len < (size_t)st->st_size) {
			ssize_t r = read(fd, buf + len, st->st_size - len);

			ck_assert_int_gt(r, 0);
			len += r;
		}
		close(fd);
		ck_assert_int_ge(asprintf(&line, "%s %o %u %u %lld %ld.%09ld %llx %llx",
					  path + strlen(cur->prefix), st->st_mode, st->st_uid,
					  st->st_gid, (long long)st->st_size,
					  (long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
					  (unsigned long long)XXH3_64bits(buf, len),
					  (unsigned long long)XXH3_64bits(m.xattrs, m.xlen)), 0);
		free(buf);
		hf_meta_free(&m);
	}
	cur->lines[cur->n++] = line;
	return 0;
}

/* @dir's files as one string. */
static char *manifest(const char *dir, bool groups)
{
	struct manifest m = { .prefix = dir, .groups = groups };
	char *text = NULL;
	size_t size = 0;
	FILE *f;

	cur = &m;
	ck_assert_int_eq(nftw(dir, add_line, 16, FTW_PHYS), 0);
	if (groups) {
		/* "ino path" sorted by inode, then each path with its group's first path */
		char **out = calloc(m.n, sizeof(char *));

		qsort(m.lines, m.n, sizeof(char *), cmp_line);
		for (size_t i = 0, first = 0; i < m.n; i++) {
			char *sp = strchr(m.lines[i], ' '), *fsp = strchr(m.lines[first], ' ');

			if (sp - m.lines[i] != fsp - m.lines[first] ||
			    strncmp(m.lines[i], m.lines[first], sp - m.lines[i]))
				first = i, fsp = sp;
			ck_assert_int_ge(asprintf(&out[i], "%s -> %s", sp + 1, fsp + 1), 0);
		}
		for (size_t i = 0; i < m.n; i++)
			free(m.lines[i]);
		free(m.lines);
		m.lines = out;
	}
	qsort(m.lines, m.n, sizeof(char *), cmp_line);
	f = open_memstream(&text, &size);
	for (size_t i = 0; i < m.n; i++) {
		fprintf(f, "%s\n", m.lines[i]);
		free(m.lines[i]);
	}
	fclose(f);
	free(m.lines);
	return unit_keep(text);
}

/* Manifests are too long for check's messages: on a difference, name the first line. */
static void same_manifest(const char *got, const char *want)
{
	size_t i = 0;

	while (got[i] && got[i] == want[i])
		i++;
	while (i && got[i - 1] != '\n')
		i--;
	ck_assert_msg(!strcmp(got, want), "manifests differ at: %.200s\nwanted: %.200s", got + i,
		      want + i);
}

static bool has_leftovers_cb;

static int find_tmp(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (!strncmp(path + ftw->base, HF_TMP_PREFIX, strlen(HF_TMP_PREFIX)))
		has_leftovers_cb = true;
	return 0;
}

static bool leftovers(const char *dir)
{
	has_leftovers_cb = false;
	nftw(dir, find_tmp, 16, FTW_PHYS);
	return has_leftovers_cb;
}

static const char LONG_A[] = "content A, long enough to be hashed\n";
static const char LONG_B[] = "content B, long enough to be hashed\n";

START_TEST(links_identical_only)
{
	char *g1, *g2, *store, *out, *a1, *a2, *b1, *b2, *c1, *c2, *d1, *d2, *s1, *s2;

	start();
	g1 = path_in(base, "g1");
	g2 = path_in(base, "g2");
	store = path_in(base, ".hash");
	a1 = mk(g1, "usr/bin/a", LONG_A, 0755, 0, 1000000);
	a2 = mk(g2, "usr/bin/a", LONG_A, 0755, 0, 1000000);
	b1 = mk(g1, "usr/bin/b", LONG_B, 0644, 0, 1000000);
	b2 = mk(g2, "usr/bin/b", LONG_B, 0644, 1000, 1000000);	/* owner */
	c1 = mk(g1, "usr/lib/c", LONG_B, 0640, 0, 1000000);
	c2 = mk(g2, "usr/lib/c", LONG_B, 0600, 0, 1000000);	/* mode */
	d1 = mk(g1, "usr/lib/d", "content D, 16+ bytes", 0644, 0, 1000000);
	d2 = mk(g2, "usr/lib/d", "content D, 16+ bytes", 0644, 0, 1000000);
	s1 = mk(g1, "usr/lib/small", "tiny", 0644, 0, 1000000);
	s2 = mk(g2, "usr/lib/small", "tiny", 0644, 0, 1000000);
	ck_assert_int_eq(setxattr(d1, "user.tag", "x", 1, 0), 0);	/* xattrs */
	ck_assert_int_eq(setxattr(d2, "user.tag", "y", 1, 0), 0);
	mk(g1, "etc/passwd", LONG_A, 0755, 0, 1000000);		/* excluded */
	ck_assert_int_eq(RUN(&out, "--json", "--store", store, g1, g2), 0);
	ck_assert_uint_eq(ino(a1), ino(a2));
	ck_assert_uint_ne(ino(b1), ino(b2));
	ck_assert_uint_ne(ino(c1), ino(c2));
	ck_assert_uint_ne(ino(d1), ino(d2));
	ck_assert_uint_ne(ino(s1), ino(s2));
	ck_assert_uint_ne(ino(a1), ino(path_in(g1, "etc/passwd")));
	ck_assert(unified(a1));
	ck_assert(unified(b2));
	ck_assert(!unified(s1));
	ck_assert(!unified(path_in(g1, "etc/passwd")));
	ck_assert_uint_eq(json_field(out, "linked"), 1);
	ck_assert_uint_eq(json_field(out, "saved_bytes"), strlen(LONG_A));
	ck_assert_uint_eq(json_field(out, "small"), 2);
	ck_assert_uint_eq(json_field(out, "store_entries"), 7);
	/* the metadata survived */
	struct stat st;

	ck_assert_int_eq(stat(b2, &st), 0);
	ck_assert_uint_eq(st.st_uid, 1000);
	ck_assert_int_eq(st.st_mtim.tv_sec, 1000000);
}
END_TEST

START_TEST(mtime_and_ignore_mtime)
{
	char *g1, *g2, *store, *a1, *a2;

	start();
	g1 = path_in(base, "g1");
	g2 = path_in(base, "g2");
	store = path_in(base, ".hash");
	a1 = mk(g1, "usr/a", LONG_A, 0644, 0, 1000000);
	a2 = mk(g2, "usr/a", LONG_A, 0644, 0, 2000000);
	ck_assert_int_eq(RUN(NULL, "--store", store, g1, g2), 0);
	ck_assert_uint_ne(ino(a1), ino(a2));
	ck_assert_int_eq(RUN(NULL, "--ignore-mtime", "--store", store, g1, g2), 0);
	ck_assert_uint_eq(ino(a1), ino(a2));
	ck_assert(!leftovers(base));
}
END_TEST

START_TEST(hard_links_and_rerun)
{
	char *g1, *g2, *store, *out, *a1, *a2, *a3, *b1;
	struct stat st;

	start();
	g1 = path_in(base, "g1");
	g2 = path_in(base, "g2");
	store = path_in(base, ".hash");
	a1 = mk(g1, "usr/a", LONG_A, 0644, 0, 1000000);
	a2 = path_in(g1, "usr/a2");
	ck_assert_int_eq(link(a1, a2), 0);
	a3 = mk(g2, "usr/a", LONG_A, 0644, 0, 1000000);
	b1 = mk(g2, "usr/b", LONG_B, 0644, 0, 1000000);
	ck_assert_int_eq(RUN(&out, "--json", "--store", store, g2, g1), 0);
	ck_assert_uint_eq(ino(a1), ino(a2));
	ck_assert_uint_eq(ino(a1), ino(a3));
	ck_assert_uint_eq(json_field(out, "saved_bytes"), strlen(LONG_A));
	ck_assert_int_eq(stat(a1, &st), 0);
	ck_assert_uint_eq(st.st_nlink, 4);
	/* nothing left to do, and nothing read: content is not even opened for hashing */
	ck_assert_int_eq(RUN(&out, "--json", "--store", store, g1, g2), 0);
	ck_assert_uint_eq(json_field(out, "linked"), 0);
	ck_assert_uint_eq(json_field(out, "stored"), 0);
	ck_assert_uint_eq(json_field(out, "already_unified"), 4);
	ck_assert(unified(b1));
}
END_TEST

START_TEST(busy_file_skipped)
{
	char *g1, *g2, *store, *out, *a1, *a2;
	int fd;

	start();
	g1 = path_in(base, "g1");
	g2 = path_in(base, "g2");
	store = path_in(base, ".hash");
	a1 = mk(g1, "usr/a", LONG_A, 0644, 0, 1000000);
	a2 = mk(g2, "usr/a", LONG_A, 0644, 0, 1000000);
	fd = open(a2, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(RUN(&out, "--json", "--store", store, g1, g2), 0);
	ck_assert_uint_ne(ino(a1), ino(a2));
	ck_assert_uint_eq(json_field(out, "busy"), 1);
	close(fd);
	ck_assert_int_eq(RUN(NULL, "--store", store, g1, g2), 0);
	ck_assert_uint_eq(ino(a1), ino(a2));
}
END_TEST

START_TEST(other_filesystem_refused)
{
	char *g1, *store, *out, *a1, *before;

	start();
	g1 = path_in(base, "g1");
	store = path_in(base, "mnt");
	a1 = mk(g1, "usr/a", LONG_A, 0644, 0, 1000000);
	mk(g1, "usr/b", LONG_A, 0644, 0, 1000000);
	ck_assert_int_eq(mkdir(store, 0700), 0);
	ck_assert_int_eq(mount("tmpfs", store, "tmpfs", 0, "size=1m"), 0);
	before = manifest(g1, true);
	ck_assert_int_eq(RUN(&out, "--store", store, g1), 2);
	umount(store);
	same_manifest(manifest(g1, true), before);
	ck_assert(!unified(a1));
	/* a mount point inside a root is not descended into */
	ck_assert_int_eq(mkdir(path_in(g1, "mnt"), 0755), 0);
	ck_assert_int_eq(mount("tmpfs", path_in(g1, "mnt"), "tmpfs", 0, "size=1m"), 0);
	write_file(path_in(g1, "mnt/x"), LONG_A, 0644);
	ck_assert_int_eq(RUN(&out, "--store", path_in(base, ".hash"), g1), 0);
	ck_assert(!unified(path_in(g1, "mnt/x")));
	umount(path_in(g1, "mnt"));
	ck_assert(unified(a1));
}
END_TEST

START_TEST(dry_run_changes_nothing)
{
	char *g1, *g2, *guests, *store, *out, *before, *want;

	start();
	guests = path_in(base, "guests");
	g1 = path_in(guests, "g");
	g2 = path_in(guests, "h");
	store = path_in(base, ".hash");
	mk(g1, "usr/a", LONG_A, 0644, 0, 1000000);
	mk(g1, "usr/a2", LONG_A, 0644, 0, 1000000);
	mk(g2, "usr/a", LONG_A, 0644, 0, 1000000);
	mk(g2, "usr/b", LONG_B, 0644, 0, 1000000);
	before = manifest(guests, true);
	ck_assert_int_eq(RUN(&out, "-n", "--store", store, g1, g2), 0);
	want = unit_printf("would link 2 files, saving %zu bytes", 2 * strlen(LONG_A));
	ck_assert_msg(strstr(out, want), "%s", out);
	same_manifest(manifest(guests, true), before);
	ck_assert_int_eq(access(store, F_OK), -1);
	ck_assert(!unified(path_in(g1, "usr/a")));
	/* and it predicted the real run */
	ck_assert_int_eq(RUN(&out, "--json", "--store", store, g1, g2), 0);
	ck_assert_uint_eq(json_field(out, "linked"), 2);
	ck_assert_uint_eq(json_field(out, "saved_bytes"), 2 * strlen(LONG_A));
}
END_TEST

START_TEST(undo_and_gc)
{
	char *g1, *g2, *store, *out, *a1, *a2, *sp1, *sp2, *before, *cmd;
	struct stat st;
	int fd;

	start();
	g1 = path_in(base, "g1");
	g2 = path_in(base, "g2");
	store = path_in(base, ".hash");
	a1 = mk(g1, "usr/a", LONG_A, 04755, 1000, 1000000);
	a2 = mk(g2, "usr/a", LONG_A, 04755, 1000, 1000000);
	ck_assert_int_eq(setxattr(a1, "user.x", "v", 1, 0), 0);
	ck_assert_int_eq(setxattr(a2, "user.x", "v", 1, 0), 0);
	/* sparse: 8 MiB with 4 KiB of data in the middle */
	sp1 = path_in(g1, "usr/sparse");
	sp2 = path_in(g2, "usr/sparse");
	fd = open(sp1, O_WRONLY | O_CREAT, 0644);
	ck_assert_int_eq(pwrite(fd, LONG_B, sizeof(LONG_B), 4 << 20), (ssize_t)sizeof(LONG_B));
	ck_assert_int_eq(ftruncate(fd, 8 << 20), 0);
	close(fd);
	cmd = unit_printf("cp -a --sparse=always %s %s", sp1, sp2);
	ck_assert_int_eq(system(cmd), 0);
	before = manifest(g2, false);
	ck_assert_int_eq(RUN(NULL, "--store", store, g1, g2), 0);
	ck_assert_uint_eq(ino(a1), ino(a2));
	ck_assert_uint_eq(ino(sp1), ino(sp2));
	ck_assert_int_eq(RUN(&out, "--undo", "--json", g2), 0);
	ck_assert_uint_eq(json_field(out, "restored"), 2);
	ck_assert_uint_ne(ino(a1), ino(a2));
	ck_assert(!unified(a2));
	ck_assert(unified(a1));
	same_manifest(manifest(g2, false), before);
	ck_assert_int_eq(stat(sp2, &st), 0);
	ck_assert_int_lt(st.st_blocks, 256);
	ck_assert_int_eq(lgetxattr(a2, HF_NAME_XATTR, NULL, 0), -1);
	/* g1's files are still in use: gc keeps them */
	ck_assert_int_eq(RUN(&out, "--gc", "--json", "--store", store), 0);
	ck_assert_uint_eq(json_field(out, "removed"), 0);
	ck_assert_uint_eq(json_field(out, "store_entries"), 2);
	/* a single name left: undo only clears the attributes */
	ck_assert_int_eq(RUN(&out, "--gc", "--store", store), 0);
	ck_assert_int_eq(RUN(&out, "--undo", "--json", g1), 0);
	ck_assert_uint_eq(json_field(out, "restored"), 2);
	ck_assert_int_eq(RUN(&out, "--gc", "--json", "--store", store), 0);
	ck_assert_uint_eq(json_field(out, "removed"), 2);
	ck_assert_uint_eq(json_field(out, "removed_bytes"), (8 << 20) + strlen(LONG_A));
	ck_assert_uint_eq(json_field(out, "store_entries"), 0);
	/* a unified file with a single name left only loses its attributes */
	ck_assert_int_eq(RUN(NULL, "--store", store, g1), 0);
	cmd = unit_printf("chattr -R -i %s && rm -r %s && chattr +i %s %s", store, store, a1, sp1);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert(unified(a1));
	ck_assert_int_eq(RUN(&out, "--undo", "--json", g1), 0);
	ck_assert_uint_eq(json_field(out, "cleared"), 2);
	ck_assert(!unified(a1));
	ck_assert_int_eq(lgetxattr(a1, HF_NAME_XATTR, NULL, 0), -1);
	ck_assert_int_eq(chmod(a1, 04755), 0);
}
END_TEST

START_TEST(options_and_errors)
{
	char *out;

	start();
	ck_assert_int_eq(RUN(&out, "--help"), 0);
	ck_assert(strlen(out) > 20 && !strcmp(out + strlen(out) - 16, "See hashify(8).\n"));
	ck_assert_int_eq(RUN(&out, "--version"), 0);
	ck_assert(!strncmp(out, "hashify ", 8));
	ck_assert_int_eq(RUN(NULL, "--store", base), 2);
	ck_assert_int_eq(RUN(NULL, "--gc", "--store", base, base), 2);
	ck_assert_int_eq(RUN(NULL, "-j", "0", base), 2);
	ck_assert_int_eq(RUN(NULL, "--min-size", "x", base), 2);
	ck_assert_int_eq(RUN(NULL, "--bogus", base), 2);
	ck_assert_int_eq(RUN(NULL, "--undo", "--gc", base), 2);
	ck_assert_int_eq(RUN(NULL, "--exclude-from", path_in(base, "missing"), base), 2);
	ck_assert_int_eq(RUN(NULL, "--store", path_in(base, "s"), path_in(base, "missing")), 2);
}
END_TEST

START_TEST(excludes)
{
	char *g, *g2, *store, *rules;

	start();
	g = path_in(base, "g");
	g2 = path_in(base, "g2");
	store = path_in(base, ".hash");
	rules = path_in(base, "rules");
	mk(g, "usr/share/doc/x", LONG_A, 0644, 0, 1000000);
	mk(g, "usr/share/keep/x", LONG_A, 0644, 0, 1000000);
	mk(g, "usr/lib/x.pyc", LONG_A, 0644, 0, 1000000);
	mk(g, "etc/ssl/cert", LONG_A, 0644, 0, 1000000);
	mk(g, "etc/ssl/conf", LONG_A, 0644, 0, 1000000);
	mk(g, "etc/other", LONG_A, 0644, 0, 1000000);
	mk(g, "usr/lib/ssl/conf", LONG_A, 0644, 0, 1000000);
	mk(g, "var/lib/dpkg/info/ssl.conffiles", "/etc/ssl/conf\n/usr/lib/ssl/conf\n", 0644, 0,
	   1000000);
	mk(g, "usr/bin/y", LONG_A, 0644, 0, 1000000);
	mk(g2, "usr/bin/y", LONG_A, 0644, 0, 1000000);
	write_file(rules, "# keep one\n+/usr/share/keep\n+/usr/share/keep/*\n-/usr/share/*\n",
		   0644);
	ck_assert_int_eq(RUN(NULL, "--store", store, "--exclude", "*.pyc", "--include", "/etc",
			     "--include", "/etc/ssl", "--include", "/etc/ssl/*", "--exclude",
			     "/etc/*", "--exclude-from", rules, g, g2), 0);
	ck_assert(unified(path_in(g, "usr/bin/y")));
	ck_assert(unified(path_in(g2, "usr/bin/y")));
	ck_assert(unified(path_in(g, "usr/share/keep/x")));
	ck_assert(unified(path_in(g, "etc/ssl/cert")));
	ck_assert(!unified(path_in(g, "usr/share/doc/x")));
	ck_assert(!unified(path_in(g, "usr/lib/x.pyc")));
	/* the user's rules come first: they may even include a conffile */
	ck_assert(unified(path_in(g, "etc/ssl/conf")));
	ck_assert(!unified(path_in(g, "usr/lib/ssl/conf")));
	ck_assert(!unified(path_in(g, "etc/other")));
	ck_assert(!unified(path_in(g, "var/lib/dpkg/info/ssl.conffiles")));
}
END_TEST

/* A few thousand files over two guests, N distinct (content, metadata) among them. */
static void make_guests(const char *g1, const char *g2, int files)
{
	char rel[64], content[512], pad[400];

	memset(pad, 'x', sizeof(pad) - 1);
	pad[sizeof(pad) - 1] = '\0';
	for (int i = 0; i < files; i++) {
		int v = (i * 7919) % 97;

		snprintf(rel, sizeof(rel), "usr/share/d%d/f%d", i % 40, i);
		snprintf(content, sizeof(content), "file variant %02d %.*s", v, v * 4, pad);
		mk(i % 2 ? g2 : g1, rel, content, v % 3 ? 0644 : 0755, v % 5 ? 0 : 1000,
		   1000000 + v % 4);
	}
}

/* Each (content, metadata) shares one inode: the manifest's lines without paths. */
static unsigned long count_distinct(const char *dir, bool inodes)
{
	char *text = manifest(dir, inodes), *p, *line, **v = NULL;
	unsigned long n = 0, distinct = 0;

	for (p = text; (line = strsep(&p, "\n")) && *line;) {
		char **nv = realloc(v, (n + 1) * sizeof(char *));

		ck_assert_ptr_nonnull(nv);
		v = nv;
		v[n++] = inodes ? strrchr(line, ' ') + 1 : strchr(line, ' ') + 1;
	}
	qsort(v, n, sizeof(char *), cmp_line);
	for (unsigned long i = 0; i < n; i++)
		distinct += !i || strcmp(v[i], v[i - 1]);
	free(v);
	return distinct;
}

START_TEST(sigkill_then_rerun)
{
	static const int delays[] = { 5, 20, 50, 100, 150, 250 };
	char *g1, *g2, *store, *guests, *before, *out;

	start();
	guests = path_in(base, "guests");
	g1 = path_in(guests, "g1");
	g2 = path_in(guests, "g2");
	store = path_in(base, ".hash");
	make_guests(g1, g2, 3000);
	before = manifest(guests, false);
	for (size_t i = 0; i < ARRAY_SIZE(delays); i++) {
		run_args((const char *const[]){ "-j", "2", "--store", store, g1, g2, NULL }, NULL,
			 delays[i]);
		same_manifest(manifest(guests, false), before);
	}
	ck_assert_int_eq(RUN(&out, "--json", "--store", store, g1, g2), 0);
	same_manifest(manifest(guests, false), before);
	ck_assert(!leftovers(guests));
	ck_assert(!leftovers(store));
	ck_assert_uint_eq(count_distinct(guests, true), count_distinct(guests, false));
	ck_assert_uint_eq(count_distinct(guests, false), 97);
	ck_assert_int_eq(RUN(&out, "--json", "--store", store, g1, g2), 0);
	ck_assert_uint_eq(json_field(out, "already_unified"), 3000);
}
END_TEST

/* Distinct inodes' sizes: what the files occupy. */
static unsigned long long inode_bytes(const char *dir)
{
	char *text = manifest(dir, true), *p, *line;
	unsigned long long total = 0;
	struct stat st;
	char *path;

	for (p = text; (line = strsep(&p, "\n")) && *line;) {
		char *arrow = strstr(line, " -> ");

		*arrow = '\0';
		/* count each group once, at its first path */
		if (strcmp(line, arrow + 4))
			continue;
		path = path_in(dir, line);
		ck_assert_int_eq(lstat(path, &st), 0);
		total += st.st_size;
	}
	return total;
}

START_TEST(oracle_hardlink)
{
	static const char *const roots[] = { "r1", "r2", "r3" };
	char *src, *dst, *store, *out, *cmd, *s[3], *d[3];
	unsigned long long before, after;

	start();
	src = path_in(base, "src");
	dst = path_in(base, "dst");
	store = path_in(base, ".hash");
	srandom(42);
	for (int i = 0; i < 3; i++)
		s[i] = path_in(src, roots[i]), d[i] = path_in(dst, roots[i]);
	for (int i = 0; i < 600; i++) {
		char rel[64], content[256], *path;
		int v = random() % 12;

		snprintf(rel, sizeof(rel), "usr/lib/d%ld/f%d", random() % 5, i);
		snprintf(content, sizeof(content), "%0*d", 16 + v * 10, v);
		path = mk(s[random() % 3], rel, content, random() % 2 ? 0644 : 0755,
			  random() % 4 ? 0 : 1000, 1000000 + random() % 2);
		if (!(random() % 4))
			ck_assert_int_eq(setxattr(path, "user.tag", random() % 2 ? "a" : "b", 1, 0),
					 0);
		if (!(random() % 10)) {
			/* an existing hard link in the same guest */
			char *other;

			other = unit_printf("%s.link", path);
			ck_assert_int_eq(link(path, other), 0);
		}
	}
	for (int i = 0; i < 3; i++)
		mkdirs(path_in(s[i], "x"));
	cmd = unit_printf("cp -a %s %s", src, dst);
	ck_assert_int_eq(system(cmd), 0);
	same_manifest(manifest(dst, true), manifest(src, true));
	before = inode_bytes(dst);
	cmd = unit_printf(HARDLINK_BIN " -q -X -s 16 %s %s %s >/dev/null", d[0], d[1], d[2]);
	ck_assert_int_eq(system(cmd), 0);
	after = inode_bytes(dst);
	ck_assert_int_eq(RUN(&out, "--json", "--store", store, s[0], s[1], s[2]), 0);
	same_manifest(manifest(src, true), manifest(dst, true));
	ck_assert_uint_eq(json_field(out, "saved_bytes"), before - after);
	ck_assert_uint_gt(before - after, 0);
}
END_TEST

Suite *hashify_run_suite(void)
{
	Suite *s = suite_create("hashify-run");
	TCase *tc = tcase_create("binary");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, options_and_errors);
	tcase_add_test(tc, links_identical_only);
	tcase_add_test(tc, mtime_and_ignore_mtime);
	tcase_add_test(tc, hard_links_and_rerun);
	tcase_add_test(tc, busy_file_skipped);
	tcase_add_test(tc, other_filesystem_refused);
	tcase_add_test(tc, dry_run_changes_nothing);
	tcase_add_test(tc, undo_and_gc);
	tcase_add_test(tc, excludes);
	tcase_add_test(tc, sigkill_then_rerun);
	tcase_add_test(tc, oracle_hardlink);
	suite_add_tcase(s, tc);
	return s;
}
