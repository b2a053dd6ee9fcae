/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The notify socket of sd_notify(3), both ways: the supervisor reads a
 * systemd guest's readiness from it, and tells its own service manager
 * (vserver@.service, Type=notify) when the guest is up.
 */
#ifndef VS_NOTIFY_H
#define VS_NOTIFY_H

#include <stdbool.h>
#include <sys/types.h>

#include "err.h"

/* Where the guest finds it: NOTIFY_SOCKET in its init's environment. */
#define VS_NOTIFY_GUEST_PATH	"/run/host/notify"

/*
 * A datagram socket that passes credentials, not yet bound: the guest's
 * pid 1 binds it at VS_NOTIFY_GUEST_PATH in the guest's /run, so that it
 * needs no host path.  -1 with @err set.
 */
int vs_notify_socket(struct vs_err *err);
/* Bind @fd at @path (in the current mount namespace); -1 with errno. */
int vs_notify_bind(int fd, const char *path);

/*
 * Read one datagram from @fd: true if it came from @from (a host pid) and
 * says READY=1.  Anything else, from anyone else, is read and dropped.
 */
bool vs_notify_ready(int fd, pid_t from);
/* A datagram in the sd_notify(3) protocol, @state, to $NOTIFY_SOCKET if set. */
void vs_notify_manager(const char *state);

#endif /* VS_NOTIFY_H */
