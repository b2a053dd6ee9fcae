/* SPDX-License-Identifier: GPL-2.0 */
/* What start, stop, exec and enter share (start.c, stop.c, exec.c). */
#ifndef LIFECYCLE_H
#define LIFECYCLE_H

#include <stdbool.h>

#include "ns.h"

/* Start or stop NAME; return the exit status and print errors themselves. */
int guest_start(const char *name);
/* With @if_running, a guest that does not run is no error (restart). */
int guest_stop(const char *name, bool if_running);

#endif /* LIFECYCLE_H */
