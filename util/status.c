// SPDX-License-Identifier: GPL-2.0
/*
 * vserver NAME status and running.  A guest runs when its supervisor is
 * alive and its context exists; neither loads the module to find out.
 * Exit status as an LSB init script's status: 0 running, 3 stopped.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "err.h"
#include "netif.h"
#include "runtime.h"
#include "subcommands.h"

static void usage(const char *cmd)
{
	if (!strcmp(cmd, "status"))
		fputs("Usage:\n"
		      " vserver <guest> status\n"
		      "\n"
		      "Say whether the guest runs, and in which context, and list its network\n"
		      "addresses.  Exit status 0 if it runs, 3 if it is stopped.\n", stdout);
	else
		fputs("Usage:\n"
		      " vserver <guest> running\n"
		      "\n"
		      "Print nothing; exit status 0 if the guest runs, 1 if not.\n", stdout);
	fputs("\n"
	      "Options:\n"
	      " -h, --help   display this help\n"
	      "\n"
	      "See vserver(8).\n", stdout);
}

/* 1 running (with @xid), 0 stopped, -2 done with the exit status in *@ret. */
static int check(const char *cmd, const char *guest, int argc, char *argv[], unsigned int *xid,
		 int *ret)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct vs_guest g;
	struct vs_err err = { .msg = "" };
	int c, running;

	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'h') {
			usage(cmd);
			*ret = 0;
			return -2;
		}
		try_help();
		*ret = 2;
		return -2;
	}
	if (extra_args(argc, argv)) {
		*ret = 2;
		return -2;
	}
	if (vs_guest_load(guest, &g, &err) < 0)
		goto fail;
	vs_guest_free(&g);
	running = vs_guest_up(guest, xid, &err);
	if (running < 0)
		goto fail;
	return running;
fail:
	fprintf(stderr, "vserver: cannot get the status of guest %s: %s\n", guest, err.msg);
	*ret = 1;
	return -2;
}

/*
 * "Address 192.0.2.1/24 on dummy0 (active)." for each configured address:
 * active while a running guest holds it, inactive if it does not (one
 * added to the files by hand since its start).
 */
static void print_addresses(const char *guest, int running)
{
	struct vs_err ignored = { .msg = "" };
	struct vs_netconf nc, live = { 0 };
	char text[VS_NETADDR_TEXT_MAX];
	size_t i;

	if (vs_netconf_load(guest, &nc, &ignored) < 0)
		return;
	if (running)
		vs_net_running(guest, &live, &ignored);
	for (i = 0; i < nc.n; i++) {
		const struct vs_netaddr *a = &nc.addrs[i];

		vs_netaddr_format(a, true, text, sizeof(text));
		printf("Address %s %s%s%s.\n", text,
		       a->nodev ? "kept on the host" : a->dev[0] ? "on " : "on no device",
		       a->nodev ? "" : a->dev,
		       !running ? "" : vs_netconf_find(&live, a) ? " (active)" : " (inactive)");
	}
	vs_netconf_free(&nc);
	vs_netconf_free(&live);
}

int status_main(const char *guest, int argc, char *argv[])
{
	unsigned int xid = 0;
	int ret = 0, running = check("status", guest, argc, argv, &xid, &ret);

	if (running == -2)
		return ret;
	if (running)
		printf("Guest %s is running in context %u.\n", guest, xid);
	else
		printf("Guest %s is stopped.\n", guest);
	print_addresses(guest, running);
	return running ? 0 : 3;
}

int running_main(const char *guest, int argc, char *argv[])
{
	unsigned int xid = 0;
	int ret = 0, running = check("running", guest, argc, argv, &xid, &ret);

	if (running == -2)
		return ret;
	return running ? 0 : 1;
}
