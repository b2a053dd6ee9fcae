/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netns mode (the guest flag "netns", design.md section 6): the guest gets
 * a network namespace of its own, joined to the host by a routed veth
 * pair.  The host end is "vsnXID", with proxy ARP, fe80::1 and a host
 * route to each of the guest's addresses; the guest end is "eth0", with
 * the guest's addresses, a default route through the host end, and lo up.
 * Everything is configured from the host: the guest has no CAP_NET_ADMIN.
 */
#ifndef VS_NETNS_H
#define VS_NETNS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "netif.h"

/* The guest end of the pair, in the guest's namespace. */
#define VS_NETNS_GUEST_LINK	"eth0"

/* The host end's name for the guest in context @xid: "vsnXID". */
void vs_netns_link_name(unsigned int xid, char *link, size_t size);

/*
 * A new network namespace for the guest in context @xid with the
 * addresses of @nc: *@nsfd holds it, @link gets the host end's name.  All
 * or nothing: after a failure no link is left and no fd is open.
 */
int vs_netns_create(unsigned int xid, const struct vs_netconf *nc, int *nsfd, char *link,
		    size_t size, struct vs_err *err);
/*
 * Add (@add) or remove one address of a running netns guest: in the
 * namespace of @nsfd (an nsfs or pidfd), and its host route through @link.
 */
int vs_netns_addr(bool add, int nsfd, const char *link, const struct vs_netaddr *a,
		  struct vs_err *err);
/* Delete the host end @link, and with it the pair and its routes. */
void vs_netns_destroy(const char *link);

#endif /* VS_NETNS_H */
