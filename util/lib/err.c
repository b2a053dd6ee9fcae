// SPDX-License-Identifier: GPL-2.0
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Fill @err with one line; a message too long for the buffer is cut short. */
void vs_err_set(struct vs_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/*
 * Output that did not reach its destination is a failure (think of
 * "> /dev/full"): @status, or 1 after one line naming the problem.
 */
int vs_close_stdout(const char *prog, int status)
{
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write to standard output%s%s\n", prog,
			errno ? ": " : "", errno ? strerror(errno) : "");
		return 1;
	}
	return status;
}
