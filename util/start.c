// SPDX-License-Identifier: GPL-2.0
/* vserver NAME start and restart (lib/boot.c starts, lib/shutdown.c stops). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "shutdown.h"
#include "subcommands.h"

/* How long --wait waits by default: systemd's own default start timeout. */
#define WAIT_DEFAULT_S	90

static void usage(const char *cmd)
{
	if (!strcmp(cmd, "restart"))
		fputs("Usage:\n"
		      " vserver <guest> restart [options]\n"
		      "\n"
		      "Stop the guest if it runs, then start it.\n", stdout);
	else
		fputs("Usage:\n"
		      " vserver <guest> start [options]\n"
		      "\n"
		      "Start the guest: create its context and namespaces, mount its file\n"
		      "systems and run its init under a supervisor that stays in the host.\n", stdout);
	fputs("\n"
	      "Options:\n"
	      " -w, --wait            return once the guest is up: a systemd guest when\n"
	      "                       its init reports ready, others when the init runs\n"
	      " -t, --timeout <secs>  how long --wait waits (default 90)\n"
	      " -f, --foreground      stay the guest's supervisor until it stops\n"
	      "                       (vserver@.service); tells $NOTIFY_SOCKET when it is up\n"
	      " -h, --help            display this help\n"
	      "\n"
	      "See vserver(8).\n", stdout);
}

static int parse(const char *cmd, int argc, char *argv[], struct vs_start_opts *o)
{
	static const struct option options[] = {
		{ "wait", no_argument, NULL, 'w' },
		{ "timeout", required_argument, NULL, 't' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long v;
	char *end;
	int c;

	o->timeout_s = WAIT_DEFAULT_S;
	while ((c = getopt_long(argc, argv, "wt:fh", options, NULL)) != -1) {
		switch (c) {
		case 'w':
			o->wait = true;
			break;
		case 't':
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || errno || !v || v > 86400) {
				fprintf(stderr, "vserver: invalid timeout '%s' (expected 1..86400 "
					"seconds)\n", optarg);
				return 2;
			}
			o->timeout_s = (unsigned int)v;
			break;
		case 'f':
			o->foreground = true;
			break;
		case 'h':
			usage(cmd);
			return 0;
		default:
			try_help();
			return 2;
		}
	}
	return extra_args(argc, argv) ? 2 : -1;
}

int start_main(const char *guest, int argc, char *argv[])
{
	struct vs_start_opts o = { 0 };
	int ret = parse("start", argc, argv, &o);

	return ret >= 0 ? ret : vs_guest_start(guest, &o);
}

int restart_main(const char *guest, int argc, char *argv[])
{
	struct vs_start_opts o = { 0 };
	int ret = parse("restart", argc, argv, &o);

	if (ret >= 0)
		return ret;
	ret = vs_guest_stop(guest, true);
	return ret ? ret : vs_guest_start(guest, &o);
}
