/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ioctl request table of control.c, visible to its KUnit tests.
 */
#ifndef _VSERVER_CONTROL_H
#define _VSERVER_CONTROL_H

#include <linux/compiler_types.h>
#include <linux/types.h>
#include <uapi/linux/vserver.h>

/* Large enough for the kernel's version of every request's structure. */
union vs_ioctl_arg {
	struct vs_version version;
	struct vs_ctx_create ctx_create;
	struct vs_ctx_migrate ctx_migrate;
	struct vs_ctx_list ctx_list;
	struct vs_ctx_info ctx_info;
	struct vs_ctx_flags ctx_flags;
	struct vs_ctx_bcaps ctx_bcaps;
	struct vs_ctx_id ctx_id;
	struct vs_ctx_kill ctx_kill;
	struct vs_ctx_limit limit;
};

/**
 * struct vs_ioctl - one request of the control device
 * @cmd: its command, with the size of the kernel's structure
 * @ksize: the size of the kernel's structure
 * @min_size: the size of the first published version of the structure
 * @fn: the handler, working on a kernel copy of the structure; returns 0,
 *	a count (>= 0) for the caller, or a negative errno
 */
struct vs_ioctl {
	unsigned int cmd;
	size_t ksize;
	size_t min_size;
	int (*fn)(void *arg);
};

#if IS_ENABLED(CONFIG_KUNIT)
const struct vs_ioctl *vs_ioctl_find(unsigned int cmd);
long vs_ioctl_call(unsigned int cmd, void __user *uarg);
#endif

#endif /* _VSERVER_CONTROL_H */
