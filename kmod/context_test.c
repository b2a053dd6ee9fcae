// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for context.c: ids, listing and references.
 */

#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/err.h>

#include "internal.h"

/* An id far from what integration tests use, so the suites never clash. */
#define TEST_XID	40000

static void vs_test_create_lists_context(struct kunit *test)
{
	unsigned int before = vs_context_count();
	struct vs_context *ctx, *found;

	ctx = vs_context_create(TEST_XID, VS_CTX_STATE_RUNNING, NULL);
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

	ctx = vs_context_create(TEST_XID, VS_CTX_STATE_RUNNING, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	again = vs_context_create(TEST_XID, VS_CTX_STATE_RUNNING, NULL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(again), -EBUSY);
	vs_context_unlist(ctx);
	vs_context_put(ctx);

	/* Once unlisted, the id is free again at once. */
	ctx = vs_context_create(TEST_XID, VS_CTX_STATE_RUNNING, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	vs_context_unlist(ctx);
	vs_context_put(ctx);
}

static void vs_test_xid_range(struct kunit *test)
{
	static const u32 bad[] = { VS_XID_SPECTATOR, VS_XID_MAX + 1, U32_MAX };
	struct vs_context *ctx;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ctx = vs_context_create(bad[i], VS_CTX_STATE_RUNNING, NULL);
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(ctx), -EINVAL,
				    "xid %u", bad[i]);
	}
}

static void vs_test_dynamic_xid(struct kunit *test)
{
	struct vs_context *a, *b;

	a = vs_context_create(0, VS_CTX_STATE_RUNNING, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	b = vs_context_create(0, VS_CTX_STATE_RUNNING, NULL);
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
	struct vs_context *ctx = vs_context_create(TEST_XID, VS_CTX_STATE_RUNNING, NULL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	refcount_inc(&ctx->refs);
	vs_context_unlist(ctx);
	/* A second unlist must not drop the list's reference again. */
	vs_context_unlist(ctx);
	KUNIT_EXPECT_EQ(test, refcount_read(&ctx->refs), 2);
	vs_context_put(ctx);
	vs_context_put(ctx);
}

static void vs_test_setup_kept_until_run(struct kunit *test)
{
	struct vs_context *ctx = vs_context_create(TEST_XID, VS_CTX_STATE_SETUP, NULL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	KUNIT_EXPECT_EQ(test, ctx->bcaps, (u64)VS_BCAPS_DEFAULT);
	/* Empty but in setup: still there. */
	KUNIT_EXPECT_PTR_EQ(test, vs_context_get_by_xid(TEST_XID), ctx);
	vs_context_put(ctx);
	/* Running and empty, not persistent: retires at once. */
	KUNIT_EXPECT_EQ(test, vs_context_run(ctx), 0);
	KUNIT_EXPECT_NULL(test, vs_context_get_by_xid(TEST_XID));
	KUNIT_EXPECT_EQ(test, vs_context_run(ctx), -ESRCH);
	vs_context_put(ctx);
}

static void vs_test_persistent(struct kunit *test)
{
	struct vs_context *ctx = vs_context_create(TEST_XID, VS_CTX_STATE_SETUP, NULL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	KUNIT_EXPECT_EQ(test, vs_context_set_flags(ctx, VS_CTX_FLAG_PERSISTENT, 0), 0);
	KUNIT_EXPECT_EQ(test, vs_context_run(ctx), 0);
	KUNIT_EXPECT_EQ(test, vs_context_run(ctx), -EBUSY);
	KUNIT_EXPECT_GT(test, vs_context_count(), 0U);
	KUNIT_EXPECT_EQ(test, vs_context_set_flags(ctx, 1ULL << 63, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vs_context_set_flags(ctx, VS_CTX_FLAG_PERSISTENT,
						   VS_CTX_FLAG_PERSISTENT), -EINVAL);
	/* Clearing persistence on an empty running context ends it. */
	KUNIT_EXPECT_EQ(test, vs_context_set_flags(ctx, 0, VS_CTX_FLAG_PERSISTENT), 0);
	KUNIT_EXPECT_NULL(test, vs_context_get_by_xid(TEST_XID));
	vs_context_put(ctx);
}

static void vs_test_bcaps(struct kunit *test)
{
	struct vs_context *ctx = vs_context_create(TEST_XID, VS_CTX_STATE_SETUP, NULL);
	u64 kill = BIT_ULL(CAP_KILL), chown = BIT_ULL(CAP_CHOWN);
	u64 fowner = BIT_ULL(CAP_FOWNER);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	KUNIT_EXPECT_EQ(test, vs_context_set_bcaps(ctx, 1ULL << 63), -EINVAL);
	/* In setup, anything valid, also a raise. */
	KUNIT_EXPECT_EQ(test, vs_context_set_bcaps(ctx, kill), 0);
	KUNIT_EXPECT_EQ(test, vs_context_set_bcaps(ctx, kill | chown), 0);
	KUNIT_EXPECT_EQ(test, vs_context_set_flags(ctx, VS_CTX_FLAG_PERSISTENT, 0), 0);
	KUNIT_EXPECT_EQ(test, vs_context_run(ctx), 0);
	/* Running: only shrink. */
	KUNIT_EXPECT_EQ(test, vs_context_set_bcaps(ctx, kill | chown | fowner),
			-EPERM);
	KUNIT_EXPECT_EQ(test, vs_context_set_bcaps(ctx, kill), 0);
	KUNIT_EXPECT_EQ(test, vs_context_set_bcaps(ctx, kill | chown), -EPERM);
	KUNIT_EXPECT_EQ(test, ctx->bcaps, kill);
	KUNIT_EXPECT_EQ(test, vs_context_remove(ctx), 0);
	KUNIT_EXPECT_EQ(test, vs_context_remove(ctx), -ESRCH);
	vs_context_put(ctx);
}

static void vs_test_remove_busy(struct kunit *test)
{
	struct vs_context *ctx = vs_context_create(TEST_XID, VS_CTX_STATE_SETUP, NULL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	/* Stands for a task in the context. */
	atomic_inc(&ctx->tasks);
	KUNIT_EXPECT_EQ(test, vs_context_remove(ctx), -EBUSY);
	atomic_dec(&ctx->tasks);
	KUNIT_EXPECT_EQ(test, vs_context_remove(ctx), 0);
	vs_context_put(ctx);
}

static void vs_test_list(struct kunit *test)
{
	struct vs_context *a, *b;
	u32 xids[64];
	int n, i, seen = 0;

	a = vs_context_create(TEST_XID + 1, VS_CTX_STATE_SETUP, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	b = vs_context_create(TEST_XID, VS_CTX_STATE_SETUP, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	n = vs_context_list(xids, ARRAY_SIZE(xids));
	KUNIT_EXPECT_GE(test, n, 2);
	for (i = 0; i < min_t(int, n, ARRAY_SIZE(xids)); i++) {
		if (i)
			KUNIT_EXPECT_LT(test, xids[i - 1], xids[i]);
		if (xids[i] == TEST_XID || xids[i] == TEST_XID + 1)
			seen++;
	}
	KUNIT_EXPECT_EQ(test, seen, 2);
	/* No room: still the count. */
	KUNIT_EXPECT_EQ(test, vs_context_list(xids, 0), n);
	vs_context_unlist(a);
	vs_context_unlist(b);
	KUNIT_EXPECT_EQ(test, vs_context_list(xids, ARRAY_SIZE(xids)), n - 2);
	vs_context_put(a);
	vs_context_put(b);
}

static struct kunit_case vs_context_cases[] = {
	KUNIT_CASE(vs_test_create_lists_context),
	KUNIT_CASE(vs_test_xid_taken),
	KUNIT_CASE(vs_test_xid_range),
	KUNIT_CASE(vs_test_dynamic_xid),
	KUNIT_CASE(vs_test_unlist_twice),
	KUNIT_CASE(vs_test_setup_kept_until_run),
	KUNIT_CASE(vs_test_persistent),
	KUNIT_CASE(vs_test_bcaps),
	KUNIT_CASE(vs_test_remove_busy),
	KUNIT_CASE(vs_test_list),
	{}
};

static struct kunit_suite vs_context_suite = {
	.name = "vserver_context",
	.test_cases = vs_context_cases,
};

kunit_test_suite(vs_context_suite);
