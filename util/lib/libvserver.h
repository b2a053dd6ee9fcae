/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libvserver - the helpers shared by the vserver tool and its tests.
 *
 * Functions that can fail for reasons a user must read fill a struct vs_err
 * with one line of the form "cannot <do what>: <reason>"; the tool prints it
 * after "vserver: ".  Nothing in here prints on its own.
 */
#ifndef LIBVSERVER_H
#define LIBVSERVER_H

#include <stdbool.h>
#include <stdio.h>

#include <linux/vserver.h>

#define VS_DEVICE_PATH		"/dev/" VS_DEVICE_NAME
#define VS_KALLSYMS_PATH	"/proc/kallsyms"
#define VS_MODULE_NAME		"vserver"
/* Exported by the kernel-patches/6.12 series, so present only on a patched kernel. */
#define VS_HOOKS_SYMBOL		"vs_register_hooks"

#define VS_NAME_MAX		64

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

struct vs_err {
	char msg[512];
};

void vs_err_set(struct vs_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vs_close_stdout(const char *prog, int status);

/* Guest names */

bool vs_is_global_command(const char *word);
int vs_name_check(const char *name, struct vs_err *err);

/* Kernel support */

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

/* Version and ABI */

int vs_get_version(int fd, struct vs_version *ver, struct vs_err *err);
int vs_abi_check(const struct vs_version *ver, struct vs_err *err);

/* JSON output */

void vs_json_string(FILE *out, const char *s);

#endif /* LIBVSERVER_H */
