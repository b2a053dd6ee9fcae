/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vserver control ABI: the only interface shared by vserver.ko and the
 * userspace tools.
 *
 * The module exposes a misc device, /dev/vserver.  Every request is an
 * ioctl whose argument is a size-versioned structure:
 *
 *  - _IOC_SIZE(cmd) is the size of the structure the caller was built with.
 *    The kernel zero-extends a shorter (older) structure, and accepts a
 *    longer (newer) one only if every byte it does not know is zero, else it
 *    fails with E2BIG.  Output is copied back up to the smaller of the two.
 *  - Structures only ever grow at the end; a field, once published, keeps
 *    its offset and meaning.
 *  - Every structure begins with @flags.  Unknown flag bits are rejected with
 *    EINVAL, so a new flag is never silently ignored by an old module.
 *  - An unknown request number fails with ENOTTY.
 *
 * The ABI version moves its minor number when requests or fields are added
 * and its major number if a published behaviour ever changes.
 */
#ifndef _UAPI_LINUX_VSERVER_H
#define _UAPI_LINUX_VSERVER_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define VS_ABI_MAJOR		1
#define VS_ABI_MINOR		0

/* The control device is /dev/VS_DEVICE_NAME. */
#define VS_DEVICE_NAME		"vserver"

/* Reserved in Documentation/userspace-api/ioctl/ioctl-number.rst terms. */
#define VS_IOC_MAGIC		0xE7

/**
 * struct vs_version - what the running module and kernel speak
 * @flags: in: must be 0
 * @abi_major: out: VS_ABI_MAJOR of the module
 * @abi_minor: out: VS_ABI_MINOR of the module
 * @hook_abi: out: revision of the kernel hook table the module runs on
 */
struct vs_version {
	__u32 flags;
	__u32 abi_major;
	__u32 abi_minor;
	__u32 hook_abi;
};

#define VS_VERSION_SIZE_VER0	16	/* the first published size */

#define VS_IOC_VERSION		_IOWR(VS_IOC_MAGIC, 0x00, struct vs_version)

/* Context ids: 0 is the host, 1 the spectator, guests 2..65535. */
#define VS_XID_HOST		0
#define VS_XID_SPECTATOR	1

/**
 * struct vs_ctx_create - create a context and move the caller into it
 * @flags: in: must be 0
 * @xid: in: the id wanted (2..65535), or 0 for a free dynamic id;
 *	out: the id of the new context
 *
 * The caller must be a single-threaded host task with CAP_SYS_ADMIN.  The
 * context ends when its last task has exited, and its id is free again.
 * Errors: EPERM (not allowed), EBUSY (id taken or caller has threads),
 * EINVAL (id out of range or unknown flags).
 */
struct vs_ctx_create {
	__u32 flags;
	__u32 xid;
};

#define VS_CTX_CREATE_SIZE_VER0	8

#define VS_IOC_CTX_CREATE	_IOWR(VS_IOC_MAGIC, 0x01, struct vs_ctx_create)

/**
 * struct vs_ctx_migrate - move the caller into an existing context
 * @flags: in: must be 0
 * @xid: in: the context to enter
 *
 * Same rules for the caller as VS_IOC_CTX_CREATE; ESRCH for no such context.
 */
struct vs_ctx_migrate {
	__u32 flags;
	__u32 xid;
};

#define VS_CTX_MIGRATE_SIZE_VER0	8

#define VS_IOC_CTX_MIGRATE	_IOW(VS_IOC_MAGIC, 0x02, struct vs_ctx_migrate)

#endif /* _UAPI_LINUX_VSERVER_H */
