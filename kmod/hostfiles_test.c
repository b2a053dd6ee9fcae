// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the rules for the host's procfs and sysctl files (hostfiles.c).
 */

#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/ipc_namespace.h>
#include <linux/sysctl.h>
#include <linux/user_namespace.h>
#include <net/net_namespace.h>

#include "internal.h"

/* A context gets what "other" gets, whatever its uid. */
static void vs_test_hostfiles_other_bits(struct kunit *test)
{
	/* /proc/meminfo, /proc/timer_list */
	KUNIT_EXPECT_EQ(test, vs_hostfiles_access(0444, FMODE_READ), 0);
	KUNIT_EXPECT_EQ(test, vs_hostfiles_access(0444, FMODE_WRITE), -EACCES);
	/* /proc/acpi/wakeup, /proc/mtrr, /proc/dynamic_debug/control */
	KUNIT_EXPECT_EQ(test, vs_hostfiles_access(0644, FMODE_READ), 0);
	KUNIT_EXPECT_EQ(test, vs_hostfiles_access(0644, FMODE_WRITE), -EACCES);
	KUNIT_EXPECT_EQ(test, vs_hostfiles_access(0644, FMODE_READ | FMODE_WRITE),
			-EACCES);
	/* /proc/sysrq-trigger */
	KUNIT_EXPECT_EQ(test, vs_hostfiles_access(0200, FMODE_WRITE), -EACCES);
	/* /proc/kpageflags, /proc/slabinfo */
	KUNIT_EXPECT_EQ(test, vs_hostfiles_access(0400, FMODE_READ), -EACCES);
	/* what every user may do, a context may do */
	KUNIT_EXPECT_EQ(test, vs_hostfiles_access(0666, FMODE_READ | FMODE_WRITE), 0);
	KUNIT_EXPECT_EQ(test, vs_hostfiles_access(0602, FMODE_WRITE), 0);
	/* an open for neither (O_PATH-like) asks for nothing */
	KUNIT_EXPECT_EQ(test, vs_hostfiles_access(0000, 0), 0);
}

static void vs_test_hostfiles_sysctl_sets(struct kunit *test)
{
	struct ctl_table_set own = {};
	struct ctl_table_header head = { .set = &own };

	/* kernel.*, vm.*, fs.*: one set for the whole machine */
	KUNIT_EXPECT_EQ(test, vs_hostfiles_sysctl_write(&head, true), -EACCES);
	/* a set of a namespace of the context's own (ipc, user, net) */
	KUNIT_EXPECT_EQ(test, vs_hostfiles_sysctl_write(&head, false), 0);
	/* the host's namespaces, shared by a context without its own */
#if IS_ENABLED(CONFIG_SYSCTL) && IS_ENABLED(CONFIG_NET)
	head.set = &init_net.sysctls;
	KUNIT_EXPECT_EQ(test, vs_hostfiles_sysctl_write(&head, false), -EACCES);
#endif
#ifdef CONFIG_SYSCTL
	head.set = &init_user_ns.set;
	KUNIT_EXPECT_EQ(test, vs_hostfiles_sysctl_write(&head, false), -EACCES);
#endif
	head.set = &init_ipc_ns.ipc_set;
	KUNIT_EXPECT_EQ(test, vs_hostfiles_sysctl_write(&head, false), -EACCES);
	head.set = &init_ipc_ns.mq_set;
	KUNIT_EXPECT_EQ(test, vs_hostfiles_sysctl_write(&head, false), -EACCES);
}

static struct kunit_case vs_hostfiles_cases[] = {
	KUNIT_CASE(vs_test_hostfiles_other_bits),
	KUNIT_CASE(vs_test_hostfiles_sysctl_sets),
	{}
};

static struct kunit_suite vs_hostfiles_suite = {
	.name = "vserver_hostfiles",
	.test_cases = vs_hostfiles_cases,
};

kunit_test_suite(vs_hostfiles_suite);
