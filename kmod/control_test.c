// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for control.c: request lookup and size versioning.
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/mman.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vserver_hook.h>

#include "control.h"

#define VERSION_CMD(dir, size) _IOC(dir, VS_IOC_MAGIC, 0x00, size)

static void vs_test_find_known(struct kunit *test)
{
	const struct vs_ioctl *ioc = vs_ioctl_find(VS_IOC_VERSION);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ioc);
	KUNIT_EXPECT_EQ(test, ioc->cmd, VS_IOC_VERSION);
	ioc = vs_ioctl_find(VS_IOC_CTX_CREATE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ioc);
	KUNIT_EXPECT_EQ(test, ioc->cmd, VS_IOC_CTX_CREATE);
}

static void vs_test_find_every_request(struct kunit *test)
{
	static const unsigned int cmds[] = {
		VS_IOC_VERSION, VS_IOC_CTX_CREATE, VS_IOC_CTX_MIGRATE,
		VS_IOC_CTX_LIST, VS_IOC_CTX_INFO, VS_IOC_CTX_SET_FLAGS,
		VS_IOC_CTX_SET_BCAPS, VS_IOC_CTX_RUN, VS_IOC_CTX_KILL,
		VS_IOC_CTX_REMOVE, VS_IOC_LIMIT_SET, VS_IOC_LIMIT_GET,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		const struct vs_ioctl *ioc = vs_ioctl_find(cmds[i]);

		KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, ioc, "nr %u",
						 _IOC_NR(cmds[i]));
		KUNIT_EXPECT_EQ(test, ioc->cmd, cmds[i]);
		KUNIT_EXPECT_LE(test, ioc->ksize, sizeof(union vs_ioctl_arg));
	}
}

static void vs_test_find_unknown(struct kunit *test)
{
	unsigned int rw = _IOC_READ | _IOC_WRITE;

	/* Another driver's magic, an unused number, the wrong direction. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(vs_ioctl_find(_IOWR('T', 0x00, u32))),
			-ENOTTY);
	KUNIT_EXPECT_EQ(test,
			PTR_ERR(vs_ioctl_find(_IOC(rw, VS_IOC_MAGIC, 0x3f, 16))),
			-ENOTTY);
	KUNIT_EXPECT_EQ(test,
			PTR_ERR(vs_ioctl_find(VERSION_CMD(_IOC_READ, 16))),
			-ENOTTY);
}

static void vs_test_find_sizes(struct kunit *test)
{
	unsigned int rw = _IOC_READ | _IOC_WRITE;

	/* Smaller than the first published size: refused. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(vs_ioctl_find(VERSION_CMD(rw, 8))),
			-EINVAL);
	/* A newer, larger structure is looked at by copy_struct_from_user. */
	KUNIT_EXPECT_FALSE(test, IS_ERR(vs_ioctl_find(VERSION_CMD(rw, 64))));
}

/* A page of user memory for the calls below. */
static void __user *vs_test_user_page(struct kunit *test)
{
	unsigned long addr;

	addr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, addr, 0, "cannot map user memory");
	return (void __user *)addr;
}

static void vs_test_call_version(struct kunit *test)
{
	void __user *uarg = vs_test_user_page(test);
	struct vs_version ver = {};

	KUNIT_ASSERT_EQ(test, copy_to_user(uarg, &ver, sizeof(ver)), 0);
	KUNIT_EXPECT_EQ(test, vs_ioctl_call(VS_IOC_VERSION, uarg), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(&ver, uarg, sizeof(ver)), 0);
	KUNIT_EXPECT_EQ(test, ver.abi_major, VS_ABI_MAJOR);
	KUNIT_EXPECT_EQ(test, ver.abi_minor, VS_ABI_MINOR);
	KUNIT_EXPECT_EQ(test, ver.hook_abi, VS_HOOK_ABI);
}

static void vs_test_call_unknown_flags(struct kunit *test)
{
	void __user *uarg = vs_test_user_page(test);
	struct vs_version ver = { .flags = 1 };

	KUNIT_ASSERT_EQ(test, copy_to_user(uarg, &ver, sizeof(ver)), 0);
	KUNIT_EXPECT_EQ(test, vs_ioctl_call(VS_IOC_VERSION, uarg), -EINVAL);
}

static void vs_test_call_newer_struct(struct kunit *test)
{
	unsigned int cmd = VERSION_CMD(_IOC_READ | _IOC_WRITE, 24);
	void __user *uarg = vs_test_user_page(test);
	u8 buf[24] = {};
	u32 tail;

	/* A zero tail is a newer tool not using its new fields: fine. */
	KUNIT_ASSERT_EQ(test, copy_to_user(uarg, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, vs_ioctl_call(cmd, uarg), 0);
	/* The kernel writes back only what it knows. */
	KUNIT_ASSERT_EQ(test, copy_from_user(&tail, uarg + 20, 4), 0);
	KUNIT_EXPECT_EQ(test, tail, 0);

	/* A field this module does not know is in use: refuse. */
	buf[20] = 1;
	KUNIT_ASSERT_EQ(test, copy_to_user(uarg, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, vs_ioctl_call(cmd, uarg), -E2BIG);
}

/* A name must be terminated and printable: it goes into the host's log. */
static void vs_test_call_create_bad_name(struct kunit *test)
{
	void __user *uarg = vs_test_user_page(test);
	struct vs_ctx_create req = { .flags = VS_CTX_CREATE_SETUP };

	strscpy(req.name, "web\nvserver: forged");
	KUNIT_ASSERT_EQ(test, copy_to_user(uarg, &req, sizeof(req)), 0);
	KUNIT_EXPECT_EQ(test, vs_ioctl_call(VS_IOC_CTX_CREATE, uarg), -EINVAL);

	memset(req.name, 'a', sizeof(req.name));
	KUNIT_ASSERT_EQ(test, copy_to_user(uarg, &req, sizeof(req)), 0);
	KUNIT_EXPECT_EQ(test, vs_ioctl_call(VS_IOC_CTX_CREATE, uarg), -EINVAL);
}

/* Malformed limit requests fail first; a well-formed one finds no context. */
static void vs_test_call_limit_bad_input(struct kunit *test)
{
	static const unsigned int cmds[] = { VS_IOC_LIMIT_SET, VS_IOC_LIMIT_GET };
	void __user *uarg = vs_test_user_page(test);
	struct vs_ctx_limit req;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		req = (struct vs_ctx_limit){ .xid = 40020,
					     .resource = VS_CTX_LIMIT_COUNT };
		KUNIT_ASSERT_EQ(test, copy_to_user(uarg, &req, sizeof(req)), 0);
		KUNIT_EXPECT_EQ(test, vs_ioctl_call(cmds[i], uarg), -EINVAL);

		req.resource = VS_CTX_LIMIT_FILES;
		req.reserved = 1;
		KUNIT_ASSERT_EQ(test, copy_to_user(uarg, &req, sizeof(req)), 0);
		KUNIT_EXPECT_EQ(test, vs_ioctl_call(cmds[i], uarg), -EINVAL);

		req.reserved = 0;
		req.flags = 1;
		KUNIT_ASSERT_EQ(test, copy_to_user(uarg, &req, sizeof(req)), 0);
		KUNIT_EXPECT_EQ(test, vs_ioctl_call(cmds[i], uarg), -EINVAL);

		req.flags = 0;
		KUNIT_ASSERT_EQ(test, copy_to_user(uarg, &req, sizeof(req)), 0);
		KUNIT_EXPECT_EQ(test, vs_ioctl_call(cmds[i], uarg), -ESRCH);
	}
}

/* Address requests: never for the host or spectator; malformed first; then no context. */
static void vs_test_call_net_bad_input(struct kunit *test)
{
	static const unsigned int cmds[] = { VS_IOC_NET_ADDR_ADD, VS_IOC_NET_ADDR_DEL };
	void __user *uarg = vs_test_user_page(test);
	struct vs_net_addr req;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		req = (struct vs_net_addr){ .xid = VS_XID_HOST, .family = AF_INET,
					    .prefix = 24, .addr = { 192, 0, 2, 1 } };
		KUNIT_ASSERT_EQ(test, copy_to_user(uarg, &req, sizeof(req)), 0);
		KUNIT_EXPECT_EQ(test, vs_ioctl_call(cmds[i], uarg), -EINVAL);
		req.xid = VS_XID_SPECTATOR;
		KUNIT_ASSERT_EQ(test, copy_to_user(uarg, &req, sizeof(req)), 0);
		KUNIT_EXPECT_EQ(test, vs_ioctl_call(cmds[i], uarg), -EINVAL);
		req.xid = 40020;
		req.flags = 1;
		KUNIT_ASSERT_EQ(test, copy_to_user(uarg, &req, sizeof(req)), 0);
		KUNIT_EXPECT_EQ(test, vs_ioctl_call(cmds[i], uarg), -EINVAL);
		req.flags = 0;
		KUNIT_ASSERT_EQ(test, copy_to_user(uarg, &req, sizeof(req)), 0);
		KUNIT_EXPECT_EQ(test, vs_ioctl_call(cmds[i], uarg), -ESRCH);
	}
}

static void vs_test_call_fault(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vs_ioctl_call(VS_IOC_VERSION, NULL), -EFAULT);
}

static struct kunit_case vs_control_cases[] = {
	KUNIT_CASE(vs_test_find_known),
	KUNIT_CASE(vs_test_find_every_request),
	KUNIT_CASE(vs_test_find_unknown),
	KUNIT_CASE(vs_test_find_sizes),
	KUNIT_CASE(vs_test_call_version),
	KUNIT_CASE(vs_test_call_unknown_flags),
	KUNIT_CASE(vs_test_call_newer_struct),
	KUNIT_CASE(vs_test_call_create_bad_name),
	KUNIT_CASE(vs_test_call_limit_bad_input),
	KUNIT_CASE(vs_test_call_net_bad_input),
	KUNIT_CASE(vs_test_call_fault),
	{}
};

static struct kunit_suite vs_control_suite = {
	.name = "vserver_control",
	.test_cases = vs_control_cases,
};

kunit_test_suite(vs_control_suite);
