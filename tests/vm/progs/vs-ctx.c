// SPDX-License-Identifier: GPL-2.0
/*
 * vs-ctx: run a command in a new or existing security context.
 *
 *   vs-ctx create XID CMD [ARG...]    (XID 0: any free dynamic id)
 *   vs-ctx migrate XID CMD [ARG...]
 *
 * Prints "xid N" for a new context.  On failure prints the errno name, as
 * "vs-ctx: create: EBUSY", and exits 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/vserver.h>

int main(int argc, char **argv)
{
	unsigned long xid;
	char *end;
	int fd, ret;

	if (argc < 4) {
		fprintf(stderr, "usage: vs-ctx create|migrate XID CMD [ARG...]\n");
		return 2;
	}
	errno = 0;
	xid = strtoul(argv[2], &end, 10);
	if (errno || *end || xid > UINT32_MAX) {
		fprintf(stderr, "vs-ctx: bad xid '%s'\n", argv[2]);
		return 2;
	}
	fd = open("/dev/" VS_DEVICE_NAME, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vs-ctx: open: %s\n", strerrorname_np(errno));
		return 1;
	}
	if (!strcmp(argv[1], "create")) {
		struct vs_ctx_create req = { .xid = xid };

		ret = ioctl(fd, VS_IOC_CTX_CREATE, &req);
		if (!ret)
			printf("xid %u\n", req.xid);
	} else if (!strcmp(argv[1], "migrate")) {
		struct vs_ctx_migrate req = { .xid = xid };

		ret = ioctl(fd, VS_IOC_CTX_MIGRATE, &req);
	} else {
		fprintf(stderr, "vs-ctx: unknown request '%s'\n", argv[1]);
		return 2;
	}
	if (ret) {
		fprintf(stderr, "vs-ctx: %s: %s\n", argv[1], strerrorname_np(errno));
		return 1;
	}
	fflush(stdout);
	close(fd);
	execvp(argv[3], argv + 3);
	fprintf(stderr, "vs-ctx: exec %s: %s\n", argv[3], strerror(errno));
	return 127;
}
