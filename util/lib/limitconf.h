/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest resource limits: their names, values and configuration files.
 *
 *   $VSERVER_CONFDIR/NAME/limits/RESOURCE        one value per file
 *   $VSERVER_CONFDIR/.defaults/limits/RESOURCE   where the guest has none
 *
 * A value is "max" (unlimited) or a number: sizes take a K, M, G or T
 * suffix (powers of 1024), cpu is a decimal count of CPUs ("0.5"), cpus is
 * a CPU list ("0-1,3").  Where neither file exists, tasks and memory get
 * built-in safe defaults (VS_TASKS_DEFAULT, half of the host's memory), so
 * that a forgotten configuration cannot take the host down; "max" in
 * either file lifts them.  Applying them (cgroup.c) is not done here.
 */
#ifndef VS_LIMITCONF_H
#define VS_LIMITCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum vs_limit_id {
	VS_LIMIT_MEMORY,	/* bytes: memory.max */
	VS_LIMIT_MEMORY_HIGH,	/* bytes: memory.high */
	VS_LIMIT_SWAP,		/* bytes: memory.swap.max */
	VS_LIMIT_CPU,		/* millionths of one CPU: cpu.max */
	VS_LIMIT_CPU_WEIGHT,	/* 1..10000: cpu.weight */
	VS_LIMIT_CPUS,		/* CPU list (text): cpuset.cpus */
	VS_LIMIT_TASKS,		/* count: pids.max */
	VS_LIMIT_FILES,		/* count: the module */
	VS_LIMIT_SOCKETS,	/* count: the module */
	VS_LIMIT_DISK,		/* bytes: project quota */
	VS_LIMIT_DISK_INODES,	/* count: project quota */
	VS_LIMIT_IO_READ,	/* bytes per second: io.max rbps */
	VS_LIMIT_IO_WRITE,	/* bytes per second: io.max wbps */
	VS_LIMIT_IO_WEIGHT,	/* 1..10000: io.weight */
	VS_LIMIT_COUNT
};

#define VS_LIMIT_UNLIMITED	UINT64_MAX	/* "max" */
#define VS_CPU_UNIT		1000000ULL	/* VS_LIMIT_CPU: 1 CPU */
#define VS_TASKS_DEFAULT	2048ULL
#define VS_CPUS_TEXT_MAX	256

enum vs_limit_source {
	VS_LIMIT_UNSET,		/* nothing configured: the resource is not limited */
	VS_LIMIT_BUILTIN,	/* the built-in safe default */
	VS_LIMIT_DEFAULTS,	/* .defaults/limits/RESOURCE */
	VS_LIMIT_GUEST,		/* NAME/limits/RESOURCE */
	VS_LIMIT_COMMAND,	/* given on the command line */
};

struct vs_limit {
	enum vs_limit_source source;
	uint64_t value;			/* VS_LIMIT_UNLIMITED for "max" */
	char cpus[VS_CPUS_TEXT_MAX];	/* VS_LIMIT_CPUS only: normalized list */
};

struct vs_limits {
	struct vs_limit limit[VS_LIMIT_COUNT];
};

/* "memory", "cpu.weight", ...; NULL for an id out of range. */
const char *vs_limit_name(enum vs_limit_id id);
/* The id for a resource name, or -1. */
int vs_limit_from_name(const char *name);

/*
 * Parse @text (trimmed, as read from a file or given as RESOURCE=VALUE)
 * for resource @id into @out (source left as it is).  A bad value fails
 * with one line naming the resource and what it takes, e.g. "memory: '12X'
 * is not a size (a number with an optional K, M, G or T suffix, or max)".
 * Negative numbers, zero where zero makes no sense (tasks, cpu, the
 * weights), values out of range (weights 1..10000, cpu at most the host's
 * CPU count) and CPU lists naming CPUs the host lacks are refused.
 */
int vs_limit_parse(enum vs_limit_id id, const char *text, struct vs_limit *out,
		   struct vs_err *err);

/*
 * The value as a user writes it: "64M", "0.5", "0-1,3", "max".  Sizes use
 * the largest suffix that divides them exactly.
 */
void vs_limit_format(enum vs_limit_id id, const struct vs_limit *l, char *buf, size_t size);

/*
 * Load the limits of guest NAME: .defaults/limits/ first, then
 * NAME/limits/, then the built-in defaults for what is still unset.  A file
 * whose name is no resource, a malformed value or an unreadable file fails
 * with one line naming the file.  A missing limits directory is no error.
 */
int vs_limits_load(const char *name, struct vs_limits *limits, struct vs_err *err);

/*
 * Save one setting as NAME/limits/RESOURCE (the directory is created),
 * replacing the file atomically (write a temporary file, rename).
 */
int vs_limit_save(const char *name, enum vs_limit_id id, const struct vs_limit *l,
		  struct vs_err *err);

/*
 * The host's facts the parser checks against and the defaults derive from.
 * Tests point these elsewhere; NULL means the real files.
 */
struct vs_host_paths {
	const char *cpus_online;	/* default /sys/devices/system/cpu/online */
	const char *meminfo;		/* default /proc/meminfo */
};
void vs_limits_host_paths(const struct vs_host_paths *paths);

#endif /* VS_LIMITCONF_H */
