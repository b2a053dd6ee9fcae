/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tree walk of setattr and showattr: a path named on the command line
 * and, with recursion, everything below it.  A symlink is never followed
 * (not even one named on the command line, whose own entry is visited) and
 * another mount is never entered.
 *
 * On the way to the operand, symlinks are followed as the host's own,
 * until the real path reaches a guest root (a configured guest's, or any
 * directory right below $VSERVER_ROOTDIR).  Below it the rest is resolved
 * with openat2(RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH), as hashify does:
 * guest root may plant a symlink anywhere in its tree, and one in the
 * middle of an admin's path would lead the command to the host's files.
 */
#ifndef VS_ATTRWALK_H
#define VS_ATTRWALK_H

#include <stdbool.h>
#include <sys/stat.h>

struct vs_attrwalk_entry {
	const char *path;	/* for messages: the operand, or a path below it */
	int fd;			/* O_PATH, of the entry itself; -1 with @error */
	struct stat st;
	bool top;		/* named on the command line */
	bool mountpoint;	/* below the operand, another mount: not entered */
	int error;		/* errno: the entry cannot be reached (fd is -1) */
	const char *reason;	/* with @error, when errno alone would mislead */
	bool dir_error;		/* with @error: the directory @path cannot be read */
};

/*
 * Call @fn for @path and, with @recursive, for every entry below it when it
 * is a directory: parents before their entries, names in strcmp() order.
 * @fn returns 0 or -1 (a failure, counted, but the walk goes on); it is also
 * called, with e->error set, for what cannot be reached.  0, or -1 if @fn
 * or the walk failed anywhere.
 */
typedef int (*vs_attrwalk_fn)(const struct vs_attrwalk_entry *e, void *data);
int vs_attrwalk(const char *path, bool recursive, vs_attrwalk_fn fn, void *data);

/*
 * A readable fd (O_RDONLY | O_NONBLOCK) of a regular file or directory
 * entry, for the flag and xattr calls, which refuse O_PATH fds.  The entry
 * is reopened through its O_PATH fd, so it cannot have been swapped for a
 * device or a symlink since it was examined.  -1 with errno.
 */
int vs_attrwalk_open(const struct vs_attrwalk_entry *e);

#endif /* VS_ATTRWALK_H */
