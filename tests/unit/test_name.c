// SPDX-License-Identifier: GPL-2.0
/* Guest name validation. */
#include <string.h>

#include "compiler.h"
#include "err.h"
#include "name.h"
#include "unit.h"

#define NAME_64 "a123456789012345678901234567890123456789012345678901234567890123"
#define NAME_65 NAME_64 "4"

static const char *const good_names[] = {
	"a", "Z", "0", "web1", "web-1", "my_guest", "a.b.c", "_x", "x-", "x.",
	"123", "INFO", "info2", "xlist", NAME_64,
};

START_TEST(test_accept)
{
	struct vs_err err = { "untouched" };

	ck_assert_msg(vs_name_check(good_names[_i], &err) == 0,
		      "'%s' rejected: %s", good_names[_i], err.msg);
	ck_assert_str_eq(err.msg, "untouched");
}
END_TEST

static const struct {
	const char *name;
	const char *msg;
} bad_names[] = {
	{ "", "invalid guest name '': it is empty" },
	{ NAME_65, "invalid guest name '" NAME_64 "...': it is longer than 64 characters" },
	{ ".", "invalid guest name '.': it must not start with '.' or '-'" },
	{ "..", "invalid guest name '..': it must not start with '.' or '-'" },
	{ ".hidden", "invalid guest name '.hidden': it must not start with '.' or '-'" },
	{ "-rf", "invalid guest name '-rf': it must not start with '.' or '-'" },
	{ "a b", "invalid guest name 'a b': only letters, digits, '.', '-' and '_' are allowed" },
	{ "a/b", "invalid guest name 'a/b': only letters, digits, '.', '-' and '_' are allowed" },
	{ "a:b", "invalid guest name 'a:b': only letters, digits, '.', '-' and '_' are allowed" },
	{ "caf\xc3\xa9", "invalid guest name 'caf\xc3\xa9': only letters, digits, '.', '-' and '_' are allowed" },
	{ "a\nb", "invalid guest name 'a?b': only letters, digits, '.', '-' and '_' are allowed" },
	{ "info", "invalid guest name 'info': it is the name of a vserver command" },
	{ "list", "invalid guest name 'list': it is the name of a vserver command" },
};

START_TEST(test_reject)
{
	struct vs_err err = { "" };

	ck_assert_int_eq(vs_name_check(bad_names[_i].name, &err), -1);
	ck_assert_str_eq(err.msg, bad_names[_i].msg);
}
END_TEST

START_TEST(test_global_commands)
{
	ck_assert(vs_is_global_command("info"));
	ck_assert(vs_is_global_command("list"));
	ck_assert(!vs_is_global_command("Info"));
	ck_assert(!vs_is_global_command("inf"));
	ck_assert(!vs_is_global_command(""));
	ck_assert(!vs_is_global_command("web1"));
}
END_TEST

Suite *name_suite(void)
{
	Suite *s = suite_create("name");
	TCase *tc = tcase_create("name");

	tcase_add_loop_test(tc, test_accept, 0, ARRAY_SIZE(good_names));
	tcase_add_loop_test(tc, test_reject, 0, ARRAY_SIZE(bad_names));
	tcase_add_test(tc, test_global_commands);
	suite_add_tcase(s, tc);
	return s;
}
