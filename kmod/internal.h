/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the parts of vserver.ko.
 */
#ifndef _VSERVER_INTERNAL_H
#define _VSERVER_INTERNAL_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/ratelimit_types.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <linux/vserver_hook.h>
#include <kunit/visibility.h>
#include <uapi/linux/vserver.h>

struct cpumask;
struct ctl_table_header;
struct file;
struct fileattr;
struct inode;
struct key;
struct kqid;
struct vs_net_addr;
struct pid;
struct proc_dir_entry;
struct seq_file;
struct socket;
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
 * struct vs_limit_counter - one limit the module counts (limit.c)
 * @usage: charged now
 * @peak: the highest @usage so far
 * @hits: charges refused
 * @max: the limit; LONG_MAX for none.  Read without a lock.
 * @log: one host log line a minute for refusals
 */
struct vs_limit_counter {
	atomic_long_t usage;
	atomic_long_t peak;
	atomic_long_t hits;
	long max;
	struct ratelimit_state log;
};

/**
 * struct vs_load - a context's load averages (load.c)
 * @avenrun: the 1, 5 and 15 minute averages, in FIXED_1 units
 * @running: its running tasks at the last sample
 * @gen: the sample that counted @active and @active_running
 * @active: running and uninterruptible tasks counted in sample @gen
 * @active_running: of which running
 *
 * Written by the sampler alone; readers take @avenrun and @running with
 * READ_ONCE().
 */
struct vs_load {
	unsigned long avenrun[3];
	unsigned int running;
	unsigned long gen;
	unsigned int active;
	unsigned int active_running;
};

/**
 * struct vs_net_entry - one network address of a context (net.c)
 * @family: AF_INET or AF_INET6
 * @prefix: its prefix length
 * @addr: the address, network byte order; IPv4 in the first four bytes
 */
struct vs_net_entry {
	u16 family;
	u8 prefix;
	u8 addr[16];
};

/**
 * struct vs_net_set - a context's addresses, replaced whole on a change
 * @rcu: frees it after the readers of the set it replaced
 * @count: entries in @addrs
 * @addrs: the addresses, in the order they were given
 */
struct vs_net_set {
	struct rcu_head rcu;
	unsigned int count;
	struct vs_net_entry addrs[];
};

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
 * @name: the guest's name, for the host's log; fixed at creation
 * @limits: the module-counted limits, by VS_CTX_LIMIT_*
 * @load: its load averages
 * @net: its network addresses, or NULL for none; RCU, vs_context_mutex
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
	char name[VS_NAME_LEN];
	struct vs_limit_counter limits[VS_CTX_LIMIT_COUNT];
	struct vs_load load;
	struct vs_net_set __rcu *net;
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
struct vs_context *vs_context_create(u32 xid, u32 state, const char *name);
struct vs_context *vs_context_get_by_xid(u32 xid);
struct vs_context *vs_context_peek(u32 xid);
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
void vs_context_for_each(void (*fn)(struct vs_context *ctx));
struct vs_context *vs_context_find_locked(bool (*match)(struct vs_context *ctx,
							const void *arg),
					  const void *arg);
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
bool vs_view_sysinfo(const struct sysinfo *host, struct vs_sysinfo_view *view,
		     bool meminfo);
const struct cpumask *vs_view_cpus(void);

/* load.c */
void vs_load_init(void);
void vs_load_exit(void);
bool vs_load_read(unsigned long loads[3], unsigned int *running, int *threads);

/* limit.c */
void vs_limit_init(struct vs_context *ctx);
int vs_limit_set(struct vs_context *ctx, u32 resource, u64 max);
int vs_limit_get(struct vs_context *ctx, struct vs_ctx_limit *req);
void vs_limit_show(struct seq_file *m, struct vs_context *ctx);
int vs_limit_file_charge(struct file *file);
void vs_limit_file_uncharge(struct file *file);
int vs_limit_socket_charge(struct socket *sock);
void vs_limit_socket_uncharge(struct socket *sock);
void vs_limit_hit(struct vs_context *ctx, unsigned int resource);
#if IS_ENABLED(CONFIG_KUNIT)
bool vs_limit_charge(struct vs_context *ctx, unsigned int resource);
void vs_limit_uncharge(struct vs_context *ctx, unsigned int resource);
#endif

/* net.c */
int vs_net_add(struct vs_context *ctx, const struct vs_net_addr *req);
int vs_net_del(struct vs_context *ctx, const struct vs_net_addr *req);
void vs_net_retire(struct vs_context *ctx);
void vs_net_release(struct vs_context *ctx);
struct vs_context *vs_net_owner(int family, const void *addr);
void vs_net_show(struct seq_file *m, struct vs_context *ctx);
bool vs_net_has(const struct vs_net_set *set, int family, const void *addr);
bool vs_net_loopback6(const u8 *addr);
bool vs_net_pick(const struct vs_net_set *set, int family, const void *daddr, void *saddr);
#if IS_ENABLED(CONFIG_KUNIT)
int vs_net_addr_check(const struct vs_net_addr *req);
#endif

/* sock.c */
void vs_sock_tag(struct sock *sk);
void vs_sock_tag_copy(struct sock *sk);
void vs_sock_untag(struct sock *sk);
int vs_sock_bind(struct sock *sk, struct sockaddr *addr, int addr_len);
enum vs_sock_overlap vs_sock_conflict(const struct sock *sk, const struct sock *sk2);
bool vs_sock_rcv_match(const struct sock *sk, int family, const void *daddr);
int vs_sock_saddr(const struct sock *sk, int family, void *saddr, const void *daddr,
		  bool given);
int vs_sock_daddr(const struct sock *sk, int family, void *daddr);
void vs_sock_addr_view(const struct sock *sk, int family, void *addr);
bool vs_sock_visible(const struct sock *sk);
bool vs_sock_unix_name_visible(const struct sock *sk);
const void *vs_sock_addr_owner(const struct net *net, int family, const void *addr);

/* ifview.c */
bool vs_ifview_dev_visible(const struct net_device *dev);
bool vs_ifview_addr_visible(const struct net_device *dev, int family, const void *addr);

/* disk.c */
int vs_disk_fileattr_set(struct inode *inode, const struct fileattr *old,
			 const struct fileattr *fa);
void vs_disk_quota_refused(const struct kqid *qid, bool inodes);

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
