// SPDX-License-Identifier: GPL-2.0
/* vserver NAME stop (lib/shutdown.c does the stopping). */
#include <stdio.h>

#include "shutdown.h"
#include "subcommands.h"

static void usage(const char *cmd)
{
	(void)cmd;
	fputs("Usage:\n"
	      " vserver <guest> stop\n"
	      "\n"
	      "Shut the guest down, then signal what is left by its kill sequence\n"
	      "(apps/init/killseq, default \"TERM 10 KILL\", for systemd guests\n"
	      "\"TERM 30 KILL\").  Ends with no process left in the guest's context.\n"
	      "\n"
	      "Options:\n"
	      " -h, --help   display this help\n"
	      "\n"
	      "See vserver(8).\n", stdout);
}

int stop_main(const char *guest, int argc, char *argv[])
{
	int ret = parse_help_only("stop", usage, argc, argv);

	if (ret >= 0)
		return ret;
	return vs_guest_stop(guest, false);
}
