// SPDX-License-Identifier: GPL-2.0
/*
 * vserver - manage Linux-VServer style guests.
 *
 *   vserver [options] COMMAND [ARGS]		global commands (info, ...)
 *   vserver [options] NAME COMMAND [ARGS]	commands on the guest NAME
 *
 * Global command names are reserved (vs_is_global_command()), so a word is
 * looked up as a global command first and otherwise taken as a guest name.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "name.h"
#include "subcommands.h"

static const struct global_command {
	const char *name;
	int (*run)(int argc, char *argv[]);
	const char *args;
	const char *help;
} global_commands[] = {
#define GLOBAL_COMMAND(name, args, help) { #name, name##_main, args, help },
#include "commands.def"
#undef GLOBAL_COMMAND
	{ NULL, NULL, NULL, NULL }
};

static const struct guest_command {
	const char *name;
	int (*run)(const char *guest, int argc, char *argv[]);
	const char *args;
	const char *help;
} guest_commands[] = {
	{ "build", build_main, "-m METHOD", "create the guest's configuration and root" },
	{ "delete", delete_main, "[--force]", "remove a stopped guest's root and configuration" },
	{ "start", start_main, "", "start the guest" },
	{ "stop", stop_main, "", "shut the guest down and end all its processes" },
	{ "restart", restart_main, "", "stop the guest if it runs, then start it" },
	{ "status", status_main, "", "say whether it runs (exit 0) or not (exit 3)" },
	{ "running", running_main, "", "exit 0 if it runs, 1 if not" },
	{ "enter", enter_main, "", "a root login shell in the guest" },
	{ "exec", exec_main, "CMD...", "run a command in the guest as root" },
	{ "suexec", suexec_main, "USER CMD...", "run a command in the guest as USER" },
	{ "kill", kill_main, "[SIG]", "signal every process of the guest" },
	{ "limit", limit_main, "[RES=VAL]", "show or change its resource limits" },
	{ "ip", ip_main, "[add|del ADDR]", "show or change its network addresses" },
	{ "hashify", hashify_main, "[options]", "share identical files with other guests (copy on write)" },
	{ "enable", enable_main, "", "start the guest with the host (apps/init/mark)" },
	{ "disable", disable_main, "", "do not start the guest with the host" },
	{ NULL, NULL, NULL, NULL }
};

static void usage(void)
{
	const struct global_command *g;
	const struct guest_command *c;

	fputs("Usage:\n"
	      " vserver [options] <command> [<args>]\n"
	      " vserver [options] <guest> <command> [<args>]\n"
	      "\n"
	      "Manage Linux-VServer style guests: isolated contexts on the host's kernel.\n"
	      "\n"
	      "Commands:\n", stdout);
	for (g = global_commands; g->name; g++)
		printf(" %-5s %-10s %s\n", g->name, g->args, g->help);
	fputs("\nGuest commands:\n", stdout);
	for (c = guest_commands; c->name; c++)
		printf(" <guest> %-8s %-10s %s\n", c->name, c->args, c->help);
	fputs("\n"
	      "Options:\n"
	      " -h, --help     display this help\n"
	      " -V, --version  display version\n"
	      "\n"
	      "See vserver(8) for details.\n", stdout);
}

/* Run the command in argv[0] (global) or argv[1] (of the guest argv[0]). */
static int dispatch(int argc, char *argv[])
{
	const struct global_command *g;
	const struct guest_command *c;
	struct vs_err err;

	for (g = global_commands; g->name; g++) {
		if (!strcmp(argv[0], g->name)) {
			argv[0] = (char *)"vserver";
			optind = 0;	/* a fresh getopt scan of the new vector */
			cmd_begin(NULL, g->name);
			return g->run(argc, argv);
		}
	}
	if (argc < 2) {
		fprintf(stderr, "vserver: unknown command '%s'\n", argv[0]);
		try_help();
		return 2;
	}
	if (vs_name_check(argv[0], &err) < 0) {
		fprintf(stderr, "vserver: %s\n", err.msg);
		try_help();
		return 2;
	}
	for (c = guest_commands; c->name; c++) {
		if (!strcmp(argv[1], c->name)) {
			argv[1] = (char *)"vserver";
			optind = 0;
			cmd_begin(argv[0], c->name);
			return c->run(argv[0], argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "vserver: unknown command for guest %s: '%s'\n", argv[0], argv[1]);
	try_help();
	return 2;
}

int main(int argc, char *argv[])
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	if (argc < 1)
		return 2;
	/* Hidden: pid 1 of sysv-style guests, started from a sealed memfd copy. */
	if (!strcmp(argv[0], "vserver-init"))
		return vserver_init_main(argc, argv);
	argv[0] = (char *)"vserver";	/* how getopt names us in its messages */
	while ((c = getopt_long(argc, argv, "+hV", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage();
			return vs_close_stdout("vserver", 0);
		case 'V':
			printf("vserver %s\n", vserver_version);
			return vs_close_stdout("vserver", 0);
		default:
			try_help();
			return 2;
		}
	}
	if (optind >= argc) {
		fputs("vserver: no command given\n", stderr);
		try_help();
		return 2;
	}
	return vs_close_stdout("vserver", dispatch(argc - optind, argv + optind));
}
