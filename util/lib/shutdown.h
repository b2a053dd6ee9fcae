/* SPDX-License-Identifier: GPL-2.0 */
/* Stopping a guest: its halt, its kill sequence, and no task left. */
#ifndef VS_SHUTDOWN_H
#define VS_SHUTDOWN_H

#include <stdbool.h>

/*
 * Stop NAME; return the exit status and print errors itself.  With
 * @if_running, a guest that does not run is no error (restart).
 */
int vs_guest_stop(const char *name, bool if_running);

#endif /* VS_SHUTDOWN_H */
