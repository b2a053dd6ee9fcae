// SPDX-License-Identifier: GPL-2.0
/*
 * What "identical" means besides content: owner, group, mode, size, mtime
 * (unless ignored) and every xattr except vserver's own, which describe the
 * link and not the file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <linux/vserver.h>

#include "hashify.h"

static bool is_vserver_xattr(const char *name)
{
	return !strncmp(name, VS_XATTR_PREFIX, strlen(VS_XATTR_PREFIX));
}

/* The names of @fd's xattrs, "a\0b\0", retrying while they grow. */
static ssize_t list_names(int fd, char **names)
{
	*names = NULL;
	for (;;) {
		ssize_t len = flistxattr(fd, NULL, 0);

		if (len < 0)
			return (errno == ENOTSUP || errno == ENOSYS) ? 0 : -1;
		if (!len)
			return 0;
		free(*names);
		*names = malloc(len);
		if (!*names)
			return -1;
		len = flistxattr(fd, *names, len);
		if (len >= 0 || errno != ERANGE)
			return len;
	}
}

static ssize_t get_value(int fd, const char *name, char **value)
{
	*value = NULL;
	for (;;) {
		ssize_t len = fgetxattr(fd, name, NULL, 0);

		if (len < 0)
			return -1;
		free(*value);
		*value = malloc(len ? len : 1);
		if (!*value)
			return -1;
		len = fgetxattr(fd, name, *value, len);
		if (len >= 0 || errno != ERANGE)
			return len;
	}
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Call @fn for each xattr of @fd except vserver's, in name order, so that
 * two files with the same set give the same sequence.
 */
typedef int xattr_fn(void *ctx, const char *name, const char *value, size_t len);

static int for_each_xattr(int fd, xattr_fn *fn, void *ctx)
{
	char *names, **sorted = NULL, *value;
	size_t n = 0, i;
	ssize_t len, vlen;
	int ret = -1;

	len = list_names(fd, &names);
	if (len <= 0) {
		free(names);
		return len;
	}
	for (char *p = names; p < names + len; p += strlen(p) + 1)
		n++;
	sorted = calloc(n, sizeof(*sorted));
	if (!sorted)
		goto out;
	n = 0;
	for (char *p = names; p < names + len; p += strlen(p) + 1) {
		if (*p && !is_vserver_xattr(p))
			sorted[n++] = p;
	}
	qsort(sorted, n, sizeof(*sorted), cmp_name);
	for (i = 0; i < n; i++) {
		vlen = get_value(fd, sorted[i], &value);
		if (vlen < 0) {
			free(value);
			/* removed meanwhile: as if never listed */
			if (errno == ENODATA)
				continue;
			goto out;
		}
		ret = fn(ctx, sorted[i], value, vlen);
		free(value);
		if (ret < 0)
			goto out;
	}
	ret = 0;
out:
	free(sorted);
	free(names);
	return ret;
}

static int append_xattr(void *ctx, const char *name, const char *value, size_t len)
{
	struct hf_meta *m = ctx;
	size_t nlen = strlen(name) + 1;
	uint32_t vlen = len;
	char *p;

	p = realloc(m->xattrs, m->xlen + nlen + sizeof(vlen) + len);
	if (!p)
		return -1;
	m->xattrs = p;
	p += m->xlen;
	memcpy(p, name, nlen);
	memcpy(p + nlen, &vlen, sizeof(vlen));
	memcpy(p + nlen + sizeof(vlen), value, len);
	m->xlen += nlen + sizeof(vlen) + len;
	return 0;
}

int hf_meta_read(int fd, struct hf_meta *m)
{
	m->xattrs = NULL;
	m->xlen = 0;
	if (fstat(fd, &m->st) < 0)
		return -1;
	if (for_each_xattr(fd, append_xattr, m) < 0) {
		hf_meta_free(m);
		return -1;
	}
	return 0;
}

void hf_meta_free(struct hf_meta *m)
{
	free(m->xattrs);
	m->xattrs = NULL;
	m->xlen = 0;
}

bool hf_meta_equal(const struct hf_meta *a, const struct hf_meta *b, bool ignore_mtime)
{
	const struct stat *x = &a->st, *y = &b->st;

	if (x->st_mode != y->st_mode || x->st_uid != y->st_uid || x->st_gid != y->st_gid ||
	    x->st_size != y->st_size)
		return false;
	if (!ignore_mtime && (x->st_mtim.tv_sec != y->st_mtim.tv_sec ||
			      x->st_mtim.tv_nsec != y->st_mtim.tv_nsec))
		return false;
	return a->xlen == b->xlen && (!a->xlen || !memcmp(a->xattrs, b->xattrs, a->xlen));
}

#define CMP_CHUNK	(128 * 1024)

/* Read up to @len bytes at @off, short only at end of file. */
static ssize_t read_full(int fd, char *buf, size_t len, off_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, buf + done, len - done, off + done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n)
			break;
		done += n;
	}
	return done;
}

int hf_content_equal(int a, int b, off_t size)
{
	char *x, *y;
	off_t off = 0;
	ssize_t n, m;
	int ret = -1;

	x = malloc(CMP_CHUNK);
	y = malloc(CMP_CHUNK);
	if (!x || !y)
		goto out;
	for (;;) {
		n = read_full(a, x, CMP_CHUNK, off);
		m = read_full(b, y, CMP_CHUNK, off);
		if (n < 0 || m < 0)
			goto out;
		if (n != m || memcmp(x, y, n)) {
			ret = 0;
			goto out;
		}
		off += n;
		if ((size_t)n < CMP_CHUNK)
			break;
	}
	ret = off == size;
out:
	free(x);
	free(y);
	return ret;
}

static int set_xattr(void *ctx, const char *name, const char *value, size_t len)
{
	return fsetxattr(*(int *)ctx, name, value, len, 0);
}

int hf_xattrs_copy(int from, int to)
{
	return for_each_xattr(from, set_xattr, &to);
}

int hf_xattrs_drop_vserver(int fd)
{
	char *names;
	ssize_t len;
	int ret = 0;

	len = list_names(fd, &names);
	for (char *p = names; len > 0 && p < names + len; p += strlen(p) + 1) {
		if (is_vserver_xattr(p) && fremovexattr(fd, p) < 0 && errno != ENODATA)
			ret = -1;
	}
	free(names);
	return len < 0 ? -1 : ret;
}
