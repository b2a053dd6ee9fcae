// SPDX-License-Identifier: GPL-2.0
/* Unified (copy-on-write) file attributes: see unify.h. */

#include <errno.h>
#include <linux/fs.h>
#include <linux/vserver.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/xattr.h>

#include "unify.h"

static bool no_support(int e)
{
	return e == ENOTTY || e == EOPNOTSUPP || e == EINVAL || e == ENOSYS;
}

static int get_flags(int fd, int *flags)
{
	*flags = 0;
	if (ioctl(fd, FS_IOC_GETFLAGS, flags) == 0)
		return 0;
	if (no_support(errno)) {
		*flags = 0;
		return 0;
	}
	return -1;
}

int vs_attr_get(int fd, unsigned int *attrs)
{
	char value[8];
	int flags;

	*attrs = 0;
	if (get_flags(fd, &flags) < 0)
		return -1;
	if (flags & FS_IMMUTABLE_FL)
		*attrs |= VS_ATTR_IMMUTABLE;
	if (fgetxattr(fd, VS_COW_XATTR, value, sizeof(value)) >= 0)
		*attrs |= VS_ATTR_IUNLINK;
	else if (errno != ENODATA && !no_support(errno))
		return -1;
	return 0;
}

static int set_immutable(int fd, bool on)
{
	int flags;

	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0)
		return -1;
	if (!!(flags & FS_IMMUTABLE_FL) == on)
		return 0;
	flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
	return ioctl(fd, FS_IOC_SETFLAGS, &flags);
}

static int set_marker(int fd, bool on)
{
	if (on)
		return fsetxattr(fd, VS_COW_XATTR, VS_COW_XATTR_VALUE,
				 strlen(VS_COW_XATTR_VALUE), 0);
	if (fremovexattr(fd, VS_COW_XATTR) < 0 && errno != ENODATA)
		return -1;
	return 0;
}

int vs_attr_change(int fd, unsigned int set, unsigned int clear)
{
	unsigned int now;
	bool immutable;

	clear &= ~set;
	if (vs_attr_get(fd, &now) < 0)
		return -1;
	immutable = set & VS_ATTR_IMMUTABLE ? true :
		    clear & VS_ATTR_IMMUTABLE ? false : now & VS_ATTR_IMMUTABLE;
	if (((set & VS_ATTR_IUNLINK) && !(now & VS_ATTR_IUNLINK)) ||
	    ((clear & VS_ATTR_IUNLINK) && (now & VS_ATTR_IUNLINK))) {
		/*
		 * The kernel refuses xattr changes on an immutable file, so
		 * the flag comes off for the moment of the change: the only
		 * way there is to turn a plain immutable file into a unified
		 * one or back.
		 */
		if ((now & VS_ATTR_IMMUTABLE) && set_immutable(fd, false) < 0)
			return -1;
		if (set_marker(fd, set & VS_ATTR_IUNLINK) < 0) {
			int saved = errno;

			/* Never leave the file less protected than it was. */
			if (now & VS_ATTR_IMMUTABLE)
				set_immutable(fd, true);
			errno = saved;
			return -1;
		}
	}
	return set_immutable(fd, immutable);
}

bool vs_is_unified(int fd)
{
	unsigned int attrs;

	return vs_attr_get(fd, &attrs) == 0 && (attrs & VS_ATTR_COW) == VS_ATTR_COW;
}
