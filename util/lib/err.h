/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Errors a user must read.  Functions that can fail for such reasons fill a
 * struct vs_err with one line of the form "cannot <do what>: <reason>"; the
 * tool prints it after "vserver: ".  Nothing in util/lib prints on its own.
 */
#ifndef VS_ERR_H
#define VS_ERR_H

struct vs_err {
	char msg[512];
};

/* Fill @err with one line; a message too long for the buffer is cut short. */
void vs_err_set(struct vs_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Flush stdout at the end of @prog: @status, or 1 after one line naming the
 * problem if the output did not reach its destination.
 */
int vs_close_stdout(const char *prog, int status);

#endif /* VS_ERR_H */
