// SPDX-License-Identifier: GPL-2.0
/* Running guests: runtime files, namespaces, mounts, joining. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/magic.h>
#include <linux/openat2.h>

#include "ctl.h"
#include "guest.h"
#include "seccomp.h"

/* Runtime files */

int vs_run_path(char *buf, size_t size, const char *prefix, const char *name,
		const char *suffix)
{
	int n = snprintf(buf, size, "%s/%s%s%s", vs_rundir(), prefix, name, suffix);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int vs_rundir_create(struct vs_err *err)
{
	char path[PATH_MAX], *p;
	const char *dir = vs_rundir();

	if (strlen(dir) >= sizeof(path)) {
		vs_err_set(err, "cannot create %s: %s", dir, strerror(ENAMETOOLONG));
		return -1;
	}
	strcpy(path, dir);
	/* mkdir -p: every parent, then the directory itself with 0700. */
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			vs_err_set(err, "cannot create %s: %s", path, strerror(errno));
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, 0700) < 0 && errno != EEXIST) {
		vs_err_set(err, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int vs_runtime_write(const char *name, unsigned int xid, pid_t supervisor,
		     struct vs_err *err)
{
	char path[PATH_MAX], tmp[PATH_MAX], text[64];
	int fd, len;

	if (vs_run_path(path, sizeof(path), "", name, "") < 0 ||
	    vs_run_path(tmp, sizeof(tmp), ".", name, ".tmp") < 0) {
		vs_err_set(err, "cannot write the runtime state of %s: %s", name,
			   strerror(ENAMETOOLONG));
		return -1;
	}
	if (vs_rundir_create(err) < 0)
		return -1;
	len = snprintf(text, sizeof(text), "xid %u\nsupervisor %d\n", xid, (int)supervisor);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		vs_err_set(err, "cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	if (write(fd, text, (size_t)len) != len || fsync(fd) < 0) {
		vs_err_set(err, "cannot write %s: %s", tmp, strerror(errno ? errno : EIO));
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	if (rename(tmp, path) < 0) {
		vs_err_set(err, "cannot create %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

void vs_runtime_remove(const char *name, pid_t only_if)
{
	char path[PATH_MAX];
	unsigned int xid;
	int sup;
	struct vs_err err = { .msg = "" };

	if (vs_run_path(path, sizeof(path), "", name, "") < 0)
		return;
	if (only_if && (vs_runtime_read(name, &xid, &sup, &err) <= 0 || sup != only_if))
		return;
	unlink(path);
}

int vs_guest_lock(const char *name, struct vs_err *err)
{
	char path[PATH_MAX];
	int fd;

	if (vs_run_path(path, sizeof(path), ".", name, ".lock") < 0) {
		vs_err_set(err, "cannot lock guest %s: %s", name, strerror(ENAMETOOLONG));
		return -1;
	}
	if (vs_rundir_create(err) < 0)
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		vs_err_set(err, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			vs_err_set(err, "cannot lock %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
	}
	return fd;
}

bool vs_supervisor_alive(pid_t pid)
{
	char path[64], stat[128] = "", *comm, *end;
	FILE *f;

	if (pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (!fgets(stat, sizeof(stat), f))
		stat[0] = '\0';
	fclose(f);
	/* "PID (COMM) STATE ...": the supervisor names itself so (start.c); a zombie is dead. */
	comm = strchr(stat, '(');
	end = strrchr(stat, ')');
	return comm && end && !strncmp(comm + 1, "vserver", 7) && end[1] == ' ' &&
	       end[2] && end[2] != 'Z' && end[2] != 'X';
}

/* Time namespace */

void vs_boottime_offset(const struct timespec *now, struct timespec *offset)
{
	offset->tv_sec = -now->tv_sec;
	offset->tv_nsec = 0;
	if (now->tv_nsec > 0) {
		offset->tv_sec -= 1;
		offset->tv_nsec = 1000000000L - now->tv_nsec;
	}
}

int vs_timens_new(struct vs_err *err)
{
	struct timespec now, off;
	char text[64];
	int fd, len;

	if (unshare(CLONE_NEWTIME) < 0) {
		vs_err_set(err, "cannot create a time namespace: %s", strerror(errno));
		return -1;
	}
	/*
	 * Read the clock as late as possible: the kernel refuses an offset that
	 * makes the namespace's clock negative, and -(now) leaves it at the
	 * few microseconds that passed since.
	 */
	fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		vs_err_set(err, "cannot open /proc/self/timens_offsets: %s", strerror(errno));
		return -1;
	}
	clock_gettime(CLOCK_BOOTTIME, &now);
	vs_boottime_offset(&now, &off);
	len = snprintf(text, sizeof(text), "boottime %lld %ld\n", (long long)off.tv_sec,
		       (long)off.tv_nsec);
	if (write(fd, text, (size_t)len) != len) {
		vs_err_set(err, "cannot set the uptime of the time namespace: %s",
			   strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Signal dispositions and mask as a freshly exec'd program expects them. */
void vs_signals_default(void)
{
	sigset_t none;
	int sig;

	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Mount options */

int vs_mount_options(const char *options, unsigned long *flags, char *data, size_t size)
{
	static const struct {
		const char *name;
		unsigned long flag;
		bool clear;
	} known[] = {
		{ "defaults", 0, false },
		{ "ro", MS_RDONLY, false }, { "rw", MS_RDONLY, true },
		{ "nosuid", MS_NOSUID, false }, { "suid", MS_NOSUID, true },
		{ "nodev", MS_NODEV, false }, { "dev", MS_NODEV, true },
		{ "noexec", MS_NOEXEC, false }, { "exec", MS_NOEXEC, true },
		{ "noatime", MS_NOATIME, false }, { "atime", MS_NOATIME, true },
		{ "nodiratime", MS_NODIRATIME, false }, { "diratime", MS_NODIRATIME, true },
		{ "relatime", MS_RELATIME, false }, { "norelatime", MS_RELATIME, true },
		{ "strictatime", MS_STRICTATIME, false },
		{ "sync", MS_SYNCHRONOUS, false }, { "async", MS_SYNCHRONOUS, true },
		{ "dirsync", MS_DIRSYNC, false },
		{ "bind", MS_BIND, false }, { "rbind", MS_BIND | MS_REC, false },
		/* mount(8)'s own: nothing for the kernel */
		{ "auto", 0, false }, { "noauto", 0, false }, { "nofail", 0, false },
		{ "user", 0, false }, { "nouser", 0, false }, { "users", 0, false },
		{ "_netdev", 0, false },
	};
	const char *p = options ? options : "";
	size_t used = 0, i;

	*flags = 0;
	if (size)
		data[0] = '\0';
	while (*p) {
		size_t len = strcspn(p, ",");

		for (i = 0; i < ARRAY_SIZE(known); i++)
			if (strlen(known[i].name) == len && !strncmp(p, known[i].name, len))
				break;
		if (i < ARRAY_SIZE(known)) {
			if (known[i].clear)
				*flags &= ~known[i].flag;
			else
				*flags |= known[i].flag;
		} else if (len && strncmp(p, "x-", 2) && strncmp(p, "comment=", 8)) {
			if (used + len + (used ? 1 : 0) + 1 > size)
				return -1;
			if (used)
				data[used++] = ',';
			memcpy(data + used, p, len);
			used += len;
			data[used] = '\0';
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* The guest root */

static int openat2_in(int rootfd, const char *rel, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	return (int)syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
}

/*
 * Open @rel below @rootfd as O_PATH, resolving every symlink as if @rootfd
 * were '/', so nothing can point a mount outside the guest.  Missing
 * directories are created (with a missing last component a directory, or an
 * empty file if @file).  Mount points may cross into mounts made earlier.
 */
static int open_target(int rootfd, const char *rel, bool file)
{
	char path[PATH_MAX], *slash, *p;
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd, parent;

	while (*rel == '/')
		rel++;
	if (strlen(rel) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(path, *rel ? rel : ".");
	fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	if (fd >= 0 || errno != ENOENT)
		return fd;
	/* Create the components one by one, each resolved in the root again. */
	for (p = path;; p = slash + 1) {
		bool last;

		slash = strchr(p, '/');
		last = !slash;
		if (slash)
			*slash = '\0';
		fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
		if (fd < 0 && errno == ENOENT) {
			char *base = strrchr(path, '/');

			if (base) {
				*base = '\0';
				parent = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
				*base = '/';
				base++;
			} else {
				parent = dup(rootfd);
				base = path;
			}
			if (parent < 0)
				return -1;
			if (last && file) {
				int f = openat(parent, base, O_WRONLY | O_CREAT | O_EXCL |
					       O_NOFOLLOW | O_CLOEXEC, 0600);

				if (f >= 0)
					close(f);
			} else {
				mkdirat(parent, base, 0755);
			}
			close(parent);
			fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
		}
		if (fd < 0)
			return -1;
		if (last)
			return fd;
		close(fd);
		*slash = '/';
	}
}

static void fd_path(char *buf, size_t size, int fd)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
}

/* Mount onto @rel in the guest, safely; @source may also be a /proc/self/fd path. */
static int mount_in(int rootfd, const char *rel, bool file, const char *source,
		    const char *fstype, unsigned long flags, const char *data)
{
	char target[64];
	int fd = open_target(rootfd, rel, file), ret, saved;

	if (fd < 0)
		return -1;
	fd_path(target, sizeof(target), fd);
	ret = mount(source, target, fstype, flags, data);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

/* Make the mount at @rel read-only etc. (bind mounts take flags on a remount). */
static int remount_in(int rootfd, const char *rel, unsigned long flags)
{
	char target[64];
	struct statvfs sv;
	int fd = openat2_in(rootfd, rel, O_PATH), ret, saved;

	if (fd < 0)
		return -1;
	fd_path(target, sizeof(target), fd);
	/* Keep what the mount has: a bind remount sets all per-mount flags. */
	if (fstatvfs(fd, &sv) == 0) {
		if (sv.f_flag & ST_RDONLY)
			flags |= MS_RDONLY;
		if (sv.f_flag & ST_NOSUID)
			flags |= MS_NOSUID;
		if (sv.f_flag & ST_NODEV)
			flags |= MS_NODEV;
		if (sv.f_flag & ST_NOEXEC)
			flags |= MS_NOEXEC;
		if (sv.f_flag & ST_NOATIME)
			flags |= MS_NOATIME;
		if (sv.f_flag & ST_RELATIME)
			flags |= MS_RELATIME;
	}
	ret = mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | flags, NULL);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

static int setup_dev(int rootfd, const char *console, struct vs_err *err)
{
	static const struct {
		const char *name;
		unsigned int major, minor;
	} nodes[] = {
		{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
		{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
	};
	static const char *const links[][2] = {
		{ "ptmx", "pts/ptmx" }, { "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
	};
	size_t i;
	int devfd;

	if (mount_in(rootfd, "dev", false, "tmpfs", "tmpfs", MS_NOSUID,
		     "mode=0755,size=1m") < 0) {
		vs_err_set(err, "cannot mount a tmpfs on /dev: %s", strerror(errno));
		return -1;
	}
	/* Opened again, after the mount: now it is the tmpfs. */
	devfd = openat2_in(rootfd, "dev", O_RDONLY | O_DIRECTORY);
	if (devfd < 0) {
		vs_err_set(err, "cannot open /dev of the guest: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(nodes); i++) {
		if (mknodat(devfd, nodes[i].name, S_IFCHR | 0666,
			    makedev(nodes[i].major, nodes[i].minor)) < 0 ||
		    fchmodat(devfd, nodes[i].name, 0666, 0) < 0) {
			vs_err_set(err, "cannot create /dev/%s in the guest: %s", nodes[i].name,
				   strerror(errno));
			close(devfd);
			return -1;
		}
	}
	for (i = 0; i < ARRAY_SIZE(links); i++)
		symlinkat(links[i][1], devfd, links[i][0]);
	mkdirat(devfd, "pts", 0755);
	mkdirat(devfd, "shm", 01777);
	fchmodat(devfd, "shm", 01777, 0);
	close(devfd);

	/*
	 * /dev/console: the supervisor's pty, so the console goes to its log.  By
	 * path: a bind source must be a mount of this namespace, and an fd opened
	 * before the unshare names the old one.
	 */
	if (mount_in(rootfd, "dev/console", true, console ? console : "/dev/null", NULL, MS_BIND,
		     NULL) < 0) {
		vs_err_set(err, "cannot set up /dev/console in the guest: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Root-owned files in /proc are guarded by mode bits only, and guest root is
 * uid 0: make /proc/sys read-only and cover the rest with read-only binds.
 * Without CAP_SYS_ADMIN the guest can never remove them.
 */
static int protect_proc(int rootfd, const char *proc, struct vs_err *err)
{
	static const char *const ro_dirs[] = { "sys", "irq", "bus", "acpi", "scsi" };
	static const char *const nulled[] = { "sysrq-trigger", "kcore", "timer_list" };
	char rel[PATH_MAX + 32], devnull[64];
	unsigned long ro = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	size_t i;
	int fd, nullfd;

	for (i = 0; i < ARRAY_SIZE(ro_dirs); i++) {
		snprintf(rel, sizeof(rel), "%s/%s", proc, ro_dirs[i]);
		fd = openat2_in(rootfd, rel, O_PATH);
		if (fd < 0)
			continue;	/* not in this kernel */
		fd_path(devnull, sizeof(devnull), fd);
		if (mount(devnull, devnull, NULL, MS_BIND | MS_REC, NULL) < 0 ||
		    remount_in(rootfd, rel, ro) < 0) {
			vs_err_set(err, "cannot make /%s read-only in the guest: %s", rel,
				   strerror(errno));
			close(fd);
			return -1;
		}
		close(fd);
	}
	nullfd = openat2_in(rootfd, "dev/null", O_PATH);
	if (nullfd < 0) {
		vs_err_set(err, "cannot open /dev/null of the guest: %s", strerror(errno));
		return -1;
	}
	fd_path(devnull, sizeof(devnull), nullfd);
	for (i = 0; i < ARRAY_SIZE(nulled); i++) {
		snprintf(rel, sizeof(rel), "%s/%s", proc, nulled[i]);
		fd = openat2_in(rootfd, rel, O_PATH);
		if (fd < 0)
			continue;
		close(fd);
		if (mount_in(rootfd, rel, true, devnull, NULL, MS_BIND, NULL) < 0 ||
		    remount_in(rootfd, rel, ro) < 0) {
			vs_err_set(err, "cannot cover /%s in the guest: %s", rel, strerror(errno));
			close(nullfd);
			return -1;
		}
	}
	close(nullfd);
	return 0;
}

static bool has_option(const char *options, const char *opt)
{
	size_t len = strlen(opt);
	const char *p = options;

	while (p && *p) {
		if (!strncmp(p, opt, len) && (p[len] == ',' || p[len] == '=' || !p[len]))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

static int mount_fstab(int rootfd, const struct vs_guest *g, struct vs_err *err)
{
	size_t i;

	for (i = 0; i < g->nmounts; i++) {
		const struct vs_mount *m = &g->mounts[i];
		const char *rel = m->target;
		char data[1024];
		unsigned long flags;
		bool bind, proc = !strcmp(m->fstype, "proc");
		const char *fstype = m->fstype;

		if (vs_mount_options(m->options, &flags, data, sizeof(data) - 32) < 0) {
			vs_err_set(err, "cannot mount %s in the guest: options too long",
				   m->target);
			return -1;
		}
		bind = flags & MS_BIND;
		if (bind || !strcmp(fstype, "none"))
			fstype = NULL;
		if (!strcmp(m->fstype, "devpts")) {
			/* A private instance, never the host's ptys. */
			if (!has_option(data, "newinstance"))
				strcat(data, data[0] ? ",newinstance" : "newinstance");
			if (!has_option(data, "ptmxmode"))
				strcat(data, ",ptmxmode=0666");
			flags |= MS_NOSUID | MS_NOEXEC;
		} else {
			/* Guests cannot mknod; neither may a mounted filesystem give them nodes. */
			flags |= MS_NODEV;
		}
		if (proc || !strcmp(m->fstype, "sysfs"))
			flags |= MS_NOSUID | MS_NOEXEC;
		if (!strcmp(m->fstype, "sysfs"))
			flags |= MS_RDONLY;
		if (bind) {
			unsigned long extra = flags & ~(MS_BIND | MS_REC);

			if (mount_in(rootfd, rel, false, m->source, NULL, flags & (MS_BIND | MS_REC),
				     NULL) < 0 ||
			    (extra && remount_in(rootfd, rel, extra) < 0)) {
				vs_err_set(err, "cannot bind %s on %s in the guest: %s", m->source,
					   m->target, strerror(errno));
				return -1;
			}
			continue;
		}
		if (mount_in(rootfd, rel, false, m->source, fstype, flags, data) < 0) {
			vs_err_set(err, "cannot mount %s on %s in the guest: %s", m->fstype,
				   m->target, strerror(errno));
			return -1;
		}
		while (*rel == '/')
			rel++;
		if (proc && protect_proc(rootfd, rel, err) < 0)
			return -1;
	}
	return 0;
}

static int switch_root(const char *root, struct vs_err *err)
{
	if (chdir(root) < 0) {
		vs_err_set(err, "cannot change to %s: %s", root, strerror(errno));
		return -1;
	}
	/* After this no host path is reachable in the mount namespace. */
	if (syscall(SYS_pivot_root, ".", ".") == 0) {
		if (umount2(".", MNT_DETACH) < 0) {
			vs_err_set(err, "cannot detach the host's root: %s", strerror(errno));
			return -1;
		}
		return chdir("/");
	}
	if (errno != EINVAL) {
		vs_err_set(err, "cannot pivot into %s: %s", root, strerror(errno));
		return -1;
	}
	/*
	 * The namespace root is the initramfs's rootfs, which can never be
	 * pivoted away: cover it with the guest root instead, as switch_root(8)
	 * does.  ".." at the guest's root then lands on the covered mount point
	 * and goes back down into the guest.
	 */
	if (mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0 || chdir("/") < 0) {
		vs_err_set(err, "cannot make %s the root: %s", root, strerror(errno));
		return -1;
	}
	return 0;
}

int vs_root_setup(const struct vs_guest *g, const char *console, struct vs_err *err)
{
	struct statvfs sv;
	unsigned long keep = 0;
	int rootfd;

	umask(022);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		vs_err_set(err, "cannot make the mounts private: %s", strerror(errno));
		return -1;
	}
	/* A mount point of its own (pivot_root needs one), without devices. */
	if (mount(g->root, g->root, NULL, MS_BIND | MS_REC, NULL) < 0) {
		vs_err_set(err, "cannot bind %s: %s", g->root, strerror(errno));
		return -1;
	}
	if (statvfs(g->root, &sv) == 0) {
		keep |= (sv.f_flag & ST_RDONLY) ? MS_RDONLY : 0;
		keep |= (sv.f_flag & ST_NOSUID) ? MS_NOSUID : 0;
		keep |= (sv.f_flag & ST_NOEXEC) ? MS_NOEXEC : 0;
		keep |= (sv.f_flag & ST_NOATIME) ? MS_NOATIME : 0;
		keep |= (sv.f_flag & ST_RELATIME) ? MS_RELATIME : 0;
	}
	if (mount(NULL, g->root, NULL, MS_REMOUNT | MS_BIND | MS_NODEV | keep, NULL) < 0) {
		vs_err_set(err, "cannot remount %s nodev: %s", g->root, strerror(errno));
		return -1;
	}
	rootfd = open(g->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		vs_err_set(err, "cannot open %s: %s", g->root, strerror(errno));
		return -1;
	}
	if (setup_dev(rootfd, console, err) < 0 || mount_fstab(rootfd, g, err) < 0) {
		close(rootfd);
		return -1;
	}
	close(rootfd);
	if (sethostname(g->nodename, strlen(g->nodename)) < 0) {
		vs_err_set(err, "cannot set the hostname: %s", strerror(errno));
		return -1;
	}
	return switch_root(g->root, err);
}

/* Running guests */

int vs_guest_attach(const char *name, struct vs_attach *a, struct vs_err *err)
{
	struct vs_ctx_info info, again;
	struct pollfd pfd;
	char path[64];
	int sup, ret;

	a->pidfd = a->rootfd = a->ctlfd = -1;
	ret = vs_runtime_read(name, &a->xid, &sup, err);
	if (ret <= 0)
		return ret;
	a->ctlfd = vs_ctl_open(NULL, err);
	if (a->ctlfd < 0)
		return -1;
	if (vs_ctx_info(a->ctlfd, a->xid, &info, err) < 0) {
		ret = errno == ESRCH ? 0 : -1;
		goto fail;
	}
	ret = 0;
	if (info.state != VS_CTX_STATE_RUNNING || !info.init_pid)
		goto fail;
	a->init_pid = (pid_t)info.init_pid;
	a->pidfd = pidfd_open(a->init_pid, 0);
	if (a->pidfd < 0)
		goto fail;
	snprintf(path, sizeof(path), "/proc/%d/root", (int)a->init_pid);
	a->rootfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (a->rootfd < 0)
		goto fail;
	/* The pidfd pins the process; is it still the init we were told about? */
	pfd.fd = a->pidfd;
	pfd.events = POLLIN;
	if (vs_ctx_info(a->ctlfd, a->xid, &again, err) < 0 || again.init_pid != info.init_pid ||
	    poll(&pfd, 1, 0) != 0)
		goto fail;
	return 1;
fail:
	vs_guest_detach(a);
	return ret;
}

void vs_guest_detach(struct vs_attach *a)
{
	if (a->pidfd >= 0)
		close(a->pidfd);
	if (a->rootfd >= 0)
		close(a->rootfd);
	if (a->ctlfd >= 0)
		close(a->ctlfd);
	a->pidfd = a->rootfd = a->ctlfd = -1;
}

int vs_guest_join(const struct vs_attach *a, struct vs_err *err)
{
	if (setns(a->pidfd, CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID |
		  CLONE_NEWCGROUP | CLONE_NEWTIME) < 0) {
		vs_err_set(err, "cannot join its namespaces: %s", strerror(errno));
		return -1;
	}
	/* The init's root: the namespace's own after pivot_root, the chroot otherwise. */
	if (fchdir(a->rootfd) < 0 || chroot(".") < 0 || chdir("/") < 0) {
		vs_err_set(err, "cannot change to its root: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int vs_guest_migrate(int ctlfd, unsigned int xid, bool init, struct vs_err *err)
{
	/* Before the migrate: installing a filter without no_new_privs needs CAP_SYS_ADMIN. */
	if (vs_seccomp_install(err) < 0)
		return -1;
	return vs_ctx_migrate(ctlfd, xid, init ? VS_CTX_MIGRATE_INIT : 0, err);
}

/* Context helpers */

int vs_ctx_tasks(int ctlfd, unsigned int xid, struct vs_err *err)
{
	struct vs_ctx_info info;

	if (vs_ctx_info(ctlfd, xid, &info, err) < 0)
		return errno == ESRCH ? 0 : -1;
	return (int)info.tasks;
}

int vs_ctx_wait_empty(int ctlfd, unsigned int xid, unsigned int ms, struct vs_err *err)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int n = vs_ctx_tasks(ctlfd, xid, err);

		if (n <= 0)
			return n < 0 ? -1 : 1;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 >=
		    (long)ms)
			return 0;
		usleep(20000);
	}
}

int vs_ctx_terminate(int ctlfd, unsigned int xid, struct vs_err *err)
{
	unsigned int i;

	/* Tasks may fork while being killed: repeat until the count is zero. */
	for (i = 0;; i++) {
		int n = vs_ctx_tasks(ctlfd, xid, err);

		if (n < 0)
			return -1;
		if (n == 0)
			break;
		if (vs_ctx_kill(ctlfd, xid, SIGKILL, err) < 0 && errno != ESRCH)
			return -1;
		usleep(i < 50 ? 10000 : 100000);
		if (i > 3000) {
			vs_err_set(err, "cannot empty context %u: its tasks do not die", xid);
			return -1;
		}
	}
	/* Setup-state and persistent contexts stay listed while empty. */
	if (vs_ctx_remove(ctlfd, xid, err) < 0 && errno != ESRCH)
		return -1;
	return 0;
}

unsigned int vs_killseq_first_wait(const struct vs_kill_step *steps, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!steps[i].signal)
			return steps[i].wait_s;
	return 10;
}

/* passwd and group */

/* Split @line at ':' into up to @max fields; returns how many. */
static size_t split_colon(char *line, char **field, size_t max)
{
	size_t n = 0;

	line[strcspn(line, "\n")] = '\0';
	while (n < max) {
		field[n++] = line;
		line = strchr(line, ':');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

/* A decimal uid or gid, nothing else: "5", not " 5", "+5" or "5x". */
bool vs_parse_id(const char *s, unsigned long *id)
{
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*id = strtoul(s, &end, 10);
	return !*end && !errno && *id < UINT32_MAX;
}

/*
 * Iterate over the lines of @text: a copy of each in turn in *@line (freed
 * by the caller at the end); false when there is none left.
 */
static bool next_line(const char **text, char **line)
{
	const char *p = *text, *nl;
	size_t len;

	if (!*p)
		return false;
	nl = strchr(p, '\n');
	len = nl ? (size_t)(nl - p) : strlen(p);
	free(*line);
	*line = strndup(p, len);
	*text = nl ? nl + 1 : p + len;
	return *line != NULL;
}

int vs_passwd_find(const char *text, const char *user, struct vs_passwd *pw)
{
	char *line = NULL, *f[7];
	unsigned long want = 0, uid, gid;
	bool numeric = vs_parse_id(user, &want), found = false;

	while (!found && next_line(&text, &line)) {
		if (split_colon(line, f, 7) < 7 || !vs_parse_id(f[2], &uid) || !vs_parse_id(f[3], &gid))
			continue;
		/* A name wins; a number matches the uid of the first such line. */
		if (strcmp(f[0], user) && !(numeric && uid == want))
			continue;
		snprintf(pw->name, sizeof(pw->name), "%s", f[0]);
		pw->uid = (uid_t)uid;
		pw->gid = (gid_t)gid;
		snprintf(pw->home, sizeof(pw->home), "%s", *f[5] ? f[5] : "/");
		snprintf(pw->shell, sizeof(pw->shell), "%s", *f[6] ? f[6] : "/bin/sh");
		found = true;
	}
	free(line);
	return found;
}

size_t vs_group_list(const char *text, const char *name, gid_t primary, gid_t *groups,
		     size_t room)
{
	char *line = NULL, *f[4];
	unsigned long gid;
	size_t n = 0, i;

	if (!room)
		return 0;
	groups[n++] = primary;
	while (text && n < room && next_line(&text, &line)) {
		char *member, *save = NULL;

		if (split_colon(line, f, 4) < 4 || !vs_parse_id(f[2], &gid))
			continue;
		for (member = strtok_r(f[3], ",", &save); member;
		     member = strtok_r(NULL, ",", &save)) {
			if (strcmp(member, name))
				continue;
			for (i = 0; i < n && groups[i] != (gid_t)gid; i++)
				;
			if (i == n)
				groups[n++] = (gid_t)gid;
			break;
		}
	}
	free(line);
	return n;
}

/* Guest files, read from the host */

static int open_in_root(int rootfd, const char *path, int flags, bool follow)
{
	/*
	 * Every symlink resolved as if @rootfd were '/', no magic links
	 * (/proc/PID/root, /proc/PID/fd/N).  Mount points may be crossed: every
	 * mount in a guest's namespace was made by the host (the guest has no
	 * CAP_SYS_ADMIN), and a guest root or its /etc may be one.
	 */
	struct open_how how = {
		.flags = (unsigned long long)(flags | (follow ? 0 : O_NOFOLLOW) | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	while (*path == '/')
		path++;
	return (int)syscall(SYS_openat2, rootfd, *path ? path : ".", &how, sizeof(how));
}

int vs_guest_file_read(int rootfd, const char *path, char **buf, size_t *len,
		       struct vs_err *err)
{
	struct stat first, st;
	struct statfs sf;
	char *data = NULL;
	size_t used = 0;
	int fd;

	*buf = NULL;
	*len = 0;
	/* O_PATH first: a FIFO or device of the guest's is never opened at all. */
	fd = open_in_root(rootfd, path, O_PATH, false);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		vs_err_set(err, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &first) < 0) {
		vs_err_set(err, "cannot open %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	if (S_ISLNK(first.st_mode)) {
		vs_err_set(err, "%s is a symbolic link", path);
		return -1;
	}
	if (!S_ISREG(first.st_mode)) {
		vs_err_set(err, "%s is not a regular file", path);
		return -1;
	}
	if (first.st_size > VS_GUEST_FILE_MAX)
		goto too_big;
	/* The guest may swap in something else meanwhile: O_NONBLOCK, and the same inode. */
	fd = open_in_root(rootfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, false);
	if (fd < 0) {
		vs_err_set(err, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || fstatfs(fd, &sf) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_dev != first.st_dev || st.st_ino != first.st_ino ||
	    sf.f_type == PROC_SUPER_MAGIC || sf.f_type == SYSFS_MAGIC) {
		vs_err_set(err, "%s is not a regular file", path);
		close(fd);
		return -1;
	}
	data = malloc(VS_GUEST_FILE_MAX + 2);
	if (!data) {
		vs_err_set(err, "cannot read %s: %s", path, strerror(ENOMEM));
		close(fd);
		return -1;
	}
	/* Up to one byte more than allowed: a file that grew is refused too. */
	while (used <= VS_GUEST_FILE_MAX) {
		ssize_t n = read(fd, data + used, VS_GUEST_FILE_MAX + 1 - used);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vs_err_set(err, "cannot read %s: %s", path, strerror(errno));
			free(data);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (used > VS_GUEST_FILE_MAX) {
		free(data);
		goto too_big;
	}
	data[used] = '\0';
	*buf = data;
	*len = used;
	return 1;
too_big:
	vs_err_set(err, "%s is larger than %d MiB", path, VS_GUEST_FILE_MAX >> 20);
	return -1;
}

int vs_guest_open_dev(int rootfd, const char *path, int flags, unsigned int major,
		      unsigned int minor, struct vs_err *err)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK: a FIFO in its place must not hold us up.  (/dev/ptmx is a symlink.) */
	fd = open_in_root(rootfd, path, flags | O_NONBLOCK | O_NOCTTY, true);
	if (fd < 0) {
		vs_err_set(err, "cannot open %s in it: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) != major ||
	    minor(st.st_rdev) != minor) {
		vs_err_set(err, "its %s is not the device it should be", path);
		close(fd);
		return -1;
	}
	/* Back to blocking I/O, as the device is normally opened. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

char *const vs_guest_env[] = {
	(char *)"PATH=" VS_GUEST_PATH,
	(char *)"TERM=linux",
	(char *)"HOME=/",
	(char *)"container=vserver",
	NULL
};
