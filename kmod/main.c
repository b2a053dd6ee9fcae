// SPDX-License-Identifier: GPL-2.0
/*
 * vserver.ko: Linux-VServer style security contexts on the hooks of the
 * kernel-patches/ series.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/vserver_hook.h>
#include <uapi/linux/vserver.h>

#include "internal.h"

static const struct vs_hook_ops vs_hook_ops = {
	.abi = VS_HOOK_ABI,
	.task_alloc = vs_context_task_alloc,
	.task_exit = vs_context_task_exit,
	.task_free = vs_context_task_free,
	.task_kill = vs_isolation_task_kill,
	.ptrace_access = vs_isolation_ptrace_access,
	.task_visible = vs_isolation_task_visible,
	.proc_visible = vs_proc_entry_visible,
	.reboot = vs_isolation_reboot,
	.cow_break = vs_cow_break_path,
	.cow_unified = vs_cow_is_unified,
	.proc_open = vs_hostfiles_proc_open,
	.sysctl_write = vs_hostfiles_sysctl_write,
	.shared_inode = vs_cow_shared_inode,
	.key_permission = vs_keys_permission,
	.sysinfo_view = vs_view_sysinfo,
	.file_charge = vs_limit_file_charge,
	.file_uncharge = vs_limit_file_uncharge,
	.socket_charge = vs_limit_socket_charge,
	.socket_uncharge = vs_limit_socket_uncharge,
	.load_view = vs_load_read,
	.cpu_view = vs_view_cpus,
	.fileattr_set = vs_disk_fileattr_set,
	.quota_refused = vs_disk_quota_refused,
	.sk_alloc = vs_sock_tag,
	.sk_clone = vs_sock_tag_copy,
	.sk_free = vs_sock_untag,
	.sock_bind = vs_sock_bind,
	.sock_conflict = vs_sock_conflict,
	.sock_rcv_match = vs_sock_rcv_match,
	.sock_saddr = vs_sock_saddr,
	.sock_daddr = vs_sock_daddr,
	.sock_addr_view = vs_sock_addr_view,
	.sock_visible = vs_sock_visible,
	.dev_visible = vs_ifview_dev_visible,
	.ifaddr_visible = vs_ifview_addr_visible,
	.unix_name_visible = vs_sock_unix_name_visible,
	.addr_owner = vs_sock_addr_owner,
};

/*
 * What the hooks use comes first; then the hooks, so that every context
 * created through the control device is seen by them; the control device
 * last, so that userspace cannot reach the module before it is complete.
 * Exit undoes it in reverse.
 */
static int __init vs_init(void)
{
	int ret;

	vs_cow_init();
	ret = vs_register_hooks(&vs_hook_ops);
	if (ret) {
		pr_err("cannot register the kernel hooks: %d\n", ret);
		return ret;
	}
	vs_load_init();
	ret = vs_proc_init();
	if (ret)
		goto err_load;
	ret = vs_control_init();
	if (ret)
		goto err_proc;

	pr_info("ABI %u.%u on hook ABI %u\n", VS_ABI_MAJOR, VS_ABI_MINOR,
		VS_HOOK_ABI);
	return 0;

err_proc:
	vs_proc_exit();
err_load:
	vs_load_exit();
	vs_unregister_hooks(&vs_hook_ops);
	return ret;
}

static void __exit vs_exit(void)
{
	vs_control_exit();
	vs_proc_exit();
	vs_load_exit();
	vs_unregister_hooks(&vs_hook_ops);
	vs_context_exit();
}

module_init(vs_init);
module_exit(vs_exit);

MODULE_DESCRIPTION("Linux-VServer style security contexts");
MODULE_LICENSE("GPL");
