/* SPDX-License-Identifier: GPL-2.0 */
/* Running a command in a running guest (exec, suexec, enter; stop's halt). */
#ifndef VS_RUN_H
#define VS_RUN_H

#include <stdbool.h>
#include <sys/types.h>

#include "ns.h"

/* How vs_guest_run() runs a command in a guest. */
struct vs_run_opts {
	const char *what;	/* for messages: "exec in", "enter", ... */
	const char *user;	/* NULL: root, without reading passwd for the id */
	bool login;		/* argv[0] "-sh", HOME as cwd, login environment */
	bool pty;		/* a fresh pty from the guest's devpts, relayed, in
				 * place of our terminal fds (all three if login) */
	bool quiet;		/* stdin and stdout on /dev/null (stop's halt) */
	bool no_passwd;		/* root, HOME=/, the guest's passwd not read (stop's halt) */
};

/*
 * Run @argv (NULL for the user's login shell) in the attached guest NAME
 * and return the exit status: the command's, 128+N if it was killed by
 * signal N, 127 if it was not found, 1 if vserver failed.
 */
int vs_guest_run(const char *name, const struct vs_attach *a, char *const argv[],
		 const struct vs_run_opts *o);
/* Like vs_guest_run(), but do not wait: the pid of the host process that waits. */
pid_t vs_guest_run_async(const char *name, const struct vs_attach *a, char *const argv[],
			 const struct vs_run_opts *o);

#endif /* VS_RUN_H */
