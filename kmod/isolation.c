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
 *
 * The rules are the two pure functions below, tested on their own by the
 * KUnit suite in isolation_test.c.
 */

#include <linux/errno.h>
#include <linux/sched.h>

#include "internal.h"

/* May a task of @subject (NULL: the host) see a task of @object? */
bool vs_isolation_may_see(const struct vs_context *subject,
			  const struct vs_context *object)
{
	return !subject || subject == object || subject->xid == VS_XID_SPECTATOR;
}

/* May a task of @subject signal, trace or otherwise act on one of @object? */
bool vs_isolation_may_act(const struct vs_context *subject,
			  const struct vs_context *object)
{
	return !subject || subject == object;
}

static bool vs_may_act_on(struct task_struct *task)
{
	return vs_isolation_may_act(current->vs_context, READ_ONCE(task->vs_context));
}

/*
 * -EPERM, not -ESRCH: kill_pid_info_type() retries for as long as a task
 * it found answers -ESRCH, taking it for one that was just unhashed.  The
 * callers that name a hidden task answer -ESRCH before they get here.
 */
int vs_isolation_task_kill(struct task_struct *task,
			   struct kernel_siginfo *info, int sig)
{
	return vs_may_act_on(task) ? 0 : -EPERM;
}

/* A task that entered and has not executed yet is the host's (seal.c). */
int vs_isolation_ptrace_access(struct task_struct *task, unsigned int mode)
{
	return vs_may_act_on(task) && !vs_seal_holds(task) ? 0 : -EPERM;
}

bool vs_isolation_task_visible(struct task_struct *task)
{
	return vs_isolation_may_see(current->vs_context, READ_ONCE(task->vs_context));
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
