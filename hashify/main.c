// SPDX-License-Identifier: GPL-2.0
/*
 * hashify - deduplicate guest trees into copy-on-write links.
 *
 * Options and output; the work is done by the stages in hashify.h.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "hashify.h"

static void usage(void)
{
	fputs("Usage:\n"
	      " hashify [options] ROOT...\n"
	      " hashify --undo [options] ROOT...\n"
	      " hashify --gc [options]\n"
	      "\n"
	      "Deduplicate guest trees: link identical files to one copy-on-write inode\n"
	      "kept in a store on the same filesystem.\n"
	      "\n"
	      "Options:\n"
	      "     --store DIR          the store (default " HF_DEFAULT_STORE ")\n"
	      "     --exclude PATTERN    do not hash paths matching PATTERN\n"
	      "     --include PATTERN    hash paths matching PATTERN despite later rules\n"
	      "     --exclude-from FILE  read rules from FILE (-PATTERN, +PATTERN)\n"
	      "     --ignore-mtime       link files whose modification times differ\n"
	      " -s, --min-size BYTES     skip smaller files (default 16)\n"
	      " -j, --jobs N             hashing threads (default: online CPUs)\n"
	      " -n, --dry-run            report what would be done, change nothing\n"
	      "     --undo               give the guests private copies of unified files\n"
	      "     --gc                 remove store entries no guest uses\n"
	      "     --stats              print statistics\n"
	      "     --json               print the statistics as JSON\n"
	      " -v, --verbose            print each file linked\n"
	      " -h, --help               display this help\n"
	      " -V, --version            display version\n"
	      "\n"
	      "See hashify(8).\n", stdout);
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs(HF_PROG ": ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'hashify --help'.\n", stderr);
	return 2;
}

static void on_signal(int sig)
{
	(void)sig;
	hf_stop = 1;
}

static int parse_number(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return (errno || *end || *v > max) ? -1 : 0;
}

enum {
	OPT_STORE = 256, OPT_EXCLUDE, OPT_INCLUDE, OPT_EXCLUDE_FROM, OPT_IGNORE_MTIME,
	OPT_UNDO, OPT_GC, OPT_STATS, OPT_JSON,
};

/* 0, or the exit status for an error already printed; -1 for --help and --version. */
static int parse(int argc, char **argv, struct hf_opts *o)
{
	static const struct option options[] = {
		{ "store", required_argument, NULL, OPT_STORE },
		{ "exclude", required_argument, NULL, OPT_EXCLUDE },
		{ "include", required_argument, NULL, OPT_INCLUDE },
		{ "exclude-from", required_argument, NULL, OPT_EXCLUDE_FROM },
		{ "ignore-mtime", no_argument, NULL, OPT_IGNORE_MTIME },
		{ "min-size", required_argument, NULL, 's' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "undo", no_argument, NULL, OPT_UNDO },
		{ "gc", no_argument, NULL, OPT_GC },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long long v;
	struct vs_err err = { .msg = "" };
	long cpus;
	int c;

	o->store = HF_DEFAULT_STORE;
	o->min_size = HF_DEFAULT_MIN_SIZE;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	o->jobs = cpus > 0 ? cpus : 1;
	while ((c = getopt_long(argc, argv, "s:j:nvhV", options, NULL)) != -1) {
		switch (c) {
		case OPT_STORE:
			o->store = optarg;
			break;
		case OPT_EXCLUDE:
		case OPT_INCLUDE:
			if (hf_rules_add(&o->rules, optarg, c == OPT_INCLUDE) < 0) {
				hf_error(0, "cannot add rule %s", optarg);
				return 2;
			}
			break;
		case OPT_EXCLUDE_FROM:
			if (hf_rules_read(&o->rules, optarg, &err) < 0) {
				fprintf(stderr, HF_PROG ": %s\n", err.msg);
				return 2;
			}
			break;
		case OPT_IGNORE_MTIME:
			o->ignore_mtime = true;
			break;
		case 's':
			if (parse_number(optarg, LLONG_MAX, &v) < 0)
				return usage_error("invalid size '%s'", optarg);
			o->min_size = v;
			break;
		case 'j':
			if (parse_number(optarg, 1024, &v) < 0 || !v)
				return usage_error("invalid number of jobs '%s'", optarg);
			o->jobs = v;
			break;
		case 'n':
			o->dry_run = true;
			break;
		case OPT_UNDO:
		case OPT_GC:
			if (o->mode != HF_MODE_HASHIFY)
				return usage_error("%s", "--undo and --gc exclude each other");
			o->mode = c == OPT_UNDO ? HF_MODE_UNDO : HF_MODE_GC;
			break;
		case OPT_STATS:
			o->stats = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage();
			return -1;
		case 'V':
			printf(HF_PROG " %s\n", HASHIFY_VERSION);
			return -1;
		default:
			fputs("Try 'hashify --help'.\n", stderr);
			return 2;
		}
	}
	if (o->mode == HF_MODE_GC && optind < argc)
		return usage_error("--gc takes no ROOT: unexpected '%s'", argv[optind]);
	if (o->mode != HF_MODE_GC && optind == argc)
		return usage_error("%s", "no ROOT given");
	return 0;
}

/*
 * Refuse, before changing anything, roots that are not directories on the
 * store's filesystem.  Each root is replaced by its real path: symlinks
 * above a root are the host's to choose, below it none is followed.
 */
static int check_roots(char **roots, int n, const struct hf_store *store)
{
	struct stat st;
	char *real;

	for (int i = 0; i < n; i++) {
		real = realpath(roots[i], NULL);
		if (!real) {
			hf_error(0, "cannot hashify %s", roots[i]);
			return 2;
		}
		roots[i] = real;
		if (stat(roots[i], &st) < 0) {
			hf_error(0, "cannot hashify %s", roots[i]);
			return 2;
		}
		if (!S_ISDIR(st.st_mode)) {
			hf_error(ENOTDIR, "cannot hashify %s", roots[i]);
			return 2;
		}
		if (store && st.st_dev != store->dev) {
			fprintf(stderr, HF_PROG ": cannot hashify %s: not on the filesystem of the "
				"store %s\n", roots[i], store->path);
			return 2;
		}
	}
	return 0;
}

static void setup_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* A writer opening a file during our lease probe would signal us. */
	signal(SIGIO, SIG_IGN);
}

/* Files travel open through the queues: up to 2 x 256 of them at once. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(int argc, char **argv)
{
	struct hf_opts o = { 0 };
	struct hf_store store = { .fd = -1, .tmpfd = -1 };
	struct hf_stats stats = { 0 };
	struct hf_fs fs;
	struct hf_run run = { .o = &o, .store = &store, .fs = &fs, .stats = &stats };
	struct timespec t0, t1;
	struct vs_err err = { .msg = "" };
	char **roots;
	int nroots, status;

	status = parse(argc, argv, &o);
	if (status)
		return status < 0 ? vs_close_stdout(HF_PROG, 0) : status;
	roots = argv + optind;
	nroots = argc - optind;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	hf_fs_init(&fs);
	setup_signals();
	raise_fd_limit();
	if (o.mode != HF_MODE_UNDO &&
	    hf_store_open(&store, o.store, !o.dry_run && o.mode == HF_MODE_HASHIFY, !o.dry_run,
			  &fs, &err) < 0) {
		fprintf(stderr, HF_PROG ": %s\n", err.msg);
		return 2;
	}
	status = check_roots(roots, nroots, o.mode == HF_MODE_UNDO ? NULL : &store);
	if (status)
		goto out;
	o.progress = isatty(STDERR_FILENO) && !o.json && !((o.verbose || o.dry_run) &&
							   isatty(STDOUT_FILENO));
	hf_progress_shown = o.progress;
	if (o.dry_run && o.mode == HF_MODE_HASHIFY) {
		run.dry = hf_dry_new();
		if (!run.dry) {
			hf_error(0, "cannot start a dry run");
			status = 2;
			goto out;
		}
	}
	switch (o.mode) {
	case HF_MODE_HASHIFY:
		status = hf_hashify(&run, roots, nroots);
		break;
	case HF_MODE_UNDO:
		status = hf_undo(&run, roots, nroots);
		break;
	case HF_MODE_GC:
		if (hf_store_scan(&store, true, o.dry_run, &stats.store_entries,
				  &stats.store_bytes, &stats.removed, &stats.removed_bytes) < 0)
			status = 1;
		break;
	}
	if (o.mode == HF_MODE_HASHIFY && (o.stats || o.json) &&
	    hf_store_scan(&store, false, true, &stats.store_entries, &stats.store_bytes,
			  &stats.removed, &stats.removed_bytes) < 0)
		hf_error(0, "cannot read store %s", store.path);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	stats.elapsed = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (o.stats || o.json)
		hf_stats_print(&stats, o.mode, o.dry_run, o.json);
	else if (o.mode == HF_MODE_GC)
		printf("%s %llu store entries, %llu bytes\n",
		       o.dry_run ? "would remove" : "removed", (unsigned long long)stats.removed,
		       (unsigned long long)stats.removed_bytes);
	else if (o.dry_run && o.mode == HF_MODE_HASHIFY)
		printf("would link %llu files, saving %llu bytes\n",
		       (unsigned long long)stats.linked, (unsigned long long)stats.saved);
	if (hf_stop) {
		fputs(HF_PROG ": cannot finish: interrupted by a signal\n", stderr);
		status = 2;
	}
out:
	hf_dry_free(run.dry);
	hf_store_close(&store);
	hf_rules_free(&o.rules);
	return vs_close_stdout(HF_PROG, status);
}
