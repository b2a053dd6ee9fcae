/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vserver NAME build: what build.c shares with the methods in files of
 * their own (build-debootstrap.c).
 */
#ifndef BUILD_H
#define BUILD_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>

#include "config.h"
#include "err.h"
#include "netif.h"

struct build;

/* A build method: "vserver NAME build -m NAME [-- ARGS]". */
struct build_method {
	const char *name;
	/*
	 * Its own arguments (after "--"), as a vector of their own with
	 * argv[0] "vserver", getopt reset: 0, or 2 after a usage error.
	 */
	int (*parse_args)(struct build *b, int argc, char *argv[]);
	/* Checks that need no changes (inputs exist): 0, or 1 after build_fail(). */
	int (*check)(struct build *b);
	/* Fill b->tmproot: 0, or -1 with @err set. */
	int (*run)(struct build *b, struct vs_err *err);
};

extern const struct build_method build_debootstrap;

struct build {
	const char *name;
	const struct build_method *method;
	unsigned int xid;
	const char *hostname;
	bool force;
	int init_style;			/* --init (enum vs_init_style), or -1 */
	struct vs_netconf net;		/* --interface */
	/* method arguments */
	const char *tarball;
	const char *suite, *mirror, *include, *variant;
	char mirror_buf[512];
	const char *source;
	struct vs_guest src;
	bool src_loaded, src_running;
	/* paths */
	char confdir[PATH_MAX], rootdir[PATH_MAX];	/* the parents */
	char conf[PATH_MAX], root[PATH_MAX];		/* the guest's */
	char tmpconf[PATH_MAX], tmproot[PATH_MAX];
	char oldconf[PATH_MAX], oldroot[PATH_MAX];
};


/* The signal that interrupts the build, 0 if none. */
extern volatile sig_atomic_t build_stop_signal;

/* Print "vserver: cannot build guest NAME: ..." and return 1. */
int build_fail(const struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One line of progress to stdout. */
void build_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "vserver: " @fmt with @arg, the hint, and 2. */
int build_usage_error(const char *fmt, const char *arg);
/* After a method's getopt loop: 2 for an argument left over, else 0. */
int build_args_end(int argc, char *argv[]);
/* Run @argv, waiting for it; 0 if it exited 0, else -1 with @err set. */
int build_run(char *const argv[], struct vs_err *err);
/* /etc/hosts naming the guest and a usable /etc/resolv.conf, for the methods that start from nothing. */
int build_write_hosts(struct build *b, struct vs_err *err);

#endif /* BUILD_H */
