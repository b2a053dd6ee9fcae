// SPDX-License-Identifier: GPL-2.0
/*
 * Guest resource limits (limitconf.h): parsing and formatting their
 * values, and their files below the configuration directory.  Not named
 * limits.h: with lib/ on the include path, that name would stand in for
 * the C library's <limits.h> (and take PATH_MAX from every tool).
 *
 * vs_limit_parse() reports "RESOURCE: reason"; a limits file is reported
 * like every other malformed setting (config.c), "cannot read FILE:LINE:
 * reason", where the file already names the resource.  A resource left
 * VS_LIMIT_UNSET has the value 0, as in a zero-initialized struct vs_limits;
 * VS_LIMIT_CPUS keeps its value 0 and its list in cpus[].
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limitconf.h"
#include "compiler.h"
#include "config.h"

#define CPUS_ONLINE_PATH	"/sys/devices/system/cpu/online"
#define MEMINFO_PATH		"/proc/meminfo"

/* Linux's largest NR_CPUS; a CPU number at or above it is offline everywhere. */
#define CPU_BITS		8192
#define WEIGHT_MIN		1
#define WEIGHT_MAX		10000
#define CPU_DECIMALS		6	/* VS_CPU_UNIT is 10^6 */
#define MIB			(1ULL << 20)
/* The room for a reason; the messages quote at most QUOTE_MAX bytes of a value. */
#define WHY_MAX			400
#define QUOTE_MAX		64

enum kind {
	KIND_SIZE,	/* bytes, with a K, M, G or T suffix */
	KIND_COUNT,	/* a plain number */
	KIND_CPU,	/* a decimal number of CPUs, in millionths */
	KIND_WEIGHT,	/* WEIGHT_MIN..WEIGHT_MAX, never "max" */
	KIND_CPUS,	/* a CPU list, never "max" */
};

static const struct resource {
	const char *name;
	enum kind kind;
	bool zero_ok;	/* swap 0 is "no swap"; any other 0 would stop the guest dead */
} resources[VS_LIMIT_COUNT] = {
	[VS_LIMIT_MEMORY]	= { "memory", KIND_SIZE, false },
	[VS_LIMIT_MEMORY_HIGH]	= { "memory.high", KIND_SIZE, false },
	[VS_LIMIT_SWAP]		= { "swap", KIND_SIZE, true },
	[VS_LIMIT_CPU]		= { "cpu", KIND_CPU, false },
	[VS_LIMIT_CPU_WEIGHT]	= { "cpu.weight", KIND_WEIGHT, false },
	[VS_LIMIT_CPUS]		= { "cpus", KIND_CPUS, false },
	[VS_LIMIT_TASKS]	= { "tasks", KIND_COUNT, false },
	[VS_LIMIT_FILES]	= { "files", KIND_COUNT, false },
	[VS_LIMIT_SOCKETS]	= { "sockets", KIND_COUNT, false },
	/* A project quota of 0 means no limit at all: never write one. */
	[VS_LIMIT_DISK]		= { "disk", KIND_SIZE, false },
	[VS_LIMIT_DISK_INODES]	= { "disk.inodes", KIND_COUNT, false },
	[VS_LIMIT_IO_READ]	= { "io.read", KIND_SIZE, false },
	[VS_LIMIT_IO_WRITE]	= { "io.write", KIND_SIZE, false },
	[VS_LIMIT_IO_WEIGHT]	= { "io.weight", KIND_WEIGHT, false },
};

/* What a value of each kind looks like, for the messages. */
static const char *const kind_noun[] = {
	[KIND_SIZE] = "size",
	[KIND_COUNT] = "count",
	[KIND_CPU] = "CPU count",
	[KIND_WEIGHT] = "weight",
	[KIND_CPUS] = "CPU list",
};

static const char *const kind_takes[] = {
	[KIND_SIZE] = "a number with an optional K, M, G or T suffix, or max",
	[KIND_COUNT] = "a positive number, or max",
	[KIND_CPU] = "a decimal number of CPUs like 0.5 or 2, at most 6 decimals, or max",
	[KIND_WEIGHT] = "a number 1..10000",
	[KIND_CPUS] = "CPU numbers and ranges like 0-1,3",
};

/* The strings stay the caller's: tests pass paths that live as long as the test. */
static struct vs_host_paths host_paths;

void vs_limits_host_paths(const struct vs_host_paths *paths)
{
	host_paths = paths ? *paths : (struct vs_host_paths){ NULL, NULL };
}

static const char *cpus_online_path(void)
{
	return host_paths.cpus_online ? host_paths.cpus_online : CPUS_ONLINE_PATH;
}

static const char *meminfo_path(void)
{
	return host_paths.meminfo ? host_paths.meminfo : MEMINFO_PATH;
}

const char *vs_limit_name(enum vs_limit_id id)
{
	if ((unsigned int)id >= VS_LIMIT_COUNT)
		return NULL;
	return resources[id].name;
}

int vs_limit_from_name(const char *name)
{
	for (int id = 0; id < VS_LIMIT_COUNT; id++)
		if (!strcmp(name, resources[id].name))
			return id;
	return -1;
}

static void whyf(char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void whyf(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, WHY_MAX, fmt, ap);
	va_end(ap);
}

/* A value (@len bytes at @s) as the messages quote it: cut short if long. */
static int quote_len(size_t len)
{
	return len > QUOTE_MAX ? QUOTE_MAX : (int)len;
}

static void not_a(char *why, enum kind kind, const char *s, size_t len)
{
	whyf(why, "'%.*s' is not a %s (%s)", quote_len(len), s, kind_noun[kind], kind_takes[kind]);
}

static bool is_max(const char *s, size_t len)
{
	return len == 3 && !memcmp(s, "max", 3);
}

/*
 * The decimal digits at the start of @s (at most @len bytes): returns how
 * many, with their value in *@v, and *@big set if it does not fit in 64 bits.
 */
static size_t scan_digits(const char *s, size_t len, uint64_t *v, bool *big)
{
	size_t n;

	*v = 0;
	*big = false;
	for (n = 0; n < len && isdigit((unsigned char)s[n]); n++) {
		unsigned int d = (unsigned int)(s[n] - '0');

		if (*v > (UINT64_MAX - d) / 10)
			*big = true;
		*v = *v * 10 + d;
	}
	return n;
}

static int suffix_shift(char c)
{
	switch (c) {
	case 'K': case 'k': return 10;
	case 'M': case 'm': return 20;
	case 'G': case 'g': return 30;
	case 'T': case 't': return 40;
	}
	return -1;
}

/* Sizes and counts: UINT64_MAX itself is VS_LIMIT_UNLIMITED, so the largest is one less. */
static int parse_amount(const struct resource *r, const char *s, size_t len, uint64_t *out,
			char *why)
{
	size_t n;
	uint64_t v;
	bool big;
	int shift = 0;

	n = scan_digits(s, len, &v, &big);
	if (n && n + 1 == len && r->kind == KIND_SIZE)
		shift = suffix_shift(s[n]);
	if (!n || shift < 0 || (n != len && !shift)) {
		not_a(why, r->kind, s, len);
		return -1;
	}
	if (big || v > (UINT64_MAX >> shift) || v << shift == UINT64_MAX) {
		whyf(why, "%.*s is too large (use max for no limit)", quote_len(len), s);
		return -1;
	}
	if (!v && !r->zero_ok) {
		whyf(why, "0 is out of range (above 0, or max)");
		return -1;
	}
	*out = v << shift;
	return 0;
}

static int parse_weight(const char *s, size_t len, uint64_t *out, char *why)
{
	uint64_t v;
	bool big;

	if (scan_digits(s, len, &v, &big) != len || !len) {
		not_a(why, KIND_WEIGHT, s, len);
		return -1;
	}
	if (big || v < WEIGHT_MIN || v > WEIGHT_MAX) {
		whyf(why, "%.*s is out of range (%d..%d)", quote_len(len), s, WEIGHT_MIN,
		     WEIGHT_MAX);
		return -1;
	}
	*out = v;
	return 0;
}

/* CPU sets */

struct cpuset {
	uint64_t bits[CPU_BITS / 64];
	uint64_t beyond;	/* the lowest listed CPU >= CPU_BITS, or 0 */
};

static bool cpu_isset(const struct cpuset *set, unsigned int cpu)
{
	return set->bits[cpu / 64] & (1ULL << (cpu % 64));
}

static unsigned int cpu_count(const struct cpuset *set)
{
	unsigned int n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(set->bits); i++)
		n += (unsigned int)__builtin_popcountll(set->bits[i]);
	return n;
}

static void cpuset_add(struct cpuset *set, uint64_t lo, uint64_t hi)
{
	for (uint64_t cpu = lo; cpu <= hi && cpu < CPU_BITS; cpu++)
		set->bits[cpu / 64] |= 1ULL << (cpu % 64);
	if (hi >= CPU_BITS) {
		uint64_t first = lo > CPU_BITS ? lo : CPU_BITS;

		if (!set->beyond || first < set->beyond)
			set->beyond = first;
	}
}

/* "0-1,3" (@len bytes at @s) into @set: 0, or -1 if it is no CPU list. */
static int cpuset_parse(const char *s, size_t len, struct cpuset *set)
{
	const char *end = s + len;

	memset(set, 0, sizeof(*set));
	for (;;) {
		uint64_t lo, hi;
		bool big;
		size_t n = scan_digits(s, (size_t)(end - s), &lo, &big);

		if (!n || big)
			return -1;
		s += n;
		hi = lo;
		if (s < end && *s == '-') {
			s++;
			n = scan_digits(s, (size_t)(end - s), &hi, &big);
			if (!n || big || hi < lo)
				return -1;
			s += n;
		}
		cpuset_add(set, lo, hi);
		if (s == end)
			return 0;
		if (*s++ != ',')
			return -1;
	}
}

/* @set in its shortest form, "0-1,3"; -1 if it does not fit in @size. */
static int cpuset_format(const struct cpuset *set, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int cpu = 0; cpu < CPU_BITS; cpu++) {
		unsigned int last = cpu;
		const char *comma = used ? "," : "";
		int n;

		if (!cpu_isset(set, cpu))
			continue;
		while (last + 1 < CPU_BITS && cpu_isset(set, last + 1))
			last++;
		if (last == cpu)
			n = snprintf(buf + used, size - used, "%s%u", comma, cpu);
		else
			n = snprintf(buf + used, size - used, "%s%u-%u", comma, cpu, last);
		if (n < 0 || (size_t)n >= size - used)
			return -1;
		used += (size_t)n;
		cpu = last;
	}
	return 0;
}

static void trim_span(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* The host's online CPUs, "0-3" in sysfs: checked anew by every parse, as CPUs come and go. */
static int host_cpus_online(struct cpuset *online, char *why)
{
	const char *path = cpus_online_path(), *s;
	char *line = NULL;
	size_t size = 0, len = 0;
	FILE *f;
	int ret;

	f = fopen(path, "re");
	if (!f) {
		whyf(why, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (getline(&line, &size, f) > 0)
		len = strlen(line);
	fclose(f);
	s = line ? line : "";
	trim_span(&s, &len);
	ret = cpuset_parse(s, len, online);
	if (ret < 0)
		whyf(why, "cannot read %s: '%.*s' is not a CPU list", path, quote_len(len), s);
	free(line);
	return ret;
}

static int parse_cpus(const char *s, size_t len, struct vs_limit *out, char *why)
{
	struct cpuset want, online;
	char list[sizeof(out->cpus)];
	unsigned int cpu;

	if (is_max(s, len)) {
		whyf(why, "max is not allowed (%s)", kind_takes[KIND_CPUS]);
		return -1;
	}
	if (cpuset_parse(s, len, &want) < 0) {
		not_a(why, KIND_CPUS, s, len);
		return -1;
	}
	if (host_cpus_online(&online, why) < 0)
		return -1;
	for (cpu = 0; cpu < CPU_BITS; cpu++)
		if (cpu_isset(&want, cpu) && !cpu_isset(&online, cpu))
			break;
	if (cpu < CPU_BITS || want.beyond) {
		char shown[VS_CPUS_TEXT_MAX];

		if (cpuset_format(&online, shown, sizeof(shown)) < 0)
			strcpy(shown, "...");
		whyf(why, "CPU %llu is not online on this host (online: %s)",
		     cpu < CPU_BITS ? cpu : (unsigned long long)want.beyond, shown);
		return -1;
	}
	if (cpuset_format(&want, list, sizeof(list)) < 0) {
		whyf(why, "the list is longer than %zu characters, even as ranges",
		     sizeof(list) - 1);
		return -1;
	}
	memcpy(out->cpus, list, sizeof(list));
	out->value = 0;
	return 0;
}

/*
 * "1.25" into millionths: 0, or -1 if it is no decimal of at most
 * CPU_DECIMALS decimals.  *@big if the whole part is beyond any host.
 */
static int scan_cpu(const char *s, size_t len, uint64_t *out, bool *big)
{
	size_t n = scan_digits(s, len, out, big), decimals;
	uint64_t frac;
	bool frac_big;

	if (!n)
		return -1;
	/* No host has more than CPU_BITS CPUs; capping there keeps the sum below in range. */
	if (*big || *out > CPU_BITS) {
		*big = true;
		*out = CPU_BITS;
	}
	*out *= VS_CPU_UNIT;
	if (n == len)
		return 0;
	if (s[n] != '.')
		return -1;
	decimals = scan_digits(s + n + 1, len - n - 1, &frac, &frac_big);
	if (!decimals || decimals > CPU_DECIMALS || n + 1 + decimals != len)
		return -1;
	while (decimals++ < CPU_DECIMALS)
		frac *= 10;
	*out += frac;
	return 0;
}

static int parse_cpu(const char *s, size_t len, uint64_t *out, char *why)
{
	struct cpuset online;
	unsigned int ncpus;
	uint64_t v;
	bool big;

	if (scan_cpu(s, len, &v, &big) < 0) {
		not_a(why, KIND_CPU, s, len);
		return -1;
	}
	if (host_cpus_online(&online, why) < 0)
		return -1;
	ncpus = cpu_count(&online);
	if (big || !v || v > ncpus * VS_CPU_UNIT) {
		whyf(why, "%.*s is out of range (above 0 and at most %u, the CPUs online on "
		     "this host, or max)", quote_len(len), s, ncpus);
		return -1;
	}
	*out = v;
	return 0;
}

/* The value @s (@len bytes, trimmed) of resource @id into @out; -1 with @why. */
static int parse_value(enum vs_limit_id id, const char *s, size_t len, struct vs_limit *out,
		       char *why)
{
	const struct resource *r = &resources[id];
	uint64_t v;

	if (r->kind == KIND_CPUS)
		return parse_cpus(s, len, out, why);
	if (is_max(s, len)) {
		if (r->kind == KIND_WEIGHT) {
			whyf(why, "max is not allowed (%s)", kind_takes[KIND_WEIGHT]);
			return -1;
		}
		v = VS_LIMIT_UNLIMITED;
	} else if (r->kind == KIND_WEIGHT) {
		if (parse_weight(s, len, &v, why) < 0)
			return -1;
	} else if (r->kind == KIND_CPU) {
		if (parse_cpu(s, len, &v, why) < 0)
			return -1;
	} else if (parse_amount(r, s, len, &v, why) < 0) {
		return -1;
	}
	out->value = v;
	out->cpus[0] = '\0';
	return 0;
}

int vs_limit_parse(enum vs_limit_id id, const char *text, struct vs_limit *out,
		   struct vs_err *err)
{
	size_t len = strlen(text);
	char why[WHY_MAX];

	if ((unsigned int)id >= VS_LIMIT_COUNT) {
		vs_err_set(err, "cannot parse a limit: there is no resource number %d", (int)id);
		return -1;
	}
	trim_span(&text, &len);
	if (parse_value(id, text, len, out, why) < 0) {
		vs_err_set(err, "%s: %s", resources[id].name, why);
		return -1;
	}
	return 0;
}

/* Formatting */

static void format_size(uint64_t v, char *buf, size_t size)
{
	static const char suffix[] = "KMGT";

	for (int i = 3; i >= 0; i--) {
		unsigned int shift = 10 * (unsigned int)(i + 1);

		if (v && !(v & ((1ULL << shift) - 1))) {
			snprintf(buf, size, "%llu%c", (unsigned long long)(v >> shift), suffix[i]);
			return;
		}
	}
	snprintf(buf, size, "%llu", (unsigned long long)v);
}

static void format_cpu(uint64_t v, char *buf, size_t size)
{
	unsigned long long whole = v / VS_CPU_UNIT, frac = v % VS_CPU_UNIT;
	char text[48];
	size_t len;

	if (!frac) {
		snprintf(buf, size, "%llu", whole);
		return;
	}
	snprintf(text, sizeof(text), "%llu.%0*llu", whole, CPU_DECIMALS, frac);
	len = strlen(text);
	while (text[len - 1] == '0')
		text[--len] = '\0';
	snprintf(buf, size, "%s", text);
}

void vs_limit_format(enum vs_limit_id id, const struct vs_limit *l, char *buf, size_t size)
{
	if (!size)
		return;
	if ((unsigned int)id >= VS_LIMIT_COUNT || l->source == VS_LIMIT_UNSET)
		snprintf(buf, size, "-");
	else if (resources[id].kind == KIND_CPUS)
		snprintf(buf, size, "%s", l->cpus);
	else if (l->value == VS_LIMIT_UNLIMITED)
		snprintf(buf, size, "max");
	else if (resources[id].kind == KIND_SIZE)
		format_size(l->value, buf, size);
	else if (resources[id].kind == KIND_CPU)
		format_cpu(l->value, buf, size);
	else
		snprintf(buf, size, "%llu", (unsigned long long)l->value);
}

/* Loading */

/*
 * The single value of the file @path: comment and empty lines aside, one
 * line, trimmed, as config.c reads a setting.  Returns a malloc'd string
 * and its line number in *@lineno, or NULL with @err set.
 */
static char *read_value(const char *path, unsigned int *lineno, struct vs_err *err)
{
	char *line = NULL, *value = NULL;
	unsigned int n = 0;
	size_t size = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		vs_err_set(err, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	while (getline(&line, &size, f) != -1) {
		const char *s = line;
		size_t len = strlen(line);

		n++;
		trim_span(&s, &len);
		if (!len || *s == '#')
			continue;
		if (value) {
			vs_err_set(err, "cannot read %s:%u: expected a single line", path, n);
			goto fail;
		}
		value = strndup(s, len);
		if (!value) {
			vs_err_set(err, "cannot read %s: %s", path, strerror(ENOMEM));
			goto fail;
		}
		*lineno = n;
	}
	if (ferror(f)) {
		vs_err_set(err, "cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	if (!value)
		vs_err_set(err, "cannot read %s:1: it is empty", path);
	free(line);
	fclose(f);
	return value;
fail:
	free(value);
	free(line);
	fclose(f);
	return NULL;
}

/* "memory, memory.high, ...": every resource, for the message about a file that is none. */
static void resource_list(char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int id = 0; id < VS_LIMIT_COUNT && used < size; id++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", id ? ", " : "",
					 resources[id].name);
}

/* The limits file @file (the resource's name) in @dir, into @limits. */
static int load_file(const char *dir, const char *file, enum vs_limit_source source,
		     struct vs_limits *limits, struct vs_err *err)
{
	int id = vs_limit_from_name(file);
	struct vs_limit l = { .source = source };
	char path[PATH_MAX], why[WHY_MAX], *value;
	unsigned int lineno = 1;
	struct stat st;
	int ret;

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path)) {
		vs_err_set(err, "cannot read %s/%s: %s", dir, file, strerror(ENAMETOOLONG));
		return -1;
	}
	if (id < 0) {
		resource_list(why, sizeof(why));
		vs_err_set(err, "cannot read %s: unknown resource (known: %s)", path, why);
		return -1;
	}
	/* Checked before opening, so that a FIFO cannot make the load wait. */
	if (stat(path, &st) < 0) {
		vs_err_set(err, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		vs_err_set(err, "cannot read %s: not a regular file", path);
		return -1;
	}
	value = read_value(path, &lineno, err);
	if (!value)
		return -1;
	ret = parse_value(id, value, strlen(value), &l, why);
	free(value);
	if (ret < 0) {
		vs_err_set(err, "cannot read %s:%u: %s", path, lineno, why);
		return -1;
	}
	limits->limit[id] = l;
	return 0;
}

/* Editors' and package managers' leftovers: ".memory.swp", "memory~". */
static int not_ignored(const struct dirent *de)
{
	size_t len = strlen(de->d_name);

	return de->d_name[0] != '.' && de->d_name[len - 1] != '~';
}

/* Every file of @dir, if it exists, in name order so that errors are reproducible. */
static int load_dir(const char *dir, enum vs_limit_source source, struct vs_limits *limits,
		    struct vs_err *err)
{
	struct dirent **names;
	int n, i, ret = 0;

	n = scandir(dir, &names, not_ignored, alphasort);
	if (n < 0) {
		if (errno == ENOENT)
			return 0;
		vs_err_set(err, "cannot read %s: %s", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!ret)
			ret = load_file(dir, names[i]->d_name, source, limits, err);
		free(names[i]);
	}
	free(names);
	return ret;
}

/* MemTotal in bytes. */
static int host_memory(uint64_t *bytes, struct vs_err *err)
{
	const char *path = meminfo_path();
	unsigned long long kib;
	char *line = NULL;
	size_t size = 0;
	int found = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		vs_err_set(err, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	while (!found && getline(&line, &size, f) != -1)
		found = sscanf(line, "MemTotal: %llu kB", &kib) == 1;
	free(line);
	fclose(f);
	if (!found || kib > UINT64_MAX / 1024) {
		vs_err_set(err, "cannot read %s: no MemTotal line", path);
		return -1;
	}
	*bytes = kib * 1024;
	return 0;
}

/* Where nothing was configured, tasks and memory get limits that keep the host alive. */
static int load_builtin(struct vs_limits *limits, struct vs_err *err)
{
	struct vs_limit *tasks = &limits->limit[VS_LIMIT_TASKS];
	struct vs_limit *memory = &limits->limit[VS_LIMIT_MEMORY];
	uint64_t total;

	if (tasks->source == VS_LIMIT_UNSET) {
		tasks->source = VS_LIMIT_BUILTIN;
		tasks->value = VS_TASKS_DEFAULT;
	}
	if (memory->source == VS_LIMIT_UNSET) {
		if (host_memory(&total, err) < 0)
			return -1;
		memory->source = VS_LIMIT_BUILTIN;
		/* Whole MiB read better in "vserver NAME limits"; 0 would be no memory at all. */
		memory->value = total / 2 / MIB * MIB;
		if (!memory->value)
			memory->value = MIB;
	}
	return 0;
}

/* $VSERVER_CONFDIR/@sub/limits, if it exists, with @source. */
static int load_conf_limits(const char *sub, enum vs_limit_source source,
			    struct vs_limits *limits, struct vs_err *err)
{
	char dir[PATH_MAX];

	if (snprintf(dir, sizeof(dir), "%s/%s/limits", vs_confdir(), sub) >= (int)sizeof(dir)) {
		vs_err_set(err, "cannot read %s/%s/limits: %s", vs_confdir(), sub,
			   strerror(ENAMETOOLONG));
		return -1;
	}
	return load_dir(dir, source, limits, err);
}

int vs_limits_load(const char *name, struct vs_limits *limits, struct vs_err *err)
{
	memset(limits, 0, sizeof(*limits));
	if (vs_name_check(name, err) < 0 ||
	    load_conf_limits(".defaults", VS_LIMIT_DEFAULTS, limits, err) < 0 ||
	    load_conf_limits(name, VS_LIMIT_GUEST, limits, err) < 0 ||
	    load_builtin(limits, err) < 0) {
		/* No half-loaded limits for a caller that does not check. */
		memset(limits, 0, sizeof(*limits));
		return -1;
	}
	return 0;
}

/* Saving */

/* Write @text to a new file in @dir and rename it to @path; errno on failure. */
static int replace_file(const char *dir, const char *path, const char *text)
{
	char tmp[PATH_MAX];
	size_t len = strlen(text);
	int fd, saved;

	/* A dotfile, so that a load never reads one left behind by a crash. */
	if (snprintf(tmp, sizeof(tmp), "%s/.limit.XXXXXX", dir) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fchmod(fd, 0644) < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		fd = -1;
		goto fail;
	}
	/* The rename itself must reach the disk, or a crash could bring back the old value. */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	return 0;
fail:
	saved = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

int vs_limit_save(const char *name, enum vs_limit_id id, const struct vs_limit *l,
		  struct vs_err *err)
{
	char guest[PATH_MAX], dir[PATH_MAX], path[PATH_MAX], text[VS_CPUS_TEXT_MAX + 1];
	const char *res = vs_limit_name(id);
	struct vs_limit check;
	char why[WHY_MAX];
	struct stat st;

	if (vs_name_check(name, err) < 0)
		return -1;
	if (!res) {
		vs_err_set(err, "cannot save a limit of guest %s: there is no resource number %d",
			   name, (int)id);
		return -1;
	}
	if (l->source == VS_LIMIT_UNSET) {
		vs_err_set(err, "cannot save limit %s of guest %s: it is unset", res, name);
		return -1;
	}
	/* Never write a file that the next load would refuse. */
	vs_limit_format(id, l, text, sizeof(text));
	if (parse_value(id, text, strlen(text), &check, why) < 0) {
		vs_err_set(err, "cannot save limit %s of guest %s: %s", res, name, why);
		return -1;
	}
	if (snprintf(guest, sizeof(guest), "%s/%s", vs_confdir(), name) >= (int)sizeof(guest) ||
	    snprintf(dir, sizeof(dir), "%s/limits", guest) >= (int)sizeof(dir) ||
	    snprintf(path, sizeof(path), "%s/%s", dir, res) >= (int)sizeof(path)) {
		vs_err_set(err, "cannot save limit %s of guest %s: %s", res, name,
			   strerror(ENAMETOOLONG));
		return -1;
	}
	if (stat(guest, &st) < 0 || !S_ISDIR(st.st_mode)) {
		vs_err_set(err, "cannot save limit %s of guest %s: no directory %s", res, name,
			   guest);
		return -1;
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		vs_err_set(err, "cannot save limit %s of guest %s: cannot create %s: %s", res,
			   name, dir, strerror(errno));
		return -1;
	}
	strcat(text, "\n");
	if (replace_file(dir, path, text) < 0) {
		vs_err_set(err, "cannot save limit %s of guest %s: cannot write %s: %s", res,
			   name, path, strerror(errno));
		return -1;
	}
	return 0;
}
