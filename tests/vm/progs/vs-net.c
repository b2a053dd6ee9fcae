// SPDX-License-Identifier: GPL-2.0
/*
 * vs-net: the socket operations of the network tests, each printing "ok",
 * what it read, or the errno name, and exiting 0 (1 for a usage error), so
 * that the tests compare the output.  PROTO is tcp or udp; ADDR is IPv4 or
 * IPv6 (the family follows it; "::" and "0.0.0.0" are the wildcards).
 *
 *   vs-net bind PROTO ADDR PORT [freebind|reuseport|exclusive|transparent|device=DEV]
 *        bind a socket and print the result (exclusive: without the
 *        SO_REUSEADDR every other socket here has; transparent and
 *        device=DEV print the errno of IP_TRANSPARENT or SO_BINDTODEVICE
 *        if that option is refused)
 *   vs-net socket raw4|raw6|packet
 *        make a raw IPv4 (ICMP) or IPv6 (ICMPv6) socket, or a packet
 *        socket, and print the result
 *   vs-net serve PROTO ADDR PORT TEXT [COUNT [GROUP DEV]]
 *        bind (and listen), print the result, then answer COUNT (default
 *        1, 0 for ever) connections or datagrams with "TEXT PEER", PEER
 *        being the client's address as the server sees it; with GROUP,
 *        join that IPv4 multicast group on the device DEV first
 *   vs-net crowd PROTO PORT N
 *        bind N sockets to PORT of 127.0.0.2, 127.0.0.3, ..., print the
 *        result, and keep them until killed
 *   vs-net mcast-ask GROUP PORT DEV
 *        send "hi" to the IPv4 multicast GROUP out of DEV and print every
 *        answer that comes within 3 seconds of the last; with GROUP
 *        255.255.255.255, a broadcast (SO_BROADCAST, SO_BINDTODEVICE DEV)
 *   vs-net ask PROTO ADDR PORT [SRC]
 *        connect (binding SRC first if given), send "hi", print the answer
 *   vs-net source PROTO ADDR PORT
 *        connect and print the local address the kernel chose
 *   vs-net pktinfo ADDR PORT SRC
 *        one UDP datagram with SRC as IP_PKTINFO/IPV6_PKTINFO source
 *   vs-net unix-serve NAME TEXT
 *        listen on the abstract unix name "@NAME", print the result, and
 *        answer every connection with TEXT, for ever
 *   vs-net unix-ask NAME
 *        connect to the abstract unix name "@NAME" and print the answer
 *   vs-net ifindex DEV | ifname INDEX | ifaddr DEV
 *        SIOCGIFINDEX, SIOCGIFNAME or SIOCGIFADDR: the index, the name or
 *        the IPv4 address, or the errno name
 *   vs-net diag PROTO | diag-addr PROTO
 *        the local port (diag-addr: "ADDRESS PORT") of every listening
 *        TCP or every UDP socket of both families a sock_diag dump (as ss
 *        makes it) returns, one per line
 *
 * A peer that does not answer within 3 seconds gives ETIMEDOUT.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

struct endpoint {
	struct sockaddr_storage ss;
	socklen_t len;
};

static int report(int ret)
{
	if (ret < 0)
		printf("%s\n", strerrorname_np(errno));
	else
		printf("ok\n");
	return 0;
}

static int parse(const char *addr, const char *port, struct endpoint *ep)
{
	struct sockaddr_in *in = (struct sockaddr_in *)&ep->ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ep->ss;

	memset(ep, 0, sizeof(*ep));
	if (inet_pton(AF_INET, addr, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons((unsigned short)atoi(port));
		ep->len = sizeof(*in);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((unsigned short)atoi(port));
		ep->len = sizeof(*in6);
		return 0;
	}
	fprintf(stderr, "vs-net: '%s' is not an IPv4 or IPv6 address\n", addr);
	return -1;
}

/* The address of @ss, an IPv4-mapped one as IPv4. */
static const char *show(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;

	if (ss->ss_family == AF_INET)
		return inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, buf,
				 (socklen_t)len);
	if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
		return inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], buf, (socklen_t)len);
	return inet_ntop(AF_INET6, &in6->sin6_addr, buf, (socklen_t)len);
}

static int open_socket(const char *proto, int family)
{
	int type = strcmp(proto, "udp") ? SOCK_STREAM : SOCK_DGRAM;
	int fd = socket(family, type | SOCK_CLOEXEC, 0);
	struct timeval tv = { .tv_sec = 3 };
	int one = 1;

	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	}
	return fd;
}

/* Join the IPv4 multicast @group on the device @dev. */
static int join(int fd, const char *group, const char *dev)
{
	struct ip_mreqn mreq = { .imr_ifindex = (int)if_nametoindex(dev) };

	if (inet_pton(AF_INET, group, &mreq.imr_multiaddr) != 1) {
		errno = EINVAL;
		return -1;
	}
	return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq));
}

static int serve(const char *proto, const struct endpoint *ep, const char *text, int count,
		 const char *group, const char *dev)
{
	bool udp = !strcmp(proto, "udp");
	int fd = open_socket(proto, ep->ss.ss_family);
	struct timeval forever = { 0 };

	if (fd < 0 || bind(fd, (const struct sockaddr *)&ep->ss, ep->len) < 0 ||
	    (!udp && listen(fd, 16) < 0) || (group && join(fd, group, dev) < 0))
		return report(-1);
	printf("ok\n");
	fflush(stdout);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &forever, sizeof(forever));
	for (int served = 0; !count || served < count; served++) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof(peer);
		char buf[256], addr[INET6_ADDRSTRLEN];
		int n, c = fd;

		if (udp) {
			if (recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &plen) < 0)
				return 1;
		} else {
			c = accept4(fd, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
			if (c < 0)
				return 1;
			(void)!read(c, buf, sizeof(buf));
		}
		n = snprintf(buf, sizeof(buf), "%s %s\n", text,
			     show(&peer, addr, sizeof(addr)) ?: "?");
		if (udp)
			sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&peer, plen);
		else {
			(void)!write(c, buf, (size_t)n);
			close(c);
		}
	}
	return 0;
}

static int ask(const char *proto, const struct endpoint *ep, const struct endpoint *src,
	       bool source_only)
{
	int fd = open_socket(proto, ep->ss.ss_family);
	char buf[256];
	ssize_t n;

	if (fd < 0 || (src && bind(fd, (const struct sockaddr *)&src->ss, src->len) < 0) ||
	    connect(fd, (const struct sockaddr *)&ep->ss, ep->len) < 0)
		return report(-1);
	if (source_only) {
		struct sockaddr_storage local;
		socklen_t len = sizeof(local);
		char addr[INET6_ADDRSTRLEN];

		if (getsockname(fd, (struct sockaddr *)&local, &len) < 0)
			return report(-1);
		printf("%s\n", show(&local, addr, sizeof(addr)) ?: "?");
		return 0;
	}
	if (send(fd, "hi\n", 3, 0) < 0)
		return report(-1);
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	if (n < 0)
		return report(-1);
	buf[n] = '\0';
	fputs(buf, stdout);
	return 0;
}

static int crowd(const char *proto, const char *port, int count)
{
	if (count < 1 || count > 250) {
		fprintf(stderr, "vs-net: crowd takes 1 to 250 sockets\n");
		return 1;
	}
	for (int i = 0; i < count; i++) {
		struct endpoint ep;
		char addr[32];
		int fd;

		snprintf(addr, sizeof(addr), "127.0.0.%d", 2 + i);
		if (parse(addr, port, &ep))
			return 1;
		fd = open_socket(proto, AF_INET);
		if (fd < 0 || bind(fd, (struct sockaddr *)&ep.ss, ep.len) < 0 ||
		    (strcmp(proto, "udp") && listen(fd, 4) < 0))
			return report(-1);
	}
	printf("ok\n");
	fflush(stdout);
	for (;;)
		pause();
}

static int mcast_ask(const char *group, const char *port, const char *dev)
{
	struct ip_mreqn mreq = { .imr_ifindex = (int)if_nametoindex(dev) };
	int fd = open_socket("udp", AF_INET);
	struct endpoint ep;
	char buf[256];
	ssize_t n;

	bool broadcast = !strcmp(group, "255.255.255.255");
	int one = 1;

	if (parse(group, port, &ep))
		return 1;
	if (fd < 0 ||
	    (broadcast ? setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) < 0 ||
			 setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, (socklen_t)strlen(dev)) < 0 :
			 setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof(mreq)) < 0) ||
	    sendto(fd, "hi\n", 3, 0, (struct sockaddr *)&ep.ss, ep.len) < 0)
		return report(-1);
	while ((n = recv(fd, buf, sizeof(buf) - 1, 0)) >= 0) {
		buf[n] = '\0';
		fputs(buf, stdout);
	}
	return 0;
}

static int pktinfo(const struct endpoint *ep, const char *src)
{
	int fd = open_socket("udp", ep->ss.ss_family);
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} control = { 0 };
	struct iovec iov = { .iov_base = "hi\n", .iov_len = 3 };
	struct msghdr msg = {
		.msg_name = (void *)&ep->ss, .msg_namelen = ep->len,
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control.buf, .msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	if (fd < 0)
		return report(-1);
	if (ep->ss.ss_family == AF_INET) {
		struct in_pktinfo pi = { 0 };

		if (inet_pton(AF_INET, src, &pi.ipi_spec_dst) != 1)
			return 1;
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		msg.msg_controllen = CMSG_SPACE(sizeof(pi));
	} else {
		struct in6_pktinfo pi = { 0 };

		if (inet_pton(AF_INET6, src, &pi.ipi6_addr) != 1)
			return 1;
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	}
	return report((int)sendmsg(fd, &msg, 0));
}

/* The ioctls that name one device: print what they answer. */
static int ifreq_op(const char *op, const char *arg)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = { 0 };
	char addr[INET_ADDRSTRLEN];

	if (fd < 0)
		return report(-1);
	if (!strcmp(op, "ifname")) {
		ifr.ifr_ifindex = atoi(arg);
		if (ioctl(fd, SIOCGIFNAME, &ifr) < 0)
			return report(-1);
		printf("%s\n", ifr.ifr_name);
		return 0;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", arg);
	if (!strcmp(op, "ifindex")) {
		if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
			return report(-1);
		printf("%d\n", ifr.ifr_ifindex);
		return 0;
	}
	if (ioctl(fd, SIOCGIFADDR, &ifr) < 0)
		return report(-1);
	printf("%s\n", inet_ntop(AF_INET, &((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr,
				 addr, sizeof(addr)) ?: "?");
	return 0;
}

/* One inet_diag dump of @family's @protocol sockets (TCP: listening, 10): their ports. */
static int diag_family(int protocol, int family, bool with_addr)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg = {
		.nlh = { .nlmsg_len = sizeof(msg), .nlmsg_type = SOCK_DIAG_BY_FAMILY,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
		.req = { .sdiag_family = (__u8)family, .sdiag_protocol = (__u8)protocol,
			 .idiag_states = protocol == IPPROTO_TCP ? 1U << 10 : ~0U },
	};
	long buf[8192 / sizeof(long)];
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

	if (fd < 0 || send(fd, &msg, sizeof(msg), 0) < 0)
		return report(-1);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		if (n < 0)
			return report(-1);
		for (; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			const struct inet_diag_msg *m = NLMSG_DATA(h);

			if (h->nlmsg_type == NLMSG_DONE) {
				close(fd);
				return 0;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				errno = -((struct nlmsgerr *)NLMSG_DATA(h))->error;
				return report(-1);
			}
			if (with_addr) {
				char addr[INET6_ADDRSTRLEN];

				printf("%s %u\n", inet_ntop(family, m->id.idiag_src, addr,
							    sizeof(addr)) ?: "?",
				       ntohs(m->id.idiag_sport));
			} else {
				printf("%u\n", ntohs(m->id.idiag_sport));
			}
		}
	}
}

int main(int argc, char **argv)
{
	struct endpoint ep, src;

	if ((argc == 4 && !strcmp(argv[1], "unix-serve")) ||
	    (argc == 3 && !strcmp(argv[1], "unix-ask"))) {
		struct sockaddr_un un = { .sun_family = AF_UNIX };
		size_t len = strnlen(argv[2], sizeof(un.sun_path) - 1);
		socklen_t ulen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len);
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), c;
		char buf[256];
		ssize_t n;

		memcpy(un.sun_path + 1, argv[2], len);
		if (!strcmp(argv[1], "unix-ask")) {
			if (fd < 0 || connect(fd, (struct sockaddr *)&un, ulen) < 0)
				return report(-1);
			n = read(fd, buf, sizeof(buf) - 1);
			if (n < 0)
				return report(-1);
			buf[n] = '\0';
			printf("%s\n", buf);
			return 0;
		}
		if (fd < 0 || bind(fd, (struct sockaddr *)&un, ulen) < 0 || listen(fd, 4) < 0)
			return report(-1);
		printf("ok\n");
		fflush(stdout);
		while ((c = accept4(fd, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
			(void)!write(c, argv[3], strlen(argv[3]));
			close(c);
		}
		return 1;
	}
	if (argc == 3 && (!strcmp(argv[1], "diag") || !strcmp(argv[1], "diag-addr"))) {
		int protocol = strcmp(argv[2], "udp") ? IPPROTO_TCP : IPPROTO_UDP;
		bool with_addr = !strcmp(argv[1], "diag-addr");

		return diag_family(protocol, AF_INET, with_addr) ||
		       diag_family(protocol, AF_INET6, with_addr);
	}
	if (argc == 3 && (!strcmp(argv[1], "ifindex") || !strcmp(argv[1], "ifname") ||
			  !strcmp(argv[1], "ifaddr")))
		return ifreq_op(argv[1], argv[2]);
	if (argc == 3 && !strcmp(argv[1], "socket")) {
		if (!strcmp(argv[2], "raw4"))
			return report(socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP));
		if (!strcmp(argv[2], "raw6"))
			return report(socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6));
		if (!strcmp(argv[2], "packet"))
			return report(socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0));
	}
	if (argc == 5 && !strcmp(argv[1], "crowd"))
		return crowd(argv[2], argv[3], atoi(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "mcast-ask"))
		return mcast_ask(argv[2], argv[3], argv[4]);
	if (argc >= 4 && !strcmp(argv[1], "pktinfo") && argc == 5) {
		if (parse(argv[2], argv[3], &ep))
			return 1;
		return pktinfo(&ep, argv[4]);
	}
	if (argc < 5 || (strcmp(argv[2], "tcp") && strcmp(argv[2], "udp")) ||
	    parse(argv[3], argv[4], &ep)) {
		fprintf(stderr, "usage: vs-net bind|serve|ask|source PROTO ADDR PORT ...\n");
		return 1;
	}
	if (!strcmp(argv[1], "bind")) {
		int fd = open_socket(argv[2], ep.ss.ss_family), one = 1;

		if (fd < 0)
			return report(-1);
		if (argc > 5 && !strcmp(argv[5], "freebind"))
			setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof(one));
		if (argc > 5 && !strcmp(argv[5], "reuseport"))
			setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
		if (argc > 5 && !strcmp(argv[5], "exclusive"))
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){ 0 }, sizeof(int));
		if (argc > 5 && !strcmp(argv[5], "transparent") &&
		    setsockopt(fd, IPPROTO_IP, IP_TRANSPARENT, &one, sizeof(one)) < 0)
			return report(-1);
		if (argc > 5 && !strncmp(argv[5], "device=", 7) &&
		    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, argv[5] + 7,
			       (socklen_t)strlen(argv[5] + 7)) < 0)
			return report(-1);
		return report(bind(fd, (struct sockaddr *)&ep.ss, ep.len));
	}
	if (!strcmp(argv[1], "serve") && argc >= 6 && (argc <= 7 || argc == 9))
		return serve(argv[2], &ep, argv[5], argc > 6 ? atoi(argv[6]) : 1,
			     argc == 9 ? argv[7] : NULL, argc == 9 ? argv[8] : NULL);
	if (!strcmp(argv[1], "ask")) {
		if (argc > 5 && parse(argv[5], "0", &src))
			return 1;
		return ask(argv[2], &ep, argc > 5 ? &src : NULL, false);
	}
	if (!strcmp(argv[1], "source"))
		return ask(argv[2], &ep, NULL, true);
	fprintf(stderr, "vs-net: unknown operation '%s'\n", argv[1]);
	return 1;
}
