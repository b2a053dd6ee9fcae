// SPDX-License-Identifier: GPL-2.0
/*
 * vserver NAME exec, suexec and enter: run a command in a running guest
 * (lib/run.c does the running).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "ns.h"
#include "run.h"
#include "subcommands.h"

/* Attach to NAME, or say why not; 1 attached, else the exit status. */
static int attach(const char *name, const char *what, struct vs_attach *a)
{
	struct vs_guest g;
	struct vs_err err = { .msg = "" };
	int ret;

	if (vs_guest_load(name, &g, &err) < 0) {
		fprintf(stderr, "vserver: cannot %s guest %s: %s\n", what, name, err.msg);
		return 1;
	}
	vs_guest_free(&g);
	ret = vs_guest_attach(name, a, &err);
	if (ret == 0)
		fprintf(stderr, "vserver: cannot %s guest %s: it is not running\n", what, name);
	else if (ret < 0)
		fprintf(stderr, "vserver: cannot %s guest %s: %s\n", what, name, err.msg);
	return ret == 1 ? -1 : 1;
}

enum mode { EXEC, SUEXEC, ENTER };

static void usage(enum mode mode)
{
	switch (mode) {
	case EXEC:
		fputs("Usage:\n"
		      " vserver <guest> exec [--] <command> [<arg>...]\n"
		      "\n"
		      "Run a command as root in the running guest, with this terminal's\n"
		      "standard input, output and error, and exit with its status.\n", stdout);
		break;
	case SUEXEC:
		fputs("Usage:\n"
		      " vserver <guest> suexec <user> [--] <command> [<arg>...]\n"
		      "\n"
		      "Run a command as <user> (a name or number from the guest's /etc/passwd)\n"
		      "in the running guest, and exit with its status.\n", stdout);
		break;
	case ENTER:
		fputs("Usage:\n"
		      " vserver <guest> enter\n"
		      "\n"
		      "Run root's login shell in the running guest, on a new terminal of the guest.\n",
		      stdout);
		break;
	}
	fputs("\n"
	      "Options:\n"
	      " -h, --help   display this help\n"
	      "\n"
	      "See vserver(8).\n", stdout);
}

static int run_main(enum mode mode, const char *guest, int argc, char *argv[])
{
	static const char *const whats[] = { "exec in", "suexec in", "enter" };
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct vs_run_opts o = { .what = whats[mode] };
	struct vs_attach a;
	char **cmd = NULL;
	int c, ret;

	/* '+': options end at the command, whose own options are its business. */
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		if (c == 'h') {
			usage(mode);
			return 0;
		}
		try_help();
		return 2;
	}
	if (mode == SUEXEC) {
		if (optind >= argc) {
			fputs("vserver: no user given\n", stderr);
			try_help();
			return 2;
		}
		o.user = argv[optind++];
		if (optind < argc && !strcmp(argv[optind], "--"))
			optind++;
	}
	if (mode == ENTER) {
		if (optind < argc) {
			fprintf(stderr, "vserver: unexpected argument '%s'\n", argv[optind]);
			try_help();
			return 2;
		}
		o.login = o.pty = true;
	} else {
		/* Our terminal is never handed to the guest: a guest pty stands in. */
		o.pty = isatty(0) || isatty(1) || isatty(2);
		if (optind >= argc) {
			fputs("vserver: no command given\n", stderr);
			try_help();
			return 2;
		}
		cmd = argv + optind;
	}
	signal(SIGCHLD, SIG_DFL);	/* an inherited SIG_IGN would hide the status */
	ret = attach(guest, whats[mode], &a);
	if (ret >= 0)
		return ret;
	ret = vs_guest_run(guest, &a, cmd, &o);
	vs_guest_detach(&a);
	return ret;
}

int exec_main(const char *guest, int argc, char *argv[])
{
	return run_main(EXEC, guest, argc, argv);
}

int suexec_main(const char *guest, int argc, char *argv[])
{
	return run_main(SUEXEC, guest, argc, argv);
}

int enter_main(const char *guest, int argc, char *argv[])
{
	return run_main(ENTER, guest, argc, argv);
}
