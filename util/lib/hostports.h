/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host services that keep a guest off a port: on the shared stack a socket
 * the host listens with on the wildcard takes that port on every address,
 * the guests' included (design.md section 6).
 */
#ifndef VS_HOSTPORTS_H
#define VS_HOSTPORTS_H

#include "netif.h"

/*
 * Print one warning line on stderr for each TCP port a host socket on the
 * wildcard keeps guest @name (whose addresses, on their devices now, are
 * @nc) from binding.  Best effort: nothing is printed when the listeners
 * cannot be read.
 */
void vs_hostports_warn(const char *name, const struct vs_netconf *nc);

#endif
