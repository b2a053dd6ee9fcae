// SPDX-License-Identifier: GPL-2.0
/*
 * A context's network addresses (design.md section 6): the set the tools
 * give it, with each address held by at most one listed context, so that
 * two running guests can never both be given one.  Kept for the network
 * rules to come, and shown in /proc/virtual/<xid>/net.
 *
 * A set is replaced whole on every change and freed after a grace period:
 * readers take RCU (the network hooks run in softirq); writers hold
 * vs_context_mutex, which also makes the check that no other context holds
 * an address and the change one step.
 *
 * Beside the sets, an index answers which context holds an address: the
 * TCP listener lookup asks it for every connection no address-bound socket
 * takes, to find the guest's wildcard listeners without looking at the
 * other guests' (sock.c).  It changes with the sets, and a context leaves
 * it when it starts retiring, as its addresses become free for another.
 */

#include <linux/hashtable.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/jhash.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <kunit/visibility.h>
#include <uapi/linux/vserver.h>

#include "internal.h"

static size_t vs_net_addr_len(u16 family)
{
	return family == AF_INET ? 4 : 16;
}

/**
 * struct vs_net_owner - an entry of the index: @ctx holds an address
 * @node: in vs_net_owners
 * @rcu: frees it after the lookups that may still see it
 * @ctx: the context, not counted: it leaves the index before it goes
 * @family: AF_INET or AF_INET6
 * @addr: the address, network byte order; IPv4 in the first four bytes
 */
struct vs_net_owner {
	struct hlist_node node;
	struct rcu_head rcu;
	struct vs_context *ctx;
	u16 family;
	u8 addr[16];
};

/* 1024 chains: a few entries each on a host with thousands of addresses. */
static DEFINE_HASHTABLE(vs_net_owners, 10);

static u32 vs_net_owner_hash(int family, const void *addr)
{
	return jhash(addr, vs_net_addr_len(family), family);
}

/* Under vs_context_mutex: add @owner, which is filled in, to the index. */
static void vs_net_index(struct vs_net_owner *owner)
{
	lockdep_assert_held(&vs_context_mutex);
	hash_add_rcu(vs_net_owners, &owner->node,
		     vs_net_owner_hash(owner->family, owner->addr));
}

/* Under vs_context_mutex: take @ctx's entry for @e out of the index. */
static void vs_net_unindex(struct vs_context *ctx, const struct vs_net_entry *e)
{
	struct vs_net_owner *owner;

	lockdep_assert_held(&vs_context_mutex);
	hash_for_each_possible(vs_net_owners, owner, node,
			       vs_net_owner_hash(e->family, e->addr)) {
		if (owner->ctx == ctx && owner->family == e->family &&
		    !memcmp(owner->addr, e->addr, 16)) {
			hash_del_rcu(&owner->node);
			kfree_rcu(owner, rcu);
			return;
		}
	}
}

/**
 * vs_net_owner - the context that holds an address
 * @family: AF_INET or AF_INET6
 * @addr: the address, network byte order (4 or 16 bytes)
 *
 * Any context, RCU or not: the result is only valid as long as the caller
 * makes it so, and the listener lookup uses it as a hash key only.
 *
 * Return: the context, or NULL if no listed, live context holds @addr.
 */
struct vs_context *vs_net_owner(int family, const void *addr)
{
	size_t len = vs_net_addr_len(family);
	struct vs_context *ctx = NULL;
	struct vs_net_owner *owner;

	rcu_read_lock();
	hash_for_each_possible_rcu(vs_net_owners, owner, node,
				   vs_net_owner_hash(family, addr)) {
		if (owner->family == family && !memcmp(owner->addr, addr, len)) {
			ctx = owner->ctx;
			break;
		}
	}
	rcu_read_unlock();
	return ctx;
}

/* The index of @req's address in @set (NULL: none), or -1. */
static int vs_net_find(const struct vs_net_set *set, const struct vs_net_addr *req)
{
	unsigned int i;

	for (i = 0; set && i < set->count; i++)
		if (set->addrs[i].family == req->family &&
		    !memcmp(set->addrs[i].addr, req->addr, 16))
			return i;
	return -1;
}

/**
 * vs_net_has - is an address in a set?
 * @set: the set, under RCU or vs_context_mutex; NULL is empty
 * @family: AF_INET or AF_INET6
 * @addr: the address, network byte order (4 or 16 bytes)
 */
bool vs_net_has(const struct vs_net_set *set, int family, const void *addr)
{
	size_t len = vs_net_addr_len(family);
	unsigned int i;

	for (i = 0; set && i < set->count; i++)
		if (set->addrs[i].family == family && !memcmp(set->addrs[i].addr, addr, len))
			return true;
	return false;
}

/* Do the first @prefix bits of @a and @b agree? */
static bool vs_net_prefix_match(const u8 *a, const u8 *b, unsigned int prefix)
{
	unsigned int bytes = prefix / 8, bits = prefix % 8;

	if (memcmp(a, b, bytes))
		return false;
	return !bits || !((a[bytes] ^ b[bytes]) & (0xff00 >> bits));
}

/**
 * vs_net_pick - the source address a set offers for a destination
 * @set: the set, under RCU; NULL is empty
 * @family: AF_INET or AF_INET6
 * @daddr: the destination
 * @saddr: set to the first address of @family whose prefix covers @daddr,
 *	else to the first of @family
 *
 * Return: false if the set has no address of @family.
 */
bool vs_net_pick(const struct vs_net_set *set, int family, const void *daddr, void *saddr)
{
	const struct vs_net_entry *first = NULL;
	size_t len = vs_net_addr_len(family);
	unsigned int i;

	for (i = 0; set && i < set->count; i++) {
		const struct vs_net_entry *e = &set->addrs[i];

		if (e->family != family)
			continue;
		if (vs_net_prefix_match(e->addr, daddr, e->prefix)) {
			first = e;
			break;
		}
		if (!first)
			first = e;
	}
	if (!first)
		return false;
	memcpy(saddr, first->addr, len);
	return true;
}

/**
 * vs_net_loopback6 - is an IPv6 address some context's own loopback?
 * @addr: 16 bytes, network byte order
 *
 * Those are VS_LOOPBACK6_PREFIX followed by an xid: sock.c maps ::1 to them,
 * and no context may be given one.
 */
bool vs_net_loopback6(const u8 *addr)
{
	static const u8 prefix[8] = VS_LOOPBACK6_PREFIX;

	return !memcmp(addr, prefix, sizeof(prefix));
}

/* A well-formed request for an address a context may have. */
VISIBLE_IF_KUNIT int vs_net_addr_check(const struct vs_net_addr *req)
{
	static const u8 zero[16];
	size_t len;

	if (req->family != AF_INET && req->family != AF_INET6)
		return -EINVAL;
	len = vs_net_addr_len(req->family);
	if (req->prefix > len * 8 || memchr_inv(req->reserved, 0, sizeof(req->reserved)) ||
	    memchr_inv(req->addr + len, 0, 16 - len))
		return -EINVAL;
	/*
	 * The unspecified address means "any", multicast is no one's alone,
	 * and loopback is every context's own (sock.c).
	 */
	if (!memcmp(req->addr, zero, len))
		return -EINVAL;
	if (req->family == AF_INET ? (req->addr[0] & 0xf0) == 0xe0 : req->addr[0] == 0xff)
		return -EINVAL;
	if (req->family == AF_INET ? req->addr[0] == 127 :
	    (!memcmp(req->addr, zero, 15) && req->addr[15] == 1) ||
	    vs_net_loopback6(req->addr) ||
	    (!memcmp(req->addr, zero, 10) && req->addr[10] == 0xff && req->addr[11] == 0xff))
		return -EINVAL;
	return 0;
}

static struct vs_net_set *vs_net_set_locked(struct vs_context *ctx)
{
	return rcu_dereference_protected(ctx->net, lockdep_is_held(&vs_context_mutex));
}

struct vs_net_owner_arg {
	const struct vs_context *self;
	const struct vs_net_addr *req;
};

/* Does @ctx, another live context than the caller's, hold the address? */
static bool vs_net_holds(struct vs_context *ctx, const void *arg)
{
	const struct vs_net_owner_arg *a = arg;

	/* A dying context's addresses are free again: its successor may take them. */
	if (ctx == a->self || ctx->state == VS_CTX_STATE_DYING)
		return false;
	return vs_net_find(vs_net_set_locked(ctx), a->req) >= 0;
}

static bool vs_net_held_elsewhere(struct vs_context *self, const struct vs_net_addr *req)
{
	struct vs_net_owner_arg arg = { .self = self, .req = req };

	return vs_context_find_locked(vs_net_holds, &arg);
}

/* A copy of @old with room for @extra more, or NULL. */
static struct vs_net_set *vs_net_set_copy(const struct vs_net_set *old, unsigned int extra)
{
	unsigned int count = old ? old->count : 0;
	struct vs_net_set *set;

	set = kmalloc(struct_size(set, addrs, count + extra), GFP_KERNEL);
	if (!set)
		return NULL;
	set->count = count;
	if (count)
		memcpy(set->addrs, old->addrs, count * sizeof(set->addrs[0]));
	return set;
}

/**
 * vs_net_add - give a context one more address
 * @ctx: the context
 * @req: the address, checked
 *
 * Return: 0, -EINVAL, -EEXIST, -EADDRINUSE, -ENOSPC, -ESRCH (dying) or
 * -ENOMEM.
 */
int vs_net_add(struct vs_context *ctx, const struct vs_net_addr *req)
{
	struct vs_net_set *old, *set;
	struct vs_net_owner *owner;
	int ret;

	ret = vs_net_addr_check(req);
	if (ret)
		return ret;
	owner = kzalloc(sizeof(*owner), GFP_KERNEL);
	if (!owner)
		return -ENOMEM;
	owner->ctx = ctx;
	owner->family = req->family;
	memcpy(owner->addr, req->addr, 16);
	mutex_lock(&vs_context_mutex);
	old = vs_net_set_locked(ctx);
	ret = -ESRCH;
	if (ctx->state == VS_CTX_STATE_DYING)
		goto out;
	ret = -EEXIST;
	if (vs_net_find(old, req) >= 0)
		goto out;
	ret = -ENOSPC;
	if (old && old->count >= VS_NET_ADDR_MAX)
		goto out;
	ret = -EADDRINUSE;
	if (vs_net_held_elsewhere(ctx, req))
		goto out;
	ret = -ENOMEM;
	set = vs_net_set_copy(old, 1);
	if (!set)
		goto out;
	set->addrs[set->count].family = req->family;
	set->addrs[set->count].prefix = req->prefix;
	memcpy(set->addrs[set->count].addr, req->addr, 16);
	set->count++;
	rcu_assign_pointer(ctx->net, set);
	if (old)
		kfree_rcu(old, rcu);
	vs_net_index(owner);
	owner = NULL;
	ret = 0;
out:
	mutex_unlock(&vs_context_mutex);
	kfree(owner);
	return ret;
}

/**
 * vs_net_del - take one address from a context
 * @ctx: the context
 * @req: the address (its prefix is not compared)
 *
 * Return: 0, -EINVAL, -ENOENT or -ENOMEM.
 */
int vs_net_del(struct vs_context *ctx, const struct vs_net_addr *req)
{
	struct vs_net_set *old, *set;
	unsigned int j;
	int i, ret;

	ret = vs_net_addr_check(req);
	if (ret)
		return ret;
	mutex_lock(&vs_context_mutex);
	old = vs_net_set_locked(ctx);
	ret = -ENOENT;
	i = vs_net_find(old, req);
	if (i < 0)
		goto out;
	ret = -ENOMEM;
	set = vs_net_set_copy(NULL, old->count - 1);
	if (!set)
		goto out;
	for (j = 0; j < old->count; j++)
		if (j != (unsigned int)i)
			set->addrs[set->count++] = old->addrs[j];
	vs_net_unindex(ctx, &old->addrs[i]);
	rcu_assign_pointer(ctx->net, set);
	kfree_rcu(old, rcu);
	ret = 0;
out:
	mutex_unlock(&vs_context_mutex);
	return ret;
}

/**
 * vs_net_retire - a context starts retiring: its addresses are free again
 * @ctx: the context, now dying
 *
 * Its set stays for the sockets it still has; the index forgets it, so
 * that another context may take the addresses and be found by them.
 */
void vs_net_retire(struct vs_context *ctx)
{
	const struct vs_net_set *set = vs_net_set_locked(ctx);
	unsigned int i;

	for (i = 0; set && i < set->count; i++)
		vs_net_unindex(ctx, &set->addrs[i]);
}

/**
 * vs_net_release - free a context's addresses with the context
 * @ctx: the context, whose last reference is gone
 *
 * Any context: nothing here sleeps.
 */
void vs_net_release(struct vs_context *ctx)
{
	struct vs_net_set *set = rcu_dereference_protected(ctx->net, true);

	if (set)
		kfree_rcu(set, rcu);
}

/**
 * vs_net_show - /proc/virtual/<xid>/net
 * @m: the file
 * @ctx: the context
 *
 * One "ADDRESS/PREFIX" line per address, in the order they were given.
 */
void vs_net_show(struct seq_file *m, struct vs_context *ctx)
{
	const struct vs_net_set *set;
	unsigned int i;

	rcu_read_lock();
	set = rcu_dereference(ctx->net);
	for (i = 0; set && i < set->count; i++) {
		const struct vs_net_entry *e = &set->addrs[i];

		if (e->family == AF_INET)
			seq_printf(m, "%pI4/%u\n", e->addr, e->prefix);
		else
			seq_printf(m, "%pI6c/%u\n", e->addr, e->prefix);
	}
	rcu_read_unlock();
}
