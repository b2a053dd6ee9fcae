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

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

#define VS_ABI_MAJOR		1
#define VS_ABI_MINOR		5

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

/*
 * Context states.  A context created with VS_CTX_CREATE_SETUP is in setup:
 * its bounding set and flags may be set freely, and it is kept while empty.
 * VS_IOC_CTX_RUN seals it: from then on the bounding set can only shrink,
 * and the context ends with its last task unless it is persistent.
 */
#define VS_CTX_STATE_SETUP	1
#define VS_CTX_STATE_RUNNING	2

/* Context flags (struct vs_ctx_info.ctx_flags, VS_IOC_CTX_SET_FLAGS). */
#define VS_CTX_FLAG_PERSISTENT	_BITULL(0)	/* kept when its last task exits */
#define VS_CTX_FLAG_VIRT_MEM	_BITULL(1)	/* meminfo, sysinfo: its cgroup's memory */
#define VS_CTX_FLAG_VIRT_LOAD	_BITULL(2)	/* loadavg, sysinfo: its tasks' load */
#define VS_CTX_FLAG_VIRT_CPU	_BITULL(3)	/* cpuinfo, stat, cpu/online: its CPUs */
#define VS_CTX_FLAGS_ALL	(VS_CTX_FLAG_PERSISTENT | VS_CTX_FLAG_VIRT_MEM | \
				 VS_CTX_FLAG_VIRT_LOAD | VS_CTX_FLAG_VIRT_CPU)

/*
 * The bounding set a new context starts with: util-vserver's default, which
 * keeps SYS_BOOT so that a guest can reboot itself (its pid namespace), less
 * AUDIT_WRITE: the audit trail is the host's, and a guest that could write
 * to it could forge login and authentication records there.
 * Bit n is capability n, as in <linux/capability.h>.
 */
#define VS_BCAPS_DEFAULT	(_BITULL(0) |	/* CHOWN */		\
				 _BITULL(1) |	/* DAC_OVERRIDE */	\
				 _BITULL(2) |	/* DAC_READ_SEARCH */	\
				 _BITULL(3) |	/* FOWNER */		\
				 _BITULL(4) |	/* FSETID */		\
				 _BITULL(5) |	/* KILL */		\
				 _BITULL(6) |	/* SETGID */		\
				 _BITULL(7) |	/* SETUID */		\
				 _BITULL(10) |	/* NET_BIND_SERVICE */	\
				 _BITULL(18) |	/* SYS_CHROOT */	\
				 _BITULL(19) |	/* SYS_PTRACE */	\
				 _BITULL(22) |	/* SYS_BOOT */		\
				 _BITULL(26) |	/* SYS_TTY_CONFIG */	\
				 _BITULL(28) |	/* LEASE */		\
				 _BITULL(31))	/* SETFCAP */

/* Room for a guest's name, its terminating NUL included. */
#define VS_NAME_LEN		64

/**
 * struct vs_ctx_create - create a context
 * @flags: in: 0, or VS_CTX_CREATE_SETUP
 * @xid: in: the id wanted (2..65535), or 0 for a free dynamic id;
 *	out: the id of the new context
 * @name: in: the guest's name, NUL-terminated and printable (EINVAL
 *	otherwise), for the host's log and /proc/virtual/<xid>/info; may be
 *	empty (since ABI 1.3)
 *
 * Without VS_CTX_CREATE_SETUP the context starts running and the caller, a
 * single-threaded host task, moves into it.  With it, the caller stays where
 * it is and the context waits in setup, empty, for VS_IOC_CTX_RUN or
 * VS_IOC_CTX_REMOVE.  Every context starts with VS_BCAPS_DEFAULT.
 * Errors: EPERM (not allowed), EBUSY (id taken or caller has threads),
 * EINVAL (id out of range or unknown flags).
 */
struct vs_ctx_create {
	__u32 flags;
	__u32 xid;
	char name[VS_NAME_LEN];
};

#define VS_CTX_CREATE_SETUP	_BITUL(0)

#define VS_CTX_CREATE_SIZE_VER0	8
#define VS_CTX_CREATE_SIZE_VER1	72	/* @name */

#define VS_IOC_CTX_CREATE	_IOWR(VS_IOC_MAGIC, 0x01, struct vs_ctx_create)

/**
 * struct vs_ctx_migrate - move the caller into an existing context
 * @flags: in: 0, or VS_CTX_MIGRATE_INIT
 * @xid: in: the context to enter; VS_XID_SPECTATOR is always there
 *
 * The caller must be a single-threaded host task with CAP_SYS_ADMIN.  Its
 * capability sets (bounding, permitted, effective, inheritable, ambient)
 * are cut to the context's bounding set in the same call.
 * VS_CTX_MIGRATE_INIT records the caller as the context's init, shown in
 * /proc/virtual/<xid>/status and struct vs_ctx_info.
 * Errors as VS_IOC_CTX_CREATE; ESRCH for no such context.
 */
struct vs_ctx_migrate {
	__u32 flags;
	__u32 xid;
};

#define VS_CTX_MIGRATE_INIT	_BITUL(0)

#define VS_CTX_MIGRATE_SIZE_VER0	8

#define VS_IOC_CTX_MIGRATE	_IOW(VS_IOC_MAGIC, 0x02, struct vs_ctx_migrate)

/**
 * struct vs_ctx_list - the ids of all contexts
 * @flags: in: must be 0
 * @count: in: room in @xids; out: how many contexts there are (which may be
 *	more than the room: call again with a bigger array)
 * @xids: in: user pointer to an array of __u32, filled in ascending order
 */
struct vs_ctx_list {
	__u32 flags;
	__u32 count;
	__aligned_u64 xids;
};

#define VS_CTX_LIST_SIZE_VER0	16

#define VS_IOC_CTX_LIST		_IOWR(VS_IOC_MAGIC, 0x04, struct vs_ctx_list)

/**
 * struct vs_ctx_info - what one context is
 * @flags: in: must be 0
 * @xid: in: the context
 * @state: out: VS_CTX_STATE_*
 * @ctx_flags: out: VS_CTX_FLAG_*
 * @bcaps: out: the bounding set
 * @tasks: out: tasks in the context that have not exited
 * @init_pid: out: the init's pid in the caller's pid namespace, or 0
 * @reserved: out: 0
 * @start_ns: out: CLOCK_BOOTTIME when the context was created, in ns
 */
struct vs_ctx_info {
	__u32 flags;
	__u32 xid;
	__u32 state;
	__u32 tasks;
	__u64 ctx_flags;
	__u64 bcaps;
	__u32 init_pid;
	__u32 reserved;
	__u64 start_ns;
};

#define VS_CTX_INFO_SIZE_VER0	48

#define VS_IOC_CTX_INFO		_IOWR(VS_IOC_MAGIC, 0x05, struct vs_ctx_info)

/**
 * struct vs_ctx_flags - change a context's flags
 * @flags: in: must be 0
 * @xid: in: the context
 * @set: in: VS_CTX_FLAG_* to set
 * @clear: in: VS_CTX_FLAG_* to clear (a bit in both is EINVAL)
 *
 * PERSISTENT may change at any time; clearing it on an empty running
 * context ends that context.
 */
struct vs_ctx_flags {
	__u32 flags;
	__u32 xid;
	__u64 set;
	__u64 clear;
};

#define VS_CTX_FLAGS_SIZE_VER0	24

#define VS_IOC_CTX_SET_FLAGS	_IOW(VS_IOC_MAGIC, 0x06, struct vs_ctx_flags)

/**
 * struct vs_ctx_bcaps - set a context's capability bounding set
 * @flags: in: must be 0
 * @xid: in: the context
 * @bcaps: in: the new set; bits above CAP_LAST_CAP are EINVAL
 *
 * Any set in setup; once running only a subset of the current one (EPERM
 * otherwise).  It applies to tasks that enter from then on.
 */
struct vs_ctx_bcaps {
	__u32 flags;
	__u32 xid;
	__u64 bcaps;
};

#define VS_CTX_BCAPS_SIZE_VER0	16

#define VS_IOC_CTX_SET_BCAPS	_IOW(VS_IOC_MAGIC, 0x07, struct vs_ctx_bcaps)

/**
 * struct vs_ctx_id - a request that names only a context
 * @flags: in: must be 0
 * @xid: in: the context
 *
 * VS_IOC_CTX_RUN: setup -> running (EBUSY if already running).  A running
 * context that is empty and not persistent ends at once.
 * VS_IOC_CTX_REMOVE: end an empty context, whatever its state and flags
 * (EBUSY if it still has tasks).
 */
struct vs_ctx_id {
	__u32 flags;
	__u32 xid;
};

#define VS_CTX_ID_SIZE_VER0	8

#define VS_IOC_CTX_RUN		_IOW(VS_IOC_MAGIC, 0x0b, struct vs_ctx_id)
#define VS_IOC_CTX_REMOVE	_IOW(VS_IOC_MAGIC, 0x0d, struct vs_ctx_id)

/**
 * struct vs_ctx_kill - signal every process of a context
 * @flags: in: must be 0
 * @xid: in: the context (not the host or the spectator)
 * @signal: in: 1..64, or 0 to count without signalling
 * @reserved: must be 0
 *
 * Returns the number of processes (thread groups) signalled.
 */
struct vs_ctx_kill {
	__u32 flags;
	__u32 xid;
	__u32 signal;
	__u32 reserved;
};

#define VS_CTX_KILL_SIZE_VER0	16

#define VS_IOC_CTX_KILL		_IOW(VS_IOC_MAGIC, 0x0c, struct vs_ctx_kill)

/*
 * Resources the module counts itself, because no cgroup controller does
 * (struct vs_ctx_limit.resource).  Files are open file descriptions,
 * sockets and pipes included; sockets are those made for user space by socket(2),
 * socketpair(2) and accept(2).  A request over the limit fails with ENFILE
 * (files) or ENOBUFS (sockets) and counts a hit.
 */
#define VS_CTX_LIMIT_FILES	0
#define VS_CTX_LIMIT_SOCKETS	1
/*
 * Limits another part of the kernel keeps, whose refusals the module counts
 * (since ABI 1.4): the project quota of the guest's tree, whose project id
 * is the context id, refusing space or inodes with EDQUOT.  VS_IOC_LIMIT_GET
 * reports only @hits for them (@usage and @peak 0, @max
 * VS_CTX_LIMIT_UNLIMITED: the quota has the rest); VS_IOC_LIMIT_SET fails
 * with EOPNOTSUPP.
 */
#define VS_CTX_LIMIT_DISK	2
#define VS_CTX_LIMIT_DISK_INODES	3
#define VS_CTX_LIMIT_COUNT	4

#define VS_CTX_LIMIT_UNLIMITED	(~0ULL)

/**
 * struct vs_ctx_limit - one of a context's module-counted limits
 * @flags: in: must be 0
 * @xid: in: the context
 * @resource: in: VS_CTX_LIMIT_*
 * @reserved: must be 0
 * @max: VS_IOC_LIMIT_SET in: the new limit, or VS_CTX_LIMIT_UNLIMITED;
 *	VS_IOC_LIMIT_GET out: the limit
 * @usage: out: in use now
 * @peak: out: the most in use at once since the context was created
 * @hits: out: requests refused by the limit
 * A limit may change at any time; set below the usage, it refuses new
 * requests until enough are given back.  Limits start unlimited.
 * Errors: EINVAL (unknown resource or flags), EOPNOTSUPP, ESRCH, EPERM.
 */
struct vs_ctx_limit {
	__u32 flags;
	__u32 xid;
	__u32 resource;
	__u32 reserved;
	__u64 max;
	__u64 usage;
	__u64 peak;
	__u64 hits;
};

#define VS_CTX_LIMIT_SIZE_VER0	48

#define VS_IOC_LIMIT_SET	_IOW(VS_IOC_MAGIC, 0x18, struct vs_ctx_limit)
#define VS_IOC_LIMIT_GET	_IOWR(VS_IOC_MAGIC, 0x19, struct vs_ctx_limit)

/*
 * A context's network addresses (since ABI 1.5): the set the tools give
 * it, each address belonging to at most one listed context.  The module
 * keeps them for the network rules and shows them in
 * /proc/virtual/<xid>/net.
 */
#define VS_NET_ADDR_MAX		64	/* addresses per context */

/*
 * A context's own loopback addresses, which stand in for 127.0.0.1 and ::1
 * wherever its sockets bind, connect or send (design.md section 6):
 * 127.X.Y.1, where X.Y is the xid, and VS_LOOPBACK6_PREFIX followed by the
 * xid in the last two bytes.  127/8 is the host's loopback already; the
 * tools put the IPv6 one on lo while the guest runs.
 */
#define VS_LOOPBACK4(xid)	(0x7f000001U | ((__u32)(xid) << 8))	/* host order */
#define VS_LOOPBACK6_PREFIX	{ 0xfd, 0x76, 0x73, 0x65, 0x72, 0x76, 0x65, 0x72 }

/**
 * struct vs_net_addr - one address of a context
 * @flags: in: must be 0
 * @xid: in: the context (not the host's or the spectator's)
 * @family: in: AF_INET (2) or AF_INET6 (10)
 * @prefix: in: the prefix length, at most 32 or 128
 * @reserved: must be 0
 * @addr: in: the address in network byte order; IPv4 in the first four
 *	bytes, the rest 0
 * VS_IOC_NET_ADDR_ADD errors: EINVAL (malformed, or the unspecified, a
 * multicast, a loopback or an IPv4-mapped address), EEXIST (the context
 * has it), EADDRINUSE (another context has it), ENOSPC (VS_NET_ADDR_MAX
 * reached), ESRCH, EPERM.
 * VS_IOC_NET_ADDR_DEL errors: EINVAL, ENOENT (the context lacks it), ESRCH,
 * EPERM; @prefix is not compared.
 */
struct vs_net_addr {
	__u32 flags;
	__u32 xid;
	__u16 family;
	__u8 prefix;
	__u8 reserved[5];
	__u8 addr[16];
};

#define VS_NET_ADDR_SIZE_VER0	32

#define VS_IOC_NET_ADDR_ADD	_IOW(VS_IOC_MAGIC, 0x10, struct vs_net_addr)
#define VS_IOC_NET_ADDR_DEL	_IOW(VS_IOC_MAGIC, 0x11, struct vs_net_addr)

/*
 * Copy-on-write links.  A regular file is unified (shared between guests,
 * given a private copy by the kernel when written through a name) when it
 * has both the immutable flag (FS_IMMUTABLE_FL) and this xattr.  The
 * trusted namespace keeps guests from setting, removing or even listing it.
 * Every xattr under VS_XATTR_PREFIX is vserver's, never part of a file's
 * content: copies and hashify's comparisons leave them out.
 */
#define VS_XATTR_PREFIX		"trusted.vserver."
#define VS_COW_XATTR		VS_XATTR_PREFIX "cow"
#define VS_COW_XATTR_VALUE	"1"

#endif /* _UAPI_LINUX_VSERVER_H */
