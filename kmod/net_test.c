// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for net.c: a context's addresses, and that no two listed
 * contexts hold the same one.
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/rcupdate.h>
#include <linux/socket.h>
#include <uapi/linux/vserver.h>

#include "internal.h"

/* Beside the other suites' ids, so that they never clash. */
#define TEST_XID_A	40030
#define TEST_XID_B	40031

static struct vs_context *vs_test_context(struct kunit *test, u32 xid)
{
	struct vs_context *ctx;

	ctx = vs_context_create(xid, VS_CTX_STATE_SETUP, "net-test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	return ctx;
}

static void vs_test_context_done(struct vs_context *ctx)
{
	vs_context_unlist(ctx);
	vs_context_put(ctx);
}

static struct vs_net_addr vs_test_v4(u8 a, u8 b, u8 c, u8 d, u8 prefix)
{
	return (struct vs_net_addr){ .family = AF_INET, .prefix = prefix,
				     .addr = { a, b, c, d } };
}

static unsigned int vs_test_count(struct vs_context *ctx)
{
	const struct vs_net_set *set;
	unsigned int n;

	rcu_read_lock();
	set = rcu_dereference(ctx->net);
	n = set ? set->count : 0;
	rcu_read_unlock();
	return n;
}

static void vs_test_net_add_del(struct kunit *test)
{
	struct vs_context *a = vs_test_context(test, TEST_XID_A);
	struct vs_net_addr v4 = vs_test_v4(192, 0, 2, 10, 24);
	struct vs_net_addr v6 = { .family = AF_INET6, .prefix = 64,
				  .addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 } };

	KUNIT_EXPECT_EQ(test, vs_net_add(a, &v4), 0);
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &v6), 0);
	KUNIT_EXPECT_EQ(test, vs_test_count(a), 2);
	/* The same address again, with another prefix too. */
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &v4), -EEXIST);
	v4.prefix = 32;
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &v4), -EEXIST);
	/* Removed whatever the prefix; a second time it is gone. */
	KUNIT_EXPECT_EQ(test, vs_net_del(a, &v4), 0);
	KUNIT_EXPECT_EQ(test, vs_net_del(a, &v4), -ENOENT);
	KUNIT_EXPECT_EQ(test, vs_test_count(a), 1);
	KUNIT_EXPECT_EQ(test, vs_net_del(a, &v6), 0);
	KUNIT_EXPECT_EQ(test, vs_test_count(a), 0);
	vs_test_context_done(a);
}

/* An address is one listed context's only; a retired one's is free again. */
static void vs_test_net_one_owner(struct kunit *test)
{
	struct vs_context *a = vs_test_context(test, TEST_XID_A);
	struct vs_context *b = vs_test_context(test, TEST_XID_B);
	struct vs_net_addr addr = vs_test_v4(198, 51, 100, 7, 24);

	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), 0);
	KUNIT_EXPECT_EQ(test, vs_net_add(b, &addr), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, vs_test_count(b), 0);
	vs_test_context_done(a);
	KUNIT_EXPECT_EQ(test, vs_net_add(b, &addr), 0);
	vs_test_context_done(b);
}

static void vs_test_net_bad_input(struct kunit *test)
{
	struct vs_context *a = vs_test_context(test, TEST_XID_A);
	struct vs_net_addr addr = vs_test_v4(192, 0, 2, 1, 33);
	unsigned int i;

	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -EINVAL);	/* prefix */
	addr = vs_test_v4(0, 0, 0, 0, 8);
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -EINVAL);	/* unspecified */
	addr = vs_test_v4(224, 0, 0, 1, 4);
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -EINVAL);	/* multicast */
	addr = vs_test_v4(192, 0, 2, 1, 24);
	addr.addr[4] = 1;
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -EINVAL);	/* bytes after IPv4 */
	addr = vs_test_v4(192, 0, 2, 1, 24);
	addr.reserved[0] = 1;
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -EINVAL);
	addr = vs_test_v4(192, 0, 2, 1, 24);
	addr.family = AF_UNIX;
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -EINVAL);
	addr = (struct vs_net_addr){ .family = AF_INET6, .prefix = 129, .addr = { 0x20 } };
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -EINVAL);
	addr = (struct vs_net_addr){ .family = AF_INET6, .prefix = 8, .addr = { 0xff, 2 } };
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -EINVAL);
	/* Loopback is every context's own: 127/8, ::1, the per-context prefix. */
	addr = vs_test_v4(127, 0, 0, 53, 8);
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -EINVAL);
	addr = (struct vs_net_addr){ .family = AF_INET6, .prefix = 128, .addr = { [15] = 1 } };
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -EINVAL);
	addr = (struct vs_net_addr){ .family = AF_INET6, .prefix = 128,
				     .addr = { 0xfd, 0x76, 0x73, 0x65, 0x72, 0x76, 0x65, 0x72,
					       [15] = 2 } };
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -EINVAL);
	addr = (struct vs_net_addr){ .family = AF_INET6, .prefix = 96,
				     .addr = { [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 } };
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -EINVAL);
	KUNIT_EXPECT_EQ(test, vs_test_count(a), 0);

	/* Full at VS_NET_ADDR_MAX. */
	for (i = 0; i < VS_NET_ADDR_MAX; i++) {
		addr = vs_test_v4(10, 0, 0, 1 + i, 32);
		KUNIT_ASSERT_EQ(test, vs_net_add(a, &addr), 0);
	}
	addr = vs_test_v4(10, 0, 1, 1, 32);
	KUNIT_EXPECT_EQ(test, vs_net_add(a, &addr), -ENOSPC);
	vs_test_context_done(a);
}

/* The source a set offers: the address whose prefix covers the destination. */
static void vs_test_net_pick(struct kunit *test)
{
	struct vs_context *a = vs_test_context(test, TEST_XID_A);
	struct vs_net_addr first = vs_test_v4(192, 0, 2, 10, 24);
	struct vs_net_addr second = vs_test_v4(198, 51, 100, 10, 25);
	struct vs_net_addr v6 = { .family = AF_INET6, .prefix = 64,
				  .addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 } };
	const u8 near[4] = { 198, 51, 100, 99 }, far[4] = { 198, 51, 100, 200 };
	const u8 other[4] = { 203, 0, 113, 1 };
	const struct vs_net_set *set;
	u8 src[16];

	KUNIT_ASSERT_EQ(test, vs_net_add(a, &first), 0);
	KUNIT_ASSERT_EQ(test, vs_net_add(a, &second), 0);
	rcu_read_lock();
	set = rcu_dereference(a->net);
	KUNIT_EXPECT_TRUE(test, vs_net_has(set, AF_INET, second.addr));
	KUNIT_EXPECT_FALSE(test, vs_net_has(set, AF_INET, near));
	KUNIT_EXPECT_FALSE(test, vs_net_has(set, AF_INET6, v6.addr));
	KUNIT_EXPECT_TRUE(test, vs_net_pick(set, AF_INET, near, src));
	KUNIT_EXPECT_EQ(test, memcmp(src, second.addr, 4), 0);
	/* Outside the /25 and every other prefix: the first address. */
	KUNIT_EXPECT_TRUE(test, vs_net_pick(set, AF_INET, far, src));
	KUNIT_EXPECT_EQ(test, memcmp(src, first.addr, 4), 0);
	KUNIT_EXPECT_TRUE(test, vs_net_pick(set, AF_INET, other, src));
	KUNIT_EXPECT_EQ(test, memcmp(src, first.addr, 4), 0);
	/* No IPv6 address, no IPv6 source. */
	KUNIT_EXPECT_FALSE(test, vs_net_pick(set, AF_INET6, v6.addr, src));
	KUNIT_EXPECT_FALSE(test, vs_net_pick(NULL, AF_INET, near, src));
	rcu_read_unlock();
	vs_test_context_done(a);
}

/* The index names an address's context, and forgets it on del and retiring. */
static void vs_test_net_owner_index(struct kunit *test)
{
	struct vs_context *a = vs_test_context(test, TEST_XID_A);
	struct vs_context *b = vs_test_context(test, TEST_XID_B);
	struct vs_net_addr v4 = vs_test_v4(198, 51, 100, 8, 24);
	struct vs_net_addr v6 = { .family = AF_INET6, .prefix = 64,
				  .addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x08 } };
	const u8 neighbour[4] = { 198, 51, 100, 9 };

	KUNIT_EXPECT_PTR_EQ(test, vs_net_owner(AF_INET, v4.addr), NULL);
	KUNIT_ASSERT_EQ(test, vs_net_add(a, &v4), 0);
	KUNIT_ASSERT_EQ(test, vs_net_add(a, &v6), 0);
	KUNIT_EXPECT_PTR_EQ(test, vs_net_owner(AF_INET, v4.addr), a);
	KUNIT_EXPECT_PTR_EQ(test, vs_net_owner(AF_INET6, v6.addr), a);
	/* Neither a neighbour nor the same bytes in the other family. */
	KUNIT_EXPECT_PTR_EQ(test, vs_net_owner(AF_INET, neighbour), NULL);
	KUNIT_EXPECT_PTR_EQ(test, vs_net_owner(AF_INET6, v4.addr), NULL);
	/* A refused add leaves no entry behind. */
	KUNIT_EXPECT_EQ(test, vs_net_add(b, &v4), -EADDRINUSE);
	KUNIT_EXPECT_PTR_EQ(test, vs_net_owner(AF_INET, v4.addr), a);

	KUNIT_EXPECT_EQ(test, vs_net_del(a, &v4), 0);
	KUNIT_EXPECT_PTR_EQ(test, vs_net_owner(AF_INET, v4.addr), NULL);
	KUNIT_EXPECT_PTR_EQ(test, vs_net_owner(AF_INET6, v6.addr), a);
	/* Retiring frees the addresses: the next holder is found by them. */
	vs_test_context_done(a);
	KUNIT_EXPECT_PTR_EQ(test, vs_net_owner(AF_INET6, v6.addr), NULL);
	KUNIT_EXPECT_EQ(test, vs_net_add(b, &v6), 0);
	KUNIT_EXPECT_PTR_EQ(test, vs_net_owner(AF_INET6, v6.addr), b);
	vs_test_context_done(b);
	KUNIT_EXPECT_PTR_EQ(test, vs_net_owner(AF_INET6, v6.addr), NULL);
}

static struct kunit_case vs_net_cases[] = {
	KUNIT_CASE(vs_test_net_add_del),
	KUNIT_CASE(vs_test_net_one_owner),
	KUNIT_CASE(vs_test_net_owner_index),
	KUNIT_CASE(vs_test_net_bad_input),
	KUNIT_CASE(vs_test_net_pick),
	{}
};

static struct kunit_suite vs_net_suite = {
	.name = "vserver_net",
	.test_cases = vs_net_cases,
};

kunit_test_suite(vs_net_suite);
