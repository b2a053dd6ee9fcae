// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/virtual: what the module offers, and one directory per context.
 *
 *   info		ABI, hook ABI, number of contexts
 *   <xid>/info		id, name, state, flags, bounding set
 *   <xid>/status	tasks, processes, init pid, uptime, memory, cpu time
 *   <xid>/limit	open files and sockets: used, peak, limit, hits; disk hits
 *   <xid>/net	its network addresses, one ADDRESS/PREFIX a line
 *
 * A reader in a guest sees only its own <xid> (proc_visible hook); the
 * host and the spectator see all.
 */

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/timekeeping.h>
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

static const char *const vs_state_names[] = {
	[VS_CTX_STATE_SETUP] = "setup",
	[VS_CTX_STATE_RUNNING] = "running",
	[VS_CTX_STATE_DYING] = "dying",
};

static int vs_proc_ctx_info_show(struct seq_file *m, void *v)
{
	struct vs_context *ctx = m->private;
	u32 state;
	u64 flags, bcaps;

	mutex_lock(&vs_context_mutex);
	state = ctx->state;
	flags = ctx->flags;
	bcaps = ctx->bcaps;
	mutex_unlock(&vs_context_mutex);

	seq_printf(m, "XID: %u\n", ctx->xid);
	seq_printf(m, "Name: %s\n", ctx->name[0] ? ctx->name : "-");
	seq_printf(m, "State: %s\n", vs_state_names[state]);
	seq_printf(m, "Flags:%s%s%s%s%s\n",
		   flags & VS_CTX_FLAG_PERSISTENT ? " persistent" : "",
		   flags & VS_CTX_FLAG_VIRT_MEM ? " virt_mem" : "",
		   flags & VS_CTX_FLAG_VIRT_LOAD ? " virt_load" : "",
		   flags & VS_CTX_FLAG_VIRT_CPU ? " virt_cpu" : "",
		   flags ? "" : " -");
	seq_printf(m, "BCaps: %016llx\n", bcaps);
	return 0;
}

/* Seconds with two decimals, from nanoseconds. */
static void vs_seq_seconds(struct seq_file *m, const char *name, u64 ns)
{
	u64 cs = div_u64(ns, 10 * NSEC_PER_MSEC);

	seq_printf(m, "%s: %llu.%02llu\n", name, div_u64(cs, 100),
		   (unsigned long long)do_div(cs, 100));
}

static int vs_proc_ctx_status_show(struct seq_file *m, void *v)
{
	struct vs_context *ctx = m->private;
	struct vs_context_stat st;
	pid_t init;

	mutex_lock(&vs_context_mutex);
	init = vs_context_init_nr(ctx);
	mutex_unlock(&vs_context_mutex);
	vs_context_stat(ctx, &st);

	seq_printf(m, "Tasks: %u\n", st.tasks);
	seq_printf(m, "Processes: %u\n", st.processes);
	seq_printf(m, "InitPID: %d\n", init);
	vs_seq_seconds(m, "Uptime", ktime_get_boottime_ns() - ctx->start_ns);
	seq_printf(m, "VSZ: %lu kB\n", st.vsz << (PAGE_SHIFT - 10));
	seq_printf(m, "RSS: %lu kB\n", st.rss << (PAGE_SHIFT - 10));
	vs_seq_seconds(m, "UTime", st.utime);
	vs_seq_seconds(m, "STime", st.stime);
	return 0;
}

static int vs_proc_ctx_limit_show(struct seq_file *m, void *v)
{
	vs_limit_show(m, m->private);
	return 0;
}

static int vs_proc_ctx_net_show(struct seq_file *m, void *v)
{
	vs_net_show(m, m->private);
	return 0;
}

/**
 * vs_proc_context_add - create /proc/virtual/<xid>
 * @ctx: the new context, not yet findable; called with vs_context_mutex
 *
 * On failure the caller removes what was made, with vs_proc_context_remove()
 * once it has dropped the mutex.
 *
 * Return: 0 or -ENOMEM.
 */
int vs_proc_context_add(struct vs_context *ctx)
{
	char name[12];

	snprintf(name, sizeof(name), "%u", ctx->xid);
	ctx->proc_dir = proc_mkdir(name, vs_proc_dir);
	if (!ctx->proc_dir)
		return -ENOMEM;
	if (!proc_create_single_data("info", 0444, ctx->proc_dir,
				     vs_proc_ctx_info_show, ctx) ||
	    !proc_create_single_data("status", 0444, ctx->proc_dir,
				     vs_proc_ctx_status_show, ctx) ||
	    !proc_create_single_data("limit", 0444, ctx->proc_dir,
				     vs_proc_ctx_limit_show, ctx) ||
	    !proc_create_single_data("net", 0444, ctx->proc_dir,
				     vs_proc_ctx_net_show, ctx))
		return -ENOMEM;
	return 0;
}

/*
 * Waits for readers inside a show function, which may take
 * vs_context_mutex: so never called with it held.
 */
void vs_proc_context_remove(struct vs_context *ctx)
{
	lockdep_assert_not_held(&vs_context_mutex);
	/* NULL-safe: also the unwind of a failed vs_proc_context_add(). */
	proc_remove(ctx->proc_dir);
	ctx->proc_dir = NULL;
}

/* The proc_visible hook: a guest sees no other context's directory. */
bool vs_proc_entry_visible(const struct proc_dir_entry *dir, const char *name,
			   unsigned int len)
{
	struct vs_context *ctx = current->vs_context;
	char buf[12];
	u32 xid;

	if (dir != vs_proc_dir || ctx->xid == VS_XID_SPECTATOR)
		return true;
	if (!len || len >= sizeof(buf) || !isdigit(name[0]))
		return true;
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (kstrtou32(buf, 10, &xid))
		return true;
	return xid == ctx->xid;
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
