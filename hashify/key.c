// SPDX-License-Identifier: GPL-2.0
/*
 * Store keys: XXH3-128 of the metadata that must match (meta.c) followed by
 * the content, so that files differing in owner, mode or mtime get
 * different store entries.  The key only finds a candidate: content is
 * compared byte for byte before any link.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "compiler.h"
#include "hashify.h"

#define KEY_CHUNK	(256 * 1024)
/* Bumped whenever what goes into a key changes, so old stores never match wrongly. */
#define KEY_FORMAT	1

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = v >> (8 * i);
}

int hf_key_compute(int fd, const struct hf_meta *m, bool ignore_mtime, struct hf_key *key)
{
	const struct stat *st = &m->st;
	uint64_t fields[] = {
		KEY_FORMAT | (ignore_mtime ? 0x100 : 0),
		st->st_size, st->st_mode, st->st_uid, st->st_gid,
		ignore_mtime ? 0 : (uint64_t)st->st_mtim.tv_sec,
		ignore_mtime ? 0 : (uint64_t)st->st_mtim.tv_nsec,
		m->xlen,
	};
	uint8_t head[sizeof(fields)];
	XXH3_state_t *state;
	XXH128_hash_t h;
	off_t off = 0;
	ssize_t n;
	char *buf;
	int ret = -1;

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		put64(head + 8 * i, fields[i]);
	state = XXH3_createState();
	buf = malloc(KEY_CHUNK);
	if (!state || !buf)
		goto out;
	XXH3_128bits_reset(state);
	XXH3_128bits_update(state, head, sizeof(head));
	if (m->xlen)
		XXH3_128bits_update(state, m->xattrs, m->xlen);
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	for (;;) {
		n = pread(fd, buf, KEY_CHUNK, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (!n)
			break;
		XXH3_128bits_update(state, buf, n);
		off += n;
	}
	/* Grown or shrunk under us: the caller's fstat catches most, this the rest. */
	if (off != st->st_size) {
		errno = ESTALE;
		goto out;
	}
	h = XXH3_128bits_digest(state);
	put64(key->b, h.high64);
	put64(key->b + 8, h.low64);
	ret = 0;
out:
	free(buf);
	XXH3_freeState(state);
	return ret;
}

void hf_key_name(const struct hf_key *key, unsigned int n, char name[HF_NAME_MAX])
{
	static const char hex[] = "0123456789abcdef";
	char *p = name;

	for (int i = 0; i < 16; i++) {
		*p++ = hex[key->b[i] >> 4];
		*p++ = hex[key->b[i] & 15];
		if (i == 0)
			*p++ = '/';
	}
	*p = '\0';
	if (n)
		snprintf(p, HF_NAME_MAX - (p - name), "-%u", n);
}

/*
 * The name xattr: the key's kind, the 16 bytes of the key, then the
 * collision suffix of the store name ("" or "-N").  Binary and short, so
 * that with the marker it fits in an ext4 inode's own xattr space (256-byte
 * inodes) instead of costing every unified inode an xattr block.
 */
size_t hf_name_value(const struct hf_key *key, const char *name, bool ignore_mtime,
		     char value[HF_NAME_VALUE_MAX])
{
	const char *suffix = name + HF_NAME_LEN;

	value[0] = hf_key_kind(ignore_mtime);
	memcpy(value + 1, key->b, sizeof(key->b));
	memcpy(value + 17, suffix, strlen(suffix));
	return 17 + strlen(suffix);
}

int hf_name_parse(const char *value, size_t len, bool ignore_mtime, char name[HF_NAME_MAX])
{
	struct hf_key key;
	unsigned int n = 0;
	size_t i;

	/* An entry found under the other kind of key says nothing about this one. */
	if (len < 17 || len > 17 + 11 || value[0] != hf_key_kind(ignore_mtime))
		return -1;
	memcpy(key.b, value + 1, sizeof(key.b));
	if (len > 17) {
		if (value[17] != '-' || len == 18)
			return -1;
		for (i = 18; i < len; i++) {
			if (value[i] < '0' || value[i] > '9' || n > 100000000)
				return -1;
			n = n * 10 + (value[i] - '0');
		}
		if (!n)
			return -1;
	}
	hf_key_name(&key, n, name);
	return 0;
}

/* Recorded with the store name: 'm' keys include the mtime, 'i' keys ignore it. */
char hf_key_kind(bool ignore_mtime)
{
	return ignore_mtime ? 'i' : 'm';
}
