// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "ctl.h"
#include "err.h"

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

int vs_ctx_create(int fd, unsigned int *xid, unsigned int flags, const char *name,
		  struct vs_err *err)
{
	struct vs_ctx_create arg = { .flags = flags, .xid = *xid };

	if (name)
		snprintf(arg.name, sizeof(arg.name), "%s", name);

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

int vs_ctx_limit_set(int fd, unsigned int xid, unsigned int resource, uint64_t max,
		     struct vs_err *err)
{
	struct vs_ctx_limit arg = { .xid = xid, .resource = resource, .max = max };

	return request(fd, VS_IOC_LIMIT_SET, &arg, "set a limit of", xid, err) < 0 ? -1 : 0;
}

int vs_ctx_limit_get(int fd, unsigned int xid, unsigned int resource,
		     struct vs_ctx_limit *out, struct vs_err *err)
{
	memset(out, 0, sizeof(*out));
	out->xid = xid;
	out->resource = resource;
	return request(fd, VS_IOC_LIMIT_GET, out, "read a limit of", xid, err) < 0 ? -1 : 0;
}

int vs_ctx_net_addr(int fd, unsigned int xid, int add, int family, const void *addr,
		    unsigned int prefix, struct vs_err *err)
{
	struct vs_net_addr arg = { .xid = xid, .family = (uint16_t)family,
				   .prefix = (uint8_t)prefix };

	memcpy(arg.addr, addr, family == AF_INET ? 4 : 16);
	return request(fd, add ? VS_IOC_NET_ADDR_ADD : VS_IOC_NET_ADDR_DEL, &arg,
		       add ? "give an address to" : "take an address from", xid, err) < 0 ?
	       -1 : 0;
}

/* Built on the requests above */

int vs_ctx_tasks(int ctlfd, unsigned int xid, struct vs_err *err)
{
	struct vs_ctx_info info;

	if (vs_ctx_info(ctlfd, xid, &info, err) < 0)
		return errno == ESRCH ? 0 : -1;
	return (int)info.tasks;
}

int vs_ctx_wait_empty(int ctlfd, unsigned int xid, unsigned int ms, struct vs_err *err)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int n = vs_ctx_tasks(ctlfd, xid, err);

		if (n <= 0)
			return n < 0 ? -1 : 1;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 >=
		    (long)ms)
			return 0;
		usleep(20000);
	}
}

int vs_ctx_terminate(int ctlfd, unsigned int xid, struct vs_err *err)
{
	unsigned int i;

	/* Tasks may fork while being killed: repeat until the count is zero. */
	for (i = 0;; i++) {
		int n = vs_ctx_tasks(ctlfd, xid, err);

		if (n < 0)
			return -1;
		if (n == 0)
			break;
		if (vs_ctx_kill(ctlfd, xid, SIGKILL, err) < 0 && errno != ESRCH)
			return -1;
		usleep(i < 50 ? 10000 : 100000);
		if (i > 3000) {
			vs_err_set(err, "cannot empty context %u: its tasks do not die", xid);
			return -1;
		}
	}
	/* Setup-state and persistent contexts stay listed while empty. */
	if (vs_ctx_remove(ctlfd, xid, err) < 0 && errno != ESRCH)
		return -1;
	return 0;
}

unsigned int vs_killseq_first_wait(const struct vs_kill_step *steps, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!steps[i].signal)
			return steps[i].wait_s;
	return 10;
}
