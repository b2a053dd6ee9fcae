// SPDX-License-Identifier: GPL-2.0
/* What a run did: --stats as lines, --json as one object, and the progress line. */
#include <stdio.h>

#include "hashify.h"

static const char *const skip_names[HF_SKIP_MAX] = {
	[HF_SKIP_EXCLUDED] = "excluded",
	[HF_SKIP_SMALL] = "small",
	[HF_SKIP_CHANGED] = "changed",
	[HF_SKIP_BUSY] = "busy",
	[HF_SKIP_IMMUTABLE] = "immutable",
	[HF_SKIP_ERROR] = "error",
};

static unsigned long long total_skipped(const struct hf_stats *s)
{
	unsigned long long n = 0;

	for (int i = 0; i < HF_SKIP_MAX; i++)
		n += s->skipped[i];
	return n;
}

#define U(x) ((unsigned long long)(x))

static void print_json(const struct hf_stats *s, enum hf_mode mode, bool dry_run)
{
	printf("{\"dry_run\":%s", dry_run ? "true" : "false");
	switch (mode) {
	case HF_MODE_HASHIFY:
		printf(",\"scanned\":%llu,\"linked\":%llu,\"stored\":%llu,\"already_unified\":%llu,"
		       "\"saved_bytes\":%llu,\"skipped\":{", U(s->scanned), U(s->linked),
		       U(s->stored), U(s->already), U(s->saved));
		for (int i = 0; i < HF_SKIP_MAX; i++)
			printf("%s\"%s\":%llu", i ? "," : "", skip_names[i], U(s->skipped[i]));
		printf("}");
		break;
	case HF_MODE_UNDO:
		printf(",\"scanned\":%llu,\"restored\":%llu,\"cleared\":%llu,\"errors\":%llu",
		       U(s->scanned), U(s->restored), U(s->cleared), U(s->skipped[HF_SKIP_ERROR]));
		break;
	case HF_MODE_GC:
		printf(",\"removed\":%llu,\"removed_bytes\":%llu", U(s->removed),
		       U(s->removed_bytes));
		break;
	}
	if (mode != HF_MODE_UNDO)
		printf(",\"store_entries\":%llu,\"store_bytes\":%llu", U(s->store_entries),
		       U(s->store_bytes));
	printf(",\"elapsed\":%.3f}\n", s->elapsed);
}

void hf_stats_print(const struct hf_stats *s, enum hf_mode mode, bool dry_run, bool json)
{
	if (json) {
		print_json(s, mode, dry_run);
		return;
	}
	switch (mode) {
	case HF_MODE_HASHIFY:
		printf("files scanned:    %llu (%llu bytes)\n", U(s->scanned), U(s->scanned_bytes));
		printf("files linked:     %llu\n", U(s->linked));
		printf("files stored:     %llu\n", U(s->stored));
		printf("already unified:  %llu\n", U(s->already));
		printf("skipped:          %llu", total_skipped(s));
		for (int i = 0; i < HF_SKIP_MAX; i++)
			printf("%s%s %llu", i ? ", " : " (", skip_names[i], U(s->skipped[i]));
		printf(")\n");
		printf("bytes saved:      %llu\n", U(s->saved));
		break;
	case HF_MODE_UNDO:
		printf("files scanned:    %llu\n", U(s->scanned));
		printf("files copied:     %llu\n", U(s->restored));
		printf("files cleared:    %llu\n", U(s->cleared));
		printf("errors:           %llu\n", U(s->skipped[HF_SKIP_ERROR]));
		break;
	case HF_MODE_GC:
		printf("entries removed:  %llu (%llu bytes)\n", U(s->removed),
		       U(s->removed_bytes));
		break;
	}
	if (mode != HF_MODE_UNDO)
		printf("store:            %llu entries, %llu bytes\n", U(s->store_entries),
		       U(s->store_bytes));
	printf("elapsed:          %.3f s\n", s->elapsed);
}

/* One line on the terminal, rewritten in place; @done clears it. */
void hf_progress(const struct hf_stats *s, bool done)
{
	if (done)
		fputs("\r\033[K", stderr);
	else
		fprintf(stderr, "\r\033[Khashify: %llu files, %llu MiB, %llu linked",
			U(s->scanned), U(s->scanned_bytes >> 20), U(s->linked));
}
