// SPDX-License-Identifier: GPL-2.0
/* vserver NAME kill [SIGNAL]: signal every process of a running guest. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ctl.h"
#include "err.h"
#include "kernel.h"
#include "runtime.h"
#include "subcommands.h"

static void usage(void)
{
	fputs("Usage:\n"
	      " vserver <guest> kill [<signal>]\n"
	      "\n"
	      "Send a signal (a name such as TERM or SIGTERM, or a number; default TERM)\n"
	      "to every process of the running guest.\n"
	      "\n"
	      "Options:\n"
	      " -h, --help   display this help\n"
	      "\n"
	      "See vserver(8).\n", stdout);
}

int kill_main(const char *guest, int argc, char *argv[])
{
	struct vs_guest g;
	struct vs_err err = { .msg = "" };
	unsigned int xid;
	int sig = SIGTERM, fd, ret, i = 1;

	/* By hand, not getopt: "-9" and "-KILL" are signals, as with kill(1). */

	if (i < argc && (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))) {
		usage();
		return 0;
	}
	if (i < argc && !strcmp(argv[i], "--")) {
		i++;
	} else if (i < argc && !strncmp(argv[i], "--", 2)) {
		fprintf(stderr, "vserver: unrecognized option '%s'\n", argv[i]);
		try_help();
		return 2;
	}
	if (i < argc) {
		const char *name = argv[i];

		if (name[0] == '-' && name[1])
			name++;
		sig = vs_signal_from_name(name);
		if (sig < 0 || sig > 64) {
			fprintf(stderr, "vserver: unknown signal '%s'\n", argv[i]);
			try_help();
			return 2;
		}
		if (++i < argc) {
			fprintf(stderr, "vserver: unexpected argument '%s'\n", argv[i]);
			try_help();
			return 2;
		}
	}
	if (vs_guest_load(guest, &g, &err) < 0)
		goto fail;
	vs_guest_free(&g);
	ret = vs_runtime_read(guest, &xid, NULL, &err);
	if (ret < 0)
		goto fail;
	if (ret == 0) {
		vs_err_set(&err, "it is not running");
		goto fail;
	}
	fd = vs_ctl_open(NULL, &err);
	if (fd < 0)
		goto fail;
	ret = vs_ctx_kill(fd, xid, sig, &err);
	close(fd);
	if (ret < 0) {
		if (errno == ESRCH)
			vs_err_set(&err, "it is not running");
		goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "vserver: cannot kill guest %s: %s\n", guest, err.msg);
	return 1;
}
