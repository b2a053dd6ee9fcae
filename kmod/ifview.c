// SPDX-License-Identifier: GPL-2.0
/*
 * What a guest sees of the host's interfaces (design.md section 6): on the
 * shared stack, lo and the devices that carry one of its addresses, each
 * with its addresses only; lo shows 127.0.0.1 and ::1, which stand for
 * the guest's own loopback.  A netns guest's namespace holds only its own
 * devices, and the spectator sees everything.
 *
 * The device test looks each of the guest's addresses up in the stack's
 * own address hashes rather than walking the device's lists: at most
 * VS_NET_ADDR_MAX lookups, under RCU.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <net/addrconf.h>
#include <net/net_namespace.h>
#include <uapi/linux/vserver.h>

#include "internal.h"

/* A reader who sees every device and address? */
static bool vs_ifview_all(const struct vs_context *ctx, const struct net_device *dev)
{
	return ctx->xid == VS_XID_SPECTATOR || !net_eq(dev_net(dev), &init_net);
}

/* Does @dev carry one of @set's addresses?  Under RCU. */
static bool vs_ifview_carries(const struct vs_net_set *set, const struct net_device *dev)
{
	unsigned int i;

	for (i = 0; set && i < set->count; i++) {
		const struct vs_net_entry *e = &set->addrs[i];

		if (e->family == AF_INET) {
			__be32 addr;

			memcpy(&addr, e->addr, sizeof(addr));
			if (__ip_dev_find(&init_net, addr, false) == dev)
				return true;
		} else if (ipv6_chk_addr(&init_net, (const struct in6_addr *)e->addr, dev, 1)) {
			return true;
		}
	}
	return false;
}

/* The dev_visible hook. */
bool vs_ifview_dev_visible(const struct net_device *dev)
{
	const struct vs_context *ctx = current->vs_context;
	bool ret;

	if (vs_ifview_all(ctx, dev) || (dev->flags & IFF_LOOPBACK))
		return true;
	rcu_read_lock();
	ret = vs_ifview_carries(rcu_dereference(ctx->net), dev);
	rcu_read_unlock();
	return ret;
}

/* The ifaddr_visible hook. */
bool vs_ifview_addr_visible(const struct net_device *dev, int family, const void *addr)
{
	const struct vs_context *ctx = current->vs_context;
	bool ret;

	if (vs_ifview_all(ctx, dev))
		return true;
	if (dev->flags & IFF_LOOPBACK) {
		if (family == AF_INET)
			return *(const __be32 *)addr == htonl(INADDR_LOOPBACK);
		return ipv6_addr_loopback(addr);
	}
	rcu_read_lock();
	ret = vs_net_has(rcu_dereference(ctx->net), family, addr);
	rcu_read_unlock();
	return ret;
}
