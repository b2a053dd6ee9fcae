// SPDX-License-Identifier: GPL-2.0
/* vserver info: what the tool, the module and the kernel hooks speak. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "abi.h"
#include "err.h"
#include "json.h"
#include "kernel.h"
#include "subcommands.h"

static void usage(void)
{
	fputs("Usage:\n"
	      " vserver info [--json]\n"
	      "\n"
	      "Show the version of this tool, the ABI of the kernel module and the\n"
	      "revision of the kernel hooks it runs on, loading the module if needed.\n"
	      "\n"
	      "Options:\n"
	      "     --json   print one JSON object\n"
	      " -h, --help   display this help\n"
	      "\n"
	      "See vserver(8) for details.\n", stdout);
}

int info_main(int argc, char *argv[])
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct vs_version ver;
	struct vs_err err;
	bool json = false;
	int c, fd, ret;

	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage();
			return 0;
		default:
			try_help();
			return 2;
		}
	}
	if (extra_args(argc, argv))
		return 2;

	fd = vs_ctl_open(NULL, &err);
	if (fd < 0) {
		fprintf(stderr, "vserver: %s\n", err.msg);
		return 1;
	}
	ret = vs_get_version(fd, &ver, &err);
	close(fd);
	if (ret < 0 || vs_abi_check(&ver, &err) < 0) {
		fprintf(stderr, "vserver: %s\n", err.msg);
		return 1;
	}

	if (json) {
		fputs("{\"tool_version\":", stdout);
		vs_json_string(stdout, vserver_version);
		printf(",\"kernel_abi_major\":%u,\"kernel_abi_minor\":%u,\"hook_abi\":%u}\n",
		       ver.abi_major, ver.abi_minor, ver.hook_abi);
	} else {
		printf("tool version: %s\n", vserver_version);
		printf("kernel ABI: %u.%u\n", ver.abi_major, ver.abi_minor);
		printf("hook ABI: %u\n", ver.hook_abi);
	}
	return 0;
}
