// SPDX-License-Identifier: GPL-2.0
/*
 * The machine as a context sees it.  /proc/meminfo and sysinfo(2) describe
 * the memory cgroup at the root of the reader's cgroup namespace (the
 * guest's cgroup, where its limits are: design.md section 5) and the
 * context's own tasks, so that free, top and runtimes sizing themselves by
 * the machine see the guest they run in.  A context without the
 * VS_CTX_FLAG_VIRT_MEM flag, or whose cgroup namespace is the host's, sees
 * the host.  /proc/cpuinfo, /proc/stat and the sysfs online file list the
 * CPUs it runs on (VS_CTX_FLAG_VIRT_CPU).  Its load is in load.c.
 */
#include <linux/cgroup.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/sched.h>
#include <linux/nsproxy.h>

#include "internal.h"

#ifdef CONFIG_MEMCG

/*
 * The memory cgroup at the root of current's cgroup namespace, referenced,
 * if it has the memory controller itself; NULL: the host's view.  Not the
 * namespace's css_set's css: that is the nearest ancestor's when memory is
 * not enabled there (another guest's, the base's, the root's), and is
 * frozen at unshare() time.
 */
static struct mem_cgroup *view_memcg(void)
{
	struct cgroup_subsys_state *css;
	struct cgroup *cgrp;

	if (mem_cgroup_disabled() || !current->nsproxy)
		return NULL;
	cgrp = current->nsproxy->cgroup_ns->root_cset->dfl_cgrp;
	/* A namespace rooted at the top of the hierarchy is the host's view. */
	if (!cgroup_parent(cgrp))
		return NULL;
	css = cgroup_get_e_css(cgrp, &memory_cgrp_subsys);
	if (css && css->cgroup != cgrp) {
		css_put(css);
		css = NULL;
	}
	return css ? mem_cgroup_from_css(css) : NULL;
}

/* The lowest of @memcg's @counter limits and its ancestors', in pages. */
static unsigned long view_limit(struct mem_cgroup *memcg, bool swap)
{
	unsigned long limit = PAGE_COUNTER_MAX;

	for (; memcg; memcg = parent_mem_cgroup(memcg)) {
		struct page_counter *counter = swap ? &memcg->swap : &memcg->memory;

		limit = min(limit, READ_ONCE(counter->max));
	}
	return limit;
}

/* The figures only /proc/meminfo shows, which sysinfo(2) need not pay for. */
static void view_meminfo(struct mem_cgroup *memcg, struct vs_sysinfo_view *view)
{
	unsigned long file;
	enum lru_list lru;

	for_each_lru(lru)
		view->lru[lru] = memcg_page_state(memcg, NR_LRU_BASE + lru);
	view->cached = memcg_page_state(memcg, NR_FILE_PAGES);
	view->slab_reclaimable = memcg_page_state(memcg, NR_SLAB_RECLAIMABLE_B) >> PAGE_SHIFT;
	view->slab_unreclaimable = memcg_page_state(memcg, NR_SLAB_UNRECLAIMABLE_B) >> PAGE_SHIFT;
	/*
	 * What reclaim could free: the file LRUs and reclaimable slab (a rougher
	 * estimate than si_mem_available()'s, which also keeps the watermarks),
	 * and never more than the host has available.
	 */
	file = view->lru[LRU_ACTIVE_FILE] + view->lru[LRU_INACTIVE_FILE];
	view->available = min3(view->freeram + file + view->slab_reclaimable, view->totalram,
			       (unsigned long)si_mem_available());
#ifdef CONFIG_SWAP
	view->swapcached = memcg_page_state(memcg, NR_SWAPCACHE);
#else
	view->swapcached = 0;
#endif
	/* The memory cgroup does not count mlocked pages; they are unevictable. */
	view->mlocked = min(view->lru[LRU_UNEVICTABLE],
			    global_zone_page_state(NR_MLOCK));
	view->dirty = memcg_page_state(memcg, NR_FILE_DIRTY);
	view->writeback = memcg_page_state(memcg, NR_WRITEBACK);
	view->anon_mapped = memcg_page_state(memcg, NR_ANON_MAPPED);
	view->file_mapped = memcg_page_state(memcg, NR_FILE_MAPPED);
	view->kernel_stack_kb = memcg_page_state(memcg, NR_KERNEL_STACK_KB);
	view->pagetables = memcg_page_state(memcg, NR_PAGETABLE);
	view->sec_pagetables = memcg_page_state(memcg, NR_SECONDARY_PAGETABLE);
	view->vmalloc = memcg_page_state(memcg, MEMCG_VMALLOC);
	view->percpu = memcg_page_state(memcg, MEMCG_PERCPU_B) >> PAGE_SHIFT;
	view->anon_thps = memcg_page_state(memcg, NR_ANON_THPS);
	view->shmem_thps = memcg_page_state(memcg, NR_SHMEM_THPS);
	view->file_thps = memcg_page_state(memcg, NR_FILE_THPS);
}

/**
 * vs_view_sysinfo - the sysinfo_view hook
 * @host: the host's figures, to cap the guest's by
 * @view: filled with the guest's figures when true is returned
 * @meminfo: /proc/meminfo asks, which shows every field; sysinfo(2) shows
 *	only those up to @view->procs, and the rest is left unset
 *
 * Return: true if current sees @view rather than the host.
 */
bool vs_view_sysinfo(const struct sysinfo *host, struct vs_sysinfo_view *view,
		     bool meminfo)
{
	struct vs_context *ctx = current->vs_context;
	unsigned long used, swap_used;
	struct mem_cgroup *memcg;

	if (!(READ_ONCE(ctx->flags) & VS_CTX_FLAG_VIRT_MEM))
		return false;
	memcg = view_memcg();
	if (!memcg)
		return false;

	/*
	 * Statistics are folded in every 2 s; a reader wants them now.  This
	 * flushes only when many updates are pending, so it costs about as
	 * much as the updates that made it necessary.
	 */
	mem_cgroup_flush_stats(memcg);
	/* Free is what the guest could still get: under its limit, and there on the host. */
	view->totalram = min(view_limit(memcg, false), host->totalram);
	used = min(page_counter_read(&memcg->memory), view->totalram);
	view->freeram = min(view->totalram - used, host->freeram);
	view->bufferram = 0;
	view->sharedram = memcg_page_state(memcg, NR_SHMEM);
	view->totalswap = min(view_limit(memcg, true), host->totalswap);
	swap_used = min(page_counter_read(&memcg->swap), view->totalswap);
	view->freeswap = min(view->totalswap - swap_used, host->freeswap);
	view->procs = atomic_read(&ctx->tasks);
	if (meminfo)
		view_meminfo(memcg, view);
	mem_cgroup_put(memcg);
	return true;
}

#else /* !CONFIG_MEMCG */

bool vs_view_sysinfo(const struct sysinfo *host, struct vs_sysinfo_view *view,
		     bool meminfo)
{
	return false;
}

#endif /* CONFIG_MEMCG */

/**
 * vs_view_cpus - the cpu_view hook
 *
 * The CPUs a context's reader is allowed to run on: its affinity, which
 * the guest's cpuset bounds and which nproc and sched_getaffinity() report,
 * so that /proc/cpuinfo, /proc/stat and the sysfs online file agree with
 * them.  Its own task's mask, valid while it runs.
 *
 * Return: the mask, or NULL to show every CPU.
 */
const struct cpumask *vs_view_cpus(void)
{
	if (!(READ_ONCE(current->vs_context->flags) & VS_CTX_FLAG_VIRT_CPU))
		return NULL;
	return current->cpus_ptr;
}
