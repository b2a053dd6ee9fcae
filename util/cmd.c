// SPDX-License-Identifier: GPL-2.0
/*
 * The command being run, as the user typed it ("vserver web kill"), for the
 * "Try '... --help'." hint that ends every usage error.
 */
#include <getopt.h>
#include <stdio.h>

#include "name.h"
#include "subcommands.h"

static char invocation[sizeof("vserver  ") + VS_NAME_MAX + 32] = "vserver";

void cmd_begin(const char *guest, const char *command)
{
	if (guest)
		snprintf(invocation, sizeof(invocation), "vserver %s %s", guest, command);
	else
		snprintf(invocation, sizeof(invocation), "vserver %s", command);
}

void try_help(void)
{
	fprintf(stderr, "Try '%s --help'.\n", invocation);
}

/*
 * Options of a command that takes none but --help.  Returns the exit
 * status to end with, or -1 to go on.
 */
int parse_help_only(const char *cmd, void (*usage)(const char *cmd), int argc, char *argv[])
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'h') {
			usage(cmd);
			return 0;
		}
		try_help();
		return 2;
	}
	return extra_args(argc, argv) ? 2 : -1;
}

/* Are arguments left after the options?  Says so, with the hint, if so. */
bool extra_args(int argc, char *argv[])
{
	if (optind >= argc)
		return false;
	fprintf(stderr, "vserver: unexpected argument '%s'\n", argv[optind]);
	try_help();
	return true;
}
