// SPDX-License-Identifier: GPL-2.0
/*
 * vserver list: the configured guests and whether they run.  It never loads
 * the module: without it no guest can be running, and listing must work on
 * any host.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cgroup.h"
#include "config.h"
#include "err.h"
#include "json.h"
#include "netif.h"
#include "name.h"
#include "runtime.h"
#include "status.h"
#include "subcommands.h"

enum col { C_NAME, C_XID, C_STATE, C_PROC, C_UPTIME, C_LIMITS, C_ADDRS, C_ROOT, NCOLS };

static const struct {
	const char *name;
	bool right;	/* numbers are right-aligned */
} cols[NCOLS] = {
	[C_NAME] = { "NAME", false },
	[C_XID] = { "XID", true },
	[C_STATE] = { "STATE", false },
	[C_PROC] = { "PROC", true },
	[C_UPTIME] = { "UPTIME", true },
	[C_LIMITS] = { "LIMITS", false },
	[C_ADDRS] = { "ADDRESSES", false },
	[C_ROOT] = { "ROOT", false },
};

struct row {
	char name[VS_NAME_MAX + 1];
	char root[PATH_MAX];
	const char *state;	/* running, stopped, or invalid (configuration error) */
	unsigned int xid;	/* 0: none (dynamic, not running) */
	long proc;		/* -1: unknown */
	double uptime;		/* -1: unknown */
	char text[NCOLS][PATH_MAX];
};

static void usage(void)
{
	fputs("Usage:\n"
	      " vserver list [options]\n"
	      "\n"
	      "List the configured guests, whether they run, and for a running guest its\n"
	      "number of processes and uptime.\n"
	      "\n"
	      "Options:\n"
	      " -o, --output <list>  columns to show, comma-separated (default: all)\n"
	      "     --json           print JSON\n"
	      " -n, --noheadings     do not print a header line\n"
	      " -h, --help           display this help\n"
	      "\n"
	      "Columns: NAME XID STATE PROC UPTIME LIMITS ADDRESSES ROOT\n"
	      "LIMITS names the limits that refused a running guest something since\n"
	      "its start or 'vserver NAME limit --reset-hits'.  ADDRESSES are its\n"
	      "configured IPv4 and IPv6 addresses.\n"
	      "\n"
	      "See vserver(8) for details.\n", stdout);
}

/* Parse "-o NAME,XID,..."; returns the number of columns or -1. */
static int parse_cols(const char *arg, enum col *out)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	int n = 0;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int c;

		for (c = 0; c < NCOLS; c++)
			if (!strcasecmp(tok, cols[c].name))
				break;
		if (c == NCOLS || n == 32) {
			fprintf(stderr, "vserver: unknown column '%s' (known: NAME XID STATE PROC "
				"UPTIME LIMITS ADDRESSES ROOT)\n", tok);
			free(copy);
			return -1;
		}
		out[n++] = (enum col)c;
	}
	free(copy);
	if (!n)
		fputs("vserver: no columns given\n", stderr);
	return n ? n : -1;
}

/* The guest's configured addresses as "a,b", or "-" (also when unreadable). */
static void addresses(const char *name, char *buf, size_t size)
{
	struct vs_err ignored = { .msg = "" };
	char text[VS_NETADDR_TEXT_MAX];
	struct vs_netconf nc;
	size_t i, len = 0;

	snprintf(buf, size, "-");
	if (vs_netconf_load(name, &nc, &ignored) < 0)
		return;
	for (i = 0; i < nc.n && len < size; i++) {
		vs_netaddr_format(&nc.addrs[i], false, text, sizeof(text));
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? "," : "", text);
	}
	vs_netconf_free(&nc);
}

static int fill_row(struct row *r, const char *name)
{
	struct vs_guest g;
	struct vs_err err;
	unsigned int xid = 0;
	int ret = 0, running;

	snprintf(r->name, sizeof(r->name), "%.64s", name);
	r->proc = -1;
	r->uptime = -1;
	r->state = "stopped";
	if (vs_guest_load(name, &g, &err) < 0) {
		fprintf(stderr, "vserver: %s\n", err.msg);
		r->state = "invalid";
		ret = -1;
	} else {
		snprintf(r->root, sizeof(r->root), "%s", g.root);
		r->xid = g.xid;
		vs_guest_free(&g);
	}
	running = vs_guest_running(name, &xid, &err);
	if (running < 0) {
		fprintf(stderr, "vserver: %s\n", err.msg);
		ret = -1;
	} else if (running) {
		struct vs_ctx_status st;
		char path[64];

		r->state = "running";
		r->xid = xid;
		snprintf(path, sizeof(path), VS_PROC_VIRTUAL "/%u/status", xid);
		if (vs_ctx_status_read(path, &st) == 0) {
			r->proc = st.processes >= 0 ? st.processes : st.tasks;
			r->uptime = st.uptime_s;
		}
	}

	snprintf(r->text[C_NAME], PATH_MAX, "%s", r->name);
	if (r->xid)
		snprintf(r->text[C_XID], PATH_MAX, "%u", r->xid);
	else
		snprintf(r->text[C_XID], PATH_MAX, "-");
	snprintf(r->text[C_STATE], PATH_MAX, "%s", r->state);
	if (r->proc >= 0)
		snprintf(r->text[C_PROC], PATH_MAX, "%ld", r->proc);
	else
		snprintf(r->text[C_PROC], PATH_MAX, "-");
	if (r->uptime >= 0)
		vs_format_uptime(r->text[C_UPTIME], PATH_MAX, r->uptime);
	else
		snprintf(r->text[C_UPTIME], PATH_MAX, "-");
	if (!strcmp(r->state, "running"))
		vs_limits_hit(name, r->text[C_LIMITS], PATH_MAX);
	else
		snprintf(r->text[C_LIMITS], PATH_MAX, "-");
	addresses(name, r->text[C_ADDRS], PATH_MAX);
	snprintf(r->text[C_ROOT], PATH_MAX, "%s", *r->root ? r->root : "-");
	return ret;
}

/* "KEY":["a","b"] from the text "a,b" ("-": none). */
static void print_json(const struct row *rows, size_t n, const enum col *sel, int nsel)
{
	fputs("{\"guests\":[", stdout);
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		fputs(i ? ",{" : "{", stdout);
		for (int k = 0; k < nsel; k++) {
			if (k)
				putchar(',');
			switch (sel[k]) {
			case C_NAME:
				fputs("\"name\":", stdout);
				vs_json_string(stdout, r->name);
				break;
			case C_XID:
				if (r->xid)
					printf("\"xid\":%u", r->xid);
				else
					fputs("\"xid\":null", stdout);
				break;
			case C_STATE:
				printf("\"state\":\"%s\"", r->state);
				break;
			case C_PROC:
				if (r->proc >= 0)
					printf("\"proc\":%ld", r->proc);
				else
					fputs("\"proc\":null", stdout);
				break;
			case C_UPTIME:
				if (r->uptime >= 0)
					printf("\"uptime\":%.2f", r->uptime);
				else
					fputs("\"uptime\":null", stdout);
				break;
			case C_LIMITS:
				fputs("\"limits\":", stdout);
				vs_json_words(stdout, r->text[C_LIMITS]);
				break;
			case C_ADDRS:
				fputs("\"addresses\":", stdout);
				vs_json_words(stdout, r->text[C_ADDRS]);
				break;
			case C_ROOT:
				fputs("\"root\":", stdout);
				if (*r->root)
					vs_json_string(stdout, r->root);
				else
					fputs("null", stdout);
				break;
			case NCOLS:
				break;
			}
		}
		putchar('}');
	}
	fputs("]}\n", stdout);
}

static void print_table(const struct row *rows, size_t n, const enum col *sel, int nsel,
			bool headings)
{
	size_t width[NCOLS] = { 0 };

	for (int k = 0; k < nsel; k++) {
		width[sel[k]] = headings ? strlen(cols[sel[k]].name) : 0;
		for (size_t i = 0; i < n; i++)
			if (strlen(rows[i].text[sel[k]]) > width[sel[k]])
				width[sel[k]] = strlen(rows[i].text[sel[k]]);
	}
	for (size_t i = headings ? 0 : 1; i <= n; i++) {
		for (int k = 0; k < nsel; k++) {
			enum col c = sel[k];
			const char *t = i ? rows[i - 1].text[c] : cols[c].name;
			bool last = k == nsel - 1;

			if (k)
				putchar(' ');
			if (cols[c].right)
				printf("%*s", (int)width[c], t);
			else if (last)	/* no trailing blanks */
				fputs(t, stdout);
			else
				printf("%-*s", (int)width[c], t);
		}
		putchar('\n');
	}
}

static int filter(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

int list_main(int argc, char *argv[])
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum col sel[32] = { C_NAME, C_XID, C_STATE, C_PROC, C_UPTIME, C_LIMITS, C_ADDRS, C_ROOT };
	int nsel = NCOLS, c, n, status = 0;
	bool json = false, headings = true;
	struct dirent **names;
	struct row *rows;
	size_t nrows = 0;

	while ((c = getopt_long(argc, argv, "o:nh", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			nsel = parse_cols(optarg, sel);
			if (nsel < 0) {
				try_help();
				return 2;
			}
			break;
		case 'j':
			json = true;
			break;
		case 'n':
			headings = false;
			break;
		case 'h':
			usage();
			return 0;
		default:
			try_help();
			return 2;
		}
	}
	if (extra_args(argc, argv))
		return 2;

	n = scandir(vs_confdir(), &names, filter, alphasort);
	if (n < 0) {
		if (errno != ENOENT) {
			fprintf(stderr, "vserver: cannot read %s: %s\n", vs_confdir(), strerror(errno));
			return 1;
		}
		n = 0;	/* no configuration directory: no guests */
		names = NULL;
	}
	rows = calloc(n ? n : 1, sizeof(*rows));
	if (!rows) {
		fprintf(stderr, "vserver: cannot list guests: %s\n", strerror(ENOMEM));
		return 1;
	}
	for (int i = 0; i < n; i++) {
		struct vs_err err = { "" };
		char path[PATH_MAX];
		struct stat st;

		snprintf(path, sizeof(path), "%.3000s/%s", vs_confdir(), names[i]->d_name);
		/* Only directories with a valid guest name are guests. */
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
		    vs_name_check(names[i]->d_name, &err) == 0 &&
		    fill_row(&rows[nrows++], names[i]->d_name) < 0)
			status = 1;
		free(names[i]);
	}
	free(names);
	if (json)
		print_json(rows, nrows, sel, nsel);
	else
		print_table(rows, nrows, sel, nsel, headings);
	free(rows);
	return status;
}
