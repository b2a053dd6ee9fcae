// SPDX-License-Identifier: GPL-2.0
/* The barrier in front of guest roots: see barrier.h. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "barrier.h"
#include "err.h"

bool vs_barrier_closed(const struct stat *st, uid_t self)
{
	if (!S_ISDIR(st->st_mode) || (st->st_uid != 0 && st->st_uid != self))
		return false;
	if (st->st_mode & S_IXOTH)
		return false;
	return !(st->st_mode & S_IXGRP) || st->st_gid == 0;
}

/*
 * The real path of the directory holding @root: through the root itself
 * when it exists (a vdir may be a symlink to it), else through its parent.
 */
static int real_parent(const char *root, char *out, struct vs_err *err)
{
	char copy[PATH_MAX], *real;

	real = realpath(root, NULL);
	if (real) {
		snprintf(copy, sizeof(copy), "%s", real);
		free(real);
		if (!strcmp(copy, "/")) {
			vs_err_set(err, "its root is /: a guest root needs a directory of its own "
				   "below one closed to other users (like /vservers, mode 0700)");
			return -1;
		}
		snprintf(out, PATH_MAX, "%s", dirname(copy));
		return 0;
	}
	if (errno != ENOENT) {
		vs_err_set(err, "cannot resolve %s: %s", root, strerror(errno));
		return -1;
	}
	snprintf(copy, sizeof(copy), "%s", root);
	if (!realpath(dirname(copy), out)) {
		vs_err_set(err, "cannot resolve the directory of %s: %s", root, strerror(errno));
		return -1;
	}
	return 0;
}

int vs_barrier_check(const char *root, struct vs_err *err)
{
	char parent[PATH_MAX], dir[PATH_MAX], *slash;
	struct stat st, pst;
	uid_t self = geteuid();

	if (real_parent(root, parent, err) < 0)
		return -1;
	if (stat(parent, &pst) < 0) {
		vs_err_set(err, "cannot examine %s: %s", parent, strerror(errno));
		return -1;
	}
	/* Any closed directory on the way down will do; the nearest is the usual one. */
	snprintf(dir, sizeof(dir), "%s", parent);
	for (;;) {
		if (stat(dir, &st) < 0) {
			vs_err_set(err, "cannot examine %s: %s", dir, strerror(errno));
			return -1;
		}
		if (vs_barrier_closed(&st, self))
			return 0;
		if (!strcmp(dir, "/"))
			break;
		slash = strrchr(dir, '/');
		slash[slash == dir] = '\0';	/* the parent; "/" stays */
	}
	if (!strcmp(parent, "/"))
		vs_err_set(err, "no directory above %s is closed to other users: move it below "
			   "one that is (like /vservers, mode 0700)", root);
	else if (pst.st_uid != 0 && pst.st_uid != self)
		vs_err_set(err, "%s is owned by uid %u and open to other users (mode %04o): "
			   "chown root:root %s && chmod 0700 %s", parent, (unsigned int)pst.st_uid,
			   (unsigned int)(pst.st_mode & 07777), parent, parent);
	else
		vs_err_set(err, "%s is open to other users (mode %04o): chmod 0700 %s", parent,
			   (unsigned int)(pst.st_mode & 07777), parent);
	return -1;
}
