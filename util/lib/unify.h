/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unified (copy-on-write) file attributes, as the kernel module reads them
 * (Documentation/design.md, section 7.1):
 *
 *   immutable  FS_IMMUTABLE_FL, the flag lsattr shows as 'i'
 *   iunlink    the marker xattr VS_COW_XATTR: "unlink allowed, break the
 *              link on write" when the file is also immutable
 *
 * A file with both is unified: shared between guests, copied on write.
 */
#ifndef VS_UNIFY_H
#define VS_UNIFY_H

#include <stdbool.h>

/* VS_COW_XATTR, VS_COW_XATTR_VALUE and VS_XATTR_PREFIX: <linux/vserver.h> */

enum {
	VS_ATTR_IMMUTABLE	= 1u << 0,
	VS_ATTR_IUNLINK		= 1u << 1,
	VS_ATTR_COW		= VS_ATTR_IMMUTABLE | VS_ATTR_IUNLINK,
};

/*
 * The attributes of the open file @fd (any type; O_RDONLY or O_NONBLOCK
 * opens are enough).  Filesystems without flags or xattrs read as none.
 * 0 or -1 with errno.
 */
int vs_attr_get(int fd, unsigned int *attrs);

/*
 * Set the attributes in @set and clear those in @clear on @fd.  The marker
 * is set before the immutable flag and cleared after it, so a unified file
 * never exists as a plain immutable one that the kernel would refuse to
 * break (design.md 7.1).  Adding or removing the marker of a file that is
 * and stays immutable clears the flag for that moment (the kernel refuses
 * xattr changes on immutable files).  Needs CAP_LINUX_IMMUTABLE and
 * CAP_SYS_ADMIN.  0 or -1 with errno.
 */
int vs_attr_change(int fd, unsigned int set, unsigned int clear);

/* Are both attributes set on @fd? */
bool vs_is_unified(int fd);

#endif /* VS_UNIFY_H */
