// SPDX-License-Identifier: GPL-2.0
/*
 * Security contexts: creation, lookup by id, and the task hooks that keep
 * each context's task count and references.
 *
 * A context is listed in vs_contexts from creation until its last task has
 * run do_exit(); the list holds one reference.
 * Every task_struct in the context holds another, dropped when the task is
 * freed.  Each context also pins the module, so the module cannot be
 * unloaded while a task could still call back into it.
 */

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "internal.h"

static DEFINE_XARRAY_ALLOC(vs_contexts);
/* Serialises listing and unlisting against entering a context. */
static DEFINE_MUTEX(vs_context_mutex);
static atomic_t vs_context_listed = ATOMIC_INIT(0);

/**
 * vs_context_create - create and list a new context
 * @xid: the id wanted, or 0 for any free id of the dynamic range
 *
 * Return: the context with one reference for the caller besides the list's,
 * or ERR_PTR(-EINVAL) for an id out of range, -EBUSY if the id (or, for
 * @xid 0, every dynamic id) is taken, -ENOMEM.
 */
struct vs_context *vs_context_create(u32 xid)
{
	struct vs_context *ctx;
	int ret;

	if (xid && (xid < VS_XID_MIN || xid > VS_XID_MAX))
		return ERR_PTR(-EINVAL);

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	refcount_set(&ctx->refs, 2);
	atomic_set(&ctx->tasks, 0);
	/* Pinned before anyone can find it; dropped with the last reference. */
	__module_get(THIS_MODULE);

	mutex_lock(&vs_context_mutex);
	if (xid) {
		ctx->xid = xid;
		ret = xa_insert(&vs_contexts, xid, ctx, GFP_KERNEL);
	} else {
		ret = xa_alloc(&vs_contexts, &ctx->xid, ctx,
			       XA_LIMIT(VS_XID_DYNAMIC_MIN, VS_XID_MAX),
			       GFP_KERNEL);
	}
	if (!ret)
		atomic_inc(&vs_context_listed);
	mutex_unlock(&vs_context_mutex);
	if (ret) {
		kfree(ctx);
		module_put(THIS_MODULE);
		return ERR_PTR(ret);
	}
	return ctx;
}

/**
 * vs_context_get_by_xid - look up a listed context
 * @xid: its id
 *
 * Return: the context with a reference the caller must put, or NULL.
 */
struct vs_context *vs_context_get_by_xid(u32 xid)
{
	struct vs_context *ctx;

	rcu_read_lock();
	ctx = xa_load(&vs_contexts, xid);
	if (ctx && !refcount_inc_not_zero(&ctx->refs))
		ctx = NULL;
	rcu_read_unlock();
	return ctx;
}

/**
 * vs_context_put - drop a reference, freeing the context with the last one
 * @ctx: the context
 *
 * The last reference goes either from a task hook, which runs inside the
 * hook table's SRCU section, or from a file operation, which holds a module
 * reference: either way the module text outlives this function.
 */
void vs_context_put(struct vs_context *ctx)
{
	if (refcount_dec_and_test(&ctx->refs)) {
		kfree_rcu(ctx, rcu);
		module_put(THIS_MODULE);
	}
}

/* Called with vs_context_mutex held. */
static void vs_context_unlist_locked(struct vs_context *ctx)
{
	if (xa_load(&vs_contexts, ctx->xid) != ctx)
		return;
	xa_erase(&vs_contexts, ctx->xid);
	atomic_dec(&vs_context_listed);
	vs_context_put(ctx);
}

/**
 * vs_context_unlist - retire a context: its id becomes free at once
 * @ctx: the context
 *
 * Tasks still in the context keep it alive until they are freed.
 */
void vs_context_unlist(struct vs_context *ctx)
{
	mutex_lock(&vs_context_mutex);
	vs_context_unlist_locked(ctx);
	mutex_unlock(&vs_context_mutex);
}

/*
 * The last task left.  Check again under the mutex: a task may have entered
 * the context since the count dropped.
 */
static void vs_context_empty(struct vs_context *ctx)
{
	mutex_lock(&vs_context_mutex);
	if (!atomic_read(&ctx->tasks))
		vs_context_unlist_locked(ctx);
	mutex_unlock(&vs_context_mutex);
}

/**
 * vs_context_migrate - move the calling task from the host into @ctx
 * @ctx: a listed context
 *
 * Only a single-threaded task may move, so that a process is never split
 * across contexts.
 *
 * Return: 0, -EPERM if current is in a context already, -EBUSY if it has
 * other threads, -ESRCH if @ctx has been retired meanwhile.
 */
int vs_context_migrate(struct vs_context *ctx)
{
	int ret = 0;

	if (current->vs_context)
		return -EPERM;
	if (get_nr_threads(current) != 1)
		return -EBUSY;

	mutex_lock(&vs_context_mutex);
	if (xa_load(&vs_contexts, ctx->xid) != ctx) {
		ret = -ESRCH;
	} else {
		refcount_inc(&ctx->refs);
		atomic_inc(&ctx->tasks);
		/* Readers see NULL or ctx; both stay valid while they look. */
		WRITE_ONCE(current->vs_context, ctx);
	}
	mutex_unlock(&vs_context_mutex);
	return ret;
}

unsigned int vs_context_count(void)
{
	return atomic_read(&vs_context_listed);
}

/*
 * Task hooks.  The kernel calls them only for tasks that have a context:
 * task_alloc for the child of a task in a context, task_exit and task_free
 * for a task whose vs_context is set.
 */
int vs_context_task_alloc(struct task_struct *task, u64 clone_flags)
{
	struct vs_context *ctx = current->vs_context;

	/* The parent is alive in ctx, so ctx->tasks cannot be zero here. */
	refcount_inc(&ctx->refs);
	atomic_inc(&ctx->tasks);
	task->vs_context = ctx;
	return 0;
}

void vs_context_task_exit(struct task_struct *task)
{
	struct vs_context *ctx = task->vs_context;

	if (atomic_dec_and_test(&ctx->tasks))
		vs_context_empty(ctx);
}

void vs_context_task_free(struct task_struct *task)
{
	struct vs_context *ctx = task->vs_context;

	/*
	 * A task that never reached do_exit() is a failed fork, freed from
	 * copy_process() in process context; it still counts as a task.  Its
	 * parent is alive in ctx, so this cannot be the last one.
	 */
	if (!(task->flags & PF_EXITING))
		WARN_ON_ONCE(atomic_dec_and_test(&ctx->tasks));
	task->vs_context = NULL;
	vs_context_put(ctx);
}

void vs_context_exit(void)
{
	/* Every listed context pins the module: none can be left here. */
	WARN_ON(!xa_empty(&vs_contexts));
	xa_destroy(&vs_contexts);
}
