/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The barrier (design §8): every guest root sits below a directory that
 * other host users cannot pass.  Guest root owns its root directory (it can
 * chmod it) and plants set-uid and file-capability binaries at will; a host
 * user who could reach them would run them with full privilege on the host.
 * So some directory strictly above the root, on its real path, must be
 * owned by root (or by the caller) and give no search permission to others,
 * nor to its group unless that is root's group.  /vservers, mode 0700 (as
 * build creates it) or 000, is the usual one.
 */
#ifndef VS_BARRIER_H
#define VS_BARRIER_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "err.h"

/* Does the directory @st keep users other than root and @self out? */
bool vs_barrier_closed(const struct stat *st, uid_t self);

/*
 * Is the guest root @root (which need not exist yet) behind a barrier?  0
 * if so; -1 with one line in @err that names the directory to close and
 * how, e.g. "/vservers is open to other users (mode 0755): chmod 0700
 * /vservers".
 */
int vs_barrier_check(const char *root, struct vs_err *err);

#endif /* VS_BARRIER_H */
