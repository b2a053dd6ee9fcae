// SPDX-License-Identifier: GPL-2.0
/*
 * vserver NAME build -m debootstrap: install Debian into the new root with
 * debootstrap(8), from the host's own mirror unless told otherwise, with
 * one package cache shared by every build.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "compiler.h"
#include "debian.h"
#include "err.h"
#include "fsutil.h"

#define DEBOOTSTRAP		"/usr/sbin/debootstrap"
#define CACHEDIR_DEFAULT	"/var/cache/vserver/debootstrap"
#define MIRROR_DEFAULT		"http://deb.debian.org/debian"
#define SUITE_DEFAULT		"bookworm"


/* "deb [options] URI SUITE ..." from a one-line-style sources file. */
static bool mirror_from_list(const char *path, char *out, size_t size)
{
	char *line = NULL;
	size_t n = 0;
	bool found = false;
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	while (!found && getline(&line, &n, f) != -1) {
		char *save, *tok = strtok_r(line, " \t\n", &save);

		if (!tok || strcmp(tok, "deb"))
			continue;
		tok = strtok_r(NULL, " \t\n", &save);
		/* Skip "[opt=value ...]", which may span words. */
		if (tok && *tok == '[') {
			while (tok && tok[strlen(tok) - 1] != ']')
				tok = strtok_r(NULL, " \t\n", &save);
			tok = strtok_r(NULL, " \t\n", &save);
		}
		if (tok && (!strncmp(tok, "http://", 7) || !strncmp(tok, "https://", 8)) &&
		    !strstr(tok, "security")) {
			snprintf(out, size, "%s", tok);
			found = true;
		}
	}
	free(line);
	fclose(f);
	return found;
}

/* deb822 style: a stanza with "Types: deb" and an http(s) URI that is not security. */
static bool mirror_from_sources(const char *path, char *out, size_t size)
{
	char *line = NULL, uri[512] = "";
	bool deb = false, found = false, enabled = true;
	size_t n = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	for (;;) {
		bool eof = getline(&line, &n, f) == -1;
		char *s = eof ? NULL : line + strspn(line, " \t");

		if (eof || *s == '\n' || !*s) {	/* end of a stanza */
			if (deb && enabled && *uri) {
				snprintf(out, size, "%s", uri);
				found = true;
				break;
			}
			deb = false;
			enabled = true;
			uri[0] = '\0';
			if (eof)
				break;
			continue;
		}
		if (*s == '#')
			continue;
		if (!strncasecmp(s, "Types:", 6)) {
			deb = strstr(s + 6, "deb ") || strstr(s + 6, "deb\n") || strstr(s + 6, "deb\t");
		} else if (!strncasecmp(s, "Enabled:", 8)) {
			enabled = !strstr(s + 8, "no");
		} else if (!strncasecmp(s, "URIs:", 5)) {
			char *save, *tok;

			for (tok = strtok_r(s + 5, " \t\n", &save); tok;
			     tok = strtok_r(NULL, " \t\n", &save)) {
				if ((!strncmp(tok, "http://", 7) || !strncmp(tok, "https://", 8)) &&
				    !strstr(tok, "security")) {
					snprintf(uri, sizeof(uri), "%s", tok);
					break;
				}
			}
		}
	}
	free(line);
	fclose(f);
	return found;
}

/* The host's Debian mirror, so that guests install from where the host does. */
static void host_mirror(char *out, size_t size)
{
	struct dirent **names;
	bool found = mirror_from_list("/etc/apt/sources.list", out, size);
	int n = scandir("/etc/apt/sources.list.d", &names, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		const char *d = names[i]->d_name;
		size_t len = strlen(d);
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "/etc/apt/sources.list.d/%s", d);
		if (!found && len > 5 && !strcmp(d + len - 5, ".list"))
			found = mirror_from_list(path, out, size);
		else if (!found && len > 8 && !strcmp(d + len - 8, ".sources"))
			found = mirror_from_sources(path, out, size);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	if (!found)
		snprintf(out, size, "%s", MIRROR_DEFAULT);
	/* debootstrap wants no trailing slash in what it prints; harmless either way. */
	while (strlen(out) > 8 && out[strlen(out) - 1] == '/')
		out[strlen(out) - 1] = '\0';
}

/* The last @n lines of @path to stderr. */
static void print_tail(const char *path, size_t n)
{
	char *line = NULL, *last[8] = { NULL };
	size_t size = 0, count = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return;
	if (n > ARRAY_SIZE(last))
		n = ARRAY_SIZE(last);
	while (getline(&line, &size, f) != -1) {
		free(last[count % n]);
		last[count % n] = strdup(line);
		count++;
	}
	fclose(f);
	free(line);
	fprintf(stderr, "vserver: the end of %s:\n", path);
	for (size_t i = count > n ? count - n : 0; i < count; i++)
		if (last[i % n])
			fputs(last[i % n], stderr);
	for (size_t i = 0; i < n; i++)
		free(last[i]);
}

/*
 * What each init style needs of the tree, whatever the variant: systemd
 * with D-Bus and the PAM module for logind's sessions (minbase has none of
 * them), or sysvinit in place of systemd.
 */
static const char *const init_packages[] = {
	[VS_INIT_PLAIN] = NULL,
	[VS_INIT_SYSV] = "sysvinit-core",
	[VS_INIT_SYSTEMD] = "systemd-sysv,dbus,libpam-systemd",
};

static int debootstrap_run(struct build *b, struct vs_err *err)
{
	const char *cachedir = getenv("VSERVER_CACHEDIR");
	char cache_opt[PATH_MAX + 16], include_opt[1024], variant_opt[256], buf[1024];
	char *argv[10];
	struct timespec t0, t1;
	int i = 0, lockfd, ret;

	if (!cachedir || !*cachedir)
		cachedir = CACHEDIR_DEFAULT;
	if (cachedir[0] != '/') {
		vs_err_set(err, "cannot use cache directory %s: it is not an absolute path", cachedir);
		return -1;
	}
	if (vs_mkdir_p(cachedir, 0755, err) < 0)
		return -1;
	/* Concurrent debootstraps would download into the same cache files: take turns. */
	snprintf(cache_opt, sizeof(cache_opt), "%.4000s/.lock", cachedir);
	lockfd = open(cache_opt, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lockfd < 0) {
		vs_err_set(err, "cannot open %s: %s", cache_opt, strerror(errno));
		return -1;
	}
	if (flock(lockfd, LOCK_EX | LOCK_NB) < 0) {
		build_progress("Waiting for another build using %s", cachedir);
		while (flock(lockfd, LOCK_EX) < 0) {
			if (errno != EINTR || build_stop_signal) {
				if (build_stop_signal)
					vs_err_set(err, "interrupted");
				else
					vs_err_set(err, "cannot lock %s: %s", cache_opt, strerror(errno));
				close(lockfd);
				return -1;
			}
		}
	}
	snprintf(cache_opt, sizeof(cache_opt), "--cache-dir=%s", cachedir);
	argv[i++] = (char *)DEBOOTSTRAP;
	argv[i++] = cache_opt;
	if (init_packages[b->init_style] || b->include) {
		const char *style = init_packages[b->init_style];

		snprintf(include_opt, sizeof(include_opt), "--include=%s%s%s", style ? style : "",
			 style && b->include ? "," : "", b->include ? b->include : "");
		argv[i++] = include_opt;
	}
	if (b->variant) {
		snprintf(variant_opt, sizeof(variant_opt), "--variant=%s", b->variant);
		argv[i++] = variant_opt;
	}
	argv[i++] = (char *)b->suite;
	argv[i++] = b->tmproot;
	argv[i++] = (char *)b->mirror;
	argv[i] = NULL;

	build_progress("Installing Debian %s from %s (packages cached in %s)", b->suite,
		       b->mirror, cachedir);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = build_run(argv, err);
	close(lockfd);
	if (ret < 0) {
		/* The log goes with the temporary root: show its end now. */
		char log[PATH_MAX + 64];

		snprintf(log, sizeof(log), "%.3000s/debootstrap/debootstrap.log", b->tmproot);
		if (!build_stop_signal)
			print_tail(log, 5);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	build_progress("Installed in %lds", (long)(t1.tv_sec - t0.tv_sec));
	/* What admin guide §3 once asked the operator to do by hand. */
	build_progress("Preparing it to boot as a guest");
	if (vs_debian_prepare(b->tmproot, err) < 0)
		return -1;
	/* Stable releases also get their updates and security fixes. */
	if (!strcmp(b->suite, "bullseye") || !strcmp(b->suite, "bookworm") ||
	    !strcmp(b->suite, "trixie"))
		snprintf(buf, sizeof(buf), "# Written by vserver build.\ndeb %s %s main\n"
			 "deb %s %s-updates main\n"
			 "deb http://security.debian.org/debian-security %s-security main\n",
			 b->mirror, b->suite, b->mirror, b->suite, b->suite);
	else
		snprintf(buf, sizeof(buf), "# Written by vserver build.\ndeb %s %s main\n",
			 b->mirror, b->suite);
	if (vs_write_in_root(b->tmproot, "etc/apt/sources.list", buf, err) < 0)
		return -1;
	/* debootstrap copied the host's, which names the host. */
	return build_write_hosts(b, err);
}

/* -- [-d <suite>] [-m <mirror>] [--include <pkgs>] [--variant <v>] */
static int debootstrap_args(struct build *b, int argc, char *argv[])
{
	static const struct option deb_options[] = {
		{ "include", required_argument, NULL, 'i' },
		{ "variant", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "+d:m:", deb_options, NULL)) != -1) {
		switch (c) {
		case 'd':
			b->suite = optarg;
			break;
		case 'm':
			b->mirror = optarg;
			break;
		case 'i':
			b->include = optarg;
			break;
		case 'v':
			b->variant = optarg;
			break;
		default:
			return build_usage_error("%s", "debootstrap: expected -- [-d <suite>] "
						 "[-m <mirror>] [--include <pkgs>] [--variant <v>]");
		}
	}
	return build_args_end(argc, argv);
}

static int debootstrap_check(struct build *b)
{
	if (access(DEBOOTSTRAP, X_OK) < 0)
		return build_fail(b, "debootstrap is not installed (apt-get install debootstrap)");
	if (!b->suite)
		b->suite = SUITE_DEFAULT;
	if (!b->mirror) {
		host_mirror(b->mirror_buf, sizeof(b->mirror_buf));
		b->mirror = b->mirror_buf;
	}
	if (geteuid() != 0)
		return build_fail(b, "debootstrap needs root");
	return 0;
}

const struct build_method build_debootstrap = {
	.name = "debootstrap",
	.parse_args = debootstrap_args,
	.check = debootstrap_check,
	.run = debootstrap_run,
};
