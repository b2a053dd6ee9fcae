// SPDX-License-Identifier: GPL-2.0
/*
 * Process isolation between contexts.
 *
 * The kernel calls these hooks only when current has a context; host tasks
 * may act on anything.  A task in a context sees and acts on the tasks of
 * its own context only.  The spectator sees every task but acts on none
 * outside itself: it exists for monitoring.  The hooks run under RCU or
 * spinlocks and must not sleep; they only compare context pointers, which
 * a task's vs_context never stops being valid for while the task lives.
 */

#include <linux/errno.h>
#include <linux/sched.h>

#include "internal.h"

static bool vs_same_context(struct task_struct *task)
{
	return READ_ONCE(task->vs_context) == current->vs_context;
}

/*
 * -EPERM, not -ESRCH: kill_pid_info_type() retries for as long as a task
 * it found answers -ESRCH, taking it for one that was just unhashed.
 */
int vs_isolation_task_kill(struct task_struct *task,
			   struct kernel_siginfo *info, int sig)
{
	return vs_same_context(task) ? 0 : -EPERM;
}

/* A task that entered and has not executed yet is the host's (seal.c). */
int vs_isolation_ptrace_access(struct task_struct *task, unsigned int mode)
{
	return vs_same_context(task) && !vs_seal_holds(task) ? 0 : -EPERM;
}

bool vs_isolation_task_visible(struct task_struct *task)
{
	return vs_same_context(task) ||
	       current->vs_context->xid == VS_XID_SPECTATOR;
}

/*
 * Reached only outside a child pid namespace: inside one, reboot_pid_ns()
 * has ended the caller's namespace already.  A context never reboots the
 * machine.
 */
int vs_isolation_reboot(unsigned int cmd)
{
	return -EPERM;
}
