// SPDX-License-Identifier: GPL-2.0
/* Netns mode: a guest's own network namespace, routed to the host by veth. */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netns.h"
#include "rtnl.h"

/* The host end's link-local address: the guest's IPv6 gateway. */
static const unsigned char gateway6[16] = { 0xfe, 0x80, [15] = 1 };

/* Write @value to /proc/sys/net/@path of the current namespace. */
static int sysctl_net(const char *path, const char *value, struct vs_err *err)
{
	char file[128];
	int fd;

	snprintf(file, sizeof(file), "/proc/sys/net/%s", path);
	fd = open(file, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, value, strlen(value)) < 0) {
		vs_err_set(err, "cannot write %s: %s", file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int rtnl_fail(int ret, const char *what, const char *name, struct vs_err *err)
{
	if (ret < 0)
		vs_err_set(err, "cannot %s %s: %s", what, name, strerror(-ret));
	return ret < 0 ? -1 : 0;
}

/* Host side of one address: the route to it through @link. */
static int host_route(bool add, const char *link, const struct vs_netaddr *a,
		      struct vs_err *err)
{
	unsigned int ifindex = if_nametoindex(link);
	char text[VS_NETADDR_TEXT_MAX];

	vs_netaddr_format(a, false, text, sizeof(text));
	if (!ifindex) {
		vs_err_set(err, "there is no link %s", link);
		return -1;
	}
	return rtnl_fail(vs_rtnl_route(add, ifindex, a->family, a->addr,
				       a->family == AF_INET ? 32 : 128, NULL),
			 add ? "add a route to" : "remove the route to", text, err);
}

/* Guest side of one address, run inside its namespace: on eth0. */
static int guest_addr(bool add, const struct vs_netaddr *a, struct vs_err *err)
{
	unsigned int ifindex = if_nametoindex(VS_NETNS_GUEST_LINK);
	char text[VS_NETADDR_TEXT_MAX];

	vs_netaddr_format(a, true, text, sizeof(text));
	if (!ifindex) {
		vs_err_set(err, "the guest has no %s", VS_NETNS_GUEST_LINK);
		return -1;
	}
	return rtnl_fail(vs_rtnl_addr(add, ifindex, a->family, a->addr, a->prefix),
			 add ? "add" : "remove", text, err);
}

/* Inside the new namespace: lo, eth0 with the addresses, default routes. */
static int configure_guest(const struct vs_netconf *nc, struct vs_err *err)
{
	static const unsigned char any[16];
	unsigned int lo = if_nametoindex("lo"), eth = if_nametoindex(VS_NETNS_GUEST_LINK);
	bool v4 = false, v6 = false;
	size_t i;

	if (!lo || !eth) {
		vs_err_set(err, "the new namespace lacks lo or %s", VS_NETNS_GUEST_LINK);
		return -1;
	}
	if (rtnl_fail(vs_rtnl_link_up(lo), "bring up", "lo", err) < 0 ||
	    rtnl_fail(vs_rtnl_link_up(eth), "bring up", VS_NETNS_GUEST_LINK, err) < 0)
		return -1;
	for (i = 0; i < nc->n; i++) {
		if (guest_addr(true, &nc->addrs[i], err) < 0)
			return -1;
		v4 |= nc->addrs[i].family == AF_INET;
		v6 |= nc->addrs[i].family == AF_INET6;
	}
	/* IPv4 on the link (the host end answers ARP for everything); IPv6 via fe80::1. */
	if (v4 && rtnl_fail(vs_rtnl_route(true, eth, AF_INET, any, 0, NULL),
			    "add the IPv4 default route on", VS_NETNS_GUEST_LINK, err) < 0)
		return -1;
	if (v6 && rtnl_fail(vs_rtnl_route(true, eth, AF_INET6, any, 0, gateway6),
			    "add the IPv6 default route on", VS_NETNS_GUEST_LINK, err) < 0)
		return -1;
	return 0;
}

/* The host end: up, proxy ARP, fe80::1, a route to each guest address. */
static int configure_host(const char *link, const struct vs_netconf *nc, struct vs_err *err)
{
	unsigned int ifindex = if_nametoindex(link);
	char path[64];
	size_t i;

	if (!ifindex) {
		vs_err_set(err, "there is no link %s", link);
		return -1;
	}
	snprintf(path, sizeof(path), "ipv4/conf/%s/proxy_arp", link);
	if (sysctl_net(path, "1\n", err) < 0 ||
	    rtnl_fail(vs_rtnl_link_up(ifindex), "bring up", link, err) < 0 ||
	    rtnl_fail(vs_rtnl_addr(true, ifindex, AF_INET6, gateway6, 64), "add fe80::1 to",
		      link, err) < 0)
		return -1;
	for (i = 0; i < nc->n; i++)
		if (host_route(true, link, &nc->addrs[i], err) < 0)
			return -1;
	return 0;
}

void vs_netns_link_name(unsigned int xid, char *link, size_t size)
{
	snprintf(link, size, "vsn%u", xid);
}

int vs_netns_create(unsigned int xid, const struct vs_netconf *nc, int *nsfd, char *link,
		    size_t size, struct vs_err *err)
{
	int hostns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), guestns = -1, ret;

	*nsfd = -1;
	vs_netns_link_name(xid, link, size);
	if (hostns < 0) {
		vs_err_set(err, "cannot open /proc/self/ns/net: %s", strerror(errno));
		return -1;
	}
	/* Made by unsharing, kept by its fd, left again at once. */
	if (unshare(CLONE_NEWNET) < 0) {
		vs_err_set(err, "cannot create a network namespace: %s", strerror(errno));
		goto fail;
	}
	guestns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (setns(hostns, CLONE_NEWNET) < 0) {
		/* Stranded in the new namespace: nothing of ours may run on here. */
		vs_err_set(err, "cannot return to the host's network namespace: %s",
			   strerror(errno));
		_exit(1);
	}
	if (guestns < 0) {
		vs_err_set(err, "cannot open the new network namespace: %s", strerror(errno));
		goto fail;
	}
	ret = vs_rtnl_veth(link, VS_NETNS_GUEST_LINK, guestns);
	if (ret < 0) {
		vs_err_set(err, "cannot create the veth pair %s: %s", link, strerror(-ret));
		goto fail;
	}
	if (configure_host(link, nc, err) < 0)
		goto fail_link;
	if (setns(guestns, CLONE_NEWNET) < 0) {
		vs_err_set(err, "cannot enter the new network namespace: %s", strerror(errno));
		goto fail_link;
	}
	ret = configure_guest(nc, err);
	if (setns(hostns, CLONE_NEWNET) < 0)
		_exit(1);
	if (ret < 0)
		goto fail_link;
	close(hostns);
	*nsfd = guestns;
	return 0;
fail_link:
	vs_netns_destroy(link);
fail:
	if (guestns >= 0)
		close(guestns);
	close(hostns);
	return -1;
}

int vs_netns_addr(bool add, int nsfd, const char *link, const struct vs_netaddr *a,
		  struct vs_err *err)
{
	struct vs_err ignored = { .msg = "" };
	int hostns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), ret;

	if (hostns < 0) {
		vs_err_set(err, "cannot open /proc/self/ns/net: %s", strerror(errno));
		return -1;
	}
	/* The route first on add, last on remove: never one to an address nobody has. */
	if (add && host_route(true, link, a, err) < 0)
		goto fail;
	if (setns(nsfd, CLONE_NEWNET) < 0) {
		vs_err_set(err, "cannot enter the guest's network namespace: %s", strerror(errno));
		goto undo;
	}
	ret = guest_addr(add, a, err);
	if (setns(hostns, CLONE_NEWNET) < 0)
		_exit(1);
	if (ret < 0)
		goto undo;
	if (!add)
		host_route(false, link, a, &ignored);
	close(hostns);
	return 0;
undo:
	if (add)
		host_route(false, link, a, &ignored);
fail:
	close(hostns);
	return -1;
}

void vs_netns_destroy(const char *link)
{
	unsigned int ifindex = if_nametoindex(link);

	if (ifindex)
		vs_rtnl_link_del(ifindex);
}
