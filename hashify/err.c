// SPDX-License-Identifier: GPL-2.0
/*
 * How hashify reports: one "hashify: cannot ...: reason" line per error,
 * clearing the progress line first, and the stop flag that SIGINT and
 * SIGTERM set.  Here rather than in main.c so that the unit tests link the
 * reporter that ships.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hashify.h"

volatile sig_atomic_t hf_stop;
bool hf_progress_shown;

void hf_error(int e, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		e = errno;
	flockfile(stderr);
	if (hf_progress_shown)
		fputs("\r\033[K", stderr);
	fputs(HF_PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (e)
		fprintf(stderr, ": %s", strerror(e));
	fputc('\n', stderr);
	funlockfile(stderr);
}
