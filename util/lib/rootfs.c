// SPDX-License-Identifier: GPL-2.0
/* A starting guest's root: mounts, /dev, /proc, pivot_root. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/magic.h>
#include <linux/openat2.h>

#include "compiler.h"
#include "err.h"
#include "notify.h"
#include "rootfs.h"

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
	for (i = 0; i < ARRAY_SIZE(links); i++) {
		if (symlinkat(links[i][1], devfd, links[i][0]) < 0) {
			vs_err_set(err, "cannot create /dev/%s in the guest: %s", links[i][0],
				   strerror(errno));
			close(devfd);
			return -1;
		}
	}
	/* The fresh tmpfs has neither; the umask would cut the sticky mode. */
	if (mkdirat(devfd, "pts", 0755) < 0 || mkdirat(devfd, "shm", 01777) < 0 ||
	    fchmodat(devfd, "shm", 01777, 0) < 0) {
		vs_err_set(err, "cannot create /dev/pts and /dev/shm in the guest: %s",
			   strerror(errno));
		close(devfd);
		return -1;
	}
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

bool vs_mount_has_option(const char *options, const char *opt)
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
			if (!vs_mount_has_option(data, "newinstance"))
				strcat(data, data[0] ? ",newinstance" : "newinstance");
			if (!vs_mount_has_option(data, "ptmxmode"))
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

/* Does the guest's fstab mount something on @target? */
static bool fstab_mounts(const struct vs_guest *g, const char *target)
{
	size_t i;

	for (i = 0; i < g->nmounts; i++)
		if (!strcmp(g->mounts[i].target, target))
			return true;
	return false;
}

#define CPUS_ONLINE	"devices/system/cpu/online"

/*
 * The host's /sys/devices/system/cpu/online, bound read-only into the stub:
 * glibc's get_nprocs() reads it first.  Read in the guest, sysfs shows the
 * guest's CPUs (the kernel's CPU view, VS_CTX_FLAG_VIRT_CPU), also after
 * its cpus limit changes.  A host without the file has nothing to bind.
 */
static int bind_cpus_online(int rootfd)
{
	if (access("/sys/" CPUS_ONLINE, R_OK) < 0)
		return 0;
	if (mount_in(rootfd, "sys/" CPUS_ONLINE, true, "/sys/" CPUS_ONLINE, NULL, MS_BIND,
		     NULL) < 0)
		return -1;
	return remount_in(rootfd, "sys/" CPUS_ONLINE, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
}

/*
 * Unless the fstab mounts /sys: a small read-only tmpfs there with only
 * fs/cgroup and devices/system/cpu/online in it.  The host's sysfs would
 * show guest root (uid 0, DAC override) root-only files such as DMI
 * serials and ACPI tables; a guest that needs it mounts sysfs in its fstab
 * (read-only, always).
 */
static int mount_sys_stub(int rootfd, struct vs_err *err)
{
	const unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	int fd, fs = -1, ret = -1;

	if (mount_in(rootfd, "sys", false, "none", "tmpfs", flags, "mode=0555,size=16k") < 0)
		goto fail;
	fd = openat2_in(rootfd, "sys", O_PATH | O_DIRECTORY);
	if (fd < 0)
		goto fail;
	if (mkdirat(fd, "fs", 0555) == 0)
		fs = openat(fd, "fs", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fs >= 0 && mkdirat(fs, "cgroup", 0555) == 0 && bind_cpus_online(rootfd) == 0 &&
	    remount_in(rootfd, "sys", MS_RDONLY) == 0)
		ret = 0;
	if (fs >= 0)
		close(fs);
	close(fd);
	if (ret == 0)
		return 0;
fail:
	vs_err_set(err, "cannot make /sys in the guest: %s", strerror(errno));
	return -1;
}

/*
 * The guest's cgroup tree on /sys/fs/cgroup: runtimes (Go, the JVM) read
 * their limits there; read-write for a systemd guest, whose init makes its
 * units' cgroups below it.  The cgroup namespace, made
 * before, roots the mount at the guest's own cgroup.  Only where the guest
 * has a /sys directory: nothing is created in its root.
 */
static int mount_sys(int rootfd, const struct vs_guest *g, struct vs_err *err)
{
	/* systemd manages its own subtree (nsdelegate keeps the limits above it). */
	const unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC |
		(g->init_style == VS_INIT_SYSTEMD ? 0 : MS_RDONLY);
	struct statfs sfs;
	int fd;

	fd = openat2_in(rootfd, "sys", O_PATH | O_DIRECTORY);
	if (fd < 0)
		return 0;
	close(fd);
	if (!fstab_mounts(g, "/sys") && mount_sys_stub(rootfd, err) < 0)
		return -1;
	fd = openat2_in(rootfd, "sys/fs/cgroup", O_PATH | O_DIRECTORY);
	if (fd < 0)
		return 0;
	/* A cgroup tree bound in from the host would reach other guests' limits. */
	if (fstatfs(fd, &sfs) < 0 || sfs.f_type == CGROUP2_SUPER_MAGIC ||
	    sfs.f_type == CGROUP_SUPER_MAGIC) {
		close(fd);
		vs_err_set(err, "the fstab puts a cgroup file system on /sys/fs/cgroup: refused");
		return -1;
	}
	close(fd);
	if (mount_in(rootfd, "sys/fs/cgroup", false, "cgroup2", "cgroup2", flags, NULL) < 0) {
		vs_err_set(err, "cannot mount cgroup2 on /sys/fs/cgroup in the guest: %s",
			   strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * What systemd asks of its container manager: /run, /run/lock, /dev/shm
 * and /tmp as tmpfs (unless the fstab mounts them; all of them count
 * against the guest's memory limit), and /run/host/container-manager
 * naming it, for the guest's processes that are not pid 1.
 */
static int mount_systemd(int rootfd, const struct vs_guest *g, struct vs_err *err)
{
	static const struct {
		const char *target, *options;
		unsigned long flags;
	} tmpfs[] = {
		{ "/run", "mode=0755,size=64m", MS_NOSUID | MS_NODEV },
		{ "/run/lock", "mode=1777,size=4m", MS_NOSUID | MS_NODEV | MS_NOEXEC },
		{ "/dev/shm", "mode=1777", MS_NOSUID | MS_NODEV },
		{ "/tmp", "mode=1777", MS_NOSUID | MS_NODEV },
	};
	static const char manager[] = "vserver\n";
	const char *rel = "run/host/container-manager";
	size_t i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(tmpfs); i++) {
		if (fstab_mounts(g, tmpfs[i].target))
			continue;
		if (mount_in(rootfd, tmpfs[i].target + 1, false, "tmpfs", "tmpfs", tmpfs[i].flags,
			     tmpfs[i].options) < 0) {
			vs_err_set(err, "cannot mount a tmpfs on %s in the guest: %s",
				   tmpfs[i].target, strerror(errno));
			return -1;
		}
	}
	fd = open_target(rootfd, rel, true);
	if (fd >= 0) {
		close(fd);
		fd = openat2_in(rootfd, rel, O_WRONLY | O_TRUNC | O_NOFOLLOW);
	}
	if (fd < 0 || write(fd, manager, sizeof(manager) - 1) != sizeof(manager) - 1 ||
	    fchmod(fd, 0444) < 0) {
		vs_err_set(err, "cannot write /%s in the guest: %s", rel, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
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

int vs_root_setup(const struct vs_guest *g, const char *console, int notify, struct vs_err *err)
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
	if (setup_dev(rootfd, console, err) < 0 || mount_fstab(rootfd, g, err) < 0 ||
	    mount_sys(rootfd, g, err) < 0 ||
	    (g->init_style == VS_INIT_SYSTEMD && mount_systemd(rootfd, g, err) < 0)) {
		close(rootfd);
		return -1;
	}
	close(rootfd);
	if (sethostname(g->nodename, strlen(g->nodename)) < 0) {
		vs_err_set(err, "cannot set the hostname: %s", strerror(errno));
		return -1;
	}
	if (switch_root(g->root, err) < 0)
		return -1;
	/* In the guest's own /run now: no path of the host's is involved. */
	if (notify >= 0 && vs_notify_bind(notify, VS_NOTIFY_GUEST_PATH) < 0) {
		vs_err_set(err, "cannot bind the notify socket at %s in the guest: %s",
			   VS_NOTIFY_GUEST_PATH, strerror(errno));
		return -1;
	}
	return 0;
}
