// SPDX-License-Identifier: GPL-2.0
/*
 * The control device /dev/vserver and its ioctl ABI.
 *
 * Requests are found by number in vs_ioctls.  The size encoded in the
 * command is the size of the caller's structure: copy_struct_from_user()
 * zero-extends an older, shorter one and refuses a newer, longer one whose
 * unknown tail is not zero.  Handlers reject unknown flags themselves.
 */

#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vserver_hook.h>
#include <uapi/linux/vserver.h>

#include "control.h"
#include "internal.h"

/* Changing contexts is for privileged host tasks only. */
static int vs_may_control(void)
{
	if (current->vs_context || !capable(CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

static int vs_ioc_version(void *arg)
{
	struct vs_version *ver = arg;

	if (ver->flags)
		return -EINVAL;
	ver->abi_major = VS_ABI_MAJOR;
	ver->abi_minor = VS_ABI_MINOR;
	ver->hook_abi = VS_HOOK_ABI;
	return 0;
}

/*
 * A name goes into the host's log: terminated, and printable, so that it
 * cannot forge a line there.
 */
static bool vs_name_valid(const char *name, size_t size)
{
	size_t i;

	for (i = 0; i < size && name[i]; i++)
		if (!isprint(name[i]))
			return false;
	return i < size;
}

static int vs_ioc_ctx_create(void *arg)
{
	struct vs_ctx_create *req = arg;
	bool setup = req->flags & VS_CTX_CREATE_SETUP;
	struct vs_context *ctx;
	int ret;

	if (req->flags & ~VS_CTX_CREATE_SETUP)
		return -EINVAL;
	if (!vs_name_valid(req->name, sizeof(req->name)))
		return -EINVAL;
	ret = vs_may_control();
	if (ret)
		return ret;
	/* Refuse before creating, so that a failure leaves nothing behind. */
	if (!setup && get_nr_threads(current) != 1)
		return -EBUSY;

	ctx = vs_context_create(req->xid, setup ? VS_CTX_STATE_SETUP :
					       VS_CTX_STATE_RUNNING, req->name);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	if (!setup) {
		ret = vs_context_migrate(ctx, false);
		if (ret)
			vs_context_unlist(ctx);
	}
	if (!ret)
		req->xid = ctx->xid;
	vs_context_put(ctx);
	return ret;
}

/* Look up the context a request names; the caller puts it. */
static int vs_ctx_lookup(u32 flags, u32 xid, struct vs_context **ctx)
{
	int ret;

	if (flags)
		return -EINVAL;
	ret = vs_may_control();
	if (ret)
		return ret;
	*ctx = vs_context_get_by_xid(xid);
	return *ctx ? 0 : -ESRCH;
}

static int vs_ioc_ctx_migrate(void *arg)
{
	struct vs_ctx_migrate *req = arg;
	struct vs_context *ctx;
	int ret;

	if (req->flags & ~VS_CTX_MIGRATE_INIT)
		return -EINVAL;
	ret = vs_may_control();
	if (ret)
		return ret;
	if (req->xid == VS_XID_SPECTATOR) {
		ctx = vs_context_get_spectator();
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
	} else {
		ctx = vs_context_get_by_xid(req->xid);
		if (!ctx)
			return -ESRCH;
	}
	ret = vs_context_migrate(ctx, req->flags & VS_CTX_MIGRATE_INIT);
	/* A spectator created for a caller that could not enter goes again. */
	if (ret && ctx->xid == VS_XID_SPECTATOR)
		vs_context_set_flags(ctx, 0, 0);
	vs_context_put(ctx);
	return ret;
}

static int vs_ioc_ctx_list(void *arg)
{
	struct vs_ctx_list *req = arg;
	unsigned int room;
	u32 *xids;
	int ret, n;

	if (req->flags)
		return -EINVAL;
	ret = vs_may_control();
	if (ret)
		return ret;
	room = min_t(u32, req->count, VS_XID_MAX + 1);
	xids = kvmalloc_array(max(room, 1U), sizeof(*xids), GFP_KERNEL);
	if (!xids)
		return -ENOMEM;
	n = vs_context_list(xids, room);
	if (copy_to_user(u64_to_user_ptr(req->xids), xids,
			 min_t(unsigned int, n, room) * sizeof(*xids)))
		ret = -EFAULT;
	else
		req->count = n;
	kvfree(xids);
	return ret;
}

/*
 * The requests on one context: look it up, apply @fn to it with the
 * request, put it.
 */
static int vs_ctx_apply(u32 flags, u32 xid,
			int (*fn)(struct vs_context *ctx, void *req),
			void *req)
{
	struct vs_context *ctx;
	int ret;

	ret = vs_ctx_lookup(flags, xid, &ctx);
	if (ret)
		return ret;
	ret = fn(ctx, req);
	vs_context_put(ctx);
	return ret;
}

static int vs_apply_info(struct vs_context *ctx, void *arg)
{
	struct vs_ctx_info *req = arg;

	mutex_lock(&vs_context_mutex);
	if (ctx->state == VS_CTX_STATE_DYING) {
		mutex_unlock(&vs_context_mutex);
		return -ESRCH;
	}
	req->state = ctx->state;
	req->ctx_flags = ctx->flags;
	req->bcaps = ctx->bcaps;
	req->init_pid = vs_context_init_nr(ctx);
	req->reserved = 0;
	mutex_unlock(&vs_context_mutex);
	req->tasks = atomic_read(&ctx->tasks);
	req->start_ns = ctx->start_ns;
	return 0;
}

static int vs_ioc_ctx_info(void *arg)
{
	struct vs_ctx_info *req = arg;

	return vs_ctx_apply(req->flags, req->xid, vs_apply_info, req);
}

static int vs_apply_flags(struct vs_context *ctx, void *arg)
{
	struct vs_ctx_flags *req = arg;

	return vs_context_set_flags(ctx, req->set, req->clear);
}

static int vs_apply_bcaps(struct vs_context *ctx, void *arg)
{
	struct vs_ctx_bcaps *req = arg;

	return vs_context_set_bcaps(ctx, req->bcaps);
}

static int vs_apply_run(struct vs_context *ctx, void *arg)
{
	return vs_context_run(ctx);
}

static int vs_apply_remove(struct vs_context *ctx, void *arg)
{
	return vs_context_remove(ctx);
}

static int vs_ioc_ctx_set_flags(void *arg)
{
	struct vs_ctx_flags *req = arg;

	return vs_ctx_apply(req->flags, req->xid, vs_apply_flags, req);
}

static int vs_ioc_ctx_set_bcaps(void *arg)
{
	struct vs_ctx_bcaps *req = arg;

	return vs_ctx_apply(req->flags, req->xid, vs_apply_bcaps, req);
}

static int vs_ioc_ctx_run(void *arg)
{
	struct vs_ctx_id *req = arg;

	return vs_ctx_apply(req->flags, req->xid, vs_apply_run, req);
}

static int vs_ioc_ctx_remove(void *arg)
{
	struct vs_ctx_id *req = arg;

	return vs_ctx_apply(req->flags, req->xid, vs_apply_remove, req);
}

static int vs_apply_kill(struct vs_context *ctx, void *arg)
{
	struct vs_ctx_kill *req = arg;

	return vs_context_kill(ctx, req->signal);
}

static int vs_ioc_ctx_kill(void *arg)
{
	struct vs_ctx_kill *req = arg;

	if (req->reserved || req->signal > _NSIG)
		return -EINVAL;
	if (req->xid == VS_XID_HOST || req->xid == VS_XID_SPECTATOR)
		return -EINVAL;
	return vs_ctx_apply(req->flags, req->xid, vs_apply_kill, req);
}

static int vs_apply_limit_set(struct vs_context *ctx, void *arg)
{
	struct vs_ctx_limit *req = arg;

	return vs_limit_set(ctx, req->resource, req->max);
}

static int vs_apply_limit_get(struct vs_context *ctx, void *arg)
{
	return vs_limit_get(ctx, arg);
}

/* Both limit requests: malformed ones fail before the context is looked up. */
static int vs_ioc_limit(struct vs_ctx_limit *req,
			int (*fn)(struct vs_context *ctx, void *req))
{
	if (req->reserved || req->resource >= VS_CTX_LIMIT_COUNT)
		return -EINVAL;
	return vs_ctx_apply(req->flags, req->xid, fn, req);
}

static int vs_ioc_limit_set(void *arg)
{
	return vs_ioc_limit(arg, vs_apply_limit_set);
}

static int vs_ioc_limit_get(void *arg)
{
	return vs_ioc_limit(arg, vs_apply_limit_get);
}

static int vs_apply_net_add(struct vs_context *ctx, void *arg)
{
	return vs_net_add(ctx, arg);
}

static int vs_apply_net_del(struct vs_context *ctx, void *arg)
{
	return vs_net_del(ctx, arg);
}

/* Both address requests: never for the host or the spectator, which have no set. */
static int vs_ioc_net(struct vs_net_addr *req,
		      int (*fn)(struct vs_context *ctx, void *req))
{
	if (req->xid == VS_XID_HOST || req->xid == VS_XID_SPECTATOR)
		return -EINVAL;
	return vs_ctx_apply(req->flags, req->xid, fn, req);
}

static int vs_ioc_net_add(void *arg)
{
	return vs_ioc_net(arg, vs_apply_net_add);
}

static int vs_ioc_net_del(void *arg)
{
	return vs_ioc_net(arg, vs_apply_net_del);
}

#define VS_IOCTL(_cmd, _type, _min, _fn) \
	{ .cmd = (_cmd), .ksize = sizeof(_type), .min_size = (_min), .fn = (_fn) }

static const struct vs_ioctl vs_ioctls[] = {
	VS_IOCTL(VS_IOC_VERSION, struct vs_version, VS_VERSION_SIZE_VER0,
		 vs_ioc_version),
	VS_IOCTL(VS_IOC_CTX_CREATE, struct vs_ctx_create,
		 VS_CTX_CREATE_SIZE_VER0, vs_ioc_ctx_create),
	VS_IOCTL(VS_IOC_CTX_MIGRATE, struct vs_ctx_migrate,
		 VS_CTX_MIGRATE_SIZE_VER0, vs_ioc_ctx_migrate),
	VS_IOCTL(VS_IOC_CTX_LIST, struct vs_ctx_list, VS_CTX_LIST_SIZE_VER0,
		 vs_ioc_ctx_list),
	VS_IOCTL(VS_IOC_CTX_INFO, struct vs_ctx_info, VS_CTX_INFO_SIZE_VER0,
		 vs_ioc_ctx_info),
	VS_IOCTL(VS_IOC_CTX_SET_FLAGS, struct vs_ctx_flags,
		 VS_CTX_FLAGS_SIZE_VER0, vs_ioc_ctx_set_flags),
	VS_IOCTL(VS_IOC_CTX_SET_BCAPS, struct vs_ctx_bcaps,
		 VS_CTX_BCAPS_SIZE_VER0, vs_ioc_ctx_set_bcaps),
	VS_IOCTL(VS_IOC_CTX_RUN, struct vs_ctx_id, VS_CTX_ID_SIZE_VER0,
		 vs_ioc_ctx_run),
	VS_IOCTL(VS_IOC_CTX_KILL, struct vs_ctx_kill, VS_CTX_KILL_SIZE_VER0,
		 vs_ioc_ctx_kill),
	VS_IOCTL(VS_IOC_CTX_REMOVE, struct vs_ctx_id, VS_CTX_ID_SIZE_VER0,
		 vs_ioc_ctx_remove),
	VS_IOCTL(VS_IOC_LIMIT_SET, struct vs_ctx_limit,
		 VS_CTX_LIMIT_SIZE_VER0, vs_ioc_limit_set),
	VS_IOCTL(VS_IOC_LIMIT_GET, struct vs_ctx_limit,
		 VS_CTX_LIMIT_SIZE_VER0, vs_ioc_limit_get),
	VS_IOCTL(VS_IOC_NET_ADDR_ADD, struct vs_net_addr,
		 VS_NET_ADDR_SIZE_VER0, vs_ioc_net_add),
	VS_IOCTL(VS_IOC_NET_ADDR_DEL, struct vs_net_addr,
		 VS_NET_ADDR_SIZE_VER0, vs_ioc_net_del),
};

/**
 * vs_ioctl_find - find the request @cmd names
 * @cmd: the ioctl command
 *
 * Return: the request, ERR_PTR(-ENOTTY) for one this module does not know
 * (other type, number or direction), ERR_PTR(-EINVAL) for a size smaller
 * than the first published version of its structure.
 */
VISIBLE_IF_KUNIT const struct vs_ioctl *vs_ioctl_find(unsigned int cmd)
{
	unsigned int i;

	if (_IOC_TYPE(cmd) != VS_IOC_MAGIC)
		return ERR_PTR(-ENOTTY);
	for (i = 0; i < ARRAY_SIZE(vs_ioctls); i++) {
		const struct vs_ioctl *ioc = &vs_ioctls[i];

		if (_IOC_NR(ioc->cmd) != _IOC_NR(cmd))
			continue;
		if (_IOC_DIR(ioc->cmd) != _IOC_DIR(cmd))
			return ERR_PTR(-ENOTTY);
		if (_IOC_SIZE(cmd) < ioc->min_size)
			return ERR_PTR(-EINVAL);
		return ioc;
	}
	return ERR_PTR(-ENOTTY);
}

/**
 * vs_ioctl_call - run request @cmd on the structure at @uarg
 * @cmd: the ioctl command
 * @uarg: the caller's structure, _IOC_SIZE(@cmd) bytes
 *
 * Return: a negative errno, or what the request returns: 0, or a count.
 */
VISIBLE_IF_KUNIT long vs_ioctl_call(unsigned int cmd, void __user *uarg)
{
	const struct vs_ioctl *ioc = vs_ioctl_find(cmd);
	size_t usize = _IOC_SIZE(cmd);
	union vs_ioctl_arg karg = {};
	int ret;

	if (IS_ERR(ioc))
		return PTR_ERR(ioc);
	if (_IOC_DIR(cmd) & _IOC_WRITE) {
		ret = copy_struct_from_user(&karg, ioc->ksize, uarg, usize);
		if (ret)
			return ret;
	}
	ret = ioc->fn(&karg);
	if (ret < 0)
		return ret;
	if ((_IOC_DIR(cmd) & _IOC_READ) &&
	    copy_to_user(uarg, &karg, min(usize, ioc->ksize)))
		return -EFAULT;
	return ret;
}

static long vs_control_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	return vs_ioctl_call(cmd, (void __user *)arg);
}

static const struct file_operations vs_control_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = vs_control_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice vs_control_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = VS_DEVICE_NAME,
	.fops = &vs_control_fops,
	.mode = 0600,
};

/*
 * The first published size and the layout of every request are ABI: a
 * field moved or a struct grown by mistake fails the build, as Landlock's
 * build_check_abi() does.  Growing a struct means a new _SIZE_VERn.
 */
static void __init vs_build_check_abi(void)
{
	BUILD_BUG_ON(sizeof(struct vs_version) != VS_VERSION_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vs_ctx_create) != VS_CTX_CREATE_SIZE_VER1);
	BUILD_BUG_ON(offsetof(struct vs_ctx_create, name) !=
		     VS_CTX_CREATE_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vs_ctx_migrate) != VS_CTX_MIGRATE_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vs_ctx_list) != VS_CTX_LIST_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct vs_ctx_list, xids) != 8);
	BUILD_BUG_ON(sizeof(struct vs_ctx_info) != VS_CTX_INFO_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct vs_ctx_info, ctx_flags) != 16);
	BUILD_BUG_ON(offsetof(struct vs_ctx_info, bcaps) != 24);
	BUILD_BUG_ON(offsetof(struct vs_ctx_info, init_pid) != 32);
	BUILD_BUG_ON(offsetof(struct vs_ctx_info, start_ns) != 40);
	BUILD_BUG_ON(sizeof(struct vs_ctx_flags) != VS_CTX_FLAGS_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct vs_ctx_flags, set) != 8);
	BUILD_BUG_ON(offsetof(struct vs_ctx_flags, clear) != 16);
	BUILD_BUG_ON(sizeof(struct vs_ctx_bcaps) != VS_CTX_BCAPS_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct vs_ctx_bcaps, bcaps) != 8);
	BUILD_BUG_ON(sizeof(struct vs_ctx_id) != VS_CTX_ID_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vs_ctx_kill) != VS_CTX_KILL_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct vs_ctx_kill, signal) != 8);
	BUILD_BUG_ON(sizeof(struct vs_ctx_limit) != VS_CTX_LIMIT_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct vs_ctx_limit, max) != 16);
	BUILD_BUG_ON(offsetof(struct vs_ctx_limit, hits) != 40);
	BUILD_BUG_ON(sizeof(struct vs_net_addr) != VS_NET_ADDR_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct vs_net_addr, addr) != 16);
}

int __init vs_control_init(void)
{
	vs_build_check_abi();
	return misc_register(&vs_control_dev);
}

void vs_control_exit(void)
{
	misc_deregister(&vs_control_dev);
}
