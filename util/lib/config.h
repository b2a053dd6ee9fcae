/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest configuration: one file per setting, as util-vserver users know it.
 *
 *   $VSERVER_CONFDIR (default /etc/vservers)/
 *     .defaults/            same layout; used where a guest has no file
 *     NAME/
 *       context             the static xid (2..49151); absent: dynamic
 *       vdir                the root directory, default $VSERVER_ROOTDIR/NAME
 *                           (a symlink, or a file holding the path)
 *       uts/nodename        hostname inside the guest, default NAME
 *       fstab               mounts at start, fstab(5) syntax, paths relative
 *                           to the guest root; absent: proc, devpts, tmpfs
 *                           on /tmp.  Only the types vs_fstype_allowed()
 *                           names, and bind mounts
 *       bcapabilities       "CAP_X" adds to, "!CAP_X" removes from the
 *                           default bounding set (VS_BCAPS_DEFAULT, and
 *                           CAP_SETPCAP for the systemd style);
 *                           CAP_MKNOD is refused
 *       flags               one flag per line ("persistent", "virt_mem",
 *                           "virt_load", "virt_cpu"; "netns" is the
 *                           tools': its own network namespace; "!flag"
 *                           clears);
 *                           VS_CTX_FLAGS_DEFAULT before
 *       apps/init/style     plain (default), sysv or systemd
 *       apps/init/runlevel  for sysv, default 3
 *       apps/init/cmd.start plain, systemd: the init command line, default
 *                           /sbin/init (systemd: VS_SYSTEMD_PATH)
 *       apps/init/cmd.stop  plain: the shutdown command, default /sbin/halt
 *       apps/init/killseq   stop's signals and waits, default "TERM 10 KILL"
 *                           ("TERM 30 KILL" for systemd)
 *       apps/init/mark      "default": started with the host (enable,
 *                           vserver-generator)
 *       apps/init/depends   the guests it needs started first, by name
 *   $VSERVER_ROOTDIR (default /vservers)/NAME    the guest's root
 *   $VSERVER_RUNDIR (default /run/vservers)/NAME runtime state of a started
 *                                                guest (xid, supervisor pid)
 *
 * Lines are trimmed; empty lines and lines starting with '#' are ignored.
 */
#ifndef VS_CONFIG_H
#define VS_CONFIG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "name.h"

#define VS_CONFDIR_DEFAULT	"/etc/vservers"
#define VS_ROOTDIR_DEFAULT	"/vservers"
#define VS_RUNDIR_DEFAULT	"/run/vservers"
#define VS_NODENAME_MAX		64
#define VS_XID_STATIC_MAX	49151
/*
 * A guest sees its own memory (/proc/meminfo, sysinfo), load (/proc/loadavg)
 * and CPUs (/proc/cpuinfo, /proc/stat) unless "!virt_mem", "!virt_load",
 * "!virt_cpu".
 */
#define VS_CTX_FLAGS_DEFAULT	(VS_CTX_FLAG_VIRT_MEM | VS_CTX_FLAG_VIRT_LOAD | \
				 VS_CTX_FLAG_VIRT_CPU)

/* The environment overrides the defaults (tests and packagers use it). */
const char *vs_confdir(void);	/* $VSERVER_CONFDIR or VS_CONFDIR_DEFAULT */
const char *vs_rootdir(void);	/* $VSERVER_ROOTDIR or VS_ROOTDIR_DEFAULT */
const char *vs_rundir(void);	/* $VSERVER_RUNDIR or VS_RUNDIR_DEFAULT */

enum vs_init_style {
	VS_INIT_PLAIN,
	VS_INIT_SYSV,
	VS_INIT_SYSTEMD,
};

/* The mark (apps/init/mark) of a guest that starts with the host. */
#define VS_BOOT_MARK		"default"

/* The systemd style's default cmd.start. */
#define VS_SYSTEMD_PATH		"/lib/systemd/systemd"

struct vs_mount {
	char *source;
	char *target;		/* relative to the guest root, starts with '/' */
	char *fstype;
	char *options;		/* as written, "defaults" if absent */
};

struct vs_kill_step {
	int signal;		/* 0: this step is a wait */
	unsigned int wait_s;	/* for a wait step */
};

struct vs_guest {
	char name[VS_NAME_MAX + 1];
	char confdir[PATH_MAX];		/* $VSERVER_CONFDIR/NAME */
	char root[PATH_MAX];		/* absolute, no trailing '/' */
	unsigned int xid;		/* 0: dynamic */
	char nodename[VS_NODENAME_MAX + 1];
	uint64_t bcaps;
	uint64_t ctx_flags;		/* VS_CTX_FLAG_* */
	bool netns;			/* flag netns: a network namespace of its own */
	enum vs_init_style init_style;
	char runlevel[16];
	char **init_argv;		/* NULL-terminated */
	char **stop_argv;		/* plain style's shutdown; NULL-terminated */
	struct vs_mount *mounts;
	size_t nmounts;
	struct vs_kill_step *killseq;
	size_t nkillseq;
	bool at_boot;			/* apps/init/mark is VS_BOOT_MARK */
	char **depends;			/* apps/init/depends: guest names, NULL-terminated */
	size_t ndepends;
};

/*
 * Load NAME's configuration, with defaults filled in.  Fails with one line
 * in @err for an unknown guest ("cannot find guest NAME: ...") or for any
 * malformed setting, naming the file and line.
 */
int vs_guest_load(const char *name, struct vs_guest *guest, struct vs_err *err);
/* Only NAME's root (from vdir, or the default), into @root. */
int vs_guest_root(const char *name, char *root, size_t size, struct vs_err *err);
void vs_guest_free(struct vs_guest *guest);

/* Parsers, exposed for the unit tests and for build. */
int vs_cap_from_name(const char *name);		/* "CAP_KILL" or "KILL" -> 5, -1 */
const char *vs_cap_name(int cap);		/* 5 -> "KILL", NULL if unknown */
int vs_parse_bcaps(const char *path, uint64_t *bcaps, struct vs_err *err);
/* The @n mounts in *@mounts are malloc'd: vs_mounts_free() them. */
int vs_parse_fstab(const char *path, struct vs_mount **mounts, size_t *n,
		   struct vs_err *err);
void vs_mounts_free(struct vs_mount *mounts, size_t n);
/*
 * May a guest's fstab mount @fstype with @options?  Only proc, sysfs,
 * tmpfs, ramfs, devpts and mqueue, and bind mounts (any type).
 */
bool vs_fstype_allowed(const char *fstype, const char *options);
int vs_parse_killseq(const char *text, struct vs_kill_step **steps, size_t *n,
		     struct vs_err *err);
int vs_signal_from_name(const char *name);	/* "TERM", "SIGTERM", "15" -> 15, -1 */

/*
 * The guest whose static context is @xid, if any: fills @name and returns
 * 1; 0 if none; -1 on error.  For list and vserver-stat; a started guest
 * with a dynamic xid is found through $VSERVER_RUNDIR instead.
 */
int vs_guest_by_xid(unsigned int xid, char *name, size_t size, struct vs_err *err);

#endif /* VS_CONFIG_H */
