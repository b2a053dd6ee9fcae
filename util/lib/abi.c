// SPDX-License-Identifier: GPL-2.0
#include "abi.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "err.h"

/* Ask the module behind @fd which ABI it speaks.  Returns 0 or -1 with @err set. */
int vs_get_version(int fd, struct vs_version *ver, struct vs_err *err)
{
	memset(ver, 0, sizeof(*ver));
	if (ioctl(fd, VS_IOC_VERSION, ver) < 0) {
		vs_err_set(err, "cannot query the kernel module's version: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Can this tool talk to a module reporting @ver?  Only the major number has
 * to match: a minor bump only adds requests and fields, which the module
 * zero-extends for an older tool and refuses (ENOTTY, E2BIG) to a newer one.
 */
int vs_abi_check(const struct vs_version *ver, struct vs_err *err)
{
	if (ver->abi_major == VS_ABI_MAJOR)
		return 0;
	vs_err_set(err, "cannot talk to the kernel module: ABI %u.x, tool speaks %u.x",
		   ver->abi_major, VS_ABI_MAJOR);
	return -1;
}
