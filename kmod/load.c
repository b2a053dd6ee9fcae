// SPDX-License-Identifier: GPL-2.0
/*
 * Per-context load averages, for the load_view hook: /proc/loadavg and
 * sysinfo(2) show a context with VS_CTX_FLAG_VIRT_LOAD the load of its own
 * tasks, so that a busy guest sees its load and an idle guest beside it
 * sees about none.
 *
 * Deferred work samples every LOAD_FREQ, as the scheduler samples the
 * host's: one walk over the task list counts each context's running and
 * uninterruptible tasks, then every listed context folds its count into
 * its averages with calc_load().  That is O(tasks) every five seconds and
 * nothing at all on the scheduler's paths; counting there would put a hook
 * on the hottest paths of the kernel.
 */

#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/loadavg.h>
#include <linux/sched/signal.h>
#include <linux/workqueue.h>

#include "internal.h"

static void vs_load_sample(struct work_struct *work);
static DECLARE_DELAYED_WORK(vs_load_work, vs_load_sample);

/* The sample being taken; each context's counts carry the one they belong to. */
static unsigned long vs_load_gen;

/* Uninterruptible sleep counts, as for the host, unless it is TASK_NOLOAD. */
static bool vs_load_counts(unsigned int state)
{
	return (state & TASK_UNINTERRUPTIBLE) && !(state & (TASK_NOLOAD | TASK_FROZEN));
}

static void vs_load_count_tasks(void)
{
	struct task_struct *g, *t;

	rcu_read_lock();
	for_each_process_thread(g, t) {
		struct vs_context *ctx = READ_ONCE(t->vs_context);
		unsigned int state = READ_ONCE(t->__state);
		struct vs_load *load;

		if (!ctx || (state != TASK_RUNNING && !vs_load_counts(state)))
			continue;
		load = &ctx->load;
		if (load->gen != vs_load_gen) {
			load->gen = vs_load_gen;
			load->active = 0;
			load->active_running = 0;
		}
		load->active++;
		if (state == TASK_RUNNING)
			load->active_running++;
	}
	rcu_read_unlock();
}

static void vs_load_fold(struct vs_context *ctx)
{
	static const unsigned long exp[3] = { EXP_1, EXP_5, EXP_15 };
	struct vs_load *load = &ctx->load;
	unsigned long active = 0;
	unsigned int running = 0;
	int i;

	if (load->gen == vs_load_gen) {
		active = (unsigned long)load->active * FIXED_1;
		running = load->active_running;
	}
	for (i = 0; i < 3; i++)
		WRITE_ONCE(load->avenrun[i],
			   calc_load(load->avenrun[i], exp[i], active));
	WRITE_ONCE(load->running, running);
}

static void vs_load_sample(struct work_struct *work)
{
	if (vs_context_count()) {
		vs_load_gen++;
		vs_load_count_tasks();
		vs_context_for_each(vs_load_fold);
	}
	schedule_delayed_work(&vs_load_work, LOAD_FREQ);
}

/* Start sampling. */
void vs_load_init(void)
{
	schedule_delayed_work(&vs_load_work, LOAD_FREQ);
}

/* Stop sampling: no sample runs or is queued when this returns. */
void vs_load_exit(void)
{
	cancel_delayed_work_sync(&vs_load_work);
}

/**
 * vs_load_read - the load_view hook
 * @loads: filled with the 1, 5 and 15 minute averages, FIXED_1 units
 * @running: if not NULL, filled with the running tasks (the reader one)
 * @threads: if not NULL, filled with the context's tasks
 *
 * Return: true if current sees its context's load rather than the host's.
 */
bool vs_load_read(unsigned long loads[3], unsigned int *running, int *threads)
{
	struct vs_context *ctx = current->vs_context;
	int i;

	if (!(READ_ONCE(ctx->flags) & VS_CTX_FLAG_VIRT_LOAD))
		return false;
	for (i = 0; i < 3; i++)
		loads[i] = READ_ONCE(ctx->load.avenrun[i]);
	if (running)
		*running = max(READ_ONCE(ctx->load.running), 1U);
	if (threads)
		*threads = atomic_read(&ctx->tasks);
	return true;
}
