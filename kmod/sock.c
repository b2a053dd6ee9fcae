// SPDX-License-Identifier: GPL-2.0
/*
 * The network rules of the shared stack (design.md section 6): a guest's
 * socket binds, takes packets for and sends from the guest's own addresses
 * only, while every guest and the host share one network namespace.
 *
 * A user socket made by a task with a context in the initial network
 * namespace carries the context, with a reference, in sk_vs_context; an
 * accepted socket is a copy of its listener and so carries the listener's.
 * Sockets of a guest in netns mode live in its own namespace and are left
 * alone.  The address set is read under RCU: the receive rules run in
 * softirq.
 *
 * Each context has a loopback of its own, 127.X.Y.1 and an address under
 * VS_LOOPBACK6_PREFIX (both from its xid).  To its sockets every address of
 * 127.0.0.0/8 is that one, and ::1 (and any address under the prefix) the
 * other, where they bind, connect and send; 127.0.0.1 and ::1 are shown
 * where their addresses are read back.  So no guest talks to a host
 * service on 127.0.0.53 or another guest's on its 127.0.0.1, while its own
 * software finds its own there, the 127.0.1.1 of Debian's /etc/hosts too.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/request_sock.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <uapi/linux/vserver.h>

#include "internal.h"

/*
 * The sk_alloc hook.  Unix sockets are tagged for the listings only; the
 * server end of a unix connection is made by the connecting task, and so
 * carries its context.
 */
void vs_sock_tag(struct sock *sk)
{
	struct vs_context *ctx = current->vs_context;

	if (ctx->xid == VS_XID_SPECTATOR || !net_eq(sock_net(sk), &init_net) ||
	    (sk->sk_family != AF_INET && sk->sk_family != AF_INET6 &&
	     sk->sk_family != AF_UNIX))
		return;
	refcount_inc(&ctx->refs);
	sk->sk_vs_context = ctx;
}

/* The sk_clone hook: the copy of a tagged socket holds its own reference. */
void vs_sock_tag_copy(struct sock *sk)
{
	refcount_inc(&sk->sk_vs_context->refs);
}

/* The sk_free hook: any context, nothing here sleeps. */
void vs_sock_untag(struct sock *sk)
{
	vs_context_put(sk->sk_vs_context);
	sk->sk_vs_context = NULL;
}

static __be32 vs_sock_lo4(const struct vs_context *ctx)
{
	return htonl(VS_LOOPBACK4(ctx->xid));
}

/* Write @ctx's IPv6 loopback: VS_LOOPBACK6_PREFIX, zeros, the xid. */
static void vs_sock_lo6(const struct vs_context *ctx, struct in6_addr *addr)
{
	static const u8 prefix[8] = VS_LOOPBACK6_PREFIX;

	memset(addr, 0, sizeof(*addr));
	memcpy(addr->s6_addr, prefix, sizeof(prefix));
	addr->s6_addr32[3] = htonl(ctx->xid);
}

/* Some context's IPv6 loopback? */
static bool vs_sock_any_lo6(const struct in6_addr *addr)
{
	return vs_net_loopback6(addr->s6_addr);
}

/* @ctx's own: compared in place, as the receive and source rules ask it. */
static bool vs_sock_is_lo6(const struct vs_context *ctx, const struct in6_addr *addr)
{
	return vs_sock_any_lo6(addr) && !addr->s6_addr32[2] &&
	       addr->s6_addr32[3] == htonl(ctx->xid);
}

/* Is @addr (@family's, network byte order) one of @ctx's?  Under RCU. */
static bool vs_sock_owns(const struct vs_context *ctx, int family,
			 const void *addr)
{
	return vs_net_has(rcu_dereference(ctx->net), family, addr);
}

/* Is @addr @ctx's own: in its set, or its loopback? */
static bool vs_sock_own4(const struct vs_context *ctx, __be32 addr)
{
	return addr == vs_sock_lo4(ctx) || vs_sock_owns(ctx, AF_INET, &addr);
}

static bool vs_sock_own6(const struct vs_context *ctx, const struct in6_addr *addr)
{
	if (ipv6_addr_v4mapped(addr))
		return vs_sock_own4(ctx, addr->s6_addr32[3]);
	return vs_sock_is_lo6(ctx, addr) || vs_sock_owns(ctx, AF_INET6, addr);
}

/*
 * May a socket of @ctx bind, or take packets for, the IPv4 @addr?  Its own,
 * the wildcard, and the multicast and broadcast addresses everyone shares.
 */
static bool vs_sock_may_use4(const struct vs_context *ctx, __be32 addr)
{
	return addr == htonl(INADDR_ANY) || ipv4_is_multicast(addr) ||
	       ipv4_is_lbcast(addr) || vs_sock_own4(ctx, addr);
}

static bool vs_sock_may_use6(const struct vs_context *ctx,
			     const struct in6_addr *addr)
{
	if (ipv6_addr_v4mapped(addr))
		return vs_sock_may_use4(ctx, addr->s6_addr32[3]);
	return ipv6_addr_any(addr) || ipv6_addr_is_multicast(addr) ||
	       vs_sock_own6(ctx, addr);
}

/*
 * The sock_bind hook.  The address was copied from user space and its
 * length checked by the caller for AF_INET; neither IP_FREEBIND nor
 * ip_nonlocal_bind lets a guest bind what is not its own.
 */
int vs_sock_bind(struct sock *sk, struct sockaddr *addr, int addr_len)
{
	const struct vs_context *ctx = sk->sk_vs_context;
	bool ok = true;

	rcu_read_lock();
	if (addr->sa_family == AF_INET) {
		__be32 *a = &((struct sockaddr_in *)addr)->sin_addr.s_addr;

		if (ipv4_is_loopback(*a))
			*a = vs_sock_lo4(ctx);
		ok = vs_sock_may_use4(ctx, *a);
	} else if (addr->sa_family == AF_INET6 && addr_len >= SIN6_LEN_RFC2133) {
		/* (Too short: the caller refuses it with EINVAL.) */
		struct in6_addr *a = &((struct sockaddr_in6 *)addr)->sin6_addr;

		if (ipv6_addr_v4mapped(a) && ipv4_is_loopback(a->s6_addr32[3]))
			a->s6_addr32[3] = vs_sock_lo4(ctx);
		else if (ipv6_addr_loopback(a) || vs_sock_any_lo6(a))
			vs_sock_lo6(ctx, a);
		ok = vs_sock_may_use6(ctx, a);
	}
	rcu_read_unlock();
	return ok ? 0 : -EADDRNOTAVAIL;
}

/* @sk's bound address, as IPv4 when it is one (v4-mapped included). */
static int vs_sock_local(const struct sock *sk, const void **addr)
{
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6 &&
	    !ipv6_addr_v4mapped(&sk->sk_v6_rcv_saddr)) {
		*addr = &sk->sk_v6_rcv_saddr;
		return AF_INET6;
	}
#endif
	*addr = &sk->sk_rcv_saddr;
	return AF_INET;
}

static bool vs_sock_wildcard(const struct sock *sk)
{
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6)
		return ipv6_addr_any(&sk->sk_v6_rcv_saddr);
#endif
	return !sk->sk_rcv_saddr;
}

/* Does the wildcard of @ctx (NULL: the host's, all) cover @sk's address? */
static bool vs_sock_covers(const struct vs_context *ctx, const struct sock *sk)
{
	const void *addr;
	int family;

	if (!ctx)
		return true;
	family = vs_sock_local(sk, &addr);
	if (family == AF_INET)
		return vs_sock_may_use4(ctx, *(const __be32 *)addr);
	return vs_sock_may_use6(ctx, addr);
}

/*
 * Two sockets of different contexts bound to addresses: one unicast address
 * both hold (the host's, shared with a guest as nodev) is a clash; a
 * multicast or broadcast group they may share by the kernel's rules.
 */
static enum vs_sock_overlap vs_sock_same_unicast(const struct sock *sk,
						 const struct sock *sk2)
{
	const void *a, *a2;
	int family = vs_sock_local(sk, &a);

	if (vs_sock_local(sk2, &a2) != family)
		return VS_SOCK_APART;
	if (family == AF_INET) {
		__be32 v4 = *(const __be32 *)a;

		if (v4 != *(const __be32 *)a2)
			return VS_SOCK_APART;
		return ipv4_is_multicast(v4) || ipv4_is_lbcast(v4) ?
			VS_SOCK_SAME_RULES : VS_SOCK_CLASH;
	}
	if (!ipv6_addr_equal(a, a2))
		return VS_SOCK_APART;
	return ipv6_addr_is_multicast(a) ? VS_SOCK_SAME_RULES : VS_SOCK_CLASH;
}

/*
 * The sock_conflict hook, under the bind bucket locks.  Two sockets of
 * different contexts on one port conflict when their addresses meet,
 * whatever SO_REUSEADDR or SO_REUSEPORT say, and never otherwise: a
 * guest's wildcard is its own addresses, the host's is every address.
 */
enum vs_sock_overlap vs_sock_conflict(const struct sock *sk,
				      const struct sock *sk2)
{
	const struct vs_context *ctx = sk->sk_vs_context, *ctx2;
	enum vs_sock_overlap ret;

	rcu_read_lock();
	if (!sk_fullsock(sk2)) {
		/* TIME_WAIT keeps no context: go by its address. */
		ret = !ctx || vs_sock_covers(ctx, sk2) ? VS_SOCK_SAME_RULES : VS_SOCK_APART;
		goto out;
	}
	ctx2 = sk2->sk_vs_context;
	if (ctx == ctx2)
		ret = VS_SOCK_SAME_RULES;
	else if (vs_sock_wildcard(sk))
		ret = vs_sock_wildcard(sk2) ?
			(!ctx || !ctx2 ? VS_SOCK_CLASH : VS_SOCK_APART) :
			(vs_sock_covers(ctx, sk2) ? VS_SOCK_CLASH : VS_SOCK_APART);
	else if (vs_sock_wildcard(sk2))
		ret = vs_sock_covers(ctx2, sk) ? VS_SOCK_CLASH : VS_SOCK_APART;
	else
		ret = vs_sock_same_unicast(sk, sk2);
out:
	rcu_read_unlock();
	return ret;
}

/* The sock_rcv_match hook: softirq, under RCU. */
bool vs_sock_rcv_match(const struct sock *sk, int family, const void *daddr)
{
	const struct vs_context *ctx = sk->sk_vs_context;

	if (family == AF_INET)
		return vs_sock_may_use4(ctx, *(const __be32 *)daddr);
	return vs_sock_may_use6(ctx, daddr);
}

/* Is @addr the address @sk is bound or connected from? */
static bool vs_sock_bound_to(const struct sock *sk, int family, const void *addr)
{
	if (family == AF_INET)
		return *(const __be32 *)addr == inet_sk(sk)->inet_saddr;
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6)
		return ipv6_addr_equal(addr, &sk->sk_v6_rcv_saddr) ||
		       ipv6_addr_equal(addr, &inet6_sk(sk)->saddr);
#endif
	return false;
}

/*
 * The sock_saddr hook.  A source the stack chose is kept if it is the
 * guest's; otherwise the guest's address whose prefix covers @daddr, or
 * its first of the family, takes its place.  A source the sender named
 * must be the guest's.
 */
int vs_sock_saddr(const struct sock *sk, int family, void *saddr,
		  const void *daddr, bool given)
{
	const struct vs_context *ctx = sk->sk_vs_context;
	int ret = 0;

	rcu_read_lock();
	/* Bound when it was the guest's: it stays usable after "ip del". */
	if (given && vs_sock_bound_to(sk, family, saddr))
		goto out;
	if (family == AF_INET) {
		__be32 *src = saddr;

		if (vs_sock_own4(ctx, *src))
			goto out;
		if (!given && ipv4_is_loopback(*(const __be32 *)daddr)) {
			*src = vs_sock_lo4(ctx);
			goto out;
		}
	} else {
		struct in6_addr *src = saddr;

		if (vs_sock_own6(ctx, src))
			goto out;
		if (!given && (vs_sock_any_lo6(daddr) || ipv6_addr_loopback(daddr))) {
			vs_sock_lo6(ctx, src);
			goto out;
		}
	}
	ret = -EADDRNOTAVAIL;
	if (!given && vs_net_pick(rcu_dereference(ctx->net), family, daddr, saddr))
		ret = 0;
out:
	rcu_read_unlock();
	return ret;
}

/*
 * The sock_daddr hook: 127.0.0.0/8, ::1, any context's IPv6 loopback, and
 * the wildcards (which Linux takes for loopback) are the context's own
 * loopback.
 */
static void vs_sock_daddr4(const struct vs_context *ctx, __be32 *addr)
{
	if (*addr == htonl(INADDR_ANY) || ipv4_is_loopback(*addr))
		*addr = vs_sock_lo4(ctx);
}

int vs_sock_daddr(const struct sock *sk, int family, void *daddr)
{
	const struct vs_context *ctx = sk->sk_vs_context;
	struct in6_addr *addr = daddr;

	if (family == AF_INET)
		vs_sock_daddr4(ctx, daddr);
	else if (ipv6_addr_v4mapped(addr))
		vs_sock_daddr4(ctx, &addr->s6_addr32[3]);
	else if (ipv6_addr_any(addr) || ipv6_addr_loopback(addr) || vs_sock_any_lo6(addr))
		vs_sock_lo6(ctx, addr);
	return 0;
}

/* The sock_addr_view hook: the context's loopback is 127.0.0.1 and ::1 to it. */
void vs_sock_addr_view(const struct sock *sk, int family, void *addr)
{
	const struct vs_context *ctx = sk->sk_vs_context;
	struct in6_addr *a6 = addr;
	__be32 *a4 = addr;

	if (family == AF_INET6 && ipv6_addr_v4mapped(a6)) {
		a4 = &a6->s6_addr32[3];
	} else if (family == AF_INET6) {
		if (vs_sock_is_lo6(ctx, a6))
			*a6 = in6addr_loopback;
		return;
	}
	if (*a4 == vs_sock_lo4(ctx))
		*a4 = htonl(INADDR_LOOPBACK);
}

/* The context whose loopback @addr is (127.X.Y.1, X.Y its xid), or NULL. */
static struct vs_context *vs_sock_lo4_owner(__be32 addr)
{
	u32 host = ntohl(addr);

	if ((host & 0xff0000ffU) != VS_LOOPBACK4(0))
		return NULL;
	return vs_context_peek((host >> 8) & 0xffff);
}

/*
 * The addr_owner hook: the context whose wildcard listeners may take a
 * connection to @addr.  A loopback names its context by the xid, any other
 * address is looked up in net.c's index.  Under RCU from softirq; the
 * caller only hashes the pointer.
 */
const void *vs_sock_addr_owner(const struct net *net, int family, const void *addr)
{
	const struct in6_addr *a6 = addr;
	const void *owner;
	__be32 a4;

	if (!net_eq(net, &init_net))
		return NULL;
	if (family == AF_INET6 && !ipv6_addr_v4mapped(a6)) {
		if (!vs_sock_any_lo6(a6))
			return vs_net_owner(AF_INET6, a6);
		if (a6->s6_addr32[2])
			return NULL;
		rcu_read_lock();
		owner = vs_context_peek(ntohl(a6->s6_addr32[3]));
		rcu_read_unlock();
		return owner;
	}
	a4 = family == AF_INET ? *(const __be32 *)addr : a6->s6_addr32[3];
	if (!ipv4_is_loopback(a4))
		return vs_net_owner(AF_INET, &a4);
	rcu_read_lock();
	owner = vs_sock_lo4_owner(a4);
	rcu_read_unlock();
	return owner;
}

/*
 * The sock_visible hook: a context sees its own sockets in the listings,
 * its TIME_WAIT sockets by their address and its request sockets by their
 * listener.  A netns guest's namespace holds only its own sockets.
 */
bool vs_sock_visible(const struct sock *sk)
{
	const struct vs_context *ctx = current->vs_context;
	bool ret;

	if (ctx->xid == VS_XID_SPECTATOR || !net_eq(sock_net(sk), &init_net))
		return true;
	if (sk->sk_state == TCP_NEW_SYN_RECV)
		return inet_reqsk(sk)->rsk_listener->sk_vs_context == ctx;
	if (sk->sk_state != TCP_TIME_WAIT)
		return sk->sk_vs_context == ctx;
	rcu_read_lock();
	ret = !vs_sock_wildcard(sk) && vs_sock_covers(ctx, sk);
	rcu_read_unlock();
	return ret;
}

/*
 * The unix_name_visible hook: abstract names are per context.  The host's
 * and the spectator's sockets carry no context; a netns guest's namespace
 * has a name table of its own.
 */
bool vs_sock_unix_name_visible(const struct sock *sk)
{
	const struct vs_context *ctx = current->vs_context;

	if (ctx && ctx->xid == VS_XID_SPECTATOR)
		ctx = NULL;
	return sk->sk_vs_context == ctx || !net_eq(sock_net(sk), &init_net);
}
