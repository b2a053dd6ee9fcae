/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the parts of vserver.ko.
 */
#ifndef _VSERVER_INTERNAL_H
#define _VSERVER_INTERNAL_H

#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <linux/vserver_hook.h>
#include <kunit/visibility.h>
#include <uapi/linux/vserver.h>

struct ctl_table_header;
struct file;
struct inode;
struct key;
struct pid;
struct proc_dir_entry;
struct sysinfo;
struct task_struct;
struct vs_seal;

/* Guests are VS_XID_MIN..VS_XID_MAX; 0 and 1 are in the uapi header. */
#define VS_XID_MIN		2
#define VS_XID_MAX		65535
/* Ids handed out when the caller asks for any free one. */
#define VS_XID_DYNAMIC_MIN	49152

/* Beyond the uapi states: retiring, no longer found by id nor enterable. */
#define VS_CTX_STATE_DYING	3

/**
 * struct vs_context - one security context (a guest)
 * @refs: references: the registry while the context is listed, each
 *	task_struct in it, and short-lived holders such as readers
 * @tasks: tasks in the context that have not yet run do_exit()
 * @xid: the context id
 * @state: VS_CTX_STATE_*; changes under vs_context_mutex
 * @flags: VS_CTX_FLAG_*; changes under vs_context_mutex
 * @bcaps: capability bounding set of tasks entering; vs_context_mutex
 * @init_pid: the task recorded as the context's init, or NULL;
 *	vs_context_mutex
 * @start_ns: CLOCK_BOOTTIME at creation
 * @proc_dir: /proc/virtual/<xid>
 * @rcu: frees the context after readers that found it by id are done
 */
struct vs_context {
	refcount_t refs;
	atomic_t tasks;
	u32 xid;
	u32 state;
	u64 flags;
	u64 bcaps;
	struct pid *init_pid;
	u64 start_ns;
	struct proc_dir_entry *proc_dir;
	struct rcu_head rcu;
};

/**
 * struct vs_context_stat - what the tasks of a context use right now
 * @processes: thread groups with a live thread
 * @tasks: live threads
 * @vsz: virtual memory of the processes, in pages
 * @rss: resident memory of the processes, in pages
 * @utime: user time of the live threads, in ns
 * @stime: system time of the live threads, in ns
 */
struct vs_context_stat {
	unsigned int processes;
	unsigned int tasks;
	unsigned long vsz;
	unsigned long rss;
	u64 utime;
	u64 stime;
};

/* context.c */
extern struct mutex vs_context_mutex;
void vs_context_exit(void);
struct vs_context *vs_context_create(u32 xid, u32 state);
struct vs_context *vs_context_get_by_xid(u32 xid);
struct vs_context *vs_context_get_spectator(void);
void vs_context_put(struct vs_context *ctx);
int vs_context_migrate(struct vs_context *ctx, bool init);
void vs_context_unlist(struct vs_context *ctx);
pid_t vs_context_init_nr(struct vs_context *ctx);
int vs_context_run(struct vs_context *ctx);
int vs_context_remove(struct vs_context *ctx);
int vs_context_set_flags(struct vs_context *ctx, u64 set, u64 clear);
int vs_context_set_bcaps(struct vs_context *ctx, u64 bcaps);
int vs_context_list(u32 *xids, unsigned int room);
unsigned int vs_context_count(void);
int vs_context_kill(struct vs_context *ctx, int sig);
void vs_context_stat(struct vs_context *ctx, struct vs_context_stat *st);
int vs_context_task_alloc(struct task_struct *task, u64 clone_flags);
void vs_context_task_exit(struct task_struct *task);
void vs_context_task_free(struct task_struct *task);

/* cow.c */
void vs_cow_init(void);
int vs_cow_break_path(struct path *path, enum vs_cow_op op);
bool vs_cow_is_unified(struct inode *inode);

int vs_cow_shared_inode(struct inode *inode, enum vs_share_op op);

/* seal.c */
struct vs_seal *vs_seal_alloc(void);
void vs_seal_free(struct vs_seal *seal);
void vs_seal_current(struct vs_seal *seal);
bool vs_seal_holds(const struct task_struct *task);
void vs_seal_task_exit(struct task_struct *task);

/* view.c */
bool vs_view_sysinfo(const struct sysinfo *host, struct vs_sysinfo_view *view);

/* hostfiles.c */
int vs_hostfiles_proc_open(struct inode *inode, struct file *file);
int vs_hostfiles_sysctl_write(const struct ctl_table_header *head,
			      bool global);
int vs_hostfiles_access(umode_t mode, fmode_t fmode);

/* keys.c */
int vs_keys_permission(const struct key *key);

/* isolation.c */
bool vs_isolation_may_see(const struct vs_context *subject,
			  const struct vs_context *object);
bool vs_isolation_may_act(const struct vs_context *subject,
			  const struct vs_context *object);
int vs_isolation_task_kill(struct task_struct *task,
			   struct kernel_siginfo *info, int sig);
int vs_isolation_ptrace_access(struct task_struct *task, unsigned int mode);
bool vs_isolation_task_visible(struct task_struct *task);
int vs_isolation_reboot(unsigned int cmd);

/* control.c */
int vs_control_init(void);
void vs_control_exit(void);

/* proc.c */
int vs_proc_init(void);
void vs_proc_exit(void);
int vs_proc_context_add(struct vs_context *ctx);
void vs_proc_context_remove(struct vs_context *ctx);
bool vs_proc_entry_visible(const struct proc_dir_entry *dir, const char *name,
			   unsigned int len);

#endif /* _VSERVER_INTERNAL_H */
