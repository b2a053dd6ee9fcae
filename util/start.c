// SPDX-License-Identifier: GPL-2.0
/* vserver NAME start and restart (lib/boot.c starts, lib/shutdown.c stops). */
#include <stdio.h>
#include <string.h>

#include "boot.h"
#include "shutdown.h"
#include "subcommands.h"

static void usage(const char *cmd)
{
	if (!strcmp(cmd, "restart"))
		fputs("Usage:\n"
		      " vserver <guest> restart\n"
		      "\n"
		      "Stop the guest if it runs, then start it.\n", stdout);
	else
		fputs("Usage:\n"
		      " vserver <guest> start\n"
		      "\n"
		      "Start the guest: create its context and namespaces, mount its file\n"
		      "systems and run its init under a supervisor that stays in the host.\n", stdout);
	fputs("\n"
	      "Options:\n"
	      " -h, --help   display this help\n"
	      "\n"
	      "See vserver(8).\n", stdout);
}

int start_main(const char *guest, int argc, char *argv[])
{
	int ret = parse_help_only("start", usage, argc, argv);

	return ret >= 0 ? ret : vs_guest_start(guest);
}

int restart_main(const char *guest, int argc, char *argv[])
{
	int ret = parse_help_only("restart", usage, argc, argv);

	if (ret >= 0)
		return ret;
	ret = vs_guest_stop(guest, true);
	return ret ? ret : vs_guest_start(guest);
}
