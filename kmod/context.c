// SPDX-License-Identifier: GPL-2.0
/*
 * Security contexts: creation, lookup by id, their settings and lifecycle,
 * and the task hooks that keep each context's task count and references.
 *
 * A context is listed in vs_contexts from creation until it retires; the
 * list holds one reference.  A context retires when its last task has run
 * do_exit(), unless it is still in setup or is persistent, or when it is
 * removed explicitly.  Every task_struct in the context holds another
 * reference, dropped when the task is freed.  Each context also pins the
 * module, so the module cannot be unloaded while a task could still call
 * back into it.
 */

#include <linux/cred.h>
#include <linux/capability.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/xarray.h>

#include "internal.h"

static DEFINE_XARRAY_ALLOC(vs_contexts);
/* Serialises listing, retiring and settings against entering a context. */
DEFINE_MUTEX(vs_context_mutex);
static atomic_t vs_context_listed = ATOMIC_INIT(0);

/*
 * Reserve @xid, or any dynamic id for xid 0, in ctx->xid.  A reserved slot
 * reads as empty, so lockless lookups cannot find @ctx yet.
 */
static int vs_context_reserve(struct vs_context *ctx, u32 xid)
{
	lockdep_assert_held(&vs_context_mutex);
	if (xid) {
		ctx->xid = xid;
		return xa_insert(&vs_contexts, xid, NULL, GFP_KERNEL);
	}
	return xa_alloc(&vs_contexts, &ctx->xid, NULL,
			XA_LIMIT(VS_XID_DYNAMIC_MIN, VS_XID_MAX), GFP_KERNEL);
}

static struct vs_context *__vs_context_create(u32 xid, u32 state,
					      u64 bcaps, const char *name)
{
	struct vs_context *ctx;
	bool reserved;
	int ret;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	refcount_set(&ctx->refs, 2);
	atomic_set(&ctx->tasks, 0);
	ctx->state = state;
	ctx->bcaps = bcaps;
	ctx->start_ns = ktime_get_boottime_ns();
	if (name)
		strscpy(ctx->name, name);
	vs_limit_init(ctx);
	/* Pinned before anyone can find it; dropped with the last reference. */
	__module_get(THIS_MODULE);

	/*
	 * The id is reserved, then /proc/virtual/<xid> made, and only then is
	 * the context published: a failure frees a context nobody could have
	 * found.  The directory is removed before the id is free again, so two
	 * contexts never race for one /proc/virtual/<xid>.
	 */
	mutex_lock(&vs_context_mutex);
	ret = vs_context_reserve(ctx, xid);
	reserved = !ret;
	if (!ret)
		ret = vs_proc_context_add(ctx);
	if (!ret)
		ret = xa_err(xa_store(&vs_contexts, ctx->xid, ctx, GFP_KERNEL));
	if (!ret)
		atomic_inc(&vs_context_listed);
	mutex_unlock(&vs_context_mutex);
	if (ret) {
		/* Without the mutex: readers of the directory take it. */
		vs_proc_context_remove(ctx);
		if (reserved) {
			mutex_lock(&vs_context_mutex);
			xa_release(&vs_contexts, ctx->xid);
			mutex_unlock(&vs_context_mutex);
		}
		kfree(ctx);
		module_put(THIS_MODULE);
		return ERR_PTR(ret);
	}
	return ctx;
}

/**
 * vs_context_create - create and list a new context
 * @xid: the id wanted, or 0 for any free id of the dynamic range
 * @state: VS_CTX_STATE_SETUP or VS_CTX_STATE_RUNNING
 * @name: the guest's name, or NULL
 *
 * Return: the context with one reference for the caller besides the list's,
 * or ERR_PTR(-EINVAL) for an id out of range, -EBUSY if the id (or, for
 * @xid 0, every dynamic id) is taken, -ENOMEM.
 */
struct vs_context *vs_context_create(u32 xid, u32 state, const char *name)
{
	if (xid && (xid < VS_XID_MIN || xid > VS_XID_MAX))
		return ERR_PTR(-EINVAL);
	return __vs_context_create(xid, state, VS_BCAPS_DEFAULT, name);
}

static bool vs_context_listed_live(struct vs_context *ctx)
{
	RCU_LOCKDEP_WARN(!rcu_read_lock_held() && !lockdep_is_held(&vs_context_mutex),
			 "vserver: context looked up without the mutex or RCU");
	return xa_load(&vs_contexts, ctx->xid) == ctx &&
	       READ_ONCE(ctx->state) != VS_CTX_STATE_DYING;
}

/**
 * vs_context_get_by_xid - look up a listed context
 * @xid: its id
 *
 * Return: the context with a reference the caller must put, or NULL if
 * there is none or it is retiring.
 */
struct vs_context *vs_context_get_by_xid(u32 xid)
{
	struct vs_context *ctx;

	rcu_read_lock();
	ctx = xa_load(&vs_contexts, xid);
	if (ctx && (READ_ONCE(ctx->state) == VS_CTX_STATE_DYING ||
		    !refcount_inc_not_zero(&ctx->refs)))
		ctx = NULL;
	rcu_read_unlock();
	return ctx;
}

/**
 * vs_context_peek - look up a listed, live context without a reference
 * @xid: its id
 *
 * Under RCU: the context is freed no sooner than a grace period after its
 * last reference goes.
 *
 * Return: the context, or NULL if there is none or it is retiring.
 */
struct vs_context *vs_context_peek(u32 xid)
{
	struct vs_context *ctx;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "vserver: context peeked at without RCU");
	ctx = xa_load(&vs_contexts, xid);
	if (ctx && READ_ONCE(ctx->state) == VS_CTX_STATE_DYING)
		return NULL;
	return ctx;
}

/**
 * vs_context_get_spectator - the spectator context, created on first use
 *
 * Return: the context with a reference, or an ERR_PTR.
 */
struct vs_context *vs_context_get_spectator(void)
{
	struct vs_context *ctx;

	for (;;) {
		ctx = vs_context_get_by_xid(VS_XID_SPECTATOR);
		if (ctx)
			return ctx;
		/* It only watches: its tasks keep the capabilities they had. */
		ctx = __vs_context_create(VS_XID_SPECTATOR, VS_CTX_STATE_RUNNING,
					  CAP_VALID_MASK, NULL);
		if (!IS_ERR(ctx))
			return ctx;
		/* Lost a race with another first user, or is still retiring. */
		if (PTR_ERR(ctx) != -EBUSY)
			return ctx;
		cond_resched();
	}
}

/**
 * vs_context_find_locked - the first listed context @match accepts
 * @match: the test, called under vs_context_mutex
 * @arg: its argument
 *
 * Return: the context, valid while the mutex is held, or NULL.
 */
struct vs_context *vs_context_find_locked(bool (*match)(struct vs_context *ctx,
							const void *arg),
					  const void *arg)
{
	struct vs_context *ctx;
	unsigned long xid;

	lockdep_assert_held(&vs_context_mutex);
	xa_for_each(&vs_contexts, xid, ctx)
		if (match(ctx, arg))
			return ctx;
	return NULL;
}

/**
 * vs_context_put - drop a reference, freeing the context with the last one
 * @ctx: the context
 *
 * The last reference goes either from a task, file or socket hook, which
 * runs inside the hook table's SRCU section, or from a file operation, which
 * holds a module reference: either way the module text outlives this
 * function.  Nothing here sleeps: file_uncharge runs in any context.
 */
void vs_context_put(struct vs_context *ctx)
{
	if (refcount_dec_and_test(&ctx->refs)) {
		put_pid(ctx->init_pid);
		vs_net_release(ctx);
		kfree_rcu(ctx, rcu);
		module_put(THIS_MODULE);
	}
}

/*
 * Retiring takes three steps so that /proc/virtual/<xid> is gone before the
 * id can be reused, and is removed without vs_context_mutex held (its
 * readers take the mutex).  Begin: true if the caller now owns the
 * retirement and must call vs_context_retire_finish() after unlocking.
 */
static bool vs_context_retire_begin(struct vs_context *ctx)
{
	lockdep_assert_held(&vs_context_mutex);
	if (!vs_context_listed_live(ctx))
		return false;
	WRITE_ONCE(ctx->state, VS_CTX_STATE_DYING);
	vs_net_retire(ctx);
	return true;
}

static void vs_context_retire_finish(struct vs_context *ctx)
{
	lockdep_assert_not_held(&vs_context_mutex);
	vs_proc_context_remove(ctx);
	mutex_lock(&vs_context_mutex);
	xa_erase(&vs_contexts, ctx->xid);
	atomic_dec(&vs_context_listed);
	mutex_unlock(&vs_context_mutex);
	vs_context_put(ctx);
}

/**
 * vs_context_unlist - retire a context: its id becomes free
 * @ctx: the context
 *
 * Tasks still in the context keep it alive until they are freed.
 */
void vs_context_unlist(struct vs_context *ctx)
{
	bool retire;

	mutex_lock(&vs_context_mutex);
	retire = vs_context_retire_begin(ctx);
	mutex_unlock(&vs_context_mutex);
	if (retire)
		vs_context_retire_finish(ctx);
}

/* An empty context retires once it runs and is not persistent. */
static bool vs_context_retire_if_unused(struct vs_context *ctx)
{
	lockdep_assert_held(&vs_context_mutex);
	if (atomic_read(&ctx->tasks) || ctx->state != VS_CTX_STATE_RUNNING ||
	    (ctx->flags & VS_CTX_FLAG_PERSISTENT))
		return false;
	return vs_context_retire_begin(ctx);
}

/*
 * The last task left.  Check again under the mutex: a task may have entered
 * the context since the count dropped.
 */
static void vs_context_empty(struct vs_context *ctx)
{
	bool retire;

	mutex_lock(&vs_context_mutex);
	retire = vs_context_retire_if_unused(ctx);
	mutex_unlock(&vs_context_mutex);
	if (retire)
		vs_context_retire_finish(ctx);
}

/* Cut every capability set of @cred to @bcaps. */
static void vs_cred_bound(struct cred *cred, u64 bcaps)
{
	kernel_cap_t bound = { .val = bcaps & CAP_VALID_MASK };

	cred->cap_bset = cap_intersect(cred->cap_bset, bound);
	cred->cap_permitted = cap_intersect(cred->cap_permitted, bound);
	cred->cap_effective = cap_intersect(cred->cap_effective, bound);
	cred->cap_inheritable = cap_intersect(cred->cap_inheritable, bound);
	cred->cap_ambient = cap_intersect(cred->cap_ambient, bound);
}

/**
 * vs_context_migrate - move the calling task from the host into @ctx
 * @ctx: a listed context
 * @init: record the caller as the context's init
 *
 * Only a single-threaded task may move, so that a process is never split
 * across contexts.  Its capabilities are cut to the context's bounding set
 * in the same step, so it never runs in the context with more, and it is
 * sealed against the context's tasks until it executes (seal.c).
 *
 * Return: 0, -EPERM if current is in a context already, -EBUSY if it has
 * other threads, -ESRCH if @ctx has been retired meanwhile, -ENOMEM.
 */
int vs_context_migrate(struct vs_context *ctx, bool init)
{
	struct vs_seal *seal;
	struct cred *cred;
	int ret = 0;

	might_sleep();
	if (current->vs_context)
		return -EPERM;
	/*
	 * Nothing may tie the task to the host: other threads, or tracees,
	 * whose later ptrace requests are not access-checked again.
	 */
	if (get_nr_threads(current) != 1 || !list_empty(&current->ptraced))
		return -EBUSY;
	seal = vs_seal_alloc();
	if (!seal)
		return -ENOMEM;
	cred = prepare_creds();
	if (!cred) {
		vs_seal_free(seal);
		return -ENOMEM;
	}

	mutex_lock(&vs_context_mutex);
	if (!vs_context_listed_live(ctx)) {
		ret = -ESRCH;
	} else {
		refcount_inc(&ctx->refs);
		atomic_inc(&ctx->tasks);
		if (init) {
			put_pid(ctx->init_pid);
			ctx->init_pid = get_task_pid(current, PIDTYPE_PID);
		}
		/* Sealed before any task of the context can see it. */
		vs_seal_current(seal);
		seal = NULL;
		/* Readers see NULL or ctx; both stay valid while they look. */
		WRITE_ONCE(current->vs_context, ctx);
		vs_cred_bound(cred, ctx->bcaps);
		commit_creds(cred);
		cred = NULL;
	}
	mutex_unlock(&vs_context_mutex);
	if (cred)
		abort_creds(cred);
	vs_seal_free(seal);
	return ret;
}

/**
 * vs_context_init_nr - the context's init as the caller names it
 * @ctx: the context
 *
 * Return: its pid in current's pid namespace, or 0 if there is none, it
 * has exited, or current cannot name it.
 */
pid_t vs_context_init_nr(struct vs_context *ctx)
{
	pid_t nr = 0;

	lockdep_assert_held(&vs_context_mutex);
	rcu_read_lock();
	if (ctx->init_pid && pid_task(ctx->init_pid, PIDTYPE_PID))
		nr = pid_nr_ns(ctx->init_pid, task_active_pid_ns(current));
	rcu_read_unlock();
	return nr;
}

/**
 * vs_context_run - seal a context in setup: it now runs
 * @ctx: the context
 *
 * Return: 0, -EBUSY if it was running already, -ESRCH if it retired.
 */
int vs_context_run(struct vs_context *ctx)
{
	bool retire = false;
	int ret = 0;

	mutex_lock(&vs_context_mutex);
	if (!vs_context_listed_live(ctx)) {
		ret = -ESRCH;
	} else if (ctx->state != VS_CTX_STATE_SETUP) {
		ret = -EBUSY;
	} else {
		WRITE_ONCE(ctx->state, VS_CTX_STATE_RUNNING);
		retire = vs_context_retire_if_unused(ctx);
	}
	mutex_unlock(&vs_context_mutex);
	if (retire)
		vs_context_retire_finish(ctx);
	return ret;
}

/**
 * vs_context_remove - retire an empty context whatever its state and flags
 * @ctx: the context
 *
 * Return: 0, -EBUSY if tasks are still in it, -ESRCH if it retired.
 */
int vs_context_remove(struct vs_context *ctx)
{
	bool retire = false;
	int ret = 0;

	mutex_lock(&vs_context_mutex);
	if (!vs_context_listed_live(ctx))
		ret = -ESRCH;
	else if (atomic_read(&ctx->tasks))
		ret = -EBUSY;
	else
		retire = vs_context_retire_begin(ctx);
	mutex_unlock(&vs_context_mutex);
	if (retire)
		vs_context_retire_finish(ctx);
	return ret;
}

/**
 * vs_context_set_flags - set and clear context flags
 * @ctx: the context
 * @set: VS_CTX_FLAG_* to set
 * @clear: VS_CTX_FLAG_* to clear
 *
 * Return: 0, -EINVAL for unknown bits or a bit in both, -ESRCH if retired.
 */
int vs_context_set_flags(struct vs_context *ctx, u64 set, u64 clear)
{
	bool retire = false;
	int ret = 0;

	if ((set | clear) & ~VS_CTX_FLAGS_ALL || (set & clear))
		return -EINVAL;
	mutex_lock(&vs_context_mutex);
	if (!vs_context_listed_live(ctx)) {
		ret = -ESRCH;
	} else {
		ctx->flags = (ctx->flags | set) & ~clear;
		retire = vs_context_retire_if_unused(ctx);
	}
	mutex_unlock(&vs_context_mutex);
	if (retire)
		vs_context_retire_finish(ctx);
	return ret;
}

/**
 * vs_context_set_bcaps - set the bounding set of tasks entering @ctx
 * @ctx: the context
 * @bcaps: the new set
 *
 * Return: 0, -EINVAL for bits beyond CAP_LAST_CAP, -EPERM for a raise of a
 * running context's set, -ESRCH if retired.
 */
int vs_context_set_bcaps(struct vs_context *ctx, u64 bcaps)
{
	int ret = 0;

	if (bcaps & ~CAP_VALID_MASK)
		return -EINVAL;
	mutex_lock(&vs_context_mutex);
	if (!vs_context_listed_live(ctx))
		ret = -ESRCH;
	else if (ctx->state != VS_CTX_STATE_SETUP && (bcaps & ~ctx->bcaps))
		ret = -EPERM;
	else
		ctx->bcaps = bcaps;
	mutex_unlock(&vs_context_mutex);
	return ret;
}

/**
 * vs_context_list - the ids of the listed contexts, in ascending order
 * @xids: filled with up to @room ids
 * @room: size of @xids
 *
 * Return: the number of listed contexts, which may exceed @room.
 */
int vs_context_list(u32 *xids, unsigned int room)
{
	struct vs_context *ctx;
	unsigned long xid;
	int n = 0;

	mutex_lock(&vs_context_mutex);
	xa_for_each(&vs_contexts, xid, ctx) {
		if (ctx->state == VS_CTX_STATE_DYING)
			continue;
		if (n < room)
			xids[n] = xid;
		n++;
	}
	mutex_unlock(&vs_context_mutex);
	return n;
}

unsigned int vs_context_count(void)
{
	return atomic_read(&vs_context_listed);
}

/**
 * vs_context_for_each - call @fn for every listed context
 * @fn: the function; runs under RCU, so it must not sleep, and may meet a
 *	context that is retiring
 */
void vs_context_for_each(void (*fn)(struct vs_context *ctx))
{
	struct vs_context *ctx;
	unsigned long xid;

	rcu_read_lock();
	xa_for_each(&vs_contexts, xid, ctx)
		fn(ctx);
	rcu_read_unlock();
}

/* A process counts while one of its threads has not exited. */
static bool vs_process_alive(struct task_struct *p)
{
	return atomic_read(&p->signal->live) > 0;
}

/**
 * vs_context_kill - send @sig to every process of @ctx
 * @ctx: the context
 * @sig: the signal, or 0 only to count
 *
 * Return: the number of processes found.
 */
int vs_context_kill(struct vs_context *ctx, int sig)
{
	struct task_struct *p;
	int n = 0;

	rcu_read_lock();
	for_each_process(p) {
		if (READ_ONCE(p->vs_context) != ctx || !vs_process_alive(p))
			continue;
		if (sig)
			send_sig_info(sig, SEND_SIG_PRIV, p);
		n++;
	}
	rcu_read_unlock();
	return n;
}

/**
 * vs_context_stat - sum up what the tasks of @ctx use
 * @ctx: the context
 * @st: the result
 */
void vs_context_stat(struct vs_context *ctx, struct vs_context_stat *st)
{
	struct task_struct *p, *t;
	struct mm_struct *mm;

	memset(st, 0, sizeof(*st));
	rcu_read_lock();
	for_each_process(p) {
		if (READ_ONCE(p->vs_context) != ctx || !vs_process_alive(p))
			continue;
		st->processes++;
		for_each_thread(p, t) {
			if (t->flags & PF_EXITING)
				continue;
			st->tasks++;
			st->utime += READ_ONCE(t->utime);
			st->stime += READ_ONCE(t->stime);
		}
		/* task_lock keeps p->mm, and with it the mm, in place. */
		task_lock(p);
		mm = p->mm;
		if (mm) {
			st->vsz += READ_ONCE(mm->total_vm);
			st->rss += get_mm_rss(mm);
		}
		task_unlock(p);
	}
	rcu_read_unlock();
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

	vs_seal_task_exit(task);
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
