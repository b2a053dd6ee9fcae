// SPDX-License-Identifier: GPL-2.0
/*
 * Which listening ports a host service holds on every address: the TCP
 * listeners come from one sock_diag dump (listeners only, however many
 * connections the host has), and a port counts as held when a test bind
 * to the guest's address on it fails with EADDRINUSE.  Other guests'
 * wildcard listeners never make such a bind fail, so only the host's are
 * reported.
 */
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hostports.h"

#define VS_HOSTPORTS_MAX	256	/* ports looked at; more are not reported */

struct ports {
	unsigned short port[VS_HOSTPORTS_MAX];
	size_t n;
};

static void ports_add(struct ports *p, unsigned short port)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->port[i] == port)
			return;
	if (p->n < VS_HOSTPORTS_MAX)
		p->port[p->n++] = port;
}

/* The ports of @family's TCP listeners on the wildcard, added to @p. */
static int wildcard_listeners(int family, struct ports *p)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg = {
		.nlh = { .nlmsg_len = sizeof(msg), .nlmsg_type = SOCK_DIAG_BY_FAMILY,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
		.req = { .sdiag_family = (__u8)family, .sdiag_protocol = IPPROTO_TCP,
			 .idiag_states = 1U << 10 /* TCP_LISTEN */ },
	};
	static const __be32 zero[4];
	long buf[8192 / sizeof(long)];
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	int ret = -1;

	if (fd < 0)
		return -1;
	if (send(fd, &msg, sizeof(msg), 0) < 0)
		goto out;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		if (n <= 0)
			goto out;
		for (; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			const struct inet_diag_msg *m = NLMSG_DATA(h);

			if (h->nlmsg_type == NLMSG_DONE) {
				ret = 0;
				goto out;
			}
			if (h->nlmsg_type == NLMSG_ERROR)
				goto out;
			if (!memcmp(m->id.idiag_src, zero, family == AF_INET ? 4 : 16))
				ports_add(p, ntohs(m->id.idiag_sport));
		}
	}
out:
	close(fd);
	return ret;
}

/* Does binding @a on @port fail with EADDRINUSE? */
static bool port_held(const struct vs_netaddr *a, unsigned short port)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	int fd, one = 1, ret;

	if (a->family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		memcpy(&in->sin_addr, a->addr, 4);
		len = sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		memcpy(&in6->sin6_addr, a->addr, 16);
		len = sizeof(*in6);
	}
	fd = socket(a->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	/* The host's TIME_WAIT sockets on the port are no obstacle to a guest. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (a->family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	ret = bind(fd, (struct sockaddr *)&ss, len);
	close(fd);
	return ret < 0 && errno == EADDRINUSE;
}

void vs_hostports_warn(const char *name, const struct vs_netconf *nc)
{
	struct ports p = { .n = 0 };
	char text[VS_NETADDR_TEXT_MAX];

	if (!nc->n || wildcard_listeners(AF_INET, &p) < 0 || wildcard_listeners(AF_INET6, &p) < 0)
		return;
	for (size_t i = 0; i < p.n; i++) {
		for (size_t j = 0; j < nc->n; j++) {
			const struct vs_netaddr *a = &nc->addrs[j];

			if (vs_netaddr_is_loopback6(a) || !port_held(a, p.port[i]))
				continue;
			vs_netaddr_format(a, false, text, sizeof(text));
			fprintf(stderr, "vserver: warning: a host service listens on TCP port %u of "
				"every address: guest %s cannot use it on %s\n", p.port[i], name, text);
		}
	}
}
