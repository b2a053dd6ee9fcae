// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/virtual: what the module offers and how many contexts exist.
 */

#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/vserver_hook.h>
#include <uapi/linux/vserver.h>

#include "internal.h"

static struct proc_dir_entry *vs_proc_dir;

static int vs_proc_info_show(struct seq_file *m, void *v)
{
	seq_printf(m, "ABI: %u.%u\n", VS_ABI_MAJOR, VS_ABI_MINOR);
	seq_printf(m, "HookABI: %u\n", VS_HOOK_ABI);
	seq_printf(m, "Contexts: %u\n", vs_context_count());
	return 0;
}

int vs_proc_init(void)
{
	vs_proc_dir = proc_mkdir("virtual", NULL);
	if (!vs_proc_dir)
		return -ENOMEM;
	if (!proc_create_single("info", 0444, vs_proc_dir, vs_proc_info_show)) {
		proc_remove(vs_proc_dir);
		return -ENOMEM;
	}
	return 0;
}

void vs_proc_exit(void)
{
	/* Waits for readers still inside a show function. */
	proc_remove(vs_proc_dir);
}
