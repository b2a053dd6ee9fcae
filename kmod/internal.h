/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the parts of vserver.ko.
 */
#ifndef _VSERVER_INTERNAL_H
#define _VSERVER_INTERNAL_H

#include <linux/refcount.h>
#include <linux/types.h>
#include <kunit/visibility.h>
#include <uapi/linux/vserver.h>

struct task_struct;

/* Guests are VS_XID_MIN..VS_XID_MAX; 0 and 1 are in the uapi header. */
#define VS_XID_MIN		2
#define VS_XID_MAX		65535
/* Ids handed out when the caller asks for any free one. */
#define VS_XID_DYNAMIC_MIN	49152

/**
 * struct vs_context - one security context (a guest)
 * @refs: references: the registry while the context is listed, each
 *	task_struct in it, and short-lived holders such as readers
 * @tasks: tasks in the context that have not yet run do_exit()
 * @xid: the context id
 * @rcu: frees the context after readers that found it by id are done
 */
struct vs_context {
	refcount_t refs;
	atomic_t tasks;
	u32 xid;
	struct rcu_head rcu;
};

/* context.c */
void vs_context_exit(void);
struct vs_context *vs_context_create(u32 xid);
struct vs_context *vs_context_get_by_xid(u32 xid);
void vs_context_put(struct vs_context *ctx);
int vs_context_migrate(struct vs_context *ctx);
void vs_context_unlist(struct vs_context *ctx);
unsigned int vs_context_count(void);
int vs_context_task_alloc(struct task_struct *task, u64 clone_flags);
void vs_context_task_exit(struct task_struct *task);
void vs_context_task_free(struct task_struct *task);

/* control.c */
int vs_control_init(void);
void vs_control_exit(void);

/* proc.c */
int vs_proc_init(void);
void vs_proc_exit(void);

#endif /* _VSERVER_INTERNAL_H */
