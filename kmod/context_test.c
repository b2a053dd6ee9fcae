// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for context.c: ids, listing and references.
 */

#include <kunit/test.h>
#include <linux/err.h>

#include "internal.h"

/* An id far from what integration tests use, so the suites never clash. */
#define TEST_XID	40000

static void vs_test_create_lists_context(struct kunit *test)
{
	unsigned int before = vs_context_count();
	struct vs_context *ctx, *found;

	ctx = vs_context_create(TEST_XID);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	KUNIT_EXPECT_EQ(test, ctx->xid, TEST_XID);
	KUNIT_EXPECT_EQ(test, vs_context_count(), before + 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->tasks), 0);

	found = vs_context_get_by_xid(TEST_XID);
	KUNIT_EXPECT_PTR_EQ(test, found, ctx);
	if (found)
		vs_context_put(found);

	vs_context_unlist(ctx);
	KUNIT_EXPECT_NULL(test, vs_context_get_by_xid(TEST_XID));
	KUNIT_EXPECT_EQ(test, vs_context_count(), before);
	/* Our reference keeps the unlisted context valid until we drop it. */
	KUNIT_EXPECT_EQ(test, refcount_read(&ctx->refs), 1);
	vs_context_put(ctx);
}

static void vs_test_xid_taken(struct kunit *test)
{
	struct vs_context *ctx, *again;

	ctx = vs_context_create(TEST_XID);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	again = vs_context_create(TEST_XID);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(again), -EBUSY);
	vs_context_unlist(ctx);
	vs_context_put(ctx);

	/* Once unlisted, the id is free again at once. */
	ctx = vs_context_create(TEST_XID);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	vs_context_unlist(ctx);
	vs_context_put(ctx);
}

static void vs_test_xid_range(struct kunit *test)
{
	static const u32 bad[] = { VS_XID_SPECTATOR, VS_XID_MAX + 1, U32_MAX };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    PTR_ERR_OR_ZERO(vs_context_create(bad[i])),
				    -EINVAL, "xid %u", bad[i]);
}

static void vs_test_dynamic_xid(struct kunit *test)
{
	struct vs_context *a, *b;

	a = vs_context_create(0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	b = vs_context_create(0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_EXPECT_GE(test, a->xid, VS_XID_DYNAMIC_MIN);
	KUNIT_EXPECT_LE(test, a->xid, VS_XID_MAX);
	KUNIT_EXPECT_GE(test, b->xid, VS_XID_DYNAMIC_MIN);
	KUNIT_EXPECT_NE(test, a->xid, b->xid);
	vs_context_unlist(a);
	vs_context_put(a);
	vs_context_unlist(b);
	vs_context_put(b);
}

static void vs_test_unlist_twice(struct kunit *test)
{
	struct vs_context *ctx = vs_context_create(TEST_XID);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	refcount_inc(&ctx->refs);
	vs_context_unlist(ctx);
	/* A second unlist must not drop the list's reference again. */
	vs_context_unlist(ctx);
	KUNIT_EXPECT_EQ(test, refcount_read(&ctx->refs), 2);
	vs_context_put(ctx);
	vs_context_put(ctx);
}

static struct kunit_case vs_context_cases[] = {
	KUNIT_CASE(vs_test_create_lists_context),
	KUNIT_CASE(vs_test_xid_taken),
	KUNIT_CASE(vs_test_xid_range),
	KUNIT_CASE(vs_test_dynamic_xid),
	KUNIT_CASE(vs_test_unlist_twice),
	{}
};

static struct kunit_suite vs_context_suite = {
	.name = "vserver_context",
	.test_cases = vs_context_cases,
};

kunit_test_suite(vs_context_suite);
