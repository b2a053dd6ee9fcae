// SPDX-License-Identifier: GPL-2.0
/*
 * vserver NAME ip: show a guest's addresses, and add or remove one, at
 * once on a running guest and in its configuration (interfaces/N).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "json.h"
#include "netif.h"
#include "runtime.h"
#include "subcommands.h"

static void usage(void)
{
	fputs("Usage:\n"
	      " vserver <guest> ip [--json]\n"
	      " vserver <guest> ip add <address>/<prefix> [dev <device> | nodev]\n"
	      " vserver <guest> ip del <address>\n"
	      "\n"
	      "Show the guest's IPv4 and IPv6 addresses, or add or remove one: at once\n"
	      "if the guest runs, and in /etc/vservers/<guest>/interfaces/.  An address\n"
	      "with a device is put on that host device while the guest runs; nodev\n"
	      "shares an address you keep on the host.  Without either, the device is\n"
	      "that of /etc/vservers/.defaults/interfaces/dev.\n"
	      "\n"
	      "Options:\n"
	      "     --json   print JSON\n"
	      " -h, --help   display this help\n"
	      "\n"
	      "See vserver(8) and vserver-interfaces(5).\n", stdout);
}

static void show_json(const struct vs_netconf *nc, const struct vs_netconf *live, bool run)
{
	char text[VS_NETADDR_TEXT_MAX];
	size_t i;

	printf("[");
	for (i = 0; i < nc->n; i++) {
		const struct vs_netaddr *a = &nc->addrs[i];

		vs_netaddr_format(a, false, text, sizeof(text));
		printf("%s{\"address\":", i ? "," : "");
		vs_json_string(stdout, text);
		printf(",\"prefix\":%u,\"family\":\"%s\",\"dev\":", a->prefix,
		       a->family == AF_INET ? "inet" : "inet6");
		if (a->nodev || !a->dev[0])
			printf("null");
		else
			vs_json_string(stdout, a->dev);
		printf(",\"active\":%s}", run && vs_netconf_find(live, a) ? "true" : "false");
	}
	printf("]\n");
}

static void show_table(const struct vs_netconf *nc, const struct vs_netconf *live, bool run)
{
	char text[VS_NETADDR_TEXT_MAX];
	size_t i;

	printf("%-44s %-16s %s\n", "ADDRESS", "DEV", "STATE");
	for (i = 0; i < nc->n; i++) {
		const struct vs_netaddr *a = &nc->addrs[i];

		vs_netaddr_format(a, true, text, sizeof(text));
		printf("%-44s %-16s %s\n", text, a->nodev || !a->dev[0] ? "-" : a->dev,
		       !run ? "stopped" : vs_netconf_find(live, a) ? "active" : "inactive");
	}
}

/*
 * What a stopped guest shows is its configuration; a running one, its
 * configuration with each address marked as in force or not (an address
 * configured by hand after start is not, until the next start).
 */
static int show(const char *guest, bool json, struct vs_err *err)
{
	struct vs_netconf nc, live = { 0 };
	unsigned int xid;
	int run;

	if (vs_netconf_load(guest, &nc, err) < 0)
		return -1;
	run = vs_guest_up(guest, &xid, err);
	if (run < 0 || (run && vs_net_running(guest, &live, err) < 0)) {
		vs_netconf_free(&nc);
		return -1;
	}
	if (json)
		show_json(&nc, &live, run);
	else
		show_table(&nc, &live, run);
	vs_netconf_free(&nc);
	vs_netconf_free(&live);
	return 0;
}

/* "ADDR/PREFIX [dev DEV | nodev]" into @a. */
static int parse_add(int argc, char *argv[], struct vs_netaddr *a, struct vs_err *err)
{
	int ret;

	if (argc < 1 || argc > 3 || (argc == 2 && strcmp(argv[1], "nodev")) ||
	    (argc == 3 && strcmp(argv[1], "dev"))) {
		vs_err_set(err, "ip add takes ADDRESS/PREFIX [dev DEVICE | nodev]");
		return -1;
	}
	if (!strchr(argv[0], '/')) {
		vs_err_set(err, "'%s' has no /PREFIX", argv[0]);
		return -1;
	}
	if (vs_netaddr_parse(argv[0], a, err) < 0)
		return -1;
	if (argc == 2) {
		a->nodev = true;
		return 0;
	}
	if (argc == 3) {
		if (!vs_netdev_name_ok(argv[2])) {
			vs_err_set(err, "'%s' is not a network device name", argv[2]);
			return -1;
		}
		snprintf(a->dev, sizeof(a->dev), "%s", argv[2]);
		return 0;
	}
	/* The default device, if any; a netns guest needs none, the others are checked. */
	ret = vs_netconf_default_dev(a->dev, sizeof(a->dev), err);
	return ret < 0 ? -1 : 0;
}

static int add(const char *guest, bool netns, int argc, char *argv[], struct vs_err *err)
{
	struct vs_netconf nc;
	struct vs_netaddr a;
	unsigned int xid;
	int lockfd, run, ret = -1;

	if (parse_add(argc, argv, &a, err) < 0)
		return -1;
	lockfd = vs_guest_lock(guest, err);
	if (lockfd < 0)
		return -1;
	if (vs_netconf_load(guest, &nc, err) < 0)
		goto out_lock;
	if (vs_netconf_find(&nc, &a)) {
		char text[VS_NETADDR_TEXT_MAX];

		vs_netaddr_format(&a, false, text, sizeof(text));
		vs_err_set(err, "it has %s already", text);
		goto out;
	}
	run = vs_guest_up(guest, &xid, err);
	if (run < 0)
		goto out;
	/* Checked for a stopped guest too: nothing is saved that start would refuse. */
	if (run ? vs_net_add(guest, &a, err) < 0 : vs_net_check(guest, &(struct vs_netconf){
			.addrs = &a, .n = 1 }, netns, err) < 0)
		goto out;
	if (vs_netconf_save(guest, &a, err) < 0) {
		struct vs_err ignored = { .msg = "" };

		if (run)
			vs_net_del(guest, &a, &ignored);
		goto out;
	}
	ret = 0;
out:
	vs_netconf_free(&nc);
out_lock:
	close(lockfd);
	return ret;
}

static int del(const char *guest, int argc, char *argv[], struct vs_err *err)
{
	struct vs_netaddr a, *conf;
	struct vs_netconf nc;
	unsigned int xid;
	int lockfd, run, ret = -1;

	if (argc != 1) {
		vs_err_set(err, "ip del takes one ADDRESS");
		return -1;
	}
	if (vs_netaddr_parse(argv[0], &a, err) < 0)
		return -1;
	lockfd = vs_guest_lock(guest, err);
	if (lockfd < 0)
		return -1;
	if (vs_netconf_load(guest, &nc, err) < 0)
		goto out_lock;
	conf = vs_netconf_find(&nc, &a);
	if (!conf) {
		vs_err_set(err, "it has no address %s", argv[0]);
		goto out;
	}
	run = vs_guest_up(guest, &xid, err);
	if (run < 0 || (run && vs_net_del(guest, &a, err) < 0))
		goto out;
	ret = vs_netconf_remove(guest, conf, err);
out:
	vs_netconf_free(&nc);
out_lock:
	close(lockfd);
	return ret;
}

int ip_main(const char *guest, int argc, char *argv[])
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct vs_err err = { .msg = "" };
	const char *what = "show the addresses of";
	bool json = false, netns;
	struct vs_guest g;
	int c, ret;

	/* "+": stop at "add"/"del", whose arguments are not options. */
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
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
	if (optind < argc && strcmp(argv[optind], "add") && strcmp(argv[optind], "del")) {
		fprintf(stderr, "vserver: unknown ip command '%s'\n", argv[optind]);
		try_help();
		return 2;
	}
	if (json && optind < argc) {
		fprintf(stderr, "vserver: --json only shows the addresses\n");
		try_help();
		return 2;
	}
	if (optind < argc)
		what = !strcmp(argv[optind], "add") ? "add an address to" : "remove an address of";
	if (vs_guest_load(guest, &g, &err) < 0)
		goto fail;
	netns = g.netns;
	vs_guest_free(&g);
	if (optind == argc) {
		ret = show(guest, json, &err);
	} else if (!strcmp(argv[optind], "add")) {
		ret = add(guest, netns, argc - optind - 1, argv + optind + 1, &err);
	} else {
		ret = del(guest, argc - optind - 1, argv + optind + 1, &err);
	}
	if (ret == 0)
		return vs_close_stdout("vserver", 0);
fail:
	fprintf(stderr, "vserver: cannot %s guest %s: %s\n", what, guest, err.msg);
	return 1;
}
