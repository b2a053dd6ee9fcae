// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the isolation rules (isolation.c) for every pair of host, own
 * context, another context and the spectator.
 */

#include <kunit/test.h>
#include <linux/slab.h>

#include "internal.h"

/* A context with only its id set; contexts are too big for the stack. */
static struct vs_context *vs_test_ctx(struct kunit *test, u32 xid)
{
	struct vs_context *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->xid = xid;
	return ctx;
}

static void vs_test_isolation_rules(struct kunit *test)
{
	struct vs_context *own = vs_test_ctx(test, 100);
	struct vs_context *other = vs_test_ctx(test, 101);
	struct vs_context *spectator = vs_test_ctx(test, VS_XID_SPECTATOR);

	/* The host sees and acts on everything. */
	KUNIT_EXPECT_TRUE(test, vs_isolation_may_see(NULL, NULL));
	KUNIT_EXPECT_TRUE(test, vs_isolation_may_see(NULL, own));
	KUNIT_EXPECT_TRUE(test, vs_isolation_may_act(NULL, own));
	KUNIT_EXPECT_TRUE(test, vs_isolation_may_act(NULL, spectator));

	/* A context: its own tasks only. */
	KUNIT_EXPECT_TRUE(test, vs_isolation_may_see(own, own));
	KUNIT_EXPECT_TRUE(test, vs_isolation_may_act(own, own));
	KUNIT_EXPECT_FALSE(test, vs_isolation_may_see(own, NULL));
	KUNIT_EXPECT_FALSE(test, vs_isolation_may_act(own, NULL));
	KUNIT_EXPECT_FALSE(test, vs_isolation_may_see(own, other));
	KUNIT_EXPECT_FALSE(test, vs_isolation_may_act(own, other));
	KUNIT_EXPECT_FALSE(test, vs_isolation_may_see(own, spectator));

	/* The spectator sees everything and acts on nothing but itself. */
	KUNIT_EXPECT_TRUE(test, vs_isolation_may_see(spectator, NULL));
	KUNIT_EXPECT_TRUE(test, vs_isolation_may_see(spectator, own));
	KUNIT_EXPECT_FALSE(test, vs_isolation_may_act(spectator, NULL));
	KUNIT_EXPECT_FALSE(test, vs_isolation_may_act(spectator, own));
	KUNIT_EXPECT_TRUE(test, vs_isolation_may_act(spectator, spectator));
}

static struct kunit_case vs_isolation_cases[] = {
	KUNIT_CASE(vs_test_isolation_rules),
	{}
};

static struct kunit_suite vs_isolation_suite = {
	.name = "vserver_isolation",
	.test_cases = vs_isolation_cases,
};

kunit_test_suite(vs_isolation_suite);
