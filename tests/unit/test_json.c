// SPDX-License-Identifier: GPL-2.0
/* JSON string escaping. */
#include <stdlib.h>

#include "compiler.h"
#include "json.h"
#include "unit.h"

static const struct {
	const char *in, *out;
} strings[] = {
	{ "", "\"\"" },
	{ "0.1", "\"0.1\"" },
	{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
	{ "C:\\dir", "\"C:\\\\dir\"" },
	{ "a/b", "\"a/b\"" },
	{ "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"" },
	{ "\x01\x1f", "\"\\u0001\\u001f\"" },
	{ "\x7f", "\"\x7f\"" },
	{ "caf\xc3\xa9 \xe2\x82\xac", "\"caf\xc3\xa9 \xe2\x82\xac\"" },
};

START_TEST(test_json_string)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);

	ck_assert_ptr_nonnull(out);
	vs_json_string(out, strings[_i].in);
	ck_assert_int_eq(fclose(out), 0);
	ck_assert_str_eq(buf, strings[_i].out);
	free(buf);
}
END_TEST

Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("json");

	tcase_add_loop_test(tc, test_json_string, 0, ARRAY_SIZE(strings));
	suite_add_tcase(s, tc);
	return s;
}
