// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for limit.c: the counters behind the files and sockets limits,
 * and the disk quota's hits.
 */

#include <kunit/test.h>
#include <linux/err.h>

#include "internal.h"

/* Beside context_test.c's ids, so that the suites never clash. */
#define TEST_XID	40010

static struct vs_context *vs_test_context(struct kunit *test)
{
	struct vs_context *ctx;

	ctx = vs_context_create(TEST_XID, VS_CTX_STATE_SETUP, "limit-test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	return ctx;
}

static void vs_test_context_done(struct vs_context *ctx)
{
	vs_context_unlist(ctx);
	vs_context_put(ctx);
}

static void vs_test_read(struct vs_context *ctx, u32 resource,
			 struct vs_ctx_limit *out)
{
	*out = (struct vs_ctx_limit){ .resource = resource };
	vs_limit_get(ctx, out);
}

/* Charge @n units, each with the reference a charged file would hold. */
static unsigned int vs_test_charge(struct vs_context *ctx, u32 resource,
				   unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!vs_limit_charge(ctx, resource))
			break;
		refcount_inc(&ctx->refs);
	}
	return i;
}

static void vs_test_uncharge(struct vs_context *ctx, u32 resource,
			     unsigned int n)
{
	while (n--)
		vs_limit_uncharge(ctx, resource);
}

static void vs_test_unlimited_counts(struct kunit *test)
{
	struct vs_context *ctx = vs_test_context(test);
	struct vs_ctx_limit l;

	vs_test_read(ctx, VS_CTX_LIMIT_FILES, &l);
	KUNIT_EXPECT_EQ(test, l.max, VS_CTX_LIMIT_UNLIMITED);
	KUNIT_EXPECT_EQ(test, vs_test_charge(ctx, VS_CTX_LIMIT_FILES, 5), 5);
	vs_test_uncharge(ctx, VS_CTX_LIMIT_FILES, 2);
	vs_test_read(ctx, VS_CTX_LIMIT_FILES, &l);
	KUNIT_EXPECT_EQ(test, l.usage, 3);
	KUNIT_EXPECT_EQ(test, l.peak, 5);
	KUNIT_EXPECT_EQ(test, l.hits, 0);
	/* The other resource is counted apart. */
	vs_test_read(ctx, VS_CTX_LIMIT_SOCKETS, &l);
	KUNIT_EXPECT_EQ(test, l.usage, 0);
	vs_test_uncharge(ctx, VS_CTX_LIMIT_FILES, 3);
	vs_test_context_done(ctx);
}

static void vs_test_limit_refuses(struct kunit *test)
{
	struct vs_context *ctx = vs_test_context(test);
	struct vs_ctx_limit l;

	KUNIT_EXPECT_EQ(test, vs_limit_set(ctx, VS_CTX_LIMIT_SOCKETS, 2), 0);
	KUNIT_EXPECT_EQ(test, vs_test_charge(ctx, VS_CTX_LIMIT_SOCKETS, 5), 2);
	vs_test_read(ctx, VS_CTX_LIMIT_SOCKETS, &l);
	KUNIT_EXPECT_EQ(test, l.max, 2);
	KUNIT_EXPECT_EQ(test, l.usage, 2);
	KUNIT_EXPECT_EQ(test, l.hits, 1);

	/* Lowered below the usage: nothing more until enough is back. */
	KUNIT_EXPECT_EQ(test, vs_limit_set(ctx, VS_CTX_LIMIT_SOCKETS, 1), 0);
	KUNIT_EXPECT_EQ(test, vs_test_charge(ctx, VS_CTX_LIMIT_SOCKETS, 1), 0);
	vs_test_uncharge(ctx, VS_CTX_LIMIT_SOCKETS, 2);
	KUNIT_EXPECT_EQ(test, vs_test_charge(ctx, VS_CTX_LIMIT_SOCKETS, 2), 1);

	/* Lifted again. */
	KUNIT_EXPECT_EQ(test, vs_limit_set(ctx, VS_CTX_LIMIT_SOCKETS,
					   VS_CTX_LIMIT_UNLIMITED), 0);
	KUNIT_EXPECT_EQ(test, vs_test_charge(ctx, VS_CTX_LIMIT_SOCKETS, 3), 3);
	vs_test_read(ctx, VS_CTX_LIMIT_SOCKETS, &l);
	KUNIT_EXPECT_EQ(test, l.max, VS_CTX_LIMIT_UNLIMITED);
	KUNIT_EXPECT_EQ(test, l.usage, 4);
	KUNIT_EXPECT_EQ(test, l.hits, 3);
	vs_test_uncharge(ctx, VS_CTX_LIMIT_SOCKETS, 4);
	vs_test_context_done(ctx);
}

static void vs_test_unknown_resource(struct kunit *test)
{
	struct vs_context *ctx = vs_test_context(test);
	struct vs_ctx_limit l = { .resource = VS_CTX_LIMIT_COUNT };

	KUNIT_EXPECT_EQ(test, vs_limit_set(ctx, VS_CTX_LIMIT_COUNT, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vs_limit_get(ctx, &l), -EINVAL);
	KUNIT_EXPECT_STREQ(test, ctx->name, "limit-test");
	vs_test_context_done(ctx);
}

/* The disk rows: hits only, and no limit to set (the quota keeps it). */
static void vs_test_disk_hits_only(struct kunit *test)
{
	struct vs_context *ctx = vs_test_context(test);
	struct vs_ctx_limit l;

	KUNIT_EXPECT_EQ(test, vs_limit_set(ctx, VS_CTX_LIMIT_DISK, 1),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, vs_limit_set(ctx, VS_CTX_LIMIT_DISK_INODES, 1),
			-EOPNOTSUPP);
	vs_limit_hit(ctx, VS_CTX_LIMIT_DISK);
	vs_limit_hit(ctx, VS_CTX_LIMIT_DISK);
	vs_limit_hit(ctx, VS_CTX_LIMIT_DISK_INODES);
	vs_test_read(ctx, VS_CTX_LIMIT_DISK, &l);
	KUNIT_EXPECT_EQ(test, l.hits, 2);
	KUNIT_EXPECT_EQ(test, l.usage, 0);
	KUNIT_EXPECT_EQ(test, l.max, VS_CTX_LIMIT_UNLIMITED);
	vs_test_read(ctx, VS_CTX_LIMIT_DISK_INODES, &l);
	KUNIT_EXPECT_EQ(test, l.hits, 1);
	/* The counted resources are untouched. */
	vs_test_read(ctx, VS_CTX_LIMIT_FILES, &l);
	KUNIT_EXPECT_EQ(test, l.hits, 0);
	vs_test_context_done(ctx);
}

static struct kunit_case vs_limit_cases[] = {
	KUNIT_CASE(vs_test_unlimited_counts),
	KUNIT_CASE(vs_test_limit_refuses),
	KUNIT_CASE(vs_test_unknown_resource),
	KUNIT_CASE(vs_test_disk_hits_only),
	{}
};

static struct kunit_suite vs_limit_suite = {
	.name = "vserver_limit",
	.test_cases = vs_limit_cases,
};

kunit_test_suite(vs_limit_suite);
