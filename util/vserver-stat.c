// SPDX-License-Identifier: GPL-2.0
/*
 * vserver-stat - one line per running security context, in the columns
 * util-vserver users read: CTX PROC VSZ RSS userTIME sysTIME UPTIME NAME,
 * and LIMITS after them: the limits that refused the guest something.
 *
 * Contexts come from /dev/vserver when the module is loaded (it is never
 * loaded just for this: no module, no contexts), or else from the
 * /proc/virtual/<xid> directories.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "config.h"
#include "ctl.h"
#include "err.h"
#include "json.h"
#include "kernel.h"
#include "name.h"
#include "status.h"

extern const char vserver_version[];

static void usage(void)
{
	fputs("Usage:\n"
	      " vserver-stat [options]\n"
	      "\n"
	      "Show the running security contexts: processes, memory, CPU time, uptime,\n"
	      "the guest running in each and the limits that refused it something\n"
	      "(LIMITS; see vserver NAME limit).\n"
	      "\n"
	      "Options:\n"
	      "     --json     print JSON\n"
	      " -h, --help     display this help\n"
	      " -V, --version  display version\n"
	      "\n"
	      "See vserver-stat(8) for details.\n", stdout);
}

static int cmp_xid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The context ids, sorted; -1 with @err set.  *@xids is malloc'd. */
static int list_contexts(uint32_t **xids, int *ctl_fd, struct vs_err *err)
{
	uint32_t *v = NULL, *nv;
	size_t room = 64;
	int fd, n = 0;
	struct dirent *de;
	DIR *dir;

	*ctl_fd = -1;
	fd = open(VS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		for (;;) {
			nv = realloc(v, room * sizeof(*v));
			if (!nv) {
				vs_err_set(err, "cannot list contexts: %s", strerror(ENOMEM));
				goto fail;
			}
			v = nv;
			n = vs_ctx_list(fd, v, room, err);
			if (n < 0)
				goto fail;
			if ((size_t)n <= room)
				break;
			room = (size_t)n + 16;	/* contexts came meanwhile */
		}
		*ctl_fd = fd;
		*xids = v;
		return n;
	}
	if (errno != ENOENT && errno != ENODEV && errno != ENXIO) {
		vs_err_set(err, "cannot open %s: %s", VS_DEVICE_PATH, strerror(errno));
		return -1;
	}

	/* No device: the module is not loaded, or /dev lacks the node; ask /proc. */
	dir = opendir(VS_PROC_VIRTUAL);
	if (!dir) {
		*xids = NULL;
		return 0;
	}
	while ((de = readdir(dir))) {
		char *end;
		unsigned long x;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		x = strtoul(de->d_name, &end, 10);
		if (*end || x > UINT32_MAX)
			continue;
		if ((size_t)n == room || !v) {
			nv = realloc(v, (room *= 2) * sizeof(*v));
			if (!nv) {
				closedir(dir);
				vs_err_set(err, "cannot list contexts: %s", strerror(ENOMEM));
				free(v);
				return -1;
			}
			v = nv;
		}
		v[n++] = (uint32_t)x;
	}
	closedir(dir);
	if (n)
		qsort(v, n, sizeof(*v), cmp_xid);
	*xids = v;
	return n;
fail:
	free(v);
	close(fd);
	return -1;
}

struct ctx_row {
	uint32_t xid;
	struct vs_ctx_status st;
	char name[VS_NAME_MAX + 1];
	bool named;
	char limits[256];	/* vs_limits_hit() of a named guest, else "-" */
};

static void fill(struct ctx_row *r, int fd)
{
	char path[64];

	snprintf(path, sizeof(path), VS_PROC_VIRTUAL "/%u/status", r->xid);
	if (vs_ctx_status_read(path, &r->st) < 0 && fd >= 0) {
		/* A module without per-context status: what the ioctl says. */
		struct vs_ctx_info info;
		struct vs_err err;
		struct timespec now;

		if (vs_ctx_info(fd, r->xid, &info, &err) == 0) {
			r->st.processes = info.tasks;
			if (info.start_ns && clock_gettime(CLOCK_BOOTTIME, &now) == 0)
				r->st.uptime_s = now.tv_sec + now.tv_nsec / 1e9 - info.start_ns / 1e9;
		}
	}
	r->named = vs_guest_name_of_xid(r->xid, r->name, sizeof(r->name));
	if (r->named)
		vs_limits_hit(r->name, r->limits, sizeof(r->limits));
	else
		snprintf(r->limits, sizeof(r->limits), "-");
}

static void print_row(const struct ctx_row *r)
{
	char vsz[16] = "-", rss[16] = "-", ut[32] = "-", st[32] = "-", up[32] = "-", proc[24] = "-";

	if (r->st.processes >= 0)
		snprintf(proc, sizeof(proc), "%ld", r->st.processes);
	else if (r->st.tasks >= 0)
		snprintf(proc, sizeof(proc), "%ld", r->st.tasks);
	if (r->st.vsz_kb)
		vs_format_size(vsz, sizeof(vsz), r->st.vsz_kb);
	if (r->st.rss_kb)
		vs_format_size(rss, sizeof(rss), r->st.rss_kb);
	if (r->st.utime_s >= 0)
		vs_format_cputime(ut, sizeof(ut), r->st.utime_s);
	if (r->st.stime_s >= 0)
		vs_format_cputime(st, sizeof(st), r->st.stime_s);
	if (r->st.uptime_s >= 0)
		vs_format_cputime(up, sizeof(up), r->st.uptime_s);
	printf("%-5u %5s %6s %6s %9s %9s %9s %-12s %s\n", r->xid, proc, vsz, rss, ut, st, up,
	       r->named ? r->name : "-", r->limits);
}

static void json_num(const char *key, double v, bool first)
{
	printf("%s\"%s\":", first ? "" : ",", key);
	if (v >= 0)
		printf("%.2f", v);
	else
		fputs("null", stdout);
}

static void print_json_row(const struct ctx_row *r, bool first)
{
	long proc = r->st.processes >= 0 ? r->st.processes : r->st.tasks;

	printf("%s{\"ctx\":%u,", first ? "" : ",", r->xid);
	if (proc >= 0)
		printf("\"proc\":%ld", proc);
	else
		fputs("\"proc\":null", stdout);
	printf(",\"vsz_kb\":%llu,\"rss_kb\":%llu", (unsigned long long)r->st.vsz_kb,
	       (unsigned long long)r->st.rss_kb);
	json_num("utime", r->st.utime_s, false);
	json_num("stime", r->st.stime_s, false);
	json_num("uptime", r->st.uptime_s, false);
	fputs(",\"name\":", stdout);
	if (r->named)
		vs_json_string(stdout, r->name);
	else
		fputs("null", stdout);
	fputs(",\"limits\":", stdout);
	vs_json_words(stdout, r->limits);
	putchar('}');
}

int main(int argc, char *argv[])
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct vs_err err;
	uint32_t *xids;
	bool json = false;
	int c, n, fd;

	if (argc < 1)
		return 2;
	argv[0] = (char *)"vserver-stat";
	while ((c = getopt_long(argc, argv, "hV", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage();
			return vs_close_stdout("vserver-stat", 0);
		case 'V':
			printf("vserver-stat %s\n", vserver_version);
			return vs_close_stdout("vserver-stat", 0);
		default:
			fputs("Try 'vserver-stat --help'.\n", stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vserver-stat: unexpected argument '%s'\n"
			"Try 'vserver-stat --help'.\n", argv[optind]);
		return 2;
	}
	/* The device is root's, and /proc/virtual shows others only the caller's context. */
	if (geteuid() != 0) {
		fputs("vserver-stat: cannot list contexts: only root can (run it as root)\n", stderr);
		return 1;
	}
	n = list_contexts(&xids, &fd, &err);
	if (n < 0) {
		fprintf(stderr, "vserver-stat: %s\n", err.msg);
		return 1;
	}
	if (json)
		fputs("{\"contexts\":[", stdout);
	else
		printf("%-5s %5s %6s %6s %9s %9s %9s %-12s %s\n", "CTX", "PROC", "VSZ", "RSS",
		       "userTIME", "sysTIME", "UPTIME", "NAME", "LIMITS");
	for (int i = 0; i < n; i++) {
		struct ctx_row r = { .xid = xids[i] };

		fill(&r, fd);
		if (json)
			print_json_row(&r, i == 0);
		else
			print_row(&r);
	}
	if (json)
		fputs("]}\n", stdout);
	free(xids);
	if (fd >= 0)
		close(fd);
	return vs_close_stdout("vserver-stat", 0);
}
