// SPDX-License-Identifier: GPL-2.0
/* vserver NAME delete: remove a stopped guest's root and configuration. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cgroup.h"
#include "config.h"
#include "err.h"
#include "fsutil.h"
#include "runtime.h"
#include "subcommands.h"

static void usage(void)
{
	fputs("Usage:\n"
	      " vserver <guest> delete [options]\n"
	      "\n"
	      "Remove a stopped guest: its root file system and its configuration.\n"
	      "Asks for confirmation unless --force is given.\n"
	      "\n"
	      "Options:\n"
	      " -f, --force  do not ask\n"
	      " -h, --help   display this help\n"
	      "\n"
	      "See vserver(8) for details.\n", stdout);
}

/* Ask on the terminal; true for "y" or "yes". */
static bool confirm(const char *name, const char *root)
{
	char *line = NULL;
	size_t size = 0;
	bool yes = false;

	fprintf(stderr, "Delete guest %s and its root %s? [y/N] ", name, root);
	fflush(stderr);
	if (getline(&line, &size, stdin) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		yes = !strcasecmp(line, "y") || !strcasecmp(line, "yes");
	} else {
		fputc('\n', stderr);
	}
	free(line);
	return yes;
}

int delete_main(const char *name, int argc, char *argv[])
{
	static const struct option options[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char runfile[PATH_MAX], real[PATH_MAX];
	bool force = false;
	struct vs_guest g;
	struct vs_err err;
	int c, running, lockfd;

	while ((c = getopt_long(argc, argv, "fh", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = true;
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

	/* start and stop take the same lock: no start can slip in while we remove. */
	lockfd = vs_guest_lock(name, &err);
	if (lockfd < 0) {
		fprintf(stderr, "vserver: %s\n", err.msg);
		return 1;
	}
	if (vs_guest_load(name, &g, &err) < 0) {
		fprintf(stderr, "vserver: %s\n", err.msg);
		close(lockfd);
		return 1;
	}
	running = vs_guest_running(name, NULL, &err);
	if (running) {
		if (running < 0)
			fprintf(stderr, "vserver: %s\n", err.msg);
		else
			fprintf(stderr, "vserver: cannot delete guest %s: it is running\n", name);
		goto fail;
	}
	/* A vdir pointing at / or at the directory of all roots is a mistake, not a guest. */
	if (realpath(g.root, real) &&
	    (!strcmp(real, "/") || (realpath(vs_rootdir(), runfile) && !strcmp(real, runfile)))) {
		fprintf(stderr, "vserver: cannot delete guest %s: its root %s is not a guest's own "
			"directory\n", name, g.root);
		goto fail;
	}
	/* Refuse before removing anything, rather than stop half-way at the mount. */
	if (realpath(g.root, real) && vs_mount_below(real, runfile, sizeof(runfile)) == 1) {
		fprintf(stderr, "vserver: cannot delete guest %s: %s is a mount point (unmount it "
			"first)\n", name, runfile);
		goto fail;
	}
	if (!force) {
		if (!isatty(STDIN_FILENO)) {
			fprintf(stderr, "vserver: cannot delete guest %s: standard input is not a "
				"terminal to ask on (use --force)\n", name);
			goto fail;
		}
		if (!confirm(name, g.root)) {
			fprintf(stderr, "vserver: guest %s not deleted\n", name);
			goto fail;
		}
	}

	/* The root first: if that fails half-way, the configuration still names it. */
	if (vs_rmtree(g.root, NULL, &err) < 0 || vs_rmtree(g.confdir, NULL, &err) < 0) {
		fprintf(stderr, "vserver: cannot delete guest %s: %s\n", name, err.msg);
		goto fail;
	}
	/* A runtime file and a cgroup left by a supervisor that died. */
	snprintf(runfile, sizeof(runfile), "%.3000s/%s", vs_rundir(), name);
	if (unlink(runfile) < 0 && errno != ENOENT)
		fprintf(stderr, "vserver: cannot remove %s: %s\n", runfile, strerror(errno));
	if (vs_cgroup_remove(name, &err) < 0)
		fprintf(stderr, "vserver: %s\n", err.msg);
	vs_guest_free(&g);
	close(lockfd);
	return 0;
fail:
	vs_guest_free(&g);
	close(lockfd);
	return 1;
}
