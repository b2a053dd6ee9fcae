/* SPDX-License-Identifier: GPL-2.0 */
/* Stopping a guest: its halt, its kill sequence, and no task left. */
#ifndef VS_SHUTDOWN_H
#define VS_SHUTDOWN_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Stop NAME; return the exit status and print errors itself.  With
 * @if_running, a guest that does not run is no error (restart).
 */
int vs_guest_stop(const char *name, bool if_running);

/*
 * Stop NAME for its supervisor @supervisor, which was told to end from
 * outside vserver stop (systemd's start timeout, an administrator's kill):
 * as vs_guest_stop(), but only while @supervisor still runs the guest.
 */
int vs_guest_stop_for(const char *name, pid_t supervisor);

/* Whether a vserver stop of NAME is at work (it told the supervisor so). */
bool vs_guest_stopping(const char *name);

/* Forget the mark of a stop that was killed on its way (start does). */
void vs_guest_stopping_clear(const char *name);

#endif /* VS_SHUTDOWN_H */
