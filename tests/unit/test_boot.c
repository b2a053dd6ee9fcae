// SPDX-License-Identifier: GPL-2.0
/*
 * Guests that start with the host: apps/init/mark and apps/init/depends as
 * vs_guest_load() reads them, vserver NAME enable and disable, and
 * vserver-generator turning the marks into systemd units, all on temporary
 * $VSERVER_CONFDIR and $VSERVER_ROOTDIR.  A stub systemctl stands in for
 * the host's, so that enable and disable never reload the host's systemd.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "unit.h"

#ifndef VSERVER_BIN
#error "VSERVER_BIN must name the vserver binary under test"
#endif
#ifndef VSERVER_GENERATOR_BIN
#error "VSERVER_GENERATOR_BIN must name the vserver-generator binary under test"
#endif
#ifndef VSERVER_PATHS_STAMP
#error "VSERVER_PATHS_STAMP must name util/.paths, the SBINDIR and UNITDIR it was built with"
#endif

static char *confdir, *rootdir, *rundir;
static const char *stub_dir;

/* Our systemctl first on PATH in vserver's child: it writes down what it was asked. */
static int stub_path(void)
{
	return setenv("PATH", unit_printf("%s:/usr/bin:/bin", stub_dir), 1);
}

#define RUN(...) unit_run(VSERVER_BIN, "vserver", (const char *const[]){ __VA_ARGS__, NULL }, \
			  stub_path, 0)
#define GENERATE(...) unit_run(VSERVER_GENERATOR_BIN, "vserver-generator", \
			       (const char *const[]){ __VA_ARGS__, NULL }, NULL, 0)

/* The directories of unit_vserver_dirs(), the configuration one made, and the stub. */
static void env_setup(void)
{
	unit_vserver_dirs(&confdir, &rootdir, &rundir);
	ck_assert_int_eq(mkdir(confdir, 0755), 0);
	stub_dir = test_dir();
	write_file(path_in(stub_dir, "systemctl"),
		   unit_printf("#!/bin/sh\necho \"$@\" >>%s/log\n", stub_dir), 0755);
	/* No machines.target there, whatever this machine has: the generator writes one. */
	setenv("VSERVER_UNIT_PATH", test_dir(), 1);
}

static char *conf_write(const char *rel, const char *content)
{
	return write_below(confdir, rel, content);
}

static char *conf_path(const char *rel)
{
	return path_in(confdir, rel);
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/*
 * What the stub systemctl was asked since the last call, "" if nothing.
 * enable and disable reload only where systemd runs, which the host decides.
 */
static const char *reloads(void)
{
	char *log = path_in(stub_dir, "log"), *got = read_file(log);

	unlink(log);
	return got ? got : "";
}

static const char *reload_wanted(void)
{
	return access("/run/systemd/system", F_OK) == 0 ? "daemon-reload\n" : "";
}

/* The entries of @dir but "." and "..", sorted, each followed by '\n'; NULL if unreadable. */
static char *list_dir(const char *dir)
{
	struct dirent **names;
	char *buf = NULL;
	size_t size = 0;
	FILE *mem;
	int n;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return NULL;
	mem = open_memstream(&buf, &size);
	ck_assert_ptr_nonnull(mem);
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
			fprintf(mem, "%s\n", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	fclose(mem);
	return unit_keep(buf);
}

static char *link_target(const char *path)
{
	char buf[4096];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	ck_assert_msg(n > 0, "%s is not a symlink", path);
	buf[n] = '\0';
	return unit_printf("%s", buf);
}

/* Where util/'s build installs vserver@.service: the second word of util/.paths. */
static char *unit_dir(void)
{
	char *paths = read_file(VSERVER_PATHS_STAMP), *dir;

	ck_assert_ptr_nonnull(paths);
	dir = strchr(paths, ' ');
	ck_assert_ptr_nonnull(dir);
	dir[strcspn(dir, "\n")] = '\0';
	return dir + 1;
}

/* Load @name expecting failure with @msg, %s standing for $VSERVER_CONFDIR/@file. */
static void load_fails(const char *name, const char *file, const char *msg)
{
	struct vs_guest g;
	struct vs_err err;

	ck_assert_int_eq(vs_guest_load(name, &g, &err), -1);
	ck_assert_str_eq(err.msg, unit_printf(msg, conf_path(file)));
}

static bool at_boot(const char *name)
{
	struct vs_guest g;
	struct vs_err err;
	bool on;

	ck_assert_msg(vs_guest_load(name, &g, &err) == 0, "%s", err.msg);
	on = g.at_boot;
	vs_guest_free(&g);
	return on;
}

START_TEST(test_load_mark)
{
	env_setup();
	ck_assert_int_eq(mkdir(conf_path("g"), 0755), 0);
	ck_assert(!at_boot("g"));
	conf_write("g/apps/init/mark", "default\n");
	ck_assert(at_boot("g"));
	/* Only "default" starts a guest; util-vserver's other marks name groups. */
	conf_write("g/apps/init/mark", "other\n");
	ck_assert(!at_boot("g"));
	conf_write("g/apps/init/mark", "# comment\n  default  \n");
	ck_assert(at_boot("g"));
}
END_TEST

START_TEST(test_load_mark_defaults)
{
	env_setup();
	ck_assert_int_eq(mkdir(conf_path("a"), 0755), 0);
	ck_assert_int_eq(mkdir(conf_path("b"), 0755), 0);
	conf_write(".defaults/apps/init/mark", "default\n");
	ck_assert(at_boot("a"));
	ck_assert(at_boot("b"));
	/* A guest's own mark wins over the one for every guest. */
	conf_write("b/apps/init/mark", "manual\n");
	ck_assert(at_boot("a"));
	ck_assert(!at_boot("b"));
}
END_TEST

START_TEST(test_load_depends)
{
	struct vs_guest g;
	struct vs_err err;

	env_setup();
	ck_assert_int_eq(mkdir(conf_path("g"), 0755), 0);
	ck_assert_int_eq(vs_guest_load("g", &g, &err), 0);
	ck_assert_uint_eq(g.ndepends, 0);
	ck_assert_ptr_null(g.depends);
	vs_guest_free(&g);

	/* Blanks and lines both separate; the order is kept for the generated units. */
	conf_write("g/apps/init/depends", "a b\nc\n");
	ck_assert_int_eq(vs_guest_load("g", &g, &err), 0);
	ck_assert_uint_eq(g.ndepends, 3);
	ck_assert_str_eq(g.depends[0], "a");
	ck_assert_str_eq(g.depends[1], "b");
	ck_assert_str_eq(g.depends[2], "c");
	ck_assert_ptr_null(g.depends[3]);
	vs_guest_free(&g);

	conf_write("g/apps/init/depends", "# none yet\n\n");
	ck_assert_int_eq(vs_guest_load("g", &g, &err), 0);
	ck_assert_uint_eq(g.ndepends, 0);
	vs_guest_free(&g);

	conf_write("g/apps/init/depends", "a g\n");
	load_fails("g", "g/apps/init/depends", "cannot read %s: guest g cannot depend on itself");
	/* Each name ends up in a unit name: only valid guest names. */
	conf_write("g/apps/init/depends", "a\n-x\n");
	load_fails("g", "g/apps/init/depends",
		   "cannot read %s: invalid guest name '-x': it must not start with '.' or '-'");
	conf_write("g/apps/init/depends", "a 'b\n");
	load_fails("g", "g/apps/init/depends", "cannot read %s:1: unterminated quote '");
}
END_TEST

START_TEST(test_enable_disable)
{
	char *mark;
	struct unit_run r;

	env_setup();
	ck_assert_int_eq(mkdir(conf_path("g"), 0755), 0);
	mark = conf_path("g/apps/init/mark");
	r = RUN("g", "enable");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(read_file(mark), "default\n");
	ck_assert_str_eq(reloads(), reload_wanted());
	ck_assert(at_boot("g"));

	r = RUN("g", "enable");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(read_file(mark), "default\n");
	reloads();

	r = RUN("g", "disable");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	ck_assert(!exists(mark));
	ck_assert_str_eq(reloads(), reload_wanted());
	ck_assert(!at_boot("g"));

	/* Not marked: nothing to do, and no error. */
	r = RUN("g", "disable");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	ck_assert(!exists(mark));
	reloads();

	/* Another mark is not the boot mark: disable leaves it, enable replaces it. */
	conf_write("g/apps/init/mark", "manual\n");
	ck_assert_int_eq(RUN("g", "disable").status, 0);
	ck_assert_str_eq(read_file(mark), "manual\n");
	ck_assert_int_eq(RUN("g", "enable").status, 0);
	ck_assert_str_eq(read_file(mark), "default\n");
}
END_TEST

START_TEST(test_disable_defaults_mark)
{
	char *want;
	struct unit_run r;

	env_setup();
	ck_assert_int_eq(mkdir(conf_path("g"), 0755), 0);
	conf_write(".defaults/apps/init/mark", "default\n");
	r = RUN("g", "disable");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "vserver: cannot disable guest g: its mark is the one in "
			 ".defaults, for every guest\n");
	ck_assert_str_eq(read_file(conf_path(".defaults/apps/init/mark")), "default\n");
	ck_assert(!exists(conf_path("g/apps/init/mark")));
	ck_assert_str_eq(reloads(), "");

	/* A guest's own mark may still be written on top of it. */
	r = RUN("g", "enable");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(read_file(conf_path("g/apps/init/mark")), "default\n");

	/* Its own mark goes, but .defaults still starts it: said, not hidden. */
	r = RUN("g", "disable");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "vserver: cannot disable guest g: its mark is the one in "
			 ".defaults, for every guest\n");
	ck_assert(!exists(conf_path("g/apps/init/mark")));

	r = RUN("nosuch", "disable");
	ck_assert_int_eq(r.status, 1);
	want = unit_printf("vserver: cannot disable guest nosuch: cannot find guest nosuch: "
			   "no directory %s/nosuch\n", confdir);
	ck_assert_str_eq(r.err, want);
}
END_TEST

START_TEST(test_enable_errors)
{
	char *want;
	struct unit_run r;

	env_setup();
	r = RUN("nosuch", "enable");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	want = unit_printf("vserver: cannot enable guest nosuch: cannot find guest nosuch: "
			   "no directory %s/nosuch\n", confdir);
	ck_assert_str_eq(r.err, want);
	ck_assert(!exists(conf_path("nosuch")));
	ck_assert_str_eq(list_dir(confdir), "");
	ck_assert_str_eq(reloads(), "");

	/* A guest whose configuration does not load is not marked either. */
	conf_write("g/apps/init/depends", "g\n");
	r = RUN("g", "enable");
	ck_assert_int_eq(r.status, 1);
	want = unit_printf("vserver: cannot enable guest g: cannot read %s: guest g cannot depend "
			   "on itself\n", conf_path("g/apps/init/depends"));
	ck_assert_str_eq(r.err, want);
	ck_assert(!exists(conf_path("g/apps/init/mark")));
	ck_assert_str_eq(reloads(), "");
	unlink(conf_path("g/apps/init/depends"));

	r = RUN("g", "enable", "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(strncmp(r.out, "Usage:\n vserver <guest> enable\n", 31), 0);
	ck_assert_ptr_nonnull(strstr(r.out, " -h, --help "));
	ck_assert_str_eq(r.err, "");
	r = RUN("g", "disable", "-h");
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(strncmp(r.out, "Usage:\n vserver <guest> disable\n", 32), 0);
	ck_assert_str_eq(r.err, "");

	r = RUN("g", "enable", "extra");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: unexpected argument 'extra'\n"
			 "Try 'vserver g enable --help'.\n");
	r = RUN("g", "disable", "-x");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: invalid option -- 'x'\n"
			 "Try 'vserver g disable --help'.\n");
	ck_assert(!exists(conf_path("g/apps/init/mark")));
	ck_assert_str_eq(reloads(), "");
}
END_TEST

/* The drop-in written in @dir for guest @name, or NULL. */
static char *dropin(const char *dir, const char *name)
{
	return read_file(unit_printf("%s/vserver@%s.service.d/50-vserver.conf", dir, name));
}

START_TEST(test_generator)
{
	const char *out = test_dir(), *early = test_dir(), *late = test_dir();
	char *wants = path_in(out, "machines.target.wants"), *unit, *want, *web, *broken;
	struct unit_run r;

	env_setup();
	conf_write("db/apps/init/mark", "default\n");
	conf_write("web/apps/init/mark", "default\n");
	conf_write("web/apps/init/depends", "db\n");
	ck_assert_int_eq(mkdir(conf_path("idle"), 0755), 0);
	conf_write("manual/apps/init/mark", "manual\n");
	conf_write("broken/apps/init/mark", "default\n");
	conf_write("broken/apps/init/style", "bogus\n");
	/* Not guests, and said nothing of: .defaults, and a name no guest can have. */
	ck_assert_int_eq(mkdir(conf_path(".defaults"), 0755), 0);
	conf_write("-x/apps/init/mark", "default\n");

	r = GENERATE(out, early, late);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	broken = unit_printf("vserver-generator: leaving guest broken out: cannot read %s:1: "
			     "unknown init style 'bogus' (known: plain, sysv, systemd)\n",
			     conf_path("broken/apps/init/style"));
	ck_assert_str_eq(r.err, broken);

	ck_assert_str_eq(list_dir(out), "machines.target\nmachines.target.wants\n"
			 "multi-user.target.wants\nvserver@db.service.d\nvserver@web.service.d\n");
	ck_assert_str_eq(list_dir(wants), "vserver@db.service\nvserver@web.service\n");
	/* The host has no machines.target: the generator's own, wanted at boot. */
	ck_assert_str_eq(read_file(path_in(out, "machines.target")),
			 "# Written by vserver-generator: this host has no machines.target\n"
			 "# (systemd-container's), which its guests are part of.\n[Unit]\n"
			 "Description=Containers\nDocumentation=man:systemd.special(7) "
			 "man:vserver@.service(8)\nBefore=multi-user.target\n");
	ck_assert_str_eq(link_target(path_in(out, "multi-user.target.wants/machines.target")),
			 path_in(out, "machines.target"));
	/* Instances of the installed template, which need not exist here. */
	unit = unit_printf("%s/vserver@.service", unit_dir());
	ck_assert_str_eq(link_target(path_in(wants, "vserver@db.service")), unit);
	ck_assert_str_eq(link_target(path_in(wants, "vserver@web.service")), unit);

	ck_assert_str_eq(list_dir(path_in(out, "vserver@web.service.d")), "50-vserver.conf\n");
	web = unit_printf("# Written by vserver-generator from %s.\n[Unit]\n"
			  "RequiresMountsFor=%s/web\nRequires=vserver@db.service\n"
			  "After=vserver@db.service\n", conf_path("web"), rootdir);
	ck_assert_str_eq(dropin(out, "web"), web);
	want = unit_printf("# Written by vserver-generator from %s.\n[Unit]\n"
			   "RequiresMountsFor=%s/db\n", conf_path("db"), rootdir);
	ck_assert_str_eq(dropin(out, "db"), want);
	/* Only NORMAL_DIR is written. */
	ck_assert_str_eq(list_dir(early), "");
	ck_assert_str_eq(list_dir(late), "");

	/* Run again over its own output: what is there already is no error. */
	r = GENERATE(out);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, broken);
	ck_assert_str_eq(list_dir(wants), "vserver@db.service\nvserver@web.service\n");
	ck_assert_str_eq(list_dir(out), "machines.target\nmachines.target.wants\n"
			 "multi-user.target.wants\nvserver@db.service.d\nvserver@web.service.d\n");
	ck_assert_str_eq(dropin(out, "web"), web);
}
END_TEST

/* A host with machines.target (systemd-container): not written, but wanted at boot. */
START_TEST(test_generator_machines_target)
{
	const char *out = test_dir(), *units = test_dir();
	struct unit_run r;

	env_setup();
	setenv("VSERVER_UNIT_PATH", units, 1);
	write_file(path_in(units, "machines.target"), "[Unit]\n", 0644);
	r = GENERATE(out);
	ck_assert_int_eq(r.status, 0);
	/* No guest marked: no machines.target wanted. */
	ck_assert_str_eq(list_dir(out), "machines.target.wants\n");
	conf_write("g/apps/init/mark", "default\n");
	r = GENERATE(out);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(list_dir(out), "machines.target.wants\nmulti-user.target.wants\n"
			 "vserver@g.service.d\n");
	ck_assert_str_eq(link_target(path_in(out, "multi-user.target.wants/machines.target")),
			 path_in(units, "machines.target"));
}
END_TEST

/* .defaults marks every guest; what a unit file cannot hold is said and left out. */
START_TEST(test_generator_defaults_and_odd_guests)
{
	const char *out = test_dir();
	char *want, *parent;
	struct unit_run r;

	env_setup();
	conf_write(".defaults/apps/init/mark", "default\n");
	ck_assert_int_eq(mkdir(conf_path("a"), 0755), 0);
	conf_write("odd/vdir", "/srv/my guest\n");
	conf_write("odd/apps/init/depends", "ghost\n");
	conf_write("off/apps/init/mark", "manual\n");

	r = GENERATE(out);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "vserver-generator: guest odd depends on ghost, which is not "
			 "configured\nvserver-generator: guest odd: its root /srv/my guest is not "
			 "a path a unit file can name; not ordered after its mounts\n");
	ck_assert_str_eq(list_dir(path_in(out, "machines.target.wants")),
			 "vserver@a.service\nvserver@odd.service\n");
	want = unit_printf("# Written by vserver-generator from %s.\n[Unit]\n"
			   "Requires=vserver@ghost.service\nAfter=vserver@ghost.service\n",
			   conf_path("odd"));
	ck_assert_str_eq(dropin(out, "odd"), want);
	want = unit_printf("# Written by vserver-generator from %s.\n[Unit]\n"
			   "RequiresMountsFor=%s/a\n", conf_path("a"), rootdir);
	ck_assert_str_eq(dropin(out, "a"), want);
	ck_assert(!exists(path_in(out, "vserver@off.service.d")));

	/* A relative vdir link: systemd takes normalized paths only. */
	conf_write("rel/apps/init/mark", "default\n");
	ck_assert_int_eq(symlink("../../srv/./x//rel/", conf_path("rel/vdir")), 0);
	ck_assert_int_eq(GENERATE(out).status, 0);
	parent = unit_printf("%s", confdir);
	*strrchr(parent, '/') = '\0';
	want = unit_printf("# Written by vserver-generator from %s.\n[Unit]\n"
			   "RequiresMountsFor=%s/srv/x/rel\n", conf_path("rel"), parent);
	ck_assert_str_eq(dropin(out, "rel"), want);
}
END_TEST

START_TEST(test_generator_usage_and_errors)
{
	const char *out = test_dir();
	char *file = path_in(test_dir(), "file"), *want;
	struct unit_run r;

	env_setup();
	conf_write("g/apps/init/mark", "default\n");
	r = unit_run(VSERVER_GENERATOR_BIN, "vserver-generator", (const char *const[]){ NULL },
		     NULL, 0);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "usage: vserver-generator NORMAL_DIR [EARLY_DIR LATE_DIR]\n");
	/* systemd passes one directory or three, never two. */
	r = GENERATE(out, out);
	ck_assert_int_eq(r.status, 2);
	r = GENERATE(out, out, out, out);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(list_dir(out), "");

	r = GENERATE(path_in(out, "missing"));
	ck_assert_int_eq(r.status, 1);
	want = unit_printf("vserver-generator: cannot open %s/missing: No such file or directory\n",
			   out);
	ck_assert_str_eq(r.err, want);
	write_file(file, "", 0644);
	r = GENERATE(file);
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "vserver-generator: cannot open "));

	/* No configuration directory: no guests to start, and nothing written. */
	setenv("VSERVER_CONFDIR", path_in(confdir, "missing"), 1);
	r = GENERATE(out);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(list_dir(out), "");
}
END_TEST

Suite *boot_suite(void)
{
	Suite *s = suite_create("boot");
	TCase *tc = tcase_create("boot");

	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_add_test(tc, test_load_mark);
	tcase_add_test(tc, test_load_mark_defaults);
	tcase_add_test(tc, test_load_depends);
	tcase_add_test(tc, test_enable_disable);
	tcase_add_test(tc, test_disable_defaults_mark);
	tcase_add_test(tc, test_enable_errors);
	tcase_add_test(tc, test_generator);
	tcase_add_test(tc, test_generator_defaults_and_odd_guests);
	tcase_add_test(tc, test_generator_machines_target);
	tcase_add_test(tc, test_generator_usage_and_errors);
	suite_add_tcase(s, tc);
	return s;
}
