/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What list and vserver-stat show about running contexts: the module's
 * /proc/virtual/<xid>/status, the guest name behind an xid, and the
 * formats of sizes and times.
 */
#ifndef VS_STATUS_H
#define VS_STATUS_H

#include <stddef.h>
#include <stdint.h>

#define VS_PROC_VIRTUAL		"/proc/virtual"

/* /proc/virtual/<xid>/status; a field the file lacks stays -1 (0 for sizes). */
struct vs_ctx_status {
	long tasks, processes, init_pid;
	double uptime_s, utime_s, stime_s;	/* -1 if unknown */
	uint64_t vsz_kb, rss_kb;
};

/* Parse the status file at @path.  0, or -1 with errno set. */
int vs_ctx_status_read(const char *path, struct vs_ctx_status *st);

/*
 * The name of the guest running in context @xid: from the runtime files
 * ($VSERVER_RUNDIR), else from a static `context` file.  1 with @name
 * filled, 0 if none.
 */
int vs_guest_name_of_xid(unsigned int xid, char *name, size_t size);

/* "12s", "4m12s", "3h05m", "1d02h": the two largest units. */
void vs_format_uptime(char *buf, size_t size, double seconds);
/* vserver-stat's times: "0m01s23" (centiseconds), "2h03m04", "3d04h05". */
void vs_format_cputime(char *buf, size_t size, double seconds);
/* A size given in KiB: "512K", "12.3M", "1.5G", "2.0T". */
void vs_format_size(char *buf, size_t size, uint64_t kb);

#endif /* VS_STATUS_H */
