// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "err.h"
#include "name.h"
#include "runtime.h"
#include "status.h"

int vs_ctx_status_read(const char *path, struct vs_ctx_status *st)
{
	char *line = NULL;
	size_t size = 0;
	FILE *f;

	*st = (struct vs_ctx_status){ -1, -1, -1, -1, -1, -1, 0, 0 };
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (getline(&line, &size, f) != -1) {
		char key[32];
		double v;

		/* "Key: value [unit]"; unknown keys are for newer modules. */
		if (sscanf(line, "%31[^:]: %lf", key, &v) != 2 || v < 0)
			continue;
		if (!strcmp(key, "Tasks"))
			st->tasks = (long)v;
		else if (!strcmp(key, "Processes"))
			st->processes = (long)v;
		else if (!strcmp(key, "InitPID"))
			st->init_pid = (long)v;
		else if (!strcmp(key, "Uptime"))
			st->uptime_s = v;
		else if (!strcmp(key, "UTime"))
			st->utime_s = v;
		else if (!strcmp(key, "STime"))
			st->stime_s = v;
		else if (!strcmp(key, "VSZ"))
			st->vsz_kb = (uint64_t)v;
		else if (!strcmp(key, "RSS"))
			st->rss_kb = (uint64_t)v;
	}
	free(line);
	fclose(f);
	return 0;
}

int vs_guest_name_of_xid(unsigned int xid, char *name, size_t size)
{
	struct vs_err err;
	struct dirent *de;
	DIR *dir = opendir(vs_rundir());
	int found = 0;

	/* A started guest with a dynamic xid is known only to its runtime file. */
	while (dir && !found && (de = readdir(dir))) {
		unsigned int x;

		if (de->d_name[0] == '.' || vs_name_check(de->d_name, &err) < 0)
			continue;
		if (vs_runtime_read(de->d_name, &x, NULL, &err) == 1 && x == xid) {
			snprintf(name, size, "%s", de->d_name);
			found = 1;
		}
	}
	if (dir)
		closedir(dir);
	if (!found)
		found = vs_guest_by_xid(xid, name, size, &err) == 1;
	return found;
}

void vs_format_uptime(char *buf, size_t size, double seconds)
{
	unsigned long s = seconds > 0 ? (unsigned long)seconds : 0;

	if (s >= 86400)
		snprintf(buf, size, "%lud%02luh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, size, "%luh%02lum", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, size, "%lum%02lus", s / 60, s % 60);
	else
		snprintf(buf, size, "%lus", s);
}

void vs_format_cputime(char *buf, size_t size, double seconds)
{
	unsigned long cs = seconds > 0 ? (unsigned long)(seconds * 100 + 0.5) : 0;
	unsigned long s = cs / 100;

	if (s >= 86400)
		snprintf(buf, size, "%lud%02luh%02lu", s / 86400, s % 86400 / 3600, s % 3600 / 60);
	else if (s >= 3600)
		snprintf(buf, size, "%luh%02lum%02lu", s / 3600, s % 3600 / 60, s % 60);
	else
		snprintf(buf, size, "%lum%02lus%02lu", s / 60, s % 60, cs % 100);
}

void vs_format_size(char *buf, size_t size, uint64_t kb)
{
	static const char units[] = "MGTP";
	double v = (double)kb;
	int u = -1;

	if (kb < 1024) {
		snprintf(buf, size, "%lluK", (unsigned long long)kb);
		return;
	}
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	/* One decimal below 100 (12.3M), none above (123M), as vserver-stat did. */
	if (v < 99.95)
		snprintf(buf, size, "%.1f%c", v, units[u]);
	else
		snprintf(buf, size, "%.0f%c", v, units[u]);
}
