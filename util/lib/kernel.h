/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel support: opening the control device, and when that fails, finding
 * out why (the module is not loaded, or the kernel lacks its hooks).
 */
#ifndef VS_KERNEL_H
#define VS_KERNEL_H

#include <linux/vserver.h>

#include "err.h"

#define VS_DEVICE_PATH		"/dev/" VS_DEVICE_NAME
#define VS_KALLSYMS_PATH	"/proc/kallsyms"
#define VS_MODULE_NAME		"vserver"
/* Exported by the kernel-patches/6.12 series, so present only on a patched kernel. */
#define VS_HOOKS_SYMBOL		"vs_register_hooks"

/*
 * Where vs_ctl_open() looks.  A NULL pointer for the whole structure or for
 * one member means the real system path; only the unit tests pass others.
 */
struct vs_ctl_paths {
	const char *device;	/* default VS_DEVICE_PATH */
	const char *kallsyms;	/* default VS_KALLSYMS_PATH */
	const char *modprobe;	/* default /sbin/modprobe, then modprobe in $PATH */
};

int vs_kallsyms_has_hooks(const char *kallsyms_path);
int vs_ctl_open(const struct vs_ctl_paths *paths, struct vs_err *err);

#endif /* VS_KERNEL_H */
