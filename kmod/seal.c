// SPDX-License-Identifier: GPL-2.0
/*
 * The entry seal.
 *
 * A task that moves into a context through the control device (vserver
 * exec, enter, start) still runs a host program until it executes the
 * guest's: its memory, its environment, its open files and its
 * /proc/PID/exe, an fd on the host's binary that root can chmod, chown or
 * overwrite, are the host's.  Until that execve nothing in the context may
 * ptrace-access it: not attach, not read /proc/PID/{environ,mem,exe,fd/N},
 * not pidfd_getfd().  Exec counts through task->self_exec_id, which every
 * successful execve raises, so no exec hook is needed.
 *
 * Seals live in a small hash table keyed by task, found under RCU by the
 * ptrace hook (which must not sleep) and removed at the task's exit.
 */

#include <linux/hashtable.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "internal.h"

struct vs_seal {
	struct hlist_node node;
	const struct task_struct *task;	/* no reference: removed at exit */
	u64 exec_id;
	struct rcu_head rcu;
};

static DEFINE_HASHTABLE(vs_seals, 6);
static DEFINE_SPINLOCK(vs_seal_lock);

/* Allocated before the migrate commits, so that sealing cannot fail. */
struct vs_seal *vs_seal_alloc(void)
{
	might_sleep();
	return kzalloc(sizeof(struct vs_seal), GFP_KERNEL_ACCOUNT);
}

void vs_seal_free(struct vs_seal *seal)
{
	kfree(seal);
}

/* Seal current, which has just moved into a context, until its next exec. */
void vs_seal_current(struct vs_seal *seal)
{
	seal->task = current;
	seal->exec_id = READ_ONCE(current->self_exec_id);
	spin_lock(&vs_seal_lock);
	hash_add_rcu(vs_seals, &seal->node, (unsigned long)current);
	spin_unlock(&vs_seal_lock);
}

static struct vs_seal *vs_seal_find(const struct task_struct *task)
{
	struct vs_seal *seal;

	hash_for_each_possible_rcu(vs_seals, seal, node, (unsigned long)task)
		if (seal->task == task)
			return seal;
	return NULL;
}

/* Has @task not executed anything since it entered its context? */
bool vs_seal_holds(const struct task_struct *task)
{
	struct vs_seal *seal;
	bool held = false;

	rcu_read_lock();
	seal = vs_seal_find(task);
	if (seal)
		held = READ_ONCE(task->self_exec_id) == seal->exec_id;
	rcu_read_unlock();
	return held;
}

/* @task, which has a context, is exiting: its seal, if any, goes. */
void vs_seal_task_exit(struct task_struct *task)
{
	struct vs_seal *seal;

	rcu_read_lock();
	seal = vs_seal_find(task);
	rcu_read_unlock();
	if (!seal)
		return;
	/* Only the task itself adds or removes its seal: no race on it. */
	spin_lock(&vs_seal_lock);
	hash_del_rcu(&seal->node);
	spin_unlock(&vs_seal_lock);
	kfree_rcu(seal, rcu);
}
