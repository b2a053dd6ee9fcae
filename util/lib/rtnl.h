/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few rtnetlink requests the tools make, in the caller's network
 * namespace: addresses, routes, veth pairs, links up and down.  Each waits
 * for the kernel's answer and returns 0 or a negative errno.
 */
#ifndef VS_RTNL_H
#define VS_RTNL_H

#include <stdbool.h>

/* RTM_NEWADDR (@add) or RTM_DELADDR; IPv6 without duplicate address detection. */
int vs_rtnl_addr(bool add, unsigned int ifindex, int family, const void *addr,
		 unsigned int prefix);
/*
 * RTM_NEWROUTE (@add) or RTM_DELROUTE in the main table: @dst/@prefix out
 * of @ifindex, through @gateway (NULL: on the link).
 */
int vs_rtnl_route(bool add, unsigned int ifindex, int family, const void *dst,
		  unsigned int prefix, const void *gateway);
/* A veth pair: @name here, @peer in the network namespace of @peer_nsfd. */
int vs_rtnl_veth(const char *name, const char *peer, int peer_nsfd);
/* Bring a link up. */
int vs_rtnl_link_up(unsigned int ifindex);
/* Delete a link (a veth pair goes with either end). */
int vs_rtnl_link_del(unsigned int ifindex);

#endif /* VS_RTNL_H */
