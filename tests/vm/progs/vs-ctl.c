// SPDX-License-Identifier: GPL-2.0
/*
 * vs-ctl: one /dev/vserver request per call, for the VM tests of the ABI.
 *
 *   vs-ctl create-setup XID          prints "xid N"
 *   vs-ctl info XID                  prints "state S tasks N flags F bcaps HEX init PID"
 *   vs-ctl list                      prints the xids, one per line
 *   vs-ctl set-flags XID SET CLEAR
 *   vs-ctl set-bcaps XID HEX
 *   vs-ctl run XID
 *   vs-ctl remove XID
 *   vs-ctl kill XID SIG              prints "signalled N"
 *   vs-ctl enter XID [init] CMD...   migrate (as init), then exec CMD
 *   vs-ctl enter-held XID FILE CMD...  migrate, wait for FILE to exist, exec CMD
 *   vs-ctl enter-tracing XID PID     PTRACE_SEIZE PID, then try to migrate
 *   vs-ctl raw NR SIZE               an ioctl with a zeroed SIZE-byte struct
 *   vs-ctl net-add XID ADDR PREFIX   VS_IOC_NET_ADDR_ADD (net-del: _DEL)
 *
 * On failure prints "vs-ctl: REQUEST: ERRNAME" and exits 1; usage errors
 * exit 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <unistd.h>

#include <linux/vserver.h>

static const char *request;

static uint64_t number(const char *s, int base)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || end == s) {
		fprintf(stderr, "vs-ctl: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static int check(int ret)
{
	if (ret < 0) {
		fprintf(stderr, "vs-ctl: %s: %s\n", request, strerrorname_np(errno));
		exit(1);
	}
	return ret;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc < 2) {
		fprintf(stderr, "usage: vs-ctl REQUEST [ARG...]\n");
		return 2;
	}
	request = argv[1];
	fd = open("/dev/" VS_DEVICE_NAME, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vs-ctl: open: %s\n", strerrorname_np(errno));
		return 1;
	}
	if (!strcmp(request, "create-setup") && argc == 3) {
		struct vs_ctx_create req = {
			.flags = VS_CTX_CREATE_SETUP, .xid = number(argv[2], 10),
		};

		check(ioctl(fd, VS_IOC_CTX_CREATE, &req));
		printf("xid %u\n", req.xid);
	} else if (!strcmp(request, "info") && argc == 3) {
		struct vs_ctx_info req = { .xid = number(argv[2], 10) };

		check(ioctl(fd, VS_IOC_CTX_INFO, &req));
		printf("state %u tasks %u flags %" PRIu64 " bcaps %016" PRIx64 " init %u\n",
		       req.state, req.tasks, (uint64_t)req.ctx_flags, (uint64_t)req.bcaps,
		       req.init_pid);
	} else if (!strcmp(request, "list") && argc == 2) {
		static uint32_t xids[65536];
		struct vs_ctx_list req = { .count = 65536, .xids = (uintptr_t)xids };
		uint32_t i;

		check(ioctl(fd, VS_IOC_CTX_LIST, &req));
		for (i = 0; i < req.count; i++)
			printf("%u\n", xids[i]);
	} else if (!strcmp(request, "set-flags") && argc == 5) {
		struct vs_ctx_flags req = {
			.xid = number(argv[2], 10), .set = number(argv[3], 0),
			.clear = number(argv[4], 0),
		};

		check(ioctl(fd, VS_IOC_CTX_SET_FLAGS, &req));
	} else if (!strcmp(request, "set-bcaps") && argc == 4) {
		struct vs_ctx_bcaps req = {
			.xid = number(argv[2], 10), .bcaps = number(argv[3], 16),
		};

		check(ioctl(fd, VS_IOC_CTX_SET_BCAPS, &req));
	} else if ((!strcmp(request, "run") || !strcmp(request, "remove")) && argc == 3) {
		struct vs_ctx_id req = { .xid = number(argv[2], 10) };

		check(ioctl(fd, !strcmp(request, "run") ? VS_IOC_CTX_RUN : VS_IOC_CTX_REMOVE,
			    &req));
	} else if (!strcmp(request, "kill") && argc == 4) {
		struct vs_ctx_kill req = {
			.xid = number(argv[2], 10), .signal = number(argv[3], 10),
		};

		printf("signalled %d\n", check(ioctl(fd, VS_IOC_CTX_KILL, &req)));
	} else if (!strcmp(request, "enter") && argc >= 4) {
		struct vs_ctx_migrate req = { .xid = number(argv[2], 10) };
		int cmd = 3;

		if (!strcmp(argv[3], "init")) {
			req.flags = VS_CTX_MIGRATE_INIT;
			cmd = 4;
		}
		if (cmd >= argc) {
			fprintf(stderr, "vs-ctl: enter: no command\n");
			return 2;
		}
		check(ioctl(fd, VS_IOC_CTX_MIGRATE, &req));
		close(fd);
		execvp(argv[cmd], argv + cmd);
		fprintf(stderr, "vs-ctl: exec %s: %s\n", argv[cmd], strerrorname_np(errno));
		return 127;
	} else if (!strcmp(request, "enter-held") && argc >= 5) {
		struct vs_ctx_migrate req = { .xid = number(argv[2], 10) };

		/* The window between entering and exec, held open on purpose. */
		check(ioctl(fd, VS_IOC_CTX_MIGRATE, &req));
		while (access(argv[3], F_OK))
			usleep(20000);
		close(fd);
		execvp(argv[4], argv + 4);
		fprintf(stderr, "vs-ctl: exec %s: %s\n", argv[4], strerrorname_np(errno));
		return 127;
	} else if (!strcmp(request, "enter-tracing") && argc == 4) {
		struct vs_ctx_migrate req = { .xid = number(argv[2], 10) };

		check(ptrace(PTRACE_SEIZE, (pid_t)number(argv[3], 10), 0, 0));
		check(ioctl(fd, VS_IOC_CTX_MIGRATE, &req));
	} else if ((!strcmp(request, "net-add") || !strcmp(request, "net-del")) && argc == 5) {
		struct vs_net_addr req = { .xid = number(argv[2], 10),
					   .prefix = number(argv[4], 10) };

		req.family = inet_pton(AF_INET, argv[3], req.addr) == 1 ? AF_INET : AF_INET6;
		if (req.family == AF_INET6 && inet_pton(AF_INET6, argv[3], req.addr) != 1)
			return 2;
		check(ioctl(fd, strcmp(request, "net-add") ? VS_IOC_NET_ADDR_DEL :
			    VS_IOC_NET_ADDR_ADD, &req));
	} else if (!strcmp(request, "raw") && argc == 4) {
		static unsigned char buf[4096];
		unsigned int nr = number(argv[2], 0), size = number(argv[3], 0);

		if (size > sizeof(buf))
			return 2;
		check(ioctl(fd, _IOC(_IOC_READ | _IOC_WRITE, VS_IOC_MAGIC, nr, size), buf));
	} else {
		fprintf(stderr, "vs-ctl: unknown request or arguments: %s\n", request);
		return 2;
	}
	return 0;
}
