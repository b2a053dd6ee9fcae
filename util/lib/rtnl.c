// SPDX-License-Identifier: GPL-2.0
/* Minimal rtnetlink requests: one message, one acknowledgement. */
#include <errno.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rtnl.h"

struct request {
	struct nlmsghdr nh;
	char body[1024 - sizeof(struct nlmsghdr)];
};

static void *put(struct request *r, unsigned short type, const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

/* A nested attribute: open with nest(), close with nest_end() on what it gave. */
static struct rtattr *nest(struct request *r, unsigned short type)
{
	return put(r, type, NULL, 0);
}

static void nest_end(struct request *r, struct rtattr *start)
{
	start->rta_len = (unsigned short)((char *)r + r->nh.nlmsg_len - (char *)start);
}

static void begin(struct request *r, unsigned short type, unsigned short flags, size_t hdr)
{
	memset(r, 0, sizeof(*r));
	r->nh.nlmsg_len = (unsigned int)NLMSG_LENGTH(hdr);
	r->nh.nlmsg_type = type;
	r->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->nh.nlmsg_seq = 1;
}

static void *header(struct request *r)
{
	return NLMSG_DATA(&r->nh);
}

/* Send @r and wait for its acknowledgement: 0 or -errno. */
static int talk(struct request *r)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct {
		struct nlmsghdr nh;
		struct nlmsgerr e;
		char rest[512];
	} ans;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), ret;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (sendto(fd, r, r->nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		ret = -errno;
		goto out;
	}
	do {
		n = recv(fd, &ans, sizeof(ans), 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		ret = -errno;
	else if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) ||
		 ans.nh.nlmsg_type != NLMSG_ERROR)
		ret = -EPROTO;
	else
		ret = ans.e.error;
out:
	close(fd);
	return ret;
}

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

int vs_rtnl_addr(bool add, unsigned int ifindex, int family, const void *addr,
		 unsigned int prefix)
{
	struct request r;
	struct ifaddrmsg *ifa;

	begin(&r, add ? RTM_NEWADDR : RTM_DELADDR, add ? NLM_F_CREATE | NLM_F_EXCL : 0,
	      sizeof(*ifa));
	ifa = header(&r);
	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	/* Services bind the address at once: no duplicate address detection. */
	ifa->ifa_flags = family == AF_INET6 ? IFA_F_NODAD : 0;
	ifa->ifa_index = ifindex;
	put(&r, IFA_LOCAL, addr, addr_len(family));
	put(&r, IFA_ADDRESS, addr, addr_len(family));
	return talk(&r);
}

int vs_rtnl_route(bool add, unsigned int ifindex, int family, const void *dst,
		  unsigned int prefix, const void *gateway)
{
	struct request r;
	struct rtmsg *rt;

	begin(&r, add ? RTM_NEWROUTE : RTM_DELROUTE, add ? NLM_F_CREATE | NLM_F_EXCL : 0,
	      sizeof(*rt));
	rt = header(&r);
	rt->rtm_family = (unsigned char)family;
	rt->rtm_dst_len = (unsigned char)prefix;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_STATIC;
	rt->rtm_scope = gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rt->rtm_type = RTN_UNICAST;
	if (prefix)
		put(&r, RTA_DST, dst, addr_len(family));
	if (gateway)
		put(&r, RTA_GATEWAY, gateway, addr_len(family));
	put(&r, RTA_OIF, &ifindex, sizeof(ifindex));
	return talk(&r);
}

int vs_rtnl_veth(const char *name, const char *peer, int peer_nsfd)
{
	struct rtattr *linkinfo, *data, *peerinfo;
	struct ifinfomsg *ifi, peer_ifi = { .ifi_family = AF_UNSPEC };
	struct request r;
	unsigned int ns = (unsigned int)peer_nsfd;

	begin(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(*ifi));
	ifi = header(&r);
	ifi->ifi_family = AF_UNSPEC;
	put(&r, IFLA_IFNAME, name, strlen(name) + 1);
	linkinfo = nest(&r, IFLA_LINKINFO);
	put(&r, IFLA_INFO_KIND, "veth", 5);
	data = nest(&r, IFLA_INFO_DATA);
	peerinfo = nest(&r, VETH_INFO_PEER);
	/* The peer's attributes follow its own ifinfomsg. */
	memcpy((char *)&r + r.nh.nlmsg_len, &peer_ifi, sizeof(peer_ifi));
	r.nh.nlmsg_len += (unsigned int)NLMSG_ALIGN(sizeof(peer_ifi));
	put(&r, IFLA_IFNAME, peer, strlen(peer) + 1);
	put(&r, IFLA_NET_NS_FD, &ns, sizeof(ns));
	nest_end(&r, peerinfo);
	nest_end(&r, data);
	nest_end(&r, linkinfo);
	return talk(&r);
}

static int link_request(unsigned short type, unsigned int ifindex, unsigned int flags)
{
	struct ifinfomsg *ifi;
	struct request r;

	begin(&r, type, 0, sizeof(*ifi));
	ifi = header(&r);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	ifi->ifi_flags = flags;
	ifi->ifi_change = flags;
	return talk(&r);
}

int vs_rtnl_link_up(unsigned int ifindex)
{
	return link_request(RTM_NEWLINK, ifindex, IFF_UP);
}

int vs_rtnl_link_del(unsigned int ifindex)
{
	return link_request(RTM_DELLINK, ifindex, 0);
}
