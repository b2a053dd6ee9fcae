// SPDX-License-Identifier: GPL-2.0
/*
 * vserver NAME hashify: deduplicate a guest against the others by running
 * hashify(8) on its root, with the store next to the guests' roots and the
 * exclude rules of the host and of the guest.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler.h"
#include "config.h"
#include "err.h"
#include "subcommands.h"

#define HASHIFY_PROG	"hashify"

static void usage(void)
{
	fputs("Usage:\n"
	      " vserver <guest> hashify [hashify options]\n"
	      "\n"
	      "Share the guest's files that are identical to other guests' as\n"
	      "copy-on-write links: runs hashify on the guest's root with the store\n"
	      "$VSERVER_ROOTDIR/.hash and the exclude rules in\n"
	      "$VSERVER_CONFDIR/.defaults/apps/hashify/exclude and\n"
	      "$VSERVER_CONFDIR/<guest>/apps/hashify/exclude.  Options such as -n,\n"
	      "--stats, --json, -v, --undo and --store go to hashify.\n"
	      "\n"
	      "See vserver(8) and hashify(8) for details.\n", stdout);
}

/*
 * hashify next to this binary (installed side by side), in the build tree
 * (util/ and hashify/ are siblings), or in $PATH; $VSERVER_HASHIFY wins.
 */
static const char *find_hashify(char *buf, size_t size)
{
	const char *env = getenv("VSERVER_HASHIFY");
	char self[PATH_MAX];
	ssize_t len;

	if (env && *env)
		return env;
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len > 0) {
		char *slash;

		self[len] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, size, "%.4000s/" HASHIFY_PROG, self);
			if (access(buf, X_OK) == 0)
				return buf;
			snprintf(buf, size, "%.4000s/../hashify/" HASHIFY_PROG, self);
			if (access(buf, X_OK) == 0)
				return buf;
		}
	}
	return HASHIFY_PROG;
}

static bool has_option(int argc, char *argv[], const char *opt)
{
	size_t len = strlen(opt);
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strncmp(argv[i], opt, len) && (argv[i][len] == '\0' || argv[i][len] == '='))
			return true;
	return false;
}

/* hashify's options that take their value as the next argument. */
static bool takes_value(const char *arg)
{
	static const char *const with_value[] = {
		"--store", "--exclude", "--include", "--exclude-from", "-j", "--jobs",
		"-s", "--min-size",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(with_value); i++)
		if (!strcmp(arg, with_value[i]))
			return true;
	return false;
}

int hashify_main(const char *name, int argc, char *argv[])
{
	char global[PATH_MAX], own[PATH_MAX], store[PATH_MAX], prog[PATH_MAX];
	const char *path;
	struct vs_guest g;
	struct vs_err err;
	char **args;
	int i, n = 0;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage();
			return 0;
		}
	}
	if (vs_guest_load(name, &g, &err) < 0) {
		fprintf(stderr, "vserver: %s\n", err.msg);
		return 1;
	}
	args = calloc(argc + 10, sizeof(*args));
	if (!args) {
		fprintf(stderr, "vserver: cannot hashify guest %s: %s\n", name, strerror(errno));
		vs_guest_free(&g);
		return 1;
	}
	path = find_hashify(prog, sizeof(prog));
	args[n++] = (char *)path;
	if (!has_option(argc, argv, "--store")) {
		snprintf(store, sizeof(store), "%.4000s/.hash", vs_rootdir());
		args[n++] = "--store";
		args[n++] = store;
	}
	/* The guest's own rules first: the first rule that matches wins. */
	snprintf(own, sizeof(own), "%.4000s/apps/hashify/exclude", g.confdir);
	if (access(own, F_OK) == 0) {
		args[n++] = "--exclude-from";
		args[n++] = own;
	}
	snprintf(global, sizeof(global), "%.4000s/.defaults/apps/hashify/exclude", vs_confdir());
	if (access(global, F_OK) == 0) {
		args[n++] = "--exclude-from";
		args[n++] = global;
	}
	/* Options only: the root is the guest's, after a "--" of our own. */
	for (i = 1; i < argc; i++) {
		if (takes_value(argv[i]) && i + 1 < argc) {
			args[n++] = argv[i++];
		} else if (!strcmp(argv[i], "--") || argv[i][0] != '-') {
			fprintf(stderr, "vserver: unexpected argument '%s'\n", argv[i]);
			try_help();
			free(args);
			vs_guest_free(&g);
			return 2;
		}
		args[n++] = argv[i];
	}
	args[n++] = "--";
	args[n++] = g.root;
	args[n] = NULL;

	fflush(NULL);
	execvp(path, args);
	fprintf(stderr, "vserver: cannot hashify guest %s: cannot run %s: %s\n", name, path,
		strerror(errno));
	free(args);
	vs_guest_free(&g);
	return errno == ENOENT ? 127 : 126;
}
