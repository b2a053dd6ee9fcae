// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime state of started guests ($VSERVER_RUNDIR/NAME), and whether a
 * guest runs.  The file alone does not say so: a crashed supervisor leaves
 * it behind, so the kernel's word on the context decides.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "ctl.h"

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
