// SPDX-License-Identifier: GPL-2.0
/*
 * A debootstrapped Debian made into a guest that boots with no manual step
 * (admin guide §3): what only makes sense on a machine of its own goes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler.h"
#include "debian.h"
#include "fsutil.h"
#include "guestfile.h"

/*
 * The rc scripts of sysvinit that need hardware or capabilities a guest
 * lacks (consoles, clock, file system checks and mounts, kernel settings
 * and modules, udev, the host name, which vserver sets, and the kernel log).
 */
static const char *const vs_debian_host_scripts[] = {
	"hwclock.sh", "checkroot.sh", "checkroot-bootclean.sh", "checkfs.sh",
	"mountall.sh", "mountall-bootclean.sh", "mountnfs.sh", "mountnfs-bootclean.sh",
	"mountkernfs.sh", "mountdevsubfs.sh", "mount-configfs", "procps", "kmod", "udev",
	"brightness", "hostname.sh", "bootlogs", "umountfs", "umountnfs.sh", "umountroot",
};

/* No consoles, no gettys; halt's last script ends the guest with reboot(2). */
static const char vs_debian_inittab[] =
	"# A vserver guest: no consoles, no gettys (written by vserver build).\n"
	"id:2:initdefault:\n"
	"si::sysinit:/etc/init.d/rcS\n"
	"l0:0:wait:/etc/init.d/rc 0\n"
	"l1:1:wait:/etc/init.d/rc 1\n"
	"l2:2:wait:/etc/init.d/rc 2\n"
	"l3:3:wait:/etc/init.d/rc 3\n"
	"l4:4:wait:/etc/init.d/rc 4\n"
	"l5:5:wait:/etc/init.d/rc 5\n"
	"l6:6:wait:/etc/init.d/rc 6\n";

/*
 * The systemd units that need hardware or capabilities a guest lacks:
 * masked, so that none of them is ever tried.  Most would be skipped by
 * their conditions in a guest anyway (a read-only /sys or /proc/sys, no
 * CAP_SYS_MODULE or CAP_SYS_ADMIN); the gettys have no terminal to serve,
 * since the console is the supervisor's log.
 */
static const char *const vs_debian_host_units[] = {
	"console-getty.service", "getty@.service", "serial-getty@.service",
	"systemd-udevd.service", "systemd-udevd-control.socket", "systemd-udevd-kernel.socket",
	"systemd-udev-trigger.service", "systemd-udev-settle.service",
	"systemd-modules-load.service", "systemd-sysctl.service", "systemd-remount-fs.service",
	"systemd-timesyncd.service", "systemd-hwdb-update.service",
	"sys-kernel-config.mount", "sys-kernel-debug.mount", "sys-kernel-tracing.mount",
	"sys-fs-fuse-connections.mount", "dev-hugepages.mount", "dev-mqueue.mount",
};

static int read_in_root(const char *root, const char *path, char **buf, struct vs_err *err)
{
	size_t len;
	int rootfd, ret;

	rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		vs_err_set(err, "cannot open %s: %s", root, strerror(errno));
		return -1;
	}
	ret = vs_guest_file_read(rootfd, path, buf, &len, err);
	close(rootfd);
	return ret;
}

/*
 * Setting the audit login uid needs CAP_AUDIT_CONTROL, which guests lack:
 * "session required pam_loginuid.so" would refuse every login.  Rewrite
 * @text's such lines as optional; the count rewritten.
 */
int vs_debian_pam_loginuid(char **text)
{
	regex_t re;
	regmatch_t m[2];
	char *out, *p;
	size_t len = strlen(*text);
	int count = 0;

	if (regcomp(&re, "^([[:space:]]*-?session[[:space:]]+)required([[:space:]]+pam_loginuid\\.so)",
		    REG_EXTENDED | REG_NEWLINE))
		return -1;
	/* "optional" has as many letters as "required": rewritten in place. */
	out = strdup(*text);
	if (!out) {
		regfree(&re);
		return -1;
	}
	for (p = out; p < out + len &&
	     regexec(&re, p, 2, m, p == out || p[-1] == '\n' ? 0 : REG_NOTBOL) == 0; ) {
		memcpy(p + m[1].rm_eo, "optional", 8);
		p += m[0].rm_eo;
		count++;
	}
	regfree(&re);
	free(*text);
	*text = out;
	return count;
}

static int prepare_pam(const char *root, struct vs_err *err)
{
	char dirpath[4096];
	struct dirent *d;
	DIR *dir;
	int ret = 0;

	snprintf(dirpath, sizeof(dirpath), "%s/etc/pam.d", root);
	dir = opendir(dirpath);
	if (!dir && errno == ENOENT)
		return 0;
	if (!dir) {
		vs_err_set(err, "cannot read %s: %s", dirpath, strerror(errno));
		return -1;
	}
	while (ret == 0 && (d = readdir(dir))) {
		char rel[512], *text = NULL;
		int r;

		if (d->d_name[0] == '.' || (d->d_type != DT_REG && d->d_type != DT_UNKNOWN))
			continue;
		snprintf(rel, sizeof(rel), "/etc/pam.d/%s", d->d_name);
		r = read_in_root(root, rel, &text, err);
		if (r < 0)
			ret = -1;
		else if (r > 0 && vs_debian_pam_loginuid(&text) > 0 &&
			 vs_write_in_root(root, rel + 1, text, err) < 0)
			ret = -1;
		free(text);
	}
	closedir(dir);
	return ret;
}

/* sysvinit as the guest's init: its inittab, and the rc links it cannot run. */
static int prepare_sysvinit(const char *root, struct vs_err *err)
{
	char rel[128], *text = NULL;
	int r;

	r = read_in_root(root, "/etc/inittab", &text, err);
	free(text);
	if (r <= 0)
		return r;	/* not sysvinit */
	if (vs_write_in_root(root, "etc/inittab", vs_debian_inittab, err) < 0)
		return -1;
	for (const char *level = "0123456S"; *level; level++) {
		char dirpath[4096];
		struct dirent *d;
		DIR *dir;

		snprintf(dirpath, sizeof(dirpath), "%s/etc/rc%c.d", root, *level);
		dir = opendir(dirpath);
		if (!dir)
			continue;
		while ((d = readdir(dir))) {
			const char *name = d->d_name;

			if ((name[0] != 'S' && name[0] != 'K') || strlen(name) < 4 ||
			    name[1] < '0' || name[1] > '9' || name[2] < '0' || name[2] > '9')
				continue;
			for (size_t i = 0; i < ARRAY_SIZE(vs_debian_host_scripts); i++) {
				if (strcmp(name + 3, vs_debian_host_scripts[i]))
					continue;
				snprintf(rel, sizeof(rel), "etc/rc%c.d/%.100s", *level, name);
				if (vs_unlink_in_root(root, rel, err) < 0) {
					closedir(dir);
					return -1;
				}
			}
		}
		closedir(dir);
	}
	/* halt's last script must not take the host's interfaces down. */
	return vs_write_in_root(root, "etc/default/halt",
				"# Written by vserver build: the guest's interfaces are the host's.\n"
				"HALT=poweroff\nNETDOWN=no\n", err);
}

/* systemd: the units of vs_debian_host_units masked. */
static int prepare_systemd(const char *root, struct vs_err *err)
{
	char dirpath[4096], rel[128];
	struct stat st;

	snprintf(dirpath, sizeof(dirpath), "%s/etc/systemd/system", root);
	if (lstat(dirpath, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;	/* not systemd */
	for (size_t i = 0; i < ARRAY_SIZE(vs_debian_host_units); i++) {
		snprintf(rel, sizeof(rel), "etc/systemd/system/%s", vs_debian_host_units[i]);
		if (vs_symlink_in_root(root, rel, "/dev/null", err) < 0)
			return -1;
	}
	return 0;
}

int vs_debian_prepare(const char *root, struct vs_err *err)
{
	char *text = NULL;
	int r;

	/* vserver mounts the guest's file systems (its configuration's fstab). */
	if (vs_write_in_root(root, "etc/fstab",
			     "# vserver mounts this guest's file systems: see the fstab\n"
			     "# of its configuration, /etc/vservers/NAME/fstab.\n", err) < 0)
		return -1;
	/* Empty: systemd makes the guest's own at its first boot. */
	r = read_in_root(root, "/etc/machine-id", &text, err);
	free(text);
	if (r < 0 || (r > 0 && vs_write_in_root_mode(root, "etc/machine-id", "", 0444, err) < 0))
		return -1;
	if (prepare_pam(root, err) < 0 || prepare_systemd(root, err) < 0)
		return -1;
	return prepare_sysvinit(root, err);
}
