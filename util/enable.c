// SPDX-License-Identifier: GPL-2.0
/*
 * vserver NAME enable, disable: start the guest with the host, or not.
 *
 * util-vserver's convention: apps/init/mark holds "default" for a guest
 * that starts at boot.  vserver-generator turns the marks into
 * vserver@NAME.service instances of machines.target at every boot and
 * every daemon-reload, which this asks for when systemd runs.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "fsutil.h"
#include "subcommands.h"

static void usage(const char *cmd)
{
	if (!strcmp(cmd, "enable"))
		fputs("Usage:\n"
		      " vserver <guest> enable\n"
		      "\n"
		      "Start the guest with the host: write \"default\" to its apps/init/mark,\n"
		      "which vserver-generator makes a vserver@<guest>.service of\n"
		      "machines.target (after the guests of apps/init/depends).\n", stdout);
	else
		fputs("Usage:\n"
		      " vserver <guest> disable\n"
		      "\n"
		      "Do not start the guest with the host: remove its \"default\" mark.\n", stdout);
	fputs("\n"
	      "Options:\n"
	      " -h, --help   display this help\n"
	      "\n"
	      "Under systemd, both run systemctl daemon-reload.  See vserver(8).\n", stdout);
}

/* systemd runs: regenerate the units from the marks.  A failure is only a warning. */
static void reload_systemd(void)
{
	char *const argv[] = { (char *)"systemctl", (char *)"daemon-reload", NULL };
	int status;
	pid_t pid;

	if (access("/run/systemd/system", F_OK) < 0)
		return;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		fprintf(stderr, "vserver: warning: systemctl daemon-reload failed; run it "
			"yourself for the change to take effect at boot\n");
}

static int set_mark(const char *name, bool on)
{
	struct vs_guest g;
	struct vs_err err = { .msg = "" };
	char dir[PATH_MAX], path[PATH_MAX];
	bool at_boot;
	FILE *f;

	/* Only a guest whose configuration loads: its depends are checked too. */
	if (vs_guest_load(name, &g, &err) < 0)
		goto fail;
	snprintf(dir, sizeof(dir), "%.4000s/apps/init", g.confdir);
	snprintf(path, sizeof(path), "%.4000s/mark", dir);
	at_boot = g.at_boot;
	vs_guest_free(&g);
	if (on) {
		if (vs_mkdir_p(dir, 0755, &err) < 0)
			goto fail;
		f = fopen(path, "we");
		if (!f || fputs(VS_BOOT_MARK "\n", f) == EOF || fclose(f) == EOF) {
			vs_err_set(&err, "cannot write %s: %s", path, strerror(errno));
			goto fail;
		}
	} else if (at_boot && unlink(path) < 0) {
		/* No mark of its own: it is $VSERVER_CONFDIR/.defaults/apps/init/mark. */
		if (errno == ENOENT)
			vs_err_set(&err, "its mark is the one in .defaults, for every guest");
		else
			vs_err_set(&err, "cannot remove %s: %s", path, strerror(errno));
		goto fail;
	}
	/* A guest's own mark gone, the one in .defaults may still hold. */
	if (!on && at_boot && vs_guest_load(name, &g, &err) == 0) {
		at_boot = g.at_boot;
		vs_guest_free(&g);
		if (at_boot) {
			vs_err_set(&err, "its mark is the one in .defaults, for every guest");
			reload_systemd();
			goto fail;
		}
	}
	reload_systemd();
	return 0;
fail:
	fprintf(stderr, "vserver: cannot %s guest %s: %s\n", on ? "enable" : "disable", name,
		err.msg);
	return 1;
}

int enable_main(const char *guest, int argc, char *argv[])
{
	int ret = parse_help_only("enable", usage, argc, argv);

	return ret >= 0 ? ret : set_mark(guest, true);
}

int disable_main(const char *guest, int argc, char *argv[])
{
	int ret = parse_help_only("disable", usage, argc, argv);

	return ret >= 0 ? ret : set_mark(guest, false);
}
