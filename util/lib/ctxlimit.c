// SPDX-License-Identifier: GPL-2.0
/* The limits the vserver module counts (files, sockets), and the disk quota's hits. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <linux/vserver.h>

#include "ctl.h"
#include "ctxlimit.h"
#include "kernel.h"
#include "runtime.h"

/* The module's resource for a limit id, or -1 for one a cgroup keeps. */
static int module_resource(enum vs_limit_id id)
{
	switch (id) {
	case VS_LIMIT_FILES:
		return VS_CTX_LIMIT_FILES;
	case VS_LIMIT_SOCKETS:
		return VS_CTX_LIMIT_SOCKETS;
	default:
		return -1;
	}
}

/*
 * The module's resource that counts the hits of a limit id: its own, or for
 * the disk quota the refusals it counts (ABI 1.4); -1 for none.
 */
static int hits_resource(enum vs_limit_id id)
{
	switch (id) {
	case VS_LIMIT_DISK:
		return VS_CTX_LIMIT_DISK;
	case VS_LIMIT_DISK_INODES:
		return VS_CTX_LIMIT_DISK_INODES;
	default:
		return module_resource(id);
	}
}

static int set_one(int ctlfd, unsigned int xid, enum vs_limit_id id, uint64_t value,
		   struct vs_err *err)
{
	int saved;

	if (vs_ctx_limit_set(ctlfd, xid, (unsigned int)module_resource(id), value, err) == 0)
		return 0;
	saved = errno;
	vs_err_set(err, "cannot set limit %s of context %u: %s", vs_limit_name(id), xid,
		   strerror(saved));
	errno = saved;
	return -1;
}

int vs_ctxlimit_read(int ctlfd, unsigned int xid, struct vs_limits *now, struct vs_err *err)
{
	int id;

	for (id = 0; id < VS_LIMIT_COUNT; id++) {
		struct vs_ctx_limit cur;

		now->limit[id].source = VS_LIMIT_UNSET;
		if (module_resource(id) < 0)
			continue;
		if (vs_ctx_limit_get(ctlfd, xid, (unsigned int)module_resource(id), &cur, err) < 0) {
			if (errno == ENOTTY)
				vs_err_set(err, "cannot set limits files and sockets: the vserver "
					   "module does not count them (it needs version 1.3 of the control ABI)");
			return -1;
		}
		now->limit[id].source = VS_LIMIT_COMMAND;
		now->limit[id].value = cur.max;
	}
	return 0;
}

int vs_ctxlimit_apply(int ctlfd, unsigned int xid, const struct vs_limits *limits,
		      uint64_t only, struct vs_err *err)
{
	struct vs_limits old;
	int id, undo;

	for (id = 0; id < VS_LIMIT_COUNT; id++)
		if (module_resource(id) < 0 || limits->limit[id].source == VS_LIMIT_UNSET)
			only &= ~(1ULL << id);
	if (!only)
		return 0;
	if (vs_ctxlimit_read(ctlfd, xid, &old, err) < 0)
		return -1;
	for (id = 0; id < VS_LIMIT_COUNT; id++) {
		const struct vs_limit *l = &limits->limit[id];

		if (!(only & (1ULL << id)))
			continue;
		if (set_one(ctlfd, xid, id, l->value, err) < 0)
			goto undo;
	}
	return 0;
undo:
	for (undo = id - 1; undo >= 0; undo--) {
		struct vs_err ignored = { .msg = "" };

		if (only & (1ULL << undo))
			set_one(ctlfd, xid, undo, old.limit[undo].value, &ignored);
	}
	return -1;
}

void vs_ctxlimit_usage(const char *name, struct vs_limit_usage usage[VS_LIMIT_COUNT])
{
	struct vs_err ignored = { .msg = "" };
	unsigned int xid;
	int id, ctlfd, sup;

	if (vs_runtime_read(name, &xid, &sup, &ignored) != 1)
		return;
	/* Opened directly: showing usage must not load the module. */
	ctlfd = open(VS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (ctlfd < 0)
		return;
	for (id = 0; id < VS_LIMIT_COUNT; id++) {
		struct vs_ctx_limit cur;

		if (hits_resource(id) < 0 ||
		    vs_ctx_limit_get(ctlfd, xid, (unsigned int)hits_resource(id), &cur,
				     &ignored) < 0)
			continue;
		usage[id].hits = cur.hits;
		if (module_resource(id) < 0)
			continue;
		usage[id].used = cur.usage;
		usage[id].peak = cur.peak;
		usage[id].limit = cur.max;
	}
	close(ctlfd);
}
