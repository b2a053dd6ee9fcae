// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime state of started guests ($VSERVER_RUNDIR/NAME), and whether a
 * guest runs.  The file alone does not say so: a crashed supervisor leaves
 * it behind, so the kernel's word on the context decides.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "ctl.h"
#include "err.h"
#include "kernel.h"
#include "runtime.h"

int vs_runtime_read(const char *name, unsigned int *xid, int *supervisor,
		    struct vs_err *err)
{
	char path[PATH_MAX], *line = NULL;
	unsigned long val;
	size_t size = 0;
	bool have_xid = false;
	FILE *f;
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", vs_rundir(), name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		vs_err_set(err, "cannot read the runtime state of %s: %s", name,
			   strerror(ENAMETOOLONG));
		return -1;
	}
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		vs_err_set(err, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (xid)
		*xid = 0;
	if (supervisor)
		*supervisor = 0;
	while (getline(&line, &size, f) != -1) {
		char key[16];

		if (sscanf(line, "%15s %lu", key, &val) != 2)
			continue;
		if (!strcmp(key, "xid") && val <= UINT32_MAX) {
			have_xid = true;
			if (xid)
				*xid = (unsigned int)val;
		} else if (!strcmp(key, "supervisor") && val <= INT32_MAX && supervisor) {
			*supervisor = (int)val;
		}
	}
	free(line);
	fclose(f);
	if (!have_xid) {
		vs_err_set(err, "cannot read %s: no \"xid N\" line", path);
		return -1;
	}
	return 1;
}

/* Does context @xid exist?  1, 0; without access to the device, ask /proc. */
static int context_exists(unsigned int xid)
{
	struct vs_ctx_info info;
	char path[64];
	struct vs_err err;
	struct stat st;
	int fd;

	/* Opened directly: list and status must not load the module. */
	fd = open(VS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		int ret = vs_ctx_info(fd, xid, &info, &err), saved = errno;

		close(fd);
		if (ret == 0)
			return 1;
		if (saved == ESRCH || saved == ENOENT)
			return 0;
	} else if (errno == ENOENT || errno == ENODEV || errno == ENXIO) {
		return 0;	/* no module, so no context */
	}
	/* The module lists every context it has as /proc/virtual/XID. */
	snprintf(path, sizeof(path), "/proc/virtual/%u", xid);
	return stat(path, &st) == 0;
}

int vs_guest_running(const char *name, unsigned int *xid, struct vs_err *err)
{
	unsigned int x;
	int ret;

	ret = vs_runtime_read(name, &x, NULL, err);
	if (ret <= 0)
		return ret;
	if (xid)
		*xid = x;
	return context_exists(x);
}

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
	/* "PID (COMM) STATE ...": the supervisor names itself so (lib/boot.c); a zombie is dead. */
	comm = strchr(stat, '(');
	end = strrchr(stat, ')');
	return comm && end && !strncmp(comm + 1, "vserver", 7) && end[1] == ' ' &&
	       end[2] && end[2] != 'Z' && end[2] != 'X';
}

int vs_guest_up(const char *name, unsigned int *xid, struct vs_err *err)
{
	int sup = 0, running;

	if (vs_runtime_read(name, xid, &sup, err) < 0)
		return -1;
	running = vs_guest_running(name, xid, err);
	if (running < 0)
		return -1;
	return running && vs_supervisor_alive(sup);
}
