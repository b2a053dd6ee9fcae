/* SPDX-License-Identifier: GPL-2.0 */
/* Starting a guest: its context, the supervisor that stays in the host, pid 1. */
#ifndef VS_BOOT_H
#define VS_BOOT_H

#include <stdbool.h>

#include "config.h"
#include "err.h"

struct vs_start_opts {
	bool wait;		/* return once the guest is up (systemd: READY=1) */
	unsigned int timeout_s;	/* how long to wait for that */
	bool foreground;	/* be the supervisor instead of forking one */
};

/* Start NAME; return the exit status and print errors itself. */
int vs_guest_start(const char *name, const struct vs_start_opts *opts);

/*
 * Everything pid 1 of a guest does between its fork (or vserver-init
 * --boot) and its exec: the guest's root and mounts, the seccomp filter
 * and the context, @console (-1: /dev/null) as stdio and controlling
 * terminal.  0, or -1 with @err set.
 */
int vs_pid1_enter(const struct vs_guest *g, int ctlfd, unsigned int xid, int console,
		  const char *console_path, int notify, struct vs_err *err);
/* Report a failure through @fd as text, for the waiting parent, and end. */
__attribute__((noreturn)) void vs_child_fail(int fd, const struct vs_err *err);

#endif /* VS_BOOT_H */
