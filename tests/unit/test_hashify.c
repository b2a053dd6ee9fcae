// SPDX-License-Identifier: GPL-2.0
/*
 * hashify's pieces, linked from hashify/: exclude rules, dpkg conffiles,
 * store keys and names, what "identical metadata" means.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <linux/vserver.h>

#include "err.h"
#include "hashify.h"
#include "unit.h"

START_TEST(rules_first_match_wins)
{
	struct hf_rules r = { 0 };

	ck_assert_int_eq(hf_rules_add(&r, "/usr/lib/keep*", true), 0);
	ck_assert_int_eq(hf_rules_add(&r, "/usr/lib/*", false), 0);
	ck_assert_int_eq(hf_rules_add(&r, "*.pyc", false), 0);
	ck_assert_int_eq(hf_rules_add(&r, "/opt/cache/", false), 0);
	ck_assert_int_eq(hf_rules_match(&r, "/usr/lib/keepme", false), HF_RULE_INCLUDE);
	ck_assert_int_eq(hf_rules_match(&r, "/usr/lib/x/y.so", false), HF_RULE_EXCLUDE);
	/* no slash: the last component */
	ck_assert_int_eq(hf_rules_match(&r, "/usr/share/a/b.pyc", false), HF_RULE_EXCLUDE);
	ck_assert_int_eq(hf_rules_match(&r, "/usr/share/a/b.py", false), HF_RULE_NONE);
	/* trailing slash: directories only */
	ck_assert_int_eq(hf_rules_match(&r, "/opt/cache", true), HF_RULE_EXCLUDE);
	ck_assert_int_eq(hf_rules_match(&r, "/opt/cache", false), HF_RULE_NONE);
	hf_rules_free(&r);
}
END_TEST

START_TEST(rules_file_format)
{
	const char *dir = test_dir();
	char *file = path_in(dir, "rules");
	struct hf_rules r = { 0 };
	struct vs_err err;

	write_file(file, "# comment\n\n-/a/*\n+/b/keep\n/b/*\r\n", 0644);
	ck_assert_int_eq(hf_rules_read(&r, file, &err), 0);
	ck_assert_uint_eq(r.n, 3);
	ck_assert_int_eq(hf_rules_match(&r, "/a/x", false), HF_RULE_EXCLUDE);
	ck_assert_int_eq(hf_rules_match(&r, "/b/keep", false), HF_RULE_INCLUDE);
	ck_assert_int_eq(hf_rules_match(&r, "/b/other", false), HF_RULE_EXCLUDE);
	ck_assert_int_eq(hf_rules_match(&r, "/c", false), HF_RULE_NONE);
	hf_rules_free(&r);
	ck_assert_int_eq(hf_rules_read(&r, path_in(dir, "missing"), &err), -1);
	ck_assert_msg(strstr(err.msg, "cannot read"), "%s", err.msg);
}
END_TEST

static void check_line(const char *line, const char *want)
{
	char *got = hf_conffile_line(line);

	if (!want)
		ck_assert_msg(!got, "'%s' gave '%s'", line, got);
	else
		ck_assert_msg(got && !strcmp(got, want), "'%s' gave '%s'", line,
			      got ? got : "NULL");
	free(got);
}

START_TEST(conffile_lines)
{
	check_line("/etc/foo.conf\n", "/etc/foo.conf");
	check_line("remove-on-upgrade /etc/old.conf\n", "/etc/old.conf");
	check_line("  /etc/with space.conf \r\n", "/etc/with space.conf");
	check_line("/etc/a/b", "/etc/a/b");
	check_line("\n", NULL);
	check_line("garbage\n", NULL);
	check_line("weird/path\n", NULL);
	check_line("/\n", NULL);
}
END_TEST

START_TEST(exclude_defaults_and_conffiles)
{
	const char *dir = test_dir();
	struct hf_rules user = { 0 };
	struct hf_exclude ex;
	char *info, *cmd;
	int fd;

	info = path_in(dir, "var/lib/dpkg/info");
	cmd = unit_printf("mkdir -p %s", info);
	ck_assert_int_eq(system(cmd), 0);
	write_file(path_in(info, "pkg.conffiles"), "/usr/lib/pkg/conf\n", 0644);
	write_file(path_in(info, "lib:amd64.conffiles"),
		   "remove-on-upgrade /usr/share/lib/old\n/etc/lib.conf\n", 0644);
	write_file(path_in(info, "pkg.list"), "/usr/lib/pkg/listed\n", 0644);
	ck_assert_int_eq(hf_rules_add(&user, "/etc", true), 0);
	ck_assert_int_eq(hf_rules_add(&user, "/proc", true), 0);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(hf_exclude_load(&ex, &user, fd), 0);
	close(fd);
	ck_assert_uint_eq(ex.nconffiles, 3);
	ck_assert(hf_excluded(&ex, "/usr/lib/pkg/conf", false));
	ck_assert(hf_excluded(&ex, "/usr/share/lib/old", false));
	ck_assert(!hf_excluded(&ex, "/usr/lib/pkg/listed", false));
	ck_assert(hf_excluded(&ex, "/var", true));
	ck_assert(hf_excluded(&ex, "/dev", true));
	ck_assert(!hf_excluded(&ex, "/usr", true));
	ck_assert(!hf_excluded(&ex, "/variable", true));
	/* the user's include beats the default, but not the conffiles */
	ck_assert(!hf_excluded(&ex, "/etc", true));
	ck_assert(!hf_excluded(&ex, "/proc", true));
	ck_assert(hf_excluded(&ex, "/etc/lib.conf", false));
	hf_exclude_free(&ex);
	hf_rules_free(&user);
}
END_TEST

static int make_file(const char *path, const char *content, int mode, time_t mtime)
{
	struct timespec ts[2] = { { mtime, 0 }, { mtime, 0 } };
	int fd;

	write_file(path, content, mode);
	ck_assert_int_eq(chmod(path, mode), 0);
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	return fd;
}

static void key_of(int fd, bool ignore_mtime, struct hf_key *key, struct hf_meta *m)
{
	ck_assert_int_eq(hf_meta_read(fd, m), 0);
	ck_assert_int_eq(hf_key_compute(fd, m, ignore_mtime, key), 0);
}

START_TEST(keys)
{
	const char *dir = test_dir();
	int a = make_file(path_in(dir, "a"), "same content, long enough", 0644, 1000);
	int b = make_file(path_in(dir, "b"), "same content, long enough", 0644, 1000);
	int c = make_file(path_in(dir, "c"), "same content, long enough", 0755, 1000);
	int d = make_file(path_in(dir, "d"), "same content, long enough", 0644, 2000);
	int e = make_file(path_in(dir, "e"), "other content, long enough", 0644, 1000);
	struct hf_key ka, kb, kc, kd, ke, kd2, ka2;
	struct hf_meta ma, mb, mc, md, me;
	char name[HF_NAME_MAX];

	key_of(a, false, &ka, &ma);
	key_of(b, false, &kb, &mb);
	key_of(c, false, &kc, &mc);
	key_of(d, false, &kd, &md);
	key_of(e, false, &ke, &me);
	ck_assert_mem_eq(ka.b, kb.b, 16);
	ck_assert(memcmp(ka.b, kc.b, 16));
	ck_assert(memcmp(ka.b, kd.b, 16));
	ck_assert(memcmp(ka.b, ke.b, 16));
	ck_assert_int_eq(hf_key_compute(a, &ma, true, &ka2), 0);
	ck_assert_int_eq(hf_key_compute(d, &md, true, &kd2), 0);
	ck_assert_mem_eq(ka2.b, kd2.b, 16);
	ck_assert(memcmp(ka.b, ka2.b, 16));

	hf_key_name(&ka, 0, name);
	ck_assert_uint_eq(strlen(name), HF_NAME_LEN);
	ck_assert(name[2] == '/' && !strchr(name + 3, '/'));
	ck_assert_uint_eq(strspn(name, "0123456789abcdef/"), HF_NAME_LEN);
	hf_key_name(&ka, 2, name);
	ck_assert_str_eq(name + HF_NAME_LEN, "-2");

	/* The name xattr: short, and read back to the same name and kind only. */
	{
		char value[HF_NAME_VALUE_MAX], back[HF_NAME_MAX];
		size_t len = hf_name_value(&ka, name, false, value);

		ck_assert_uint_eq(len, 19);
		ck_assert_int_eq(hf_name_parse(value, len, false, back), 0);
		ck_assert_str_eq(back, name);
		ck_assert_int_eq(hf_name_parse(value, len, true, back), -1);
		ck_assert_int_eq(hf_name_parse(value, 16, false, back), -1);
		value[17] = 'x';
		ck_assert_int_eq(hf_name_parse(value, len, false, back), -1);
		hf_key_name(&ka, 0, name);
		len = hf_name_value(&ka, name, false, value);
		ck_assert_uint_eq(len, 17);
		ck_assert_int_eq(hf_name_parse(value, len, false, back), 0);
		ck_assert_str_eq(back, name);
	}

	ck_assert(hf_meta_equal(&ma, &mb, false));
	ck_assert(!hf_meta_equal(&ma, &mc, false));
	ck_assert(!hf_meta_equal(&ma, &md, false));
	ck_assert(hf_meta_equal(&ma, &md, true));
	ck_assert_int_eq(hf_content_equal(a, b, ma.st.st_size), 1);
	ck_assert_int_eq(hf_content_equal(a, e, ma.st.st_size), 0);
}
END_TEST

START_TEST(meta_xattrs)
{
	const char *dir = test_dir();
	char *pa = path_in(dir, "a"), *pb = path_in(dir, "b");
	int a = make_file(pa, "0123456789abcdef", 0644, 1000);
	int b = make_file(pb, "0123456789abcdef", 0644, 1000);
	struct hf_meta ma, mb;

	/* the same set in another order */
	ck_assert_int_eq(setxattr(pa, "user.one", "1", 1, 0), 0);
	ck_assert_int_eq(setxattr(pa, "user.two", "2", 1, 0), 0);
	ck_assert_int_eq(setxattr(pb, "user.two", "2", 1, 0), 0);
	ck_assert_int_eq(setxattr(pb, "user.one", "1", 1, 0), 0);
	/* vserver's own are not the file's */
	ck_assert_int_eq(setxattr(pb, VS_XATTR_PREFIX "hash", "x", 1, 0), 0);
	ck_assert_int_eq(hf_meta_read(a, &ma), 0);
	ck_assert_int_eq(hf_meta_read(b, &mb), 0);
	ck_assert(hf_meta_equal(&ma, &mb, false));
	hf_meta_free(&mb);
	ck_assert_int_eq(setxattr(pb, "user.two", "3", 1, 0), 0);
	ck_assert_int_eq(hf_meta_read(b, &mb), 0);
	ck_assert(!hf_meta_equal(&ma, &mb, false));
	hf_meta_free(&mb);
	ck_assert_int_eq(removexattr(pb, "user.two"), 0);
	ck_assert_int_eq(hf_meta_read(b, &mb), 0);
	ck_assert(!hf_meta_equal(&ma, &mb, false));
	hf_meta_free(&mb);
	hf_meta_free(&ma);
}
END_TEST

/*
 * A guest's root may turn a directory into a symlink to the host's files
 * while hashify runs: no guest path may lead through one.
 */
START_TEST(guest_paths_follow_no_symlink)
{
	const char *dir = test_dir();
	char *real = path_in(dir, "real"), *link = path_in(dir, "link");
	char *via_real = path_in(real, "f"), *via_link = path_in(link, "f");
	int fd;

	ck_assert_int_eq(mkdir(real, 0755), 0);
	write_file(via_real, "content of f\n", 0644);
	ck_assert_int_eq(symlink("real", link), 0);
	fd = hf_open_guest(via_real, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	close(fd);
	errno = 0;
	ck_assert_int_eq(hf_open_guest(via_link, O_RDONLY), -1);
	ck_assert_int_eq(errno, ELOOP);
	ck_assert_int_eq(hf_open_guest(link, O_RDONLY | O_DIRECTORY), -1);
	ck_assert_int_eq(hf_open_guest(dir, O_RDONLY | O_DIRECTORY) >= 0, 1);
}
END_TEST

Suite *hashify_suite(void)
{
	Suite *s = suite_create("hashify");
	TCase *tc = tcase_create("pieces");

	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_add_test(tc, rules_first_match_wins);
	tcase_add_test(tc, rules_file_format);
	tcase_add_test(tc, conffile_lines);
	tcase_add_test(tc, exclude_defaults_and_conffiles);
	tcase_add_test(tc, keys);
	tcase_add_test(tc, meta_xattrs);
	tcase_add_test(tc, guest_paths_follow_no_symlink);
	suite_add_tcase(s, tc);
	return s;
}
