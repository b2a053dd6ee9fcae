/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A starting guest's root file system: mount options, the nodev bind of
 * its root, /dev, the fstab mounts, /proc's dangerous parts covered, and
 * pivot_root.
 */
#ifndef VS_ROOTFS_H
#define VS_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "err.h"

/*
 * Split fstab options into mount(2) flags and the data string for the
 * filesystem; options mount(8) alone knows (noauto, nofail, x-...) are
 * dropped.  -1 if @data is too small.
 */
int vs_mount_options(const char *options, unsigned long *flags, char *data, size_t size);
/* Is @opt ("ro", or "mode" for "mode=620") one of the comma-separated @options? */
bool vs_mount_has_option(const char *options, const char *opt);

/*
 * In a fresh mount namespace of a process that is pid 1 of the guest's pid
 * namespace (still a host process with every capability): make the guest
 * root a nodev bind mount, give it a tmpfs /dev with the basic nodes (and
 * @console, the path of a pty slave or NULL, as /dev/console), mount the
 * fstab with every target resolved inside the root, and cover the dangerous parts of
 * every proc mounted.  Then set the hostname and switch the root
 * (pivot_root; on an initramfs, whose rootfs cannot be pivoted, move the
 * guest root over / and chroot into it).  A systemd guest also gets the
 * tmpfs mounts systemd expects, a writable cgroup tree, and @notify (a
 * socket, or -1) bound at VS_NOTIFY_GUEST_PATH.
 */
int vs_root_setup(const struct vs_guest *guest, const char *console, int notify,
		  struct vs_err *err);

#endif /* VS_ROOTFS_H */
