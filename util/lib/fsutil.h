/* SPDX-License-Identifier: GPL-2.0 */
/*
 * File tree helpers for build and delete: removing a guest root without
 * leaving it, and copying one with owners, modes, times and xattrs.
 */
#ifndef VS_FSUTIL_H
#define VS_FSUTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

/* mkdir -p; the directories it creates get @mode.  0 or -1 with @err set. */
int vs_mkdir_p(const char *path, unsigned int mode, struct vs_err *err);

/*
 * Remove @path and everything below it.  Never follows a symlink and never
 * enters another mount (a mount point below @path is an error, and it is
 * left alone).  Unified files (immutable flag and marker, unify.h) are
 * unlinked like others where the kernel allows it, as it does with the
 * module loaded; without the module, by clearing the flag for the moment of
 * the unlink and setting it again on the inode, which other guests still
 * share.  A plain immutable file is an error.  @stop, if set, is polled:
 * when it becomes non-zero the removal ends with an error.  0 or -1 with
 * @err set.
 */
int vs_rmtree(const char *path, const volatile sig_atomic_t *stop, struct vs_err *err);

/*
 * Copy the first @size bytes of @in to @out, data extents only so that
 * holes stay holes (copy_file_range, else read and write), then set @out's
 * size to @size.  0 or -1 with errno.
 */
int vs_copy_data(int in, int out, off_t size);

/* The mount of an open file: its mount id where statx knows it, else 0. */
uint64_t vs_mount_id(int fd);

/* Is anything mounted at or below @path?  1 with the first in @first, 0, or -1. */
int vs_mount_below(const char *path, char *first, size_t size);

/* Lazily unmount every mount at or below @path (what an interrupted debootstrap leaves). */
void vs_umount_below(const char *path);

/*
 * Write @content to the file @rel (a relative path with at least one '/',
 * like "etc/hostname") inside the guest root @root, creating directories.
 * Symlinks in the root are resolved as the guest would see them, so that a
 * root from a template or another guest cannot send the write to the
 * host's files; a symlink in the place of the file itself is replaced.
 */
int vs_write_in_root(const char *root, const char *rel, const char *content,
		     struct vs_err *err);
/* The same with the file's mode (vs_write_in_root() makes it 0644). */
int vs_write_in_root_mode(const char *root, const char *rel, const char *content,
			  unsigned int mode, struct vs_err *err);

/*
 * Remove the file @rel (as for vs_write_in_root()) inside the guest root
 * @root, resolving its directory as the guest would see it.  1 if it was
 * removed, 0 if it (or its directory) was not there, -1 with @err set.
 */
int vs_unlink_in_root(const char *root, const char *rel, struct vs_err *err);
/*
 * Make @rel in @root (its directory resolved there, and existing) a
 * symlink to @target, replacing a file or link there.  -1 with @err set.
 */
int vs_symlink_in_root(const char *root, const char *rel, const char *target,
		       struct vs_err *err);

/*
 * Copy the tree @src into the existing, empty directory @dst: every file
 * type, owner, mode, timestamps and xattrs; hard links inside @src stay
 * hard links.  With @link_unified, a unified file (immutable flag and
 * marker, unify.h) is hard-linked instead of copied: by a plain link()
 * where the kernel allows it, as it does with the module loaded; without
 * the module, by clearing the flag for the moment of the link.  Every
 * other file is copied, without its file flags (like cp -a), so a plain
 * immutable file's copy is not immutable, and a copy never carries the
 * marker.  Does not descend into other mounts.
 * @stop as for vs_rmtree().  0 or -1 with @err set.
 */
struct vs_copy_stats {
	unsigned long files, linked, dirs, other;
};
int vs_copy_tree(const char *src, const char *dst, bool link_unified,
		 const volatile sig_atomic_t *stop, struct vs_copy_stats *stats,
		 struct vs_err *err);

#endif /* VS_FSUTIL_H */
