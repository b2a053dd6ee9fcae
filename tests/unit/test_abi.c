// SPDX-License-Identifier: GPL-2.0
/* Version query and ABI compatibility. */
#include <fcntl.h>
#include <unistd.h>

#include "abi.h"
#include "compiler.h"
#include "err.h"
#include "unit.h"

static const struct {
	unsigned int major, minor;
	const char *msg;	/* NULL: compatible */
} abis[] = {
	{ VS_ABI_MAJOR, VS_ABI_MINOR, NULL },
	{ VS_ABI_MAJOR, VS_ABI_MINOR + 1, NULL },	/* newer module, same major */
	{ VS_ABI_MAJOR, 0, NULL },
	{ VS_ABI_MAJOR, 4000000000u, NULL },
	{ VS_ABI_MAJOR + 1, 0, "cannot talk to the kernel module: ABI 2.x, tool speaks 1.x" },
	{ VS_ABI_MAJOR - 1, 3, "cannot talk to the kernel module: ABI 0.x, tool speaks 1.x" },
	{ 4294967295u, VS_ABI_MINOR, "cannot talk to the kernel module: ABI 4294967295.x, tool speaks 1.x" },
};

START_TEST(test_abi_check)
{
	struct vs_version ver = { .abi_major = abis[_i].major, .abi_minor = abis[_i].minor, .hook_abi = 2 };
	struct vs_err err = { "" };

	/* The expected messages assume this; a new major needs new tables. */
	ck_assert_int_eq(VS_ABI_MAJOR, 1);
	if (abis[_i].msg) {
		ck_assert_int_eq(vs_abi_check(&ver, &err), -1);
		ck_assert_str_eq(err.msg, abis[_i].msg);
	} else {
		ck_assert_int_eq(vs_abi_check(&ver, &err), 0);
		ck_assert_str_eq(err.msg, "");
	}
}
END_TEST

/* Not the control device: the ioctl fails and says why. */
START_TEST(test_get_version_not_device)
{
	char *path = path_in(test_dir(), "plain");
	struct vs_version ver = { .abi_major = 7 };
	struct vs_err err;
	int fd;

	write_file(path, "", 0600);
	fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(vs_get_version(fd, &ver, &err), -1);
	ck_assert_str_eq(err.msg, "cannot query the kernel module's version: Inappropriate ioctl for device");
	close(fd);
}
END_TEST

START_TEST(test_get_version_bad_fd)
{
	struct vs_version ver;
	struct vs_err err;

	ck_assert_int_eq(vs_get_version(-1, &ver, &err), -1);
	ck_assert_str_eq(err.msg, "cannot query the kernel module's version: Bad file descriptor");
}
END_TEST

/* The request must be the one the module decodes: its number and first size. */
START_TEST(test_ioctl_number)
{
	ck_assert_uint_eq(sizeof(struct vs_version), VS_VERSION_SIZE_VER0);
	ck_assert_uint_eq(_IOC_SIZE(VS_IOC_VERSION), VS_VERSION_SIZE_VER0);
	ck_assert_uint_eq(_IOC_TYPE(VS_IOC_VERSION), 0xE7);
	ck_assert_uint_eq(_IOC_NR(VS_IOC_VERSION), 0);
	ck_assert_uint_eq(_IOC_DIR(VS_IOC_VERSION), _IOC_READ | _IOC_WRITE);
}
END_TEST

Suite *abi_suite(void)
{
	Suite *s = suite_create("abi");
	TCase *tc = tcase_create("abi");

	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_add_loop_test(tc, test_abi_check, 0, ARRAY_SIZE(abis));
	tcase_add_test(tc, test_get_version_not_device);
	tcase_add_test(tc, test_get_version_bad_fd);
	tcase_add_test(tc, test_ioctl_number);
	suite_add_tcase(s, tc);
	return s;
}
