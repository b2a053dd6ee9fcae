// SPDX-License-Identifier: GPL-2.0
/*
 * vserver NAME limit: show a guest's limits with what it uses and how often
 * it was refused, change them (at once if it runs, and in its
 * configuration), and reset the hit counters.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "config.h"
#include "ctxlimit.h"
#include "diskquota.h"
#include "err.h"
#include "json.h"
#include "kernel.h"
#include "limitconf.h"
#include "runtime.h"
#include "subcommands.h"

static void usage(void)
{
	fputs("Usage:\n"
	      " vserver <guest> limit [--json]\n"
	      " vserver <guest> limit [--temporary] <resource>=<value>...\n"
	      " vserver <guest> limit --reset-hits\n"
	      "\n"
	      "Show the guest's limits, what it uses, its peak and how often a limit\n"
	      "refused it (HITS); or set limits: at once if the guest runs, and in\n"
	      "/etc/vservers/<guest>/limits/ unless --temporary.\n"
	      "\n"
	      "Resources: memory memory.high swap cpu cpu.weight cpus tasks files\n"
	      "sockets disk disk.inodes io.read io.write io.weight\n"
	      "Values: sizes with K, M, G, T; cpu in CPUs (0.5); cpus as a list (0-1,3);\n"
	      "max for no limit.\n"
	      "\n"
	      "Options:\n"
	      " -t, --temporary   apply to the running guest only, do not save\n"
	      "     --reset-hits  start the hit counters again from zero\n"
	      "     --json        print JSON\n"
	      " -h, --help        display this help\n"
	      "\n"
	      "See vserver(8) and vserver-limits(5).\n", stdout);
}

static int running(const char *guest, struct vs_err *err)
{
	unsigned int xid;

	return vs_guest_up(guest, &xid, err);
}

/* Sizes with one decimal ("40.2M"), so that a table stays narrow. */
static void human_size(uint64_t v, char *buf, size_t size)
{
	static const char units[] = "KMGT";
	double d = (double)v;
	int i = -1;

	while (d >= 1024 && i < 3) {
		d /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, size, "%" PRIu64, v);
	else
		snprintf(buf, size, "%.1f%c", d, units[i]);
}

static bool is_size(enum vs_limit_id id)
{
	switch (id) {
	case VS_LIMIT_MEMORY:
	case VS_LIMIT_MEMORY_HIGH:
	case VS_LIMIT_SWAP:
	case VS_LIMIT_DISK:
	case VS_LIMIT_IO_READ:
	case VS_LIMIT_IO_WRITE:
		return true;
	default:
		return false;
	}
}

/* A usage number as the table shows it: "-" where the kernel says nothing. */
static void usage_text(enum vs_limit_id id, uint64_t v, char *buf, size_t size)
{
	if (v == VS_USAGE_NONE)
		snprintf(buf, size, "-");
	else if (id == VS_LIMIT_CPU)
		snprintf(buf, size, "%.2fs", (double)v / 1e6);
	else if (is_size(id))
		human_size(v, buf, size);
	else
		snprintf(buf, size, "%" PRIu64, v);
}

/* The limit in force: the kernel's value while it runs, else the configured one. */
static void effective(enum vs_limit_id id, const struct vs_limit *conf,
		      const struct vs_limit_usage *u, struct vs_limit *out)
{
	*out = *conf;
	if (!u)
		return;
	if (id == VS_LIMIT_CPUS && u->cpus[0] && conf->source != VS_LIMIT_UNSET) {
		snprintf(out->cpus, sizeof(out->cpus), "%s", u->cpus);
	} else if (u->limit != VS_USAGE_NONE) {
		out->value = u->limit;
		if (out->source == VS_LIMIT_UNSET)
			out->source = VS_LIMIT_COMMAND;
	}
	/* An unlimited resource with nothing configured shows as "max". */
	if (out->source == VS_LIMIT_UNSET && u->limit == VS_LIMIT_UNLIMITED)
		out->source = VS_LIMIT_BUILTIN;
}

static const char *const source_names[] = {
	[VS_LIMIT_UNSET] = "unset",
	[VS_LIMIT_BUILTIN] = "builtin",
	[VS_LIMIT_DEFAULTS] = "defaults",
	[VS_LIMIT_GUEST] = "guest",
	[VS_LIMIT_COMMAND] = "running",
};

static void json_number(const char *key, uint64_t v, bool comma)
{
	if (v == VS_USAGE_NONE)
		printf("\"%s\":null%s", key, comma ? "," : "");
	else
		printf("\"%s\":%" PRIu64 "%s", key, v, comma ? "," : "");
}

static void print_json(const struct vs_limits *conf, const struct vs_limit_usage *u)
{
	int id;

	printf("[");
	for (id = 0; id < VS_LIMIT_COUNT; id++) {
		const struct vs_limit_usage *uu = u ? &u[id] : NULL;
		struct vs_limit l;
		char text[VS_CPUS_TEXT_MAX];

		effective(id, &conf->limit[id], uu, &l);
		vs_limit_format(id, &l, text, sizeof(text));
		printf("%s{\"resource\":", id ? "," : "");
		vs_json_string(stdout, vs_limit_name(id));
		printf(",\"limit\":");
		if (l.source == VS_LIMIT_UNSET)
			printf("null");
		else
			vs_json_string(stdout, text);
		printf(",\"configured\":\"%s\",", source_names[conf->limit[id].source]);
		json_number("used", uu ? uu->used : VS_USAGE_NONE, true);
		json_number("peak", uu ? uu->peak : VS_USAGE_NONE, true);
		json_number("hits", uu ? uu->hits : VS_USAGE_NONE, false);
		printf("}");
	}
	printf("]\n");
}

static void print_table(const struct vs_limits *conf, const struct vs_limit_usage *u)
{
	int id;

	printf("%-12s %10s %10s %10s %8s\n", "RESOURCE", "USED", "PEAK", "LIMIT", "HITS");
	for (id = 0; id < VS_LIMIT_COUNT; id++) {
		const struct vs_limit_usage *uu = u ? &u[id] : NULL;
		char used[32], peak[32], hits[32], lim[VS_CPUS_TEXT_MAX];
		struct vs_limit l;

		effective(id, &conf->limit[id], uu, &l);
		vs_limit_format(id, &l, lim, sizeof(lim));
		usage_text(id, uu ? uu->used : VS_USAGE_NONE, used, sizeof(used));
		usage_text(id, uu ? uu->peak : VS_USAGE_NONE, peak, sizeof(peak));
		usage_text(VS_LIMIT_TASKS, uu ? uu->hits : VS_USAGE_NONE, hits, sizeof(hits));
		printf("%-12s %10s %10s %10s %8s\n", vs_limit_name(id), used, peak, lim, hits);
	}
}

static int show(const char *guest, const struct vs_limits *conf, bool json, struct vs_err *err)
{
	struct vs_limit_usage u[VS_LIMIT_COUNT];
	int run = running(guest, err), have = 0;

	if (run < 0)
		return -1;
	if (run) {
		have = vs_cgroup_usage(guest, u, err);
		if (have < 0)
			return -1;
	}
	if (json)
		print_json(conf, have ? u : NULL);
	else
		print_table(conf, have ? u : NULL);
	return 0;
}

static int reset_hits(const char *guest, struct vs_err *err)
{
	int lockfd = vs_guest_lock(guest, err), run, ret = -1;

	if (lockfd < 0)
		return -1;
	run = running(guest, err);
	if (run == 0)
		vs_err_set(err, "it is not running");
	else if (run > 0)
		ret = vs_cgroup_reset_hits(guest, err);
	close(lockfd);
	return ret;
}

/* Parse every RESOURCE=VALUE into @set; @mask gets their bits. */
static int parse_settings(int argc, char *argv[], struct vs_limits *set, uint64_t *mask,
			  struct vs_err *err)
{
	int i;

	*mask = 0;
	for (i = 0; i < argc; i++) {
		char name[32];
		const char *eq = strchr(argv[i], '=');
		int id;

		if (!eq || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof(name)) {
			vs_err_set(err, "'%s' is not RESOURCE=VALUE", argv[i]);
			return -1;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(eq - argv[i]), argv[i]);
		id = vs_limit_from_name(name);
		if (id < 0) {
			vs_err_set(err, "unknown resource '%s'", name);
			return -1;
		}
		if (vs_limit_parse(id, eq + 1, &set->limit[id], err) < 0)
			return -1;
		set->limit[id].source = VS_LIMIT_COMMAND;
		*mask |= 1ULL << id;
	}
	return 0;
}

/*
 * Apply to the running guest: the module's limits and the project quota
 * first, since they are put back without side effects when a cgroup file
 * then refuses its value.  @projid is the guest's static context id.
 */
static int apply_running(const char *guest, unsigned int xid, unsigned int projid,
			 const struct vs_limits *conf, uint64_t mask, struct vs_err *err)
{
	struct vs_err ignored = { .msg = "" };
	struct vs_limits old_module, old_disk;
	bool disk = mask & VS_DISK_MASK;
	int ctlfd = -1, ret = -1;

	if (mask & VS_CTXLIMIT_MASK) {
		ctlfd = vs_ctl_open(NULL, err);
		if (ctlfd < 0)
			return -1;
		if (vs_ctxlimit_read(ctlfd, xid, &old_module, err) < 0 ||
		    vs_ctxlimit_apply(ctlfd, xid, conf, mask, err) < 0)
			goto out;
	}
	if (disk && (vs_disk_read(guest, projid, &old_disk, err) < 0 ||
		     vs_disk_apply(guest, projid, conf, mask, err) < 0))
		goto undo_module;
	if (vs_cgroup_apply(guest, conf, mask, err) < 0)
		goto undo_disk;
	ret = 0;
	goto out;
undo_disk:
	if (disk)
		vs_disk_apply(guest, projid, &old_disk, mask, &ignored);
undo_module:
	if (ctlfd >= 0)
		vs_ctxlimit_apply(ctlfd, xid, &old_module, mask, &ignored);
out:
	if (ctlfd >= 0)
		close(ctlfd);
	return ret;
}

static int change(const char *guest, unsigned int projid, struct vs_limits *conf, int argc,
		  char *argv[], bool temporary, struct vs_err *err)
{
	unsigned int xid = 0;
	uint64_t mask;
	int run, lockfd, id, ret = -1;

	if (parse_settings(argc, argv, conf, &mask, err) < 0)
		return -1;
	/* start and stop take the lock too: the cgroup cannot come or go meanwhile. */
	lockfd = vs_guest_lock(guest, err);
	if (lockfd < 0)
		return -1;
	run = vs_guest_up(guest, &xid, err);
	if (run < 0)
		goto out;
	if (!run && temporary) {
		vs_err_set(err, "it is not running (--temporary changes only a running guest)");
		goto out;
	}
	if (vs_cgroup_check(guest, conf, mask, err) < 0 ||
	    vs_disk_check(guest, projid, conf, mask, err) < 0)
		goto out;
	if (run && apply_running(guest, xid, projid, conf, mask, err) < 0)
		goto out;
	for (id = 0; !temporary && id < VS_LIMIT_COUNT; id++)
		if ((mask & (1ULL << id)) && vs_limit_save(guest, id, &conf->limit[id], err) < 0)
			goto out;
	ret = 0;
out:
	close(lockfd);
	return ret;
}

int limit_main(const char *guest, int argc, char *argv[])
{
	static const struct option options[] = {
		{ "temporary", no_argument, NULL, 't' },
		{ "reset-hits", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool temporary = false, reset = false, json = false;
	struct vs_err err = { .msg = "" };
	struct vs_limits conf;
	struct vs_guest g;
	unsigned int projid;
	int c, ret;

	while ((c = getopt_long(argc, argv, "th", options, NULL)) != -1) {
		switch (c) {
		case 't':
			temporary = true;
			break;
		case 'r':
			reset = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage();
			return 0;
		default:
			try_help();
			return 2;
		}
	}
	if ((reset || json) && (optind < argc || temporary || (reset && json))) {
		fprintf(stderr, "vserver: %s takes no settings and no other option\n",
			reset ? "--reset-hits" : "--json");
		try_help();
		return 2;
	}
	if (temporary && optind >= argc) {
		fprintf(stderr, "vserver: --temporary needs RESOURCE=VALUE settings\n");
		try_help();
		return 2;
	}
	if (vs_guest_load(guest, &g, &err) < 0)
		goto fail;
	projid = g.xid;		/* the project of its files, for the disk limits */
	vs_guest_free(&g);
	if (vs_limits_load(guest, &conf, &err) < 0)
		goto fail;
	if (reset)
		ret = reset_hits(guest, &err);
	else if (optind < argc)
		ret = change(guest, projid, &conf, argc - optind, argv + optind, temporary, &err);
	else
		ret = show(guest, &conf, json, &err);
	if (ret == 0)
		return vs_close_stdout("vserver", 0);
fail:
	fprintf(stderr, "vserver: cannot %s of guest %s: %s\n",
		optind < argc ? "change the limits" : reset ? "reset the hit counters" :
		"show the limits", guest, err.msg);
	return 1;
}
