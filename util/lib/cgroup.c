// SPDX-License-Identifier: GPL-2.0
/*
 * A guest's cgroup (cgroup v2): made at start, limits written to the
 * controllers' files, usage and hit counters read back, removed at stop.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <linux/sched.h>

#include "cgroup.h"
#include "compiler.h"
#include "config.h"
#include "ctxlimit.h"
#include "diskquota.h"
#include "rootfs.h"
#include "runtime.h"

/* The controllers guests' limits and counters use; those the kernel lacks are skipped. */
static const char *const controllers[] = { "cpu", "cpuset", "io", "memory", "pids" };

/*
 * The host's cgroup2 mount point, from mountinfo: the first cgroup2 mount
 * of the whole hierarchy (root "/").  It must have nsdelegate: without it
 * a guest's root could write its own limits.
 */
static int cgroup_mount(char *mnt, size_t size, struct vs_err *err)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL;
	size_t cap = 0;
	int ret = -1;

	if (!f) {
		vs_err_set(err, "cannot read /proc/self/mountinfo: %s", strerror(errno));
		return -1;
	}
	vs_err_set(err, "no cgroup2 file system is mounted (mount -t cgroup2 -o nsdelegate "
		   "none /sys/fs/cgroup)");
	while (getline(&line, &cap, f) > 0) {
		char root[PATH_MAX], point[PATH_MAX], fstype[32], super[512];
		const char *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %4095s %4095s", root, point) != 2 ||
		    sscanf(sep + 3, "%31s %*s %511s", fstype, super) != 2 ||
		    strcmp(fstype, "cgroup2") || strcmp(root, "/"))
			continue;
		if (!vs_mount_has_option(super, "nsdelegate")) {
			vs_err_set(err, "the cgroup2 file system at %s is mounted without "
				   "nsdelegate, so guests could raise their own limits "
				   "(mount -o remount,nsdelegate %s)", point, point);
			break;
		}
		if (snprintf(mnt, size, "%s", point) >= (int)size) {
			vs_err_set(err, "the cgroup2 mount point %s is too long", point);
			break;
		}
		ret = 0;
		break;
	}
	free(line);
	fclose(f);
	return ret;
}

static int base_path(char *path, size_t size, struct vs_err *err)
{
	char mnt[PATH_MAX];

	if (cgroup_mount(mnt, sizeof(mnt), err) < 0)
		return -1;
	if (snprintf(path, size, "%s/%s", mnt, VS_CGROUP_BASE) >= (int)size) {
		vs_err_set(err, "the cgroup path %s/%s is too long", mnt, VS_CGROUP_BASE);
		return -1;
	}
	return 0;
}

/* The cgroup a delegated start recorded for NAME (see vs_cgroup_adopt()): 1, or 0 if none. */
static int recorded_path(const char *name, char *path, size_t size)
{
	char rec[PATH_MAX];
	ssize_t n;
	int fd;

	if (vs_run_path(rec, sizeof(rec), ".", name, ".cgroup") < 0)
		return 0;
	fd = open(rec, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, path, size - 1);
	close(fd);
	if (n <= 1 || path[0] != '/')
		return 0;
	path[n] = '\0';
	path[strcspn(path, "\n")] = '\0';
	return 1;
}

int vs_cgroup_path(const char *name, char *path, size_t size, struct vs_err *err)
{
	char base[PATH_MAX];

	if (recorded_path(name, path, size))
		return 0;
	if (base_path(base, sizeof(base), err) < 0)
		return -1;
	if (snprintf(path, size, "%s/%s", base, name) >= (int)size) {
		vs_err_set(err, "the cgroup path %s/%s is too long", base, name);
		return -1;
	}
	return 0;
}

/* Open @dir/@file; -1 with errno set. */
static int open_in(const char *dir, const char *file, int flags)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(path, flags | O_CLOEXEC);
}

/* Write @text to @dir/@file; -1 with errno set. */
static int write_text(const char *dir, const char *file, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd = open_in(dir, file, O_WRONLY), saved;

	if (fd < 0)
		return -1;
	n = write(fd, text, len);
	saved = errno;
	close(fd);
	errno = saved;
	if (n >= 0 && (size_t)n != len)
		errno = EIO;
	return n >= 0 && (size_t)n == len ? 0 : -1;
}

/* Read @dir/@file into @buf (NUL-terminated, trailing newline kept); -1 with errno. */
static int read_text(const char *dir, const char *file, char *buf, size_t size)
{
	int fd = open_in(dir, file, O_RDONLY), saved;
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	saved = errno;
	close(fd);
	errno = saved;
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* One number, or "max": VS_LIMIT_UNLIMITED.  VS_USAGE_NONE if unreadable. */
static uint64_t read_value(const char *dir, const char *file)
{
	char buf[64], *end;
	uint64_t v;

	if (read_text(dir, file, buf, sizeof(buf)) < 0)
		return VS_USAGE_NONE;
	if (!strncmp(buf, "max", 3))
		return VS_LIMIT_UNLIMITED;
	errno = 0;
	v = strtoull(buf, &end, 10);
	return errno || end == buf ? VS_USAGE_NONE : v;
}

/* The value of "@key N" in a flat keyed file (memory.events, cpu.stat); VS_USAGE_NONE. */
static uint64_t read_key(const char *dir, const char *file, const char *key)
{
	char buf[4096], *p;
	size_t klen = strlen(key);

	if (read_text(dir, file, buf, sizeof(buf)) < 0)
		return VS_USAGE_NONE;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, klen) && p[klen] == ' ')
			return strtoull(p + klen + 1, NULL, 10);
	return VS_USAGE_NONE;
}

/*
 * Turn on the guests' controllers for the children of @dir.  Each one on
 * its own: a controller the kernel lacks is no reason to skip the others.
 */
static void enable_controllers(const char *dir, const char *available)
{
	char list[256], word[32], *c, *save;
	size_t i;

	snprintf(list, sizeof(list), "%s", available);
	for (c = strtok_r(list, " \n", &save); c; c = strtok_r(NULL, " \n", &save))
		for (i = 0; i < ARRAY_SIZE(controllers); i++)
			if (!strcmp(c, controllers[i])) {
				snprintf(word, sizeof(word), "+%s", c);
				write_text(dir, "cgroup.subtree_control", word);
			}
}

/* The base cgroup, made and given the controllers if need be. */
static int base_create(char *base, size_t size, struct vs_err *err)
{
	char mnt[PATH_MAX], available[256];

	if (cgroup_mount(mnt, sizeof(mnt), err) < 0 || base_path(base, size, err) < 0)
		return -1;
	if (mkdir(base, 0755) < 0 && errno != EEXIST) {
		vs_err_set(err, "cannot create cgroup %s: %s", base, strerror(errno));
		return -1;
	}
	if (read_text(mnt, "cgroup.controllers", available, sizeof(available)) < 0) {
		vs_err_set(err, "cannot read %s/cgroup.controllers: %s", mnt, strerror(errno));
		return -1;
	}
	enable_controllers(mnt, available);
	enable_controllers(base, available);
	return 0;
}

static int remove_tree(const char *path);

/*
 * Remove the cgroups below @path, deepest first: 0, or -1 with errno and,
 * in @failed, @path if it cannot be read or else the first cgroup that
 * stayed.
 */
static int remove_children(const char *path, char *failed, size_t size)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int ret = 0, saved = 0;

	if (!d) {
		snprintf(failed, size, "%s", path);
		return -1;
	}
	while ((e = readdir(d))) {
		char sub[PATH_MAX];

		if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) >= (int)sizeof(sub) ||
		    remove_tree(sub) == 0 || ret)
			continue;
		ret = -1;
		saved = errno;
		snprintf(failed, size, "%s", sub);
	}
	closedir(d);
	errno = saved;
	return ret;
}

/* Remove @path and the cgroups below it, deepest first. */
static int remove_tree(const char *path)
{
	char failed[PATH_MAX];
	unsigned int i;

	/* A child that stayed keeps @path busy: the rmdir below says so. */
	if (remove_children(path, failed, sizeof(failed)) < 0 && !strcmp(failed, path))
		return errno == ENOENT ? 0 : -1;
	/* Tasks that were just killed leave their cgroup a moment after they die. */
	for (i = 0; rmdir(path) < 0; i++) {
		struct timespec wait = { 0, 10 * 1000 * 1000 };

		if (errno == ENOENT)
			return 0;
		if (errno != EBUSY || i >= 300)
			return -1;
		if (i == 100)
			write_text(path, "cgroup.kill", "1");
		nanosleep(&wait, NULL);
	}
	return 0;
}

int vs_cgroup_remove(const char *name, struct vs_err *err)
{
	char path[PATH_MAX], hits[PATH_MAX];
	struct vs_err none = { .msg = "" };

	/* No cgroup2 with nsdelegate: start made no cgroup here. */
	if (vs_cgroup_path(name, path, sizeof(path), &none) < 0)
		return 0;
	if (remove_tree(path) < 0) {
		vs_err_set(err, "cannot remove cgroup %s: %s", path, strerror(errno));
		return -1;
	}
	/* The hit counters' baseline goes with the counters, a delegated path with the cgroup. */
	if (vs_run_path(hits, sizeof(hits), ".", name, ".hits") == 0)
		unlink(hits);
	if (vs_run_path(hits, sizeof(hits), ".", name, ".cgroup") == 0)
		unlink(hits);
	return 0;
}

/*
 * Our own cgroup if a service manager delegated it to us: under systemd
 * (INVOCATION_ID is set for every service) and not the root.  1 with its
 * path in @dir, 0 if not delegated, -1 with @err set.
 */
static int own_cgroup(char *dir, size_t size, struct vs_err *err)
{
	char mnt[PATH_MAX], line[PATH_MAX];
	FILE *f;
	int ret = 0;

	if (!getenv("INVOCATION_ID"))
		return 0;
	if (cgroup_mount(mnt, sizeof(mnt), err) < 0)
		return -1;
	f = fopen("/proc/self/cgroup", "re");
	if (!f) {
		vs_err_set(err, "cannot read /proc/self/cgroup: %s", strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "0::/", 4) || !line[4])
			continue;
		if (snprintf(dir, size, "%s%s", mnt, line + 3) >= (int)size) {
			vs_err_set(err, "the cgroup path %s%s is too long", mnt, line + 3);
			ret = -1;
		} else {
			ret = 1;
		}
		break;
	}
	fclose(f);
	return ret;
}

int vs_cgroup_place(const char *name, bool foreground, struct vs_err *err)
{
	char own[PATH_MAX], sub[PATH_MAX], available[256], pid[32];
	char rec[PATH_MAX], tmp[PATH_MAX];
	int ret, fd;

	/* A record left by a killed delegated start names a cgroup that is gone. */
	if (vs_run_path(rec, sizeof(rec), ".", name, ".cgroup") == 0)
		unlink(rec);
	if (!foreground)
		return 0;
	ret = own_cgroup(own, sizeof(own), err);
	if (ret <= 0)
		return ret;
	/* No process may stay in a cgroup that gives its children controllers. */
	if (snprintf(sub, sizeof(sub), "%s/supervisor", own) >= (int)sizeof(sub) ||
	    (mkdir(sub, 0755) < 0 && errno != EEXIST)) {
		vs_err_set(err, "cannot create cgroup %s: %s", sub, strerror(errno));
		return -1;
	}
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (write_text(sub, "cgroup.procs", pid) < 0) {
		vs_err_set(err, "cannot move into cgroup %s: %s", sub, strerror(errno));
		return -1;
	}
	if (read_text(own, "cgroup.controllers", available, sizeof(available)) < 0) {
		vs_err_set(err, "cannot read %s/cgroup.controllers: %s", own, strerror(errno));
		return -1;
	}
	enable_controllers(own, available);
	/* The record names the guest's cgroup for every other command. */
	if (vs_run_path(tmp, sizeof(tmp), ".", name, ".cgroup.tmp") < 0) {
		vs_err_set(err, "cannot record the cgroup of %s: %s", name, strerror(ENAMETOOLONG));
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || dprintf(fd, "%s/guest\n", own) < 0 || close(fd) < 0 || rename(tmp, rec) < 0) {
		vs_err_set(err, "cannot write %s: %s", rec, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 1;
}

/* The whole disk holding the guest root, as "MAJ:MIN" (io.max takes no partition). */
static int root_disk(const char *root, char *dev, size_t size, struct vs_err *err)
{
	char sys[PATH_MAX], buf[32];
	struct stat st;

	if (stat(root, &st) < 0) {
		vs_err_set(err, "cannot stat the guest root %s: %s", root, strerror(errno));
		return -1;
	}
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u", major(st.st_dev), minor(st.st_dev));
	if (access(sys, F_OK) < 0) {
		vs_err_set(err, "the guest root %s is on no block device", root);
		return -1;
	}
	strcat(sys, "/partition");
	if (access(sys, F_OK) == 0)
		strcpy(strrchr(sys, '/'), "/../dev");
	else
		strcpy(strrchr(sys, '/'), "/dev");
	if (read_text("/", sys + 1, buf, sizeof(buf)) < 0) {
		vs_err_set(err, "cannot read %s: %s", sys, strerror(errno));
		return -1;
	}
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(dev, size, "%s", buf);
	return 0;
}

/* "max" or the number, as cgroup files take it. */
static void value_text(uint64_t v, char *buf, size_t size)
{
	if (v == VS_LIMIT_UNLIMITED)
		snprintf(buf, size, "max");
	else
		snprintf(buf, size, "%" PRIu64, v);
}

/* cpu.max for a cap in millionths of a CPU; the kernel's smallest quota is 1 ms. */
static void cpu_max_text(uint64_t cap, char *buf, size_t size)
{
	uint64_t period = VS_CPU_PERIOD_US;

	if (cap == VS_LIMIT_UNLIMITED) {
		snprintf(buf, size, "max %" PRIu64, period);
		return;
	}
	if (cap * period / VS_CPU_UNIT < 1000)
		period = 1000000;
	snprintf(buf, size, "%" PRIu64 " %" PRIu64, (uint64_t)(cap * period / VS_CPU_UNIT), period);
}

/* The file and text that set limit @id; 0, or -1 if no controller file does it. */
static int limit_file(enum vs_limit_id id, const struct vs_limit *l, const char *root,
		      const char **file, char *text, size_t size, struct vs_err *err)
{
	char num[32], dev[32];

	value_text(l->value, num, sizeof(num));
	switch (id) {
	case VS_LIMIT_MEMORY:
		*file = "memory.max";
		break;
	case VS_LIMIT_MEMORY_HIGH:
		*file = "memory.high";
		break;
	case VS_LIMIT_SWAP:
		*file = "memory.swap.max";
		break;
	case VS_LIMIT_CPU:
		*file = "cpu.max";
		cpu_max_text(l->value, text, size);
		return 0;
	case VS_LIMIT_CPU_WEIGHT:
		*file = "cpu.weight";
		break;
	case VS_LIMIT_CPUS:
		*file = "cpuset.cpus";
		snprintf(text, size, "%s", l->cpus);
		return 0;
	case VS_LIMIT_TASKS:
		*file = "pids.max";
		break;
	case VS_LIMIT_IO_READ:
	case VS_LIMIT_IO_WRITE:
		*file = "io.max";
		if (root_disk(root, dev, sizeof(dev), err) < 0)
			return -1;
		snprintf(text, size, "%s %s=%s", dev, id == VS_LIMIT_IO_READ ? "rbps" : "wbps",
			 num);
		return 0;
	case VS_LIMIT_IO_WEIGHT:
		*file = "io.weight";
		snprintf(text, size, "default %s", num);
		return 0;
	default:
		vs_err_set(err, "%s: not a cgroup limit", vs_limit_name(id));
		return -1;
	}
	snprintf(text, size, "%s", num);
	return 0;
}

int vs_cgroup_check(const char *name, const struct vs_limits *limits, uint64_t only,
		    struct vs_err *err)
{
	char root[PATH_MAX], text[VS_CPUS_TEXT_MAX + 32];
	const char *file;
	int id;

	if (vs_guest_root(name, root, sizeof(root), err) < 0)
		return -1;
	only &= ~(VS_CTXLIMIT_MASK | VS_DISK_MASK);	/* not a controller's */
	for (id = 0; id < VS_LIMIT_COUNT; id++) {
		const struct vs_limit *l = &limits->limit[id];

		if (!(only & (1ULL << id)) || l->source == VS_LIMIT_UNSET)
			continue;
		if (limit_file(id, l, root, &file, text, sizeof(text), err) < 0)
			return -1;
		/* At a 1 s period, the kernel's smallest quota of 1 ms. */
		if (id == VS_LIMIT_CPU && l->value < VS_CPU_UNIT / 1000) {
			vs_err_set(err, "cpu: below the smallest cap the kernel takes, 0.001");
			return -1;
		}
	}
	return 0;
}

/* Why writing a controller file failed, in words an operator can act on. */
static void write_error(enum vs_limit_id id, const struct vs_limit *l, const char *dir,
			const char *file, int error, struct vs_err *err)
{
	char value[VS_CPUS_TEXT_MAX];

	vs_limit_format(id, l, value, sizeof(value));
	if (error == ENOENT)
		vs_err_set(err, "cannot set limit %s: this kernel has no %s (its controller is "
			   "missing or not enabled in %s)", vs_limit_name(id), file, dir);
	else
		vs_err_set(err, "cannot set limit %s to %s (%s): %s", vs_limit_name(id), value,
			   file, strerror(error));
}

/*
 * What to write to @file to put back its value read as @old: the line
 * for our device of io.max (none: unlimited), the default of io.weight,
 * the first line of the others ("\n" resets an empty cpuset.cpus).
 */
static void undo_text(const char *file, const char *text, char *old, size_t size)
{
	char dev[32], *line;

	if (!strcmp(file, "io.max")) {
		snprintf(dev, sizeof(dev), "%.*s ", (int)strcspn(text, " "), text);
		for (line = old; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
			if (!strncmp(line, dev, strlen(dev)))
				break;
		if (line && *line) {
			memmove(old, line, strlen(line) + 1);
			old[strcspn(old, "\n")] = '\0';
		} else {
			snprintf(old, size, "%srbps=max wbps=max", dev);
		}
		return;
	}
	old[strcspn(old, "\n")] = '\0';
	if (!old[0])
		snprintf(old, size, "\n");
}

int vs_cgroup_apply(const char *name, const struct vs_limits *limits, uint64_t only,
		    struct vs_err *err)
{
	char dir[PATH_MAX], root[PATH_MAX], text[VS_CPUS_TEXT_MAX + 32];
	char old[VS_LIMIT_COUNT][VS_CPUS_TEXT_MAX + 64];
	const char *files[VS_LIMIT_COUNT];
	int id, undo;

	if (vs_cgroup_path(name, dir, sizeof(dir), err) < 0 ||
	    vs_guest_root(name, root, sizeof(root), err) < 0)
		return -1;
	only &= ~(VS_CTXLIMIT_MASK | VS_DISK_MASK);
	for (id = 0; id < VS_LIMIT_COUNT; id++) {
		const struct vs_limit *l = &limits->limit[id];

		files[id] = NULL;
		if (!(only & (1ULL << id)) || l->source == VS_LIMIT_UNSET)
			continue;
		if (limit_file(id, l, root, &files[id], text, sizeof(text), err) < 0) {
			files[id] = NULL;
			goto undo;
		}
		if (read_text(dir, files[id], old[id], sizeof(old[id])) < 0 ||
		    write_text(dir, files[id], text) < 0) {
			write_error(id, l, dir, files[id], errno, err);
			files[id] = NULL;
			goto undo;
		}
		undo_text(files[id], text, old[id], sizeof(old[id]));
	}
	return 0;
undo:
	for (undo = id - 1; undo >= 0; undo--)
		if (files[undo])
			write_text(dir, files[undo], old[undo]);
	return -1;
}

int vs_cgroup_create(const char *name, const struct vs_limits *limits, struct vs_err *err)
{
	char base[PATH_MAX], dir[PATH_MAX], events[64];

	if (vs_cgroup_check(name, limits, ~0ULL, err) < 0 ||
	    (!recorded_path(name, dir, sizeof(dir)) && base_create(base, sizeof(base), err) < 0) ||
	    vs_cgroup_path(name, dir, sizeof(dir), err) < 0)
		return -1;
	if (read_text(dir, "cgroup.events", events, sizeof(events)) == 0) {
		if (strstr(events, "populated 1")) {
			vs_err_set(err, "its cgroup %s still has tasks", dir);
			return -1;
		}
		if (vs_cgroup_remove(name, err) < 0)
			return -1;
	}
	if (mkdir(dir, 0755) < 0) {
		vs_err_set(err, "cannot create cgroup %s: %s", dir, strerror(errno));
		return -1;
	}
	/* Fresh counters: a baseline left from an earlier run would hide hits. */
	if (vs_run_path(base, sizeof(base), ".", name, ".hits") == 0)
		unlink(base);
	if (vs_cgroup_apply(name, limits, ~0ULL, err) < 0) {
		struct vs_err ignored = { .msg = "" };

		vs_cgroup_remove(name, &ignored);
		return -1;
	}
	return 0;
}


/*
 * Most cgroups a systemd guest may make below its own (a unit's cgroup
 * each, and the user slices): a guest making millions would pin kernel
 * memory its memory limit does not see in full.
 */
#define VS_CGROUP_DESCENDANTS_MAX	"4096"

int vs_cgroup_delegate(const char *name, struct vs_err *err)
{
	char dir[PATH_MAX];

	if (vs_cgroup_path(name, dir, sizeof(dir), err) < 0)
		return -1;
	if (write_text(dir, "cgroup.max.descendants", VS_CGROUP_DESCENDANTS_MAX) < 0) {
		vs_err_set(err, "cannot write %s/cgroup.max.descendants: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

int vs_cgroup_reset(const char *name, struct vs_err *err)
{
	char dir[PATH_MAX], failed[PATH_MAX], enabled[256], word[40], *c, *save;

	if (vs_cgroup_path(name, dir, sizeof(dir), err) < 0)
		return -1;
	if (remove_children(dir, failed, sizeof(failed)) < 0) {
		if (!strcmp(failed, dir) && errno == ENOENT)
			return 0;
		vs_err_set(err, "cannot %s cgroup %s: %s", strcmp(failed, dir) ? "remove" : "read",
			   failed, strerror(errno));
		return -1;
	}
	if (read_text(dir, "cgroup.subtree_control", enabled, sizeof(enabled)) < 0)
		return 0;
	for (c = strtok_r(enabled, " \n", &save); c; c = strtok_r(NULL, " \n", &save)) {
		snprintf(word, sizeof(word), "-%s", c);
		if (write_text(dir, "cgroup.subtree_control", word) < 0) {
			vs_err_set(err, "cannot write %s to %s/cgroup.subtree_control: %s", word,
				   dir, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int vs_cgroup_open(const char *name, struct vs_err *err)
{
	char dir[PATH_MAX];
	int fd;

	if (vs_cgroup_path(name, dir, sizeof(dir), err) < 0)
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return -2;
	if (fd < 0)
		vs_err_set(err, "cannot open the guest's cgroup %s: %s", dir, strerror(errno));
	return fd;
}

pid_t vs_cgroup_fork(int cgfd)
{
	struct clone_args args = {
		.flags = CLONE_INTO_CGROUP,
		.exit_signal = SIGCHLD,
		.cgroup = (uint64_t)cgfd,
	};

	return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

pid_t vs_cgroup_fork_guest(int cgfd)
{
	pid_t pid = vs_cgroup_fork(cgfd);
	int leaf;

	if (pid >= 0 || errno != EBUSY)
		return pid;
	/*
	 * EBUSY: the guest's systemd gave its root cgroup controllers, so no
	 * process may live there.  Commands go to a leaf of their own.
	 */
	if (mkdirat(cgfd, VS_CGROUP_EXEC_LEAF, 0755) < 0 && errno != EEXIST)
		return -1;
	leaf = openat(cgfd, VS_CGROUP_EXEC_LEAF, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (leaf < 0)
		return -1;
	pid = vs_cgroup_fork(leaf);
	close(leaf);
	return pid;
}

/* Hit counters at the last reset, from $VSERVER_RUNDIR/.NAME.hits. */
static void read_baseline(const char *name, uint64_t base[VS_LIMIT_COUNT])
{
	char path[PATH_MAX], res[64];
	unsigned long long v;
	FILE *f;

	memset(base, 0, sizeof(uint64_t) * VS_LIMIT_COUNT);
	if (vs_run_path(path, sizeof(path), ".", name, ".hits") < 0)
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	while (fscanf(f, "%63s %llu", res, &v) == 2) {
		int id = vs_limit_from_name(res);

		if (id >= 0)
			base[id] = v;
	}
	fclose(f);
}

/*
 * The counters straight from the controllers and the module, no baseline
 * subtracted.
 */
static void read_usage(const char *name, const char *dir,
		       struct vs_limit_usage u[VS_LIMIT_COUNT])
{
	uint64_t quota, period;
	char buf[64];
	int id;

	for (id = 0; id < VS_LIMIT_COUNT; id++) {
		u[id].used = u[id].peak = u[id].hits = u[id].limit = VS_USAGE_NONE;
		u[id].cpus[0] = '\0';
	}
	u[VS_LIMIT_MEMORY].used = read_value(dir, "memory.current");
	u[VS_LIMIT_MEMORY].peak = read_value(dir, "memory.peak");
	u[VS_LIMIT_MEMORY].limit = read_value(dir, "memory.max");
	u[VS_LIMIT_MEMORY].hits = read_key(dir, "memory.events", "oom_kill");
	u[VS_LIMIT_MEMORY_HIGH].limit = read_value(dir, "memory.high");
	u[VS_LIMIT_MEMORY_HIGH].hits = read_key(dir, "memory.events", "high");
	u[VS_LIMIT_SWAP].used = read_value(dir, "memory.swap.current");
	u[VS_LIMIT_SWAP].peak = read_value(dir, "memory.swap.peak");
	u[VS_LIMIT_SWAP].limit = read_value(dir, "memory.swap.max");
	u[VS_LIMIT_SWAP].hits = read_key(dir, "memory.swap.events", "fail");
	u[VS_LIMIT_CPU].used = read_key(dir, "cpu.stat", "usage_usec");
	u[VS_LIMIT_CPU].hits = read_key(dir, "cpu.stat", "nr_throttled");
	if (read_text(dir, "cpu.max", buf, sizeof(buf)) == 0) {
		if (!strncmp(buf, "max", 3))
			u[VS_LIMIT_CPU].limit = VS_LIMIT_UNLIMITED;
		else if (sscanf(buf, "%" SCNu64 " %" SCNu64, &quota, &period) == 2 && period)
			u[VS_LIMIT_CPU].limit = (uint64_t)(quota * VS_CPU_UNIT / period);
	}
	u[VS_LIMIT_CPU_WEIGHT].limit = read_value(dir, "cpu.weight");
	if (read_text(dir, "cpuset.cpus.effective", buf, sizeof(buf)) == 0) {
		buf[strcspn(buf, "\n")] = '\0';
		snprintf(u[VS_LIMIT_CPUS].cpus, sizeof(u[VS_LIMIT_CPUS].cpus), "%s", buf);
	}
	u[VS_LIMIT_TASKS].used = read_value(dir, "pids.current");
	u[VS_LIMIT_TASKS].peak = read_value(dir, "pids.peak");
	u[VS_LIMIT_TASKS].limit = read_value(dir, "pids.max");
	u[VS_LIMIT_TASKS].hits = read_key(dir, "pids.events", "max");
	vs_ctxlimit_usage(name, u);
	vs_disk_usage(name, u);
}

int vs_cgroup_usage(const char *name, struct vs_limit_usage usage[VS_LIMIT_COUNT],
		    struct vs_err *err)
{
	uint64_t base[VS_LIMIT_COUNT];
	char dir[PATH_MAX];
	int id;

	if (vs_cgroup_path(name, dir, sizeof(dir), err) < 0)
		return -1;
	if (access(dir, F_OK) < 0)
		return 0;
	read_usage(name, dir, usage);
	read_baseline(name, base);
	for (id = 0; id < VS_LIMIT_COUNT; id++)
		if (usage[id].hits != VS_USAGE_NONE)
			usage[id].hits = usage[id].hits >= base[id] ? usage[id].hits - base[id] : 0;
	return 1;
}

int vs_cgroup_reset_hits(const char *name, struct vs_err *err)
{
	struct vs_limit_usage u[VS_LIMIT_COUNT];
	char dir[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *f;
	int id;

	if (vs_cgroup_path(name, dir, sizeof(dir), err) < 0)
		return -1;
	if (access(dir, F_OK) < 0) {
		vs_err_set(err, "it has no cgroup (it is not running)");
		return -1;
	}
	read_usage(name, dir, u);
	if (vs_run_path(path, sizeof(path), ".", name, ".hits") < 0) {
		vs_err_set(err, "the runtime path for %s is too long", name);
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "we");
	if (!f) {
		vs_err_set(err, "cannot write %s: %s", tmp, strerror(errno));
		return -1;
	}
	for (id = 0; id < VS_LIMIT_COUNT; id++)
		if (u[id].hits != VS_USAGE_NONE)
			fprintf(f, "%s %" PRIu64 "\n", vs_limit_name(id), u[id].hits);
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		vs_err_set(err, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

void vs_limits_hit(const char *name, char *buf, size_t size)
{
	struct vs_limit_usage u[VS_LIMIT_COUNT];
	struct vs_err err = { .msg = "" };
	size_t len = 0;
	int id;

	snprintf(buf, size, "-");
	if (vs_cgroup_usage(name, u, &err) <= 0)
		return;
	for (id = 0; id < VS_LIMIT_COUNT; id++)
		if (u[id].hits != VS_USAGE_NONE && u[id].hits > 0 && len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "",
						vs_limit_name(id));
}
