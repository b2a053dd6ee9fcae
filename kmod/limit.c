// SPDX-License-Identifier: GPL-2.0
/*
 * The limits no cgroup controller keeps: a context's open files and its
 * sockets (design.md section 5); and the refusals of its disk quota, which
 * the quota does not count.  The file_charge and socket_charge hooks
 * count each one against its context and refuse it over the limit; the
 * charged object points at its context, with a reference, until it is
 * freed, so that it is given back to the context it was taken from even
 * when another task (a host task it was passed to) frees it.
 *
 * The counters are one cache line of atomics per context: the cost is paid
 * by guests only, and only on allocation and free.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/net.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <kunit/visibility.h>
#include <uapi/linux/vserver.h>

#include "internal.h"

static const char *const vs_limit_names[VS_CTX_LIMIT_COUNT] = {
	[VS_CTX_LIMIT_FILES] = "files",
	[VS_CTX_LIMIT_SOCKETS] = "sockets",
	[VS_CTX_LIMIT_DISK] = "disk",
	[VS_CTX_LIMIT_DISK_INODES] = "disk.inodes",
};

/* The resources below VS_CTX_LIMIT_DISK are counted here; the rest, hits only. */
static bool vs_limit_counted(u32 resource)
{
	return resource < VS_CTX_LIMIT_DISK;
}

/**
 * vs_limit_init - start a new context's limits: none, nothing used
 * @ctx: the context, not yet published
 */
void vs_limit_init(struct vs_context *ctx)
{
	unsigned int i;

	for (i = 0; i < VS_CTX_LIMIT_COUNT; i++) {
		struct vs_limit_counter *c = &ctx->limits[i];

		atomic_long_set(&c->usage, 0);
		atomic_long_set(&c->peak, 0);
		atomic_long_set(&c->hits, 0);
		c->max = LONG_MAX;
		/* One line a minute, without "callbacks suppressed" lines. */
		ratelimit_state_init(&c->log, 60 * HZ, 1);
		ratelimit_set_flags(&c->log, RATELIMIT_MSG_ON_RELEASE);
	}
}

/**
 * vs_limit_set - change one limit
 * @ctx: the context
 * @resource: VS_CTX_LIMIT_*
 * @max: the new limit, or VS_CTX_LIMIT_UNLIMITED
 *
 * Return: 0, -EINVAL for an unknown resource, or -EOPNOTSUPP for one whose
 * limit is kept elsewhere (the disk quota).
 */
int vs_limit_set(struct vs_context *ctx, u32 resource, u64 max)
{
	if (resource >= VS_CTX_LIMIT_COUNT)
		return -EINVAL;
	if (!vs_limit_counted(resource))
		return -EOPNOTSUPP;
	WRITE_ONCE(ctx->limits[resource].max, min_t(u64, max, LONG_MAX));
	return 0;
}

/**
 * vs_limit_get - read one limit and its counters into @req
 * @ctx: the context
 * @req: the request, naming the resource
 *
 * Return: 0, or -EINVAL for an unknown resource.
 */
int vs_limit_get(struct vs_context *ctx, struct vs_ctx_limit *req)
{
	const struct vs_limit_counter *c;
	long max;

	if (req->resource >= VS_CTX_LIMIT_COUNT)
		return -EINVAL;
	c = &ctx->limits[req->resource];
	max = READ_ONCE(c->max);
	req->max = max == LONG_MAX ? VS_CTX_LIMIT_UNLIMITED : max;
	req->usage = atomic_long_read(&c->usage);
	req->peak = atomic_long_read(&c->peak);
	req->hits = atomic_long_read(&c->hits);
	return 0;
}

/**
 * vs_limit_show - /proc/virtual/<xid>/limit
 * @m: the file
 * @ctx: the context
 *
 * The columns of "vserver NAME limit", for the resources the module counts;
 * for those whose limit is kept elsewhere, only the hits ("-" for the rest).
 */
void vs_limit_show(struct seq_file *m, struct vs_context *ctx)
{
	unsigned int i;

	seq_puts(m, "RESOURCE USED PEAK LIMIT HITS\n");
	for (i = 0; i < VS_CTX_LIMIT_COUNT; i++) {
		const struct vs_limit_counter *c = &ctx->limits[i];
		long max = READ_ONCE(c->max);

		if (!vs_limit_counted(i)) {
			seq_printf(m, "%s - - - %ld\n", vs_limit_names[i],
				   atomic_long_read(&c->hits));
			continue;
		}
		seq_printf(m, "%s %ld %ld ", vs_limit_names[i],
			   atomic_long_read(&c->usage),
			   atomic_long_read(&c->peak));
		if (max == LONG_MAX)
			seq_puts(m, "max");
		else
			seq_printf(m, "%ld", max);
		seq_printf(m, " %ld\n", atomic_long_read(&c->hits));
	}
}

/**
 * vs_limit_hit - count a refusal of a limit kept elsewhere
 * @ctx: the context refused
 * @resource: VS_CTX_LIMIT_DISK or VS_CTX_LIMIT_DISK_INODES
 *
 * Any context: nothing here sleeps.
 */
void vs_limit_hit(struct vs_context *ctx, unsigned int resource)
{
	atomic_long_inc(&ctx->limits[resource].hits);
}

static void vs_limit_refused(struct vs_context *ctx, unsigned int resource,
			     long max)
{
	struct vs_limit_counter *c = &ctx->limits[resource];

	atomic_long_inc(&c->hits);
	if (__ratelimit(&c->log))
		pr_notice("xid %u%s%s%s hit limit %s (max %ld)\n", ctx->xid,
			  ctx->name[0] ? " (" : "", ctx->name,
			  ctx->name[0] ? ")" : "", vs_limit_names[resource],
			  max);
}

/*
 * Take one unit of @resource, or count a hit.  The compare-and-exchange
 * keeps racing chargers from going over the limit together; an unlimited
 * counter needs none.
 */
VISIBLE_IF_KUNIT bool vs_limit_charge(struct vs_context *ctx,
				      unsigned int resource)
{
	struct vs_limit_counter *c = &ctx->limits[resource];
	long max = READ_ONCE(c->max);
	long usage, peak;

	if (max == LONG_MAX) {
		usage = atomic_long_inc_return(&c->usage);
	} else {
		usage = atomic_long_read(&c->usage);
		do {
			if (usage >= max) {
				vs_limit_refused(ctx, resource, max);
				return false;
			}
		} while (!atomic_long_try_cmpxchg(&c->usage, &usage,
						  usage + 1));
		usage++;
	}
	peak = atomic_long_read(&c->peak);
	while (usage > peak && !atomic_long_try_cmpxchg(&c->peak, &peak, usage))
		;
	return true;
}

/* Give back one unit and the reference the charged object held. */
VISIBLE_IF_KUNIT void vs_limit_uncharge(struct vs_context *ctx,
					unsigned int resource)
{
	atomic_long_dec(&ctx->limits[resource].usage);
	vs_context_put(ctx);
}

/*
 * Charge current's context one unit of @resource for an object that will
 * hold the context: it, referenced; NULL when nothing is charged (the
 * spectator only watches, and what its tasks open is the host's); or
 * ERR_PTR(@refused) over the limit.
 */
static struct vs_context *vs_limit_take(unsigned int resource, int refused)
{
	struct vs_context *ctx = current->vs_context;

	if (ctx->xid == VS_XID_SPECTATOR)
		return NULL;
	if (!vs_limit_charge(ctx, resource))
		return ERR_PTR(refused);
	refcount_inc(&ctx->refs);
	return ctx;
}

/* The file_charge hook. */
int vs_limit_file_charge(struct file *file)
{
	struct vs_context *ctx = vs_limit_take(VS_CTX_LIMIT_FILES, -ENFILE);

	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	file->f_vs_context = ctx;
	return 0;
}

/* The file_uncharge hook: any context, so nothing here sleeps. */
void vs_limit_file_uncharge(struct file *file)
{
	vs_limit_uncharge(file->f_vs_context, VS_CTX_LIMIT_FILES);
	file->f_vs_context = NULL;
}

/* The socket_charge hook. */
int vs_limit_socket_charge(struct socket *sock)
{
	struct vs_context *ctx = vs_limit_take(VS_CTX_LIMIT_SOCKETS, -ENOBUFS);

	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	sock->vs_context = ctx;
	return 0;
}

/* The socket_uncharge hook. */
void vs_limit_socket_uncharge(struct socket *sock)
{
	vs_limit_uncharge(sock->vs_context, VS_CTX_LIMIT_SOCKETS);
	sock->vs_context = NULL;
}
