// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "ctl.h"

static int request(int fd, unsigned long cmd, void *arg, const char *what,
		   unsigned int xid, struct vs_err *err)
{
	int ret = ioctl(fd, cmd, arg);

	if (ret < 0) {
		int saved = errno;

		if (xid)
			vs_err_set(err, "cannot %s context %u: %s", what, xid, strerror(saved));
		else
			vs_err_set(err, "cannot %s context: %s", what, strerror(saved));
		errno = saved;
	}
	return ret;
}

int vs_ctx_create(int fd, unsigned int *xid, unsigned int flags, struct vs_err *err)
{
	struct vs_ctx_create arg = { .flags = flags, .xid = *xid };

	if (request(fd, VS_IOC_CTX_CREATE, &arg, "create", *xid, err) < 0)
		return -1;
	*xid = arg.xid;
	return 0;
}

int vs_ctx_migrate(int fd, unsigned int xid, unsigned int flags, struct vs_err *err)
{
	struct vs_ctx_migrate arg = { .flags = flags, .xid = xid };

	return request(fd, VS_IOC_CTX_MIGRATE, &arg, "enter", xid, err) < 0 ? -1 : 0;
}

int vs_ctx_list(int fd, uint32_t *xids, size_t room, struct vs_err *err)
{
	struct vs_ctx_list arg = {
		.count = room > UINT32_MAX ? UINT32_MAX : (uint32_t)room,
		.xids = (uintptr_t)xids,
	};

	if (request(fd, VS_IOC_CTX_LIST, &arg, "list", 0, err) < 0)
		return -1;
	return (int)arg.count;
}

int vs_ctx_info(int fd, unsigned int xid, struct vs_ctx_info *info, struct vs_err *err)
{
	memset(info, 0, sizeof(*info));
	info->xid = xid;
	return request(fd, VS_IOC_CTX_INFO, info, "query", xid, err) < 0 ? -1 : 0;
}

int vs_ctx_set_flags(int fd, unsigned int xid, uint64_t set, uint64_t clear,
		     struct vs_err *err)
{
	struct vs_ctx_flags arg = { .xid = xid, .set = set, .clear = clear };

	return request(fd, VS_IOC_CTX_SET_FLAGS, &arg, "set the flags of", xid, err) < 0 ? -1 : 0;
}

int vs_ctx_set_bcaps(int fd, unsigned int xid, uint64_t bcaps, struct vs_err *err)
{
	struct vs_ctx_bcaps arg = { .xid = xid, .bcaps = bcaps };

	return request(fd, VS_IOC_CTX_SET_BCAPS, &arg, "set the capabilities of", xid,
		       err) < 0 ? -1 : 0;
}

int vs_ctx_run(int fd, unsigned int xid, struct vs_err *err)
{
	struct vs_ctx_id arg = { .xid = xid };

	return request(fd, VS_IOC_CTX_RUN, &arg, "run", xid, err) < 0 ? -1 : 0;
}

int vs_ctx_remove(int fd, unsigned int xid, struct vs_err *err)
{
	struct vs_ctx_id arg = { .xid = xid };

	return request(fd, VS_IOC_CTX_REMOVE, &arg, "remove", xid, err) < 0 ? -1 : 0;
}

int vs_ctx_kill(int fd, unsigned int xid, int signal, struct vs_err *err)
{
	struct vs_ctx_kill arg = { .xid = xid, .signal = (uint32_t)signal };

	return request(fd, VS_IOC_CTX_KILL, &arg, "signal", xid, err);
}
