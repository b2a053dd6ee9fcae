/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running guests: the pieces of start, stop, exec and enter that are not
 * command line handling.  Runtime and lock files, the time namespace
 * offset, the guest's mounts and root, joining a running guest (the
 * seccomp filter: seccomp.h), and reading the guest's files (passwd,
 * group) from the host without entering it.
 *
 * Files in $VSERVER_RUNDIR:
 *   NAME          runtime state ("xid N", "supervisor PID"; lib/runtime.c reads it)
 *   .NAME.lock    flock'd by start and stop, so that they serialise per guest
 *   .NAME.log     the supervisor's messages and the guest console
 *   .NAME.log.1   the log before, once it reached VS_CONSOLE_LOG_MAX
 * Guest names never start with '.', so the dot files never look like a guest.
 */
#ifndef VS_GUEST_H
#define VS_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "config.h"

/* Runtime files */

/* "$VSERVER_RUNDIR/<prefix>NAME<suffix>"; 0, or -1 if it does not fit. */
int vs_run_path(char *buf, size_t size, const char *prefix, const char *name,
		const char *suffix);
/* Create $VSERVER_RUNDIR (0700) if needed. */
int vs_rundir_create(struct vs_err *err);
/* Write the runtime file atomically (temporary file and rename). */
int vs_runtime_write(const char *name, unsigned int xid, pid_t supervisor,
		     struct vs_err *err);
/* Remove it; if @only_if is not 0, only while it still names that supervisor. */
void vs_runtime_remove(const char *name, pid_t only_if);
/* Take the guest's lock (blocking); returns the fd that holds it, or -1. */
int vs_guest_lock(const char *name, struct vs_err *err);
/* Is @pid a live vserver supervisor?  (Pid reuse by another program: no.) */
bool vs_supervisor_alive(pid_t pid);

/* Time namespace */

/*
 * The CLOCK_BOOTTIME offset that makes a new time namespace start at zero
 * uptime: minus @now, with tv_nsec normalised to 0..999999999.
 */
void vs_boottime_offset(const struct timespec *now, struct timespec *offset);
/*
 * unshare(CLONE_NEWTIME) and set that offset; the caller's children get
 * the new namespace.  Safe to call again for another one.
 */
int vs_timens_new(struct vs_err *err);

/* Mounts */

/*
 * Split fstab options into mount(2) flags and the data string for the
 * filesystem; options mount(8) alone knows (noauto, nofail, x-...) are
 * dropped.  -1 if @data is too small.
 */
int vs_mount_options(const char *options, unsigned long *flags, char *data, size_t size);

/*
 * In a fresh mount namespace of a process that is pid 1 of the guest's pid
 * namespace (still a host process with every capability): make the guest
 * root a nodev bind mount, give it a tmpfs /dev with the basic nodes (and
 * @console, the path of a pty slave or NULL, as /dev/console), mount the
 * fstab with every target resolved inside the root, and cover the dangerous parts of
 * every proc mounted.  Then set the hostname and switch the root
 * (pivot_root; on an initramfs, whose rootfs cannot be pivoted, move the
 * guest root over / and chroot into it).
 */
int vs_root_setup(const struct vs_guest *guest, const char *console, struct vs_err *err);

/* Running guests */

struct vs_attach {
	unsigned int xid;
	pid_t init_pid;		/* in the host's pid namespace */
	int pidfd;		/* of the init */
	int rootfd;		/* the init's root directory */
	int ctlfd;		/* /dev/vserver */
};

/*
 * Find the running guest NAME: 1 with @a filled, 0 if it does not run, -1
 * with @err set.  The init is pinned by a pidfd and checked again after,
 * so a recycled pid is never joined.
 */
int vs_guest_attach(const char *name, struct vs_attach *a, struct vs_err *err);
void vs_guest_detach(struct vs_attach *a);
/*
 * Join the guest's namespaces and root.  The pid and time namespaces
 * apply to the children of the caller only: it must fork after this.
 */
int vs_guest_join(const struct vs_attach *a, struct vs_err *err);
/* The last steps into the guest: the seccomp filter, then the context. */
int vs_guest_migrate(int ctlfd, unsigned int xid, bool init, struct vs_err *err);

/* Context helpers */

/* Live tasks of @xid: a count, 0 if the context is gone, -1 on error. */
int vs_ctx_tasks(int ctlfd, unsigned int xid, struct vs_err *err);
/* Wait up to @ms for @xid to have no task: 1 empty, 0 not yet, -1 error. */
int vs_ctx_wait_empty(int ctlfd, unsigned int xid, unsigned int ms, struct vs_err *err);
/* SIGKILL every task of @xid until none is left, then remove it if listed. */
int vs_ctx_terminate(int ctlfd, unsigned int xid, struct vs_err *err);
/* The length of the first wait of a kill sequence, in seconds (10 if none). */
unsigned int vs_killseq_first_wait(const struct vs_kill_step *steps, size_t n);

/* The guest's files, read from the host */

/* The largest guest file the tools read (its passwd and group). */
#define VS_GUEST_FILE_MAX	(4 << 20)

/*
 * Read the guest's file @path (as the guest names it) below its root
 * directory @rootfd, without entering the guest: symlinks resolve inside
 * the root, magic links are refused, the last component must be a regular
 * file (not a symlink, FIFO, device or proc file) of at most
 * VS_GUEST_FILE_MAX bytes.  Nothing the guest does can make this wait.
 * 1 with *@buf (malloc'd, NUL-terminated) and *@len, 0 if it does not
 * exist, -1 with @err set ("/etc/passwd is not a regular file").
 */
int vs_guest_file_read(int rootfd, const char *path, char **buf, size_t *len,
		       struct vs_err *err);
/*
 * Open the guest's device node @path below @rootfd (symlinks resolved in
 * the root), refusing anything but the character device @major:@minor
 * and never waiting on a FIFO; the fd, or -1 with @err set.
 */
int vs_guest_open_dev(int rootfd, const char *path, int flags, unsigned int major,
		      unsigned int minor, struct vs_err *err);

/* The guest's users, from the text of its files (never through NSS) */

struct vs_passwd {
	char name[64];
	uid_t uid;
	gid_t gid;
	char home[256];
	char shell[256];
};

/* Find @user (a name, or a number) in passwd @text: 1 found, 0 not. */
int vs_passwd_find(const char *text, const char *user, struct vs_passwd *pw);
/*
 * The supplementary groups of @name from group @text (NULL: none), with
 * @primary first; returns how many, at most @room.
 */
size_t vs_group_list(const char *text, const char *name, gid_t primary, gid_t *groups,
		     size_t room);

/* The PATH every command in a guest starts with. */
#define VS_GUEST_PATH	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/*
 * The whole environment of every guest's init, whatever its style, and
 * of its rc scripts: nothing of whoever ran start.  container= is what
 * systemd and others look at to know they run in a container.
 */
extern char *const vs_guest_env[];

/*
 * The guest console's share of $VSERVER_RUNDIR/.NAME.log: when the log
 * would grow past this, it is renamed to .NAME.log.1 (replacing the one
 * before) and a new one begun, so a guest holds at most twice this in the
 * host's /run.
 */
#define VS_CONSOLE_LOG_MAX	(1 << 20)

void vs_signals_default(void);

bool vs_parse_id(const char *s, unsigned long *id);

#endif /* VS_GUEST_H */
