// SPDX-License-Identifier: GPL-2.0
/*
 * vserver-generator: a systemd generator (systemd.generator(7)) that makes
 * the guests marked to start with the host (apps/init/mark "default")
 * vserver@NAME.service instances wanted by machines.target, each after the
 * guests of its apps/init/depends and the mounts its root needs.
 *
 *   vserver-generator NORMAL_DIR [EARLY_DIR LATE_DIR]
 *
 * machines.target comes with systemd-container on Debian, and is enabled
 * there by a preset: where the host has no such unit, the generator writes
 * one, and it always makes multi-user.target want it.
 *
 * systemd runs it early at boot and at every daemon-reload.  It writes
 * into NORMAL_DIR only; one guest's broken configuration leaves that guest
 * out, with a message in the journal, and never fails the boot.  It exits
 * non-zero only when it cannot write its output at all.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler.h"
#include "config.h"
#include "err.h"
#include "name.h"

#ifndef VS_UNITDIR
#define VS_UNITDIR	"/usr/lib/systemd/system"
#endif

static const char prog[] = "vserver-generator";

/* systemd's unit search path for the system manager, $VSERVER_UNIT_PATH for the tests. */
static const char *const unit_path[] = {
	"/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
	"/usr/lib/systemd/system", "/lib/systemd/system",
};

/* Where the unit @name is, into @path: true if found. */
static bool unit_find(const char *name, char *path, size_t size)
{
	const char *env = getenv("VSERVER_UNIT_PATH");

	if (env) {
		snprintf(path, size, "%.3000s/%s", env, name);
		return access(path, F_OK) == 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(unit_path); i++) {
		snprintf(path, size, "%s/%s", unit_path[i], name);
		if (access(path, F_OK) == 0)
			return true;
	}
	return false;
}

/*
 * machines.target, where the host lacks it, and wanted by multi-user.target
 * either way: an installed one may not be enabled.  -1 with errno.
 */
static int write_machines_target(int outfd, const char *outdir)
{
	static const char unit[] =
		"# Written by vserver-generator: this host has no machines.target\n"
		"# (systemd-container's), which its guests are part of.\n"
		"[Unit]\n"
		"Description=Containers\n"
		"Documentation=man:systemd.special(7) man:vserver@.service(8)\n"
		"Before=multi-user.target\n";
	char target[PATH_MAX];
	int fd;

	if (!unit_find("machines.target", target, sizeof(target))) {
		fd = openat(outfd, "machines.target", O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
			    O_CLOEXEC, 0644);
		if (fd < 0)
			return -1;
		if (write(fd, unit, sizeof(unit) - 1) != sizeof(unit) - 1) {
			close(fd);
			return -1;
		}
		if (close(fd) < 0)
			return -1;
		snprintf(target, sizeof(target), "%.4000s/machines.target", outdir);
	}
	if (mkdirat(outfd, "multi-user.target.wants", 0755) < 0 && errno != EEXIST)
		return -1;
	if (symlinkat(target, outfd, "multi-user.target.wants/machines.target") < 0 &&
	    errno != EEXIST)
		return -1;
	return 0;
}

/* A path systemd's unit file syntax takes as it is: no blanks, quotes, escapes, specifiers. */
static bool unit_safe(const char *path)
{
	return !strpbrk(path, " \t\n\"'\\%;");
}

/*
 * @path without "." and ".." components and repeated slashes, as systemd
 * takes paths in RequiresMountsFor= (a relative vdir link gives
 * "/etc/vservers/g/../../srv/g").  Lexically: at boot the root's file
 * system may not be mounted yet.  false if it is not absolute or too long.
 */
static bool normalize(const char *path, char *out, size_t size)
{
	const char *p = path;
	size_t len = 0, n;

	if (*p != '/' || size < 2)
		return false;
	out[0] = '\0';
	for (; *p; p += n) {
		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (!n || (n == 1 && p[0] == '.'))
			continue;
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			/* Back to the last slash: "/a/b" becomes "/a", "/a" becomes "". */
			while (len > 0 && out[len] != '/')
				len--;
			out[len] = '\0';
			continue;
		}
		if (len + 1 + n >= size)
			return false;
		out[len++] = '/';
		memcpy(out + len, p, n);
		len += n;
		out[len] = '\0';
	}
	if (!len)
		strcpy(out, "/");
	return true;
}

/* @dir/vserver@NAME.service.d/50-vserver.conf: the guest's ordering. */
static int write_dropin(int dirfd, const struct vs_guest *g)
{
	char sub[VS_NAME_MAX + 64], root[PATH_MAX];
	FILE *f;
	int fd;

	snprintf(sub, sizeof(sub), "vserver@%s.service.d", g->name);
	if (mkdirat(dirfd, sub, 0755) < 0 && errno != EEXIST)
		return -1;
	snprintf(sub, sizeof(sub), "vserver@%s.service.d/50-vserver.conf", g->name);
	fd = openat(dirfd, sub, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fprintf(f, "# Written by %s from %s.\n[Unit]\n", prog, g->confdir);
	if (!normalize(g->root, root, sizeof(root)) || !unit_safe(root))
		fprintf(stderr, "%s: guest %s: its root %s is not a path a unit file can name; "
			"not ordered after its mounts\n", prog, g->name, root);
	else
		fprintf(f, "RequiresMountsFor=%s\n", root);
	for (size_t i = 0; i < g->ndepends; i++)
		fprintf(f, "Requires=vserver@%s.service\nAfter=vserver@%s.service\n",
			g->depends[i], g->depends[i]);
	return fclose(f) == EOF ? -1 : 0;
}

/* Has NAME a configuration directory?  For the warning about unknown depends. */
static bool known(const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%.3000s/%s", vs_confdir(), name);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char *argv[])
{
	char link[VS_NAME_MAX + 64];
	struct dirent *e;
	int outfd, wantsfd, ret = 0;
	bool machines = false;
	DIR *d;

	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: %s NORMAL_DIR [EARLY_DIR LATE_DIR]\n", prog);
		return 2;
	}
	outfd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (outfd < 0) {
		fprintf(stderr, "%s: cannot open %s: %s\n", prog, argv[1], strerror(errno));
		return 1;
	}
	d = opendir(vs_confdir());
	if (!d) {
		/* No guests configured: nothing to start. */
		if (errno != ENOENT)
			fprintf(stderr, "%s: cannot read %s: %s\n", prog, vs_confdir(),
				strerror(errno));
		close(outfd);
		return 0;
	}
	if (mkdirat(outfd, "machines.target.wants", 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "%s: cannot create %s/machines.target.wants: %s\n", prog, argv[1],
			strerror(errno));
		closedir(d);
		close(outfd);
		return 1;
	}
	wantsfd = openat(outfd, "machines.target.wants", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	while (wantsfd >= 0 && (e = readdir(d))) {
		struct vs_guest g;
		struct vs_err err = { .msg = "" };

		if (e->d_name[0] == '.' || vs_name_check(e->d_name, &err) < 0)
			continue;
		if (vs_guest_load(e->d_name, &g, &err) < 0) {
			fprintf(stderr, "%s: leaving guest %s out: %s\n", prog, e->d_name, err.msg);
			continue;
		}
		if (g.at_boot && !machines) {
			machines = true;
			if (write_machines_target(outfd, argv[1]) < 0) {
				fprintf(stderr, "%s: cannot write machines.target in %s: %s\n", prog,
					argv[1], strerror(errno));
				ret = 1;
			}
		}
		if (g.at_boot) {
			for (size_t i = 0; i < g.ndepends; i++)
				if (!known(g.depends[i]))
					fprintf(stderr, "%s: guest %s depends on %s, which is not "
						"configured\n", prog, g.name, g.depends[i]);
			snprintf(link, sizeof(link), "vserver@%s.service", g.name);
			if ((symlinkat(VS_UNITDIR "/vserver@.service", wantsfd, link) < 0 &&
			     errno != EEXIST) || write_dropin(outfd, &g) < 0) {
				fprintf(stderr, "%s: cannot write the units of guest %s in %s: %s\n",
					prog, g.name, argv[1], strerror(errno));
				ret = 1;
			}
		}
		vs_guest_free(&g);
	}
	if (wantsfd < 0) {
		fprintf(stderr, "%s: cannot open %s/machines.target.wants: %s\n", prog, argv[1],
			strerror(errno));
		ret = 1;
	} else {
		close(wantsfd);
	}
	closedir(d);
	close(outfd);
	return ret;
}
