// SPDX-License-Identifier: GPL-2.0
/*
 * The host's procfs and sysctl files, as a context may use them.
 *
 * Generic procfs entries and sysctls check only their mode bits, which
 * guest root passes.  Read-only and covering mounts in the guest's mount
 * namespace keep the tools' guests away from most of them, but a /proc
 * directory fd from outside (passed in, inherited) reaches them all; and a
 * context made without the tools has no such mounts.  So the rules are the
 * kernel's:
 *
 *  - a generic procfs entry (/proc/PID and /proc/sys aside) gives a
 *    context the access it gives other users, whatever the context's uid:
 *    /proc/sysrq-trigger, /proc/kpage*, /proc/acpi/wakeup and the like are
 *    the host's;
 *  - a context writes only sysctls that belong to namespaces of its own:
 *    never the host-wide set, nor the sets of the initial network, IPC and
 *    user namespaces, which a context without its own shares with the
 *    host (and every context shares the initial user namespace).
 */

#include <linux/fs.h>
#include <linux/ipc_namespace.h>
#include <linux/sysctl.h>
#include <linux/user_namespace.h>
#include <net/net_namespace.h>

#include "internal.h"

/* Pure: what the "other" bits of @mode (0004 read, 0002 write) allow for @fmode. */
int vs_hostfiles_access(umode_t mode, fmode_t fmode)
{
	if ((fmode & FMODE_READ) && !(mode & 0004))
		return -EACCES;
	if ((fmode & FMODE_WRITE) && !(mode & 0002))
		return -EACCES;
	return 0;
}

int vs_hostfiles_proc_open(struct inode *inode, struct file *file)
{
	return vs_hostfiles_access(inode->i_mode, file->f_mode);
}

/* The user and network namespaces have sysctl sets only with CONFIG_SYSCTL. */
static bool vs_hostfiles_initial_set(const struct ctl_table_set *set)
{
#ifdef CONFIG_SYSCTL
	if (set == &init_user_ns.set)
		return true;
#ifdef CONFIG_NET
	if (set == &init_net.sysctls)
		return true;
#endif
#endif
	return set == &init_ipc_ns.ipc_set || set == &init_ipc_ns.mq_set;
}

int vs_hostfiles_sysctl_write(const struct ctl_table_header *head,
			      bool global)
{
	return global || vs_hostfiles_initial_set(head->set) ? -EACCES : 0;
}
