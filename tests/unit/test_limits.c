// SPDX-License-Identifier: GPL-2.0
/*
 * Guest resource limits (limit.h): every kind of value parsed and refused
 * with its message, formatting round trips, the CPU checks against a fake
 * host, loading with .defaults and the built-in defaults, and saving.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler.h"
#include "config.h"
#include "diskquota.h"
#include "limitconf.h"
#include "unit.h"

#define MIB	(1ULL << 20)
#define GIB	(1ULL << 30)

/* The fake host's MemTotal: not a whole number of MiB once halved. */
#define MEMTOTAL_KB	4000001ULL

static const char *confdir, *online_path;

/* A fake host with @online CPUs and MEMTOTAL_KB of memory. */
static void host_setup(const char *online)
{
	const char *dir = test_dir();
	struct vs_host_paths paths;

	online_path = path_in(dir, "online");
	paths.cpus_online = online_path;
	paths.meminfo = path_in(dir, "meminfo");
	write_file(online_path, online, 0644);
	write_file(paths.meminfo, "MemTotal:        4000001 kB\nMemFree:  1000 kB\n", 0644);
	vs_limits_host_paths(&paths);
}

/* A fresh configuration directory named by the environment, on a host with CPUs 0-1. */
static void env_setup(void)
{
	confdir = path_in(test_dir(), "conf");
	ck_assert_int_eq(mkdir(confdir, 0755), 0);
	setenv("VSERVER_CONFDIR", confdir, 1);
	host_setup("0-1\n");
}

/* Write $VSERVER_CONFDIR/@rel, creating directories on the way. */
static char *conf_write(const char *rel, const char *content)
{
	return write_below(confdir, rel, content);
}

static void guest_dir(const char *name)
{
	ck_assert_int_eq(mkdir(path_in(confdir, name), 0755), 0);
}

static uint64_t parse_ok(enum vs_limit_id id, const char *text)
{
	struct vs_limit l = { .source = VS_LIMIT_COMMAND };
	struct vs_err err = { .msg = "" };

	ck_assert_msg(vs_limit_parse(id, text, &l, &err) == 0, "%s='%s': %s",
		      vs_limit_name(id), text, err.msg);
	ck_assert_int_eq(l.source, VS_LIMIT_COMMAND);
	return l.value;
}

/* Parsing @text fails; with @msg, with exactly that message.  @out stays as it was. */
static void parse_fails(enum vs_limit_id id, const char *text, const char *msg)
{
	struct vs_limit l = { .source = VS_LIMIT_GUEST, .value = 42, .cpus = "9" };
	struct vs_err err = { .msg = "" };

	ck_assert_msg(vs_limit_parse(id, text, &l, &err) == -1, "%s='%s' was taken",
		      vs_limit_name(id), text);
	if (msg)
		ck_assert_str_eq(err.msg, msg);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
	ck_assert_int_eq(l.source, VS_LIMIT_GUEST);
	ck_assert_uint_eq(l.value, 42);
	ck_assert_str_eq(l.cpus, "9");
}

static const char *format(enum vs_limit_id id, const struct vs_limit *l)
{
	static char buf[VS_CPUS_TEXT_MAX];

	vs_limit_format(id, l, buf, sizeof(buf));
	return buf;
}

START_TEST(test_names)
{
	static const char *const names[] = {
		"memory", "memory.high", "swap", "cpu", "cpu.weight", "cpus", "tasks", "files",
		"sockets", "disk", "disk.inodes", "io.read", "io.write", "io.weight",
	};

	ck_assert_uint_eq(ARRAY_SIZE(names), VS_LIMIT_COUNT);
	for (int id = 0; id < VS_LIMIT_COUNT; id++) {
		ck_assert_str_eq(vs_limit_name(id), names[id]);
		ck_assert_int_eq(vs_limit_from_name(names[id]), id);
	}
	ck_assert_ptr_null(vs_limit_name(VS_LIMIT_COUNT));
	ck_assert_ptr_null(vs_limit_name((enum vs_limit_id)-1));
	ck_assert_int_eq(vs_limit_from_name("memroy"), -1);
	ck_assert_int_eq(vs_limit_from_name("Memory"), -1);
	ck_assert_int_eq(vs_limit_from_name(""), -1);
}
END_TEST

START_TEST(test_sizes)
{
	static const enum vs_limit_id sizes[] = {
		VS_LIMIT_MEMORY, VS_LIMIT_MEMORY_HIGH, VS_LIMIT_SWAP, VS_LIMIT_DISK,
		VS_LIMIT_IO_READ, VS_LIMIT_IO_WRITE,
	};

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		enum vs_limit_id id = sizes[i];

		ck_assert_uint_eq(parse_ok(id, "64M"), 64 * MIB);
		ck_assert_uint_eq(parse_ok(id, "64m"), 64 * MIB);
		ck_assert_uint_eq(parse_ok(id, "1536K"), 1536 * 1024);
		ck_assert_uint_eq(parse_ok(id, "1536k"), 1536 * 1024);
		ck_assert_uint_eq(parse_ok(id, "2g"), 2 * GIB);
		ck_assert_uint_eq(parse_ok(id, "3T"), 3ULL << 40);
		ck_assert_uint_eq(parse_ok(id, "1000"), 1000);
		ck_assert_uint_eq(parse_ok(id, "007"), 7);
		ck_assert_uint_eq(parse_ok(id, " \t64M\n"), 64 * MIB);
		ck_assert_uint_eq(parse_ok(id, "max"), VS_LIMIT_UNLIMITED);
		ck_assert_uint_eq(parse_ok(id, "16777215T"), 16777215ULL << 40);
		ck_assert_uint_eq(parse_ok(id, "18446744073709551614"), UINT64_MAX - 1);
		parse_fails(id, "64MB", NULL);
		parse_fails(id, "1.5M", NULL);
		parse_fails(id, "12X", NULL);
		parse_fails(id, "-5", NULL);
		parse_fails(id, "+5", NULL);
		parse_fails(id, "0x10", NULL);
		parse_fails(id, "1e6", NULL);
		parse_fails(id, "M", NULL);
		parse_fails(id, "", NULL);
		parse_fails(id, "  ", NULL);
		parse_fails(id, "MAX", NULL);
		parse_fails(id, "64 M", NULL);
		/* UINT64_MAX itself is "max"; anything at or beyond it is refused, not wrapped. */
		parse_fails(id, "16777216T", NULL);
		parse_fails(id, "18446744073709551615", NULL);
		parse_fails(id, "99999999999999999999999", NULL);
		parse_fails(id, "17179869184G", NULL);
	}
	parse_fails(VS_LIMIT_MEMORY, "12X", "memory: '12X' is not a size "
		    "(a number with an optional K, M, G or T suffix, or max)");
	parse_fails(VS_LIMIT_IO_READ, "64MB", "io.read: '64MB' is not a size "
		    "(a number with an optional K, M, G or T suffix, or max)");
	parse_fails(VS_LIMIT_MEMORY, "16777216T",
		    "memory: 16777216T is too large (use max for no limit)");

	/* Zero: no swap is a choice; no memory, no disk or no I/O would stop the guest dead. */
	ck_assert_uint_eq(parse_ok(VS_LIMIT_SWAP, "0"), 0);
	ck_assert_uint_eq(parse_ok(VS_LIMIT_SWAP, "0K"), 0);
	parse_fails(VS_LIMIT_MEMORY, "0", "memory: 0 is out of range (above 0, or max)");
	parse_fails(VS_LIMIT_MEMORY_HIGH, "0M", "memory.high: 0 is out of range (above 0, or max)");
	parse_fails(VS_LIMIT_DISK, "0", "disk: 0 is out of range (above 0, or max)");
	parse_fails(VS_LIMIT_IO_READ, "0", NULL);
	parse_fails(VS_LIMIT_IO_WRITE, "0", NULL);
}
END_TEST

START_TEST(test_counts)
{
	static const enum vs_limit_id counts[] = {
		VS_LIMIT_TASKS, VS_LIMIT_FILES, VS_LIMIT_SOCKETS, VS_LIMIT_DISK_INODES,
	};

	for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
		enum vs_limit_id id = counts[i];

		ck_assert_uint_eq(parse_ok(id, "1"), 1);
		ck_assert_uint_eq(parse_ok(id, "4096"), 4096);
		ck_assert_uint_eq(parse_ok(id, "max"), VS_LIMIT_UNLIMITED);
		ck_assert_uint_eq(parse_ok(id, "18446744073709551614"), UINT64_MAX - 1);
		parse_fails(id, "0", NULL);
		parse_fails(id, "1K", NULL);
		parse_fails(id, "-5", NULL);
		parse_fails(id, "1.0", NULL);
		parse_fails(id, "", NULL);
		parse_fails(id, "18446744073709551615", NULL);
	}
	parse_fails(VS_LIMIT_TASKS, "-5", "tasks: '-5' is not a count (a positive number, or max)");
	parse_fails(VS_LIMIT_FILES, "1K", "files: '1K' is not a count (a positive number, or max)");
	parse_fails(VS_LIMIT_TASKS, "0", "tasks: 0 is out of range (above 0, or max)");
	parse_fails(VS_LIMIT_SOCKETS, "99999999999999999999",
		    "sockets: 99999999999999999999 is too large (use max for no limit)");
}
END_TEST

START_TEST(test_cpu)
{
	host_setup("0-1\n");
	ck_assert_uint_eq(parse_ok(VS_LIMIT_CPU, "0.5"), VS_CPU_UNIT / 2);
	ck_assert_uint_eq(parse_ok(VS_LIMIT_CPU, "2"), 2 * VS_CPU_UNIT);
	ck_assert_uint_eq(parse_ok(VS_LIMIT_CPU, "1.25"), 1250000);
	ck_assert_uint_eq(parse_ok(VS_LIMIT_CPU, "0.000001"), 1);
	ck_assert_uint_eq(parse_ok(VS_LIMIT_CPU, "2.000000"), 2 * VS_CPU_UNIT);
	ck_assert_uint_eq(parse_ok(VS_LIMIT_CPU, " 1.5 "), 1500000);
	ck_assert_uint_eq(parse_ok(VS_LIMIT_CPU, "max"), VS_LIMIT_UNLIMITED);
	parse_fails(VS_LIMIT_CPU, "1.5x", "cpu: '1.5x' is not a CPU count (a decimal number of "
		    "CPUs like 0.5 or 2, at most 6 decimals, or max)");
	parse_fails(VS_LIMIT_CPU, "0.0000001", NULL);
	parse_fails(VS_LIMIT_CPU, ".5", NULL);
	parse_fails(VS_LIMIT_CPU, "1.", NULL);
	parse_fails(VS_LIMIT_CPU, "1,5", NULL);
	parse_fails(VS_LIMIT_CPU, "1.2.3", NULL);
	parse_fails(VS_LIMIT_CPU, "-1", NULL);
	parse_fails(VS_LIMIT_CPU, "1e3", NULL);
	parse_fails(VS_LIMIT_CPU, "50%", NULL);
	parse_fails(VS_LIMIT_CPU, "", NULL);
	parse_fails(VS_LIMIT_CPU, "0", "cpu: 0 is out of range (above 0 and at most 2, "
		    "the CPUs online on this host, or max)");
	parse_fails(VS_LIMIT_CPU, "0.000000", NULL);
	parse_fails(VS_LIMIT_CPU, "2.000001", "cpu: 2.000001 is out of range (above 0 and at "
		    "most 2, the CPUs online on this host, or max)");
	parse_fails(VS_LIMIT_CPU, "3", NULL);
	parse_fails(VS_LIMIT_CPU, "99999999999999999999999.5", NULL);

	/* The host's count is read anew: a larger host takes more. */
	host_setup("0-3,6\n");
	ck_assert_uint_eq(parse_ok(VS_LIMIT_CPU, "5"), 5 * VS_CPU_UNIT);
	parse_fails(VS_LIMIT_CPU, "5.5", NULL);
}
END_TEST

START_TEST(test_weights)
{
	static const enum vs_limit_id weights[] = { VS_LIMIT_CPU_WEIGHT, VS_LIMIT_IO_WEIGHT };

	for (size_t i = 0; i < ARRAY_SIZE(weights); i++) {
		enum vs_limit_id id = weights[i];

		ck_assert_uint_eq(parse_ok(id, "1"), 1);
		ck_assert_uint_eq(parse_ok(id, "100"), 100);
		ck_assert_uint_eq(parse_ok(id, "10000"), 10000);
		parse_fails(id, "0", NULL);
		parse_fails(id, "10001", NULL);
		parse_fails(id, "max", NULL);
		parse_fails(id, "1K", NULL);
		parse_fails(id, "-1", NULL);
		parse_fails(id, "", NULL);
		parse_fails(id, "99999999999999999999", NULL);
	}
	parse_fails(VS_LIMIT_CPU_WEIGHT, "0", "cpu.weight: 0 is out of range (1..10000)");
	parse_fails(VS_LIMIT_IO_WEIGHT, "10001", "io.weight: 10001 is out of range (1..10000)");
	parse_fails(VS_LIMIT_CPU_WEIGHT, "max",
		    "cpu.weight: max is not allowed (a number 1..10000)");
	parse_fails(VS_LIMIT_IO_WEIGHT, "abc",
		    "io.weight: 'abc' is not a weight (a number 1..10000)");
}
END_TEST

static const char *cpus_ok(const char *text)
{
	static struct vs_limit l;
	struct vs_err err = { .msg = "" };

	ck_assert_msg(vs_limit_parse(VS_LIMIT_CPUS, text, &l, &err) == 0, "'%s': %s", text,
		      err.msg);
	return l.cpus;
}

START_TEST(test_cpus)
{
	char want[512];

	host_setup("0-3,5\n");
	ck_assert_str_eq(cpus_ok("3,0-1,1"), "0-1,3");
	ck_assert_str_eq(cpus_ok("0,1,2,3"), "0-3");
	ck_assert_str_eq(cpus_ok("1-1"), "1");
	ck_assert_str_eq(cpus_ok("5,0"), "0,5");
	ck_assert_str_eq(cpus_ok(" 2-3,5 \n"), "2-3,5");
	ck_assert_str_eq(cpus_ok("0-3,5"), "0-3,5");
	ck_assert_str_eq(cpus_ok("00,01"), "0-1");
	parse_fails(VS_LIMIT_CPUS, "4", "cpus: CPU 4 is not online on this host (online: 0-3,5)");
	parse_fails(VS_LIMIT_CPUS, "0-5", "cpus: CPU 4 is not online on this host (online: 0-3,5)");
	parse_fails(VS_LIMIT_CPUS, "0,9000", "cpus: CPU 9000 is not online on this host "
		    "(online: 0-3,5)");
	parse_fails(VS_LIMIT_CPUS, "18446744073709551615", NULL);
	parse_fails(VS_LIMIT_CPUS, "3-1", "cpus: '3-1' is not a CPU list "
		    "(CPU numbers and ranges like 0-1,3)");
	parse_fails(VS_LIMIT_CPUS, "max", "cpus: max is not allowed "
		    "(CPU numbers and ranges like 0-1,3)");
	parse_fails(VS_LIMIT_CPUS, "", "cpus: '' is not a CPU list "
		    "(CPU numbers and ranges like 0-1,3)");
	parse_fails(VS_LIMIT_CPUS, "0,,1", NULL);
	parse_fails(VS_LIMIT_CPUS, "0,", NULL);
	parse_fails(VS_LIMIT_CPUS, ",0", NULL);
	parse_fails(VS_LIMIT_CPUS, "0-", NULL);
	parse_fails(VS_LIMIT_CPUS, "-1", NULL);
	parse_fails(VS_LIMIT_CPUS, "0 - 1", NULL);
	parse_fails(VS_LIMIT_CPUS, "0-1-2", NULL);
	parse_fails(VS_LIMIT_CPUS, "0x1", NULL);
	parse_fails(VS_LIMIT_CPUS, "a", NULL);
	parse_fails(VS_LIMIT_CPUS, "99999999999999999999999", NULL);

	host_setup("0-1\n");
	parse_fails(VS_LIMIT_CPUS, "7", "cpus: CPU 7 is not online on this host (online: 0-1)");
	parse_fails(VS_LIMIT_CPUS, "0-9000",
		    "cpus: CPU 2 is not online on this host (online: 0-1)");

	/* Without the host's list, nothing can be checked: refused, naming the file. */
	ck_assert_int_eq(unlink(online_path), 0);
	snprintf(want, sizeof(want), "cpus: cannot read %s: No such file or directory",
		 online_path);
	parse_fails(VS_LIMIT_CPUS, "0", want);
	snprintf(want, sizeof(want), "cpu: cannot read %s: No such file or directory",
		 online_path);
	parse_fails(VS_LIMIT_CPU, "1", want);
	write_file(online_path, "garbage\n", 0644);
	snprintf(want, sizeof(want), "cpus: cannot read %s: 'garbage' is not a CPU list",
		 online_path);
	parse_fails(VS_LIMIT_CPUS, "0", want);
}
END_TEST

START_TEST(test_bad_id)
{
	struct vs_limit l = { 0 };
	struct vs_err err;

	ck_assert_int_eq(vs_limit_parse(VS_LIMIT_COUNT, "1", &l, &err), -1);
	ck_assert_str_eq(err.msg, "cannot parse a limit: there is no resource number 14");
	l.source = VS_LIMIT_GUEST;
	ck_assert_str_eq(format(VS_LIMIT_COUNT, &l), "-");
}
END_TEST

/* @text parses to a value that formats as @shown, which parses to the same value. */
static void round_trip(enum vs_limit_id id, const char *text, const char *shown)
{
	struct vs_limit l = { .source = VS_LIMIT_GUEST }, again = { .source = VS_LIMIT_GUEST };
	struct vs_err err = { .msg = "" };
	char buf[VS_CPUS_TEXT_MAX];

	ck_assert_msg(vs_limit_parse(id, text, &l, &err) == 0, "%s", err.msg);
	vs_limit_format(id, &l, buf, sizeof(buf));
	ck_assert_str_eq(buf, shown);
	ck_assert_msg(vs_limit_parse(id, buf, &again, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(again.value, l.value);
	ck_assert_str_eq(again.cpus, l.cpus);
}

START_TEST(test_format)
{
	static const uint64_t sizes[] = {
		1, 1023, 1024, 1025, 1536 * 1024, 64 * MIB, GIB + 1024, 3ULL << 40,
		(3ULL << 40) + MIB, 16777215ULL << 40, UINT64_MAX - 1, 1000000, 999999999999,
	};
	struct vs_limit l = { .source = VS_LIMIT_GUEST };

	host_setup("0-3\n");
	round_trip(VS_LIMIT_MEMORY, "64M", "64M");
	round_trip(VS_LIMIT_MEMORY, "65536K", "64M");
	round_trip(VS_LIMIT_MEMORY, "1536K", "1536K");
	round_trip(VS_LIMIT_MEMORY, "1024G", "1T");
	round_trip(VS_LIMIT_MEMORY, "1048576", "1M");
	round_trip(VS_LIMIT_MEMORY, "1000", "1000");
	round_trip(VS_LIMIT_MEMORY, "max", "max");
	round_trip(VS_LIMIT_SWAP, "0", "0");
	round_trip(VS_LIMIT_IO_READ, "10m", "10M");
	round_trip(VS_LIMIT_TASKS, "1024", "1024");
	round_trip(VS_LIMIT_TASKS, "max", "max");
	round_trip(VS_LIMIT_CPU, "0.5", "0.5");
	round_trip(VS_LIMIT_CPU, "2", "2");
	round_trip(VS_LIMIT_CPU, "2.0", "2");
	round_trip(VS_LIMIT_CPU, "1.25", "1.25");
	round_trip(VS_LIMIT_CPU, "0.000001", "0.000001");
	round_trip(VS_LIMIT_CPU, "3.100000", "3.1");
	round_trip(VS_LIMIT_CPU, "max", "max");
	round_trip(VS_LIMIT_CPU_WEIGHT, "0100", "100");
	round_trip(VS_LIMIT_CPUS, "3,0-1,1", "0-1,3");

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct vs_limit again = { .source = VS_LIMIT_GUEST };
		struct vs_err err = { .msg = "" };

		l.value = sizes[i];
		ck_assert_msg(vs_limit_parse(VS_LIMIT_DISK, format(VS_LIMIT_DISK, &l), &again,
					     &err) == 0, "%s", err.msg);
		ck_assert_uint_eq(again.value, sizes[i]);
	}

	l.value = 64 * MIB;
	l.source = VS_LIMIT_BUILTIN;
	ck_assert_str_eq(format(VS_LIMIT_MEMORY, &l), "64M");
	l.source = VS_LIMIT_UNSET;
	ck_assert_str_eq(format(VS_LIMIT_MEMORY, &l), "-");
	ck_assert_str_eq(format(VS_LIMIT_CPUS, &l), "-");
}
END_TEST

START_TEST(test_load_precedence)
{
	struct vs_limits lim;
	struct vs_err err = { .msg = "" };
	uint64_t half = MEMTOTAL_KB * 1024 / 2 / MIB * MIB;

	env_setup();
	guest_dir("web");
	guest_dir("db");
	conf_write(".defaults/limits/memory", "1G\n");
	conf_write(".defaults/limits/cpu.weight", "50\n");
	conf_write(".defaults/limits/tasks", "max\n");
	conf_write(".defaults/limits/swap", "0\n");
	conf_write("web/limits/memory", "# half a gig\n\n  512M  \n\n");
	conf_write("web/limits/cpus", "1,0\n");
	conf_write("web/limits/cpu", "0.5\n");
	/* Editors' leftovers are no settings, however malformed. */
	conf_write("web/limits/.memory.swp", "junk\n");
	conf_write("web/limits/memory~", "junk\n");

	ck_assert_msg(vs_limits_load("web", &lim, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(lim.limit[VS_LIMIT_MEMORY].source, VS_LIMIT_GUEST);
	ck_assert_uint_eq(lim.limit[VS_LIMIT_MEMORY].value, 512 * MIB);
	ck_assert_int_eq(lim.limit[VS_LIMIT_CPUS].source, VS_LIMIT_GUEST);
	ck_assert_str_eq(lim.limit[VS_LIMIT_CPUS].cpus, "0-1");
	ck_assert_uint_eq(lim.limit[VS_LIMIT_CPU].value, VS_CPU_UNIT / 2);
	ck_assert_int_eq(lim.limit[VS_LIMIT_CPU_WEIGHT].source, VS_LIMIT_DEFAULTS);
	ck_assert_uint_eq(lim.limit[VS_LIMIT_CPU_WEIGHT].value, 50);
	ck_assert_int_eq(lim.limit[VS_LIMIT_SWAP].source, VS_LIMIT_DEFAULTS);
	ck_assert_uint_eq(lim.limit[VS_LIMIT_SWAP].value, 0);
	/* "max" in .defaults lifts the built-in default. */
	ck_assert_int_eq(lim.limit[VS_LIMIT_TASKS].source, VS_LIMIT_DEFAULTS);
	ck_assert_uint_eq(lim.limit[VS_LIMIT_TASKS].value, VS_LIMIT_UNLIMITED);
	ck_assert_int_eq(lim.limit[VS_LIMIT_IO_WEIGHT].source, VS_LIMIT_UNSET);
	ck_assert_int_eq(lim.limit[VS_LIMIT_MEMORY_HIGH].source, VS_LIMIT_UNSET);
	ck_assert_uint_eq(lim.limit[VS_LIMIT_MEMORY_HIGH].value, 0);

	/* db has no limits of its own: .defaults, then the built-in ones. */
	ck_assert_msg(vs_limits_load("db", &lim, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(lim.limit[VS_LIMIT_MEMORY].source, VS_LIMIT_DEFAULTS);
	ck_assert_uint_eq(lim.limit[VS_LIMIT_MEMORY].value, GIB);
	ck_assert_int_eq(lim.limit[VS_LIMIT_CPUS].source, VS_LIMIT_UNSET);
	ck_assert_str_eq(format(VS_LIMIT_CPUS, &lim.limit[VS_LIMIT_CPUS]), "-");

	unlink(path_in(confdir, ".defaults/limits/memory"));
	unlink(path_in(confdir, ".defaults/limits/tasks"));
	ck_assert_msg(vs_limits_load("db", &lim, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(lim.limit[VS_LIMIT_MEMORY].source, VS_LIMIT_BUILTIN);
	ck_assert_uint_eq(lim.limit[VS_LIMIT_MEMORY].value, half);
	ck_assert_uint_eq(half % MIB, 0);
	ck_assert_uint_lt(MEMTOTAL_KB * 1024 / 2 - half, MIB);
	ck_assert_int_eq(lim.limit[VS_LIMIT_TASKS].source, VS_LIMIT_BUILTIN);
	ck_assert_uint_eq(lim.limit[VS_LIMIT_TASKS].value, VS_TASKS_DEFAULT);

	/* The guest's "max" wins over .defaults and the built-in default alike. */
	conf_write(".defaults/limits/tasks", "100\n");
	conf_write("db/limits/tasks", "max\n");
	conf_write("db/limits/memory", "max\n");
	ck_assert_msg(vs_limits_load("db", &lim, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(lim.limit[VS_LIMIT_TASKS].source, VS_LIMIT_GUEST);
	ck_assert_uint_eq(lim.limit[VS_LIMIT_TASKS].value, VS_LIMIT_UNLIMITED);
	ck_assert_uint_eq(lim.limit[VS_LIMIT_MEMORY].value, VS_LIMIT_UNLIMITED);

	/* No configuration directory at all is no error either. */
	setenv("VSERVER_CONFDIR", path_in(confdir, "missing"), 1);
	ck_assert_msg(vs_limits_load("web", &lim, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(lim.limit[VS_LIMIT_MEMORY].source, VS_LIMIT_BUILTIN);
}
END_TEST

/* Loading @name fails with @msg, where %s is the path of @file in the configuration. */
static void load_fails(const char *name, const char *file, const char *msg)
{
	struct vs_limits lim;
	struct vs_err err;
	char want[1024];

	memset(&lim, 0xff, sizeof(lim));
	ck_assert_int_eq(vs_limits_load(name, &lim, &err), -1);
	snprintf(want, sizeof(want), msg, file ? path_in(confdir, file) : "");
	ck_assert_str_eq(err.msg, want);
	/* Nothing half-loaded is left for a caller that does not check. */
	for (int id = 0; id < VS_LIMIT_COUNT; id++)
		ck_assert_int_eq(lim.limit[id].source, VS_LIMIT_UNSET);
}

START_TEST(test_load_errors)
{
	struct vs_limits lim;
	struct vs_err err;
	char *meminfo, want[1024];

	env_setup();
	guest_dir("web");

	conf_write("web/limits/memroy", "64M\n");
	load_fails("web", "web/limits/memroy", "cannot read %s: unknown resource (known: memory, "
		   "memory.high, swap, cpu, cpu.weight, cpus, tasks, files, sockets, disk, "
		   "disk.inodes, io.read, io.write, io.weight)");
	unlink(path_in(confdir, "web/limits/memroy"));

	conf_write("web/limits/memory", "64M\n128M\n");
	load_fails("web", "web/limits/memory", "cannot read %s:2: expected a single line");
	conf_write("web/limits/memory", "12X\n");
	load_fails("web", "web/limits/memory", "cannot read %s:1: '12X' is not a size "
		   "(a number with an optional K, M, G or T suffix, or max)");
	conf_write("web/limits/memory", "# comment\n0\n");
	load_fails("web", "web/limits/memory",
		   "cannot read %s:2: 0 is out of range (above 0, or max)");
	conf_write("web/limits/memory", "# nothing\n\n");
	load_fails("web", "web/limits/memory", "cannot read %s:1: it is empty");
	unlink(path_in(confdir, "web/limits/memory"));

	conf_write("web/limits/cpus", "7\n");
	load_fails("web", "web/limits/cpus",
		   "cannot read %s:1: CPU 7 is not online on this host (online: 0-1)");
	unlink(path_in(confdir, "web/limits/cpus"));
	conf_write("web/limits/cpu", "3\n");
	load_fails("web", "web/limits/cpu", "cannot read %s:1: 3 is out of range (above 0 and "
		   "at most 2, the CPUs online on this host, or max)");
	unlink(path_in(confdir, "web/limits/cpu"));

	ck_assert_int_eq(mkdir(path_in(confdir, "web/limits/tasks"), 0755), 0);
	load_fails("web", "web/limits/tasks", "cannot read %s: not a regular file");
	ck_assert_int_eq(rmdir(path_in(confdir, "web/limits/tasks")), 0);

	/* .defaults is checked as strictly, and named in the message. */
	conf_write(".defaults/limits/cpu.weight", "0\n");
	load_fails("web", ".defaults/limits/cpu.weight",
		   "cannot read %s:1: 0 is out of range (1..10000)");
	unlink(path_in(confdir, ".defaults/limits/cpu.weight"));

	ck_assert_int_eq(rmdir(path_in(confdir, "web/limits")), 0);
	conf_write("web/limits", "memory 64M\n");
	load_fails("web", "web/limits", "cannot read %s: Not a directory");
	unlink(path_in(confdir, "web/limits"));

	load_fails("../x", NULL, "invalid guest name '../x': it must not start with '.' or '-'");

	/* The built-in memory default needs the host's memory. */
	meminfo = path_in(test_dir(), "meminfo");
	write_file(meminfo, "MemFree: 1 kB\n", 0644);
	vs_limits_host_paths(&(struct vs_host_paths){ .cpus_online = online_path,
						      .meminfo = meminfo });
	ck_assert_int_eq(vs_limits_load("web", &lim, &err), -1);
	snprintf(want, sizeof(want), "cannot read %s: no MemTotal line", meminfo);
	ck_assert_str_eq(err.msg, want);
	unlink(meminfo);
	ck_assert_int_eq(vs_limits_load("web", &lim, &err), -1);
	snprintf(want, sizeof(want), "cannot read %s: No such file or directory", meminfo);
	ck_assert_str_eq(err.msg, want);
	/* Where memory is configured, the host's memory is not needed. */
	conf_write("web/limits/memory", "1G\n");
	ck_assert_msg(vs_limits_load("web", &lim, &err) == 0, "%s", err.msg);
}
END_TEST

/*
 * The disk limits' refusals that need no quota-capable file system: a
 * dynamic context id, and a guest root that is not ext4 (/proc).
 */
START_TEST(test_disk_check)
{
	struct vs_limits lim = { 0 };
	struct vs_err err = { .msg = "" };

	env_setup();
	guest_dir("web");
	ck_assert_int_eq(symlink("/proc", path_in(confdir, "web/vdir")), 0);
	/* Nothing asked for: nothing to refuse, whatever the id. */
	ck_assert_int_eq(vs_disk_check("web", 0, &lim, ~0ULL, &err), 0);

	ck_assert_int_eq(vs_limit_parse(VS_LIMIT_DISK, "1G", &lim.limit[VS_LIMIT_DISK], &err), 0);
	lim.limit[VS_LIMIT_DISK].source = VS_LIMIT_GUEST;
	ck_assert_int_eq(vs_disk_check("web", 0, &lim, ~0ULL, &err), -1);
	ck_assert_str_eq(err.msg, "disk: needs a static context id, the project id of the "
			 "guest's files (vserver web build --context N, or its context file)");
	ck_assert_int_eq(vs_disk_check("web", 0, &lim, 1ULL << VS_LIMIT_MEMORY, &err), 0);

	ck_assert_int_eq(vs_disk_check("web", 42, &lim, ~0ULL, &err), -1);
	ck_assert_str_eq(err.msg, "disk: the guest root /proc is not on ext4 (the disk limits "
			 "are an ext4 project quota)");
	ck_assert_int_eq(vs_disk_apply("web", 42, &lim, ~0ULL, &err), -1);
	ck_assert_str_eq(err.msg, "disk: the guest root /proc is not on ext4 (the disk limits "
			 "are an ext4 project quota)");
}
END_TEST

START_TEST(test_save)
{
	struct vs_limit l = { .source = VS_LIMIT_COMMAND };
	struct vs_limits lim;
	struct vs_err err = { .msg = "" };
	char *file, want[1024];
	struct dirent *de;
	struct stat st;
	DIR *dir;
	int n = 0;

	env_setup();
	guest_dir("web");
	file = path_in(confdir, "web/limits/memory");

	ck_assert_int_eq(vs_limit_parse(VS_LIMIT_MEMORY, "65536K", &l, &err), 0);
	ck_assert_msg(vs_limit_save("web", VS_LIMIT_MEMORY, &l, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(read_file(file), "64M\n");
	ck_assert_int_eq(stat(file, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	ck_assert_int_eq(stat(path_in(confdir, "web/limits"), &st), 0);
	ck_assert(S_ISDIR(st.st_mode));

	/* Replaced, not appended to. */
	ck_assert_int_eq(vs_limit_parse(VS_LIMIT_MEMORY, "max", &l, &err), 0);
	ck_assert_msg(vs_limit_save("web", VS_LIMIT_MEMORY, &l, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(read_file(file), "max\n");

	ck_assert_int_eq(vs_limit_parse(VS_LIMIT_CPUS, "1,0", &l, &err), 0);
	ck_assert_int_eq(vs_limit_save("web", VS_LIMIT_CPUS, &l, &err), 0);
	ck_assert_int_eq(vs_limit_parse(VS_LIMIT_CPU, "1.50", &l, &err), 0);
	ck_assert_int_eq(vs_limit_save("web", VS_LIMIT_CPU, &l, &err), 0);
	ck_assert_str_eq(read_file(path_in(confdir, "web/limits/cpu")), "1.5\n");
	ck_assert_int_eq(vs_limit_parse(VS_LIMIT_SWAP, "0", &l, &err), 0);
	ck_assert_int_eq(vs_limit_save("web", VS_LIMIT_SWAP, &l, &err), 0);

	ck_assert_msg(vs_limits_load("web", &lim, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(lim.limit[VS_LIMIT_MEMORY].source, VS_LIMIT_GUEST);
	ck_assert_uint_eq(lim.limit[VS_LIMIT_MEMORY].value, VS_LIMIT_UNLIMITED);
	ck_assert_str_eq(lim.limit[VS_LIMIT_CPUS].cpus, "0-1");
	ck_assert_uint_eq(lim.limit[VS_LIMIT_CPU].value, 1500000);
	ck_assert_int_eq(lim.limit[VS_LIMIT_SWAP].source, VS_LIMIT_GUEST);
	ck_assert_uint_eq(lim.limit[VS_LIMIT_SWAP].value, 0);

	/* No temporary file is left behind. */
	dir = opendir(path_in(confdir, "web/limits"));
	ck_assert_ptr_nonnull(dir);
	while ((de = readdir(dir)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(dir);
	ck_assert_int_eq(n, 4);

	/* Nothing the next load would refuse is written. */
	l.value = 0;
	ck_assert_int_eq(vs_limit_save("web", VS_LIMIT_CPU_WEIGHT, &l, &err), -1);
	ck_assert_str_eq(err.msg, "cannot save limit cpu.weight of guest web: "
			 "0 is out of range (1..10000)");
	l.value = VS_LIMIT_UNLIMITED;
	ck_assert_int_eq(vs_limit_save("web", VS_LIMIT_IO_WEIGHT, &l, &err), -1);
	ck_assert_str_eq(err.msg, "cannot save limit io.weight of guest web: "
			 "max is not allowed (a number 1..10000)");
	l.source = VS_LIMIT_UNSET;
	ck_assert_int_eq(vs_limit_save("web", VS_LIMIT_TASKS, &l, &err), -1);
	ck_assert_str_eq(err.msg, "cannot save limit tasks of guest web: it is unset");
	ck_assert_int_eq(access(path_in(confdir, "web/limits/cpu.weight"), F_OK), -1);

	l.source = VS_LIMIT_COMMAND;
	l.value = 64 * MIB;
	ck_assert_int_eq(vs_limit_save("nope", VS_LIMIT_MEMORY, &l, &err), -1);
	snprintf(want, sizeof(want), "cannot save limit memory of guest nope: no directory %s/nope",
		 confdir);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(access(path_in(confdir, "nope"), F_OK), -1);
	ck_assert_int_eq(vs_limit_save("../web", VS_LIMIT_MEMORY, &l, &err), -1);
	ck_assert_int_eq(vs_limit_save("web", VS_LIMIT_COUNT, &l, &err), -1);
	ck_assert_str_eq(err.msg,
			 "cannot save a limit of guest web: there is no resource number 14");
}
END_TEST

Suite *limits_suite(void)
{
	Suite *s = suite_create("limits");
	TCase *tc = tcase_create("limits");

	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_sizes);
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_cpu);
	tcase_add_test(tc, test_weights);
	tcase_add_test(tc, test_cpus);
	tcase_add_test(tc, test_bad_id);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_load_precedence);
	tcase_add_test(tc, test_load_errors);
	tcase_add_test(tc, test_save);
	tcase_add_test(tc, test_disk_check);
	suite_add_tcase(s, tc);
	return s;
}
