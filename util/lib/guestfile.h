/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's files, read from the host without entering the guest. */
#ifndef VS_GUESTFILE_H
#define VS_GUESTFILE_H

#include <stddef.h>

#include "err.h"

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

#endif /* VS_GUESTFILE_H */
