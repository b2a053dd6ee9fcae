// SPDX-License-Identifier: GPL-2.0
/* The unit test runner: every suite, then one summary line. */
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

static const char scratch_template[] = "/tmp/vserver-unit.XXXXXX";
static char scratch_dir[sizeof(scratch_template)];

void scratch_setup(void)
{
	memcpy(scratch_dir, scratch_template, sizeof(scratch_template));
	if (!mkdtemp(scratch_dir)) {
		perror("mkdtemp");
		exit(1);
	}
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void scratch_teardown(void)
{
	nftw(scratch_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void **kept;
static size_t nkept, kept_room;

void *unit_keep(void *p)
{
	if (!p)
		return NULL;
	if (nkept == kept_room) {
		size_t room = kept_room ? 2 * kept_room : 256;
		void **v = realloc(kept, room * sizeof(*v));

		ck_assert_ptr_nonnull(v);
		kept = v;
		kept_room = room;
	}
	kept[nkept++] = p;
	return p;
}

static void free_kept(void)
{
	while (nkept)
		free(kept[--nkept]);
	free(kept);
	kept = NULL;
	kept_room = 0;
}

char *unit_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	return unit_keep(s);
}

const char *test_dir(void)
{
	char *dir = unit_printf("%s/t.XXXXXX", scratch_dir);

	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

char *path_in(const char *dir, const char *name)
{
	return unit_printf("%s/%s", dir, name);
}

void write_file(const char *path, const char *content, int mode)
{
	size_t len = strlen(content);
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	ck_assert_msg(fd >= 0, "cannot create %s", path);
	ck_assert_int_eq(write(fd, content, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

char *write_below(const char *top, const char *rel, const char *content)
{
	char *path = path_in(top, rel), *p;

	for (p = strchr(path + strlen(top) + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	write_file(path, content, 0644);
	return path;
}

char *read_file(const char *path)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f, *mem;
	int c;

	f = fopen(path, "r");
	if (!f)
		return NULL;
	mem = open_memstream(&buf, &size);
	ck_assert_ptr_nonnull(mem);
	while ((c = getc(f)) != EOF)
		putc(c, mem);
	fclose(f);
	fclose(mem);
	return unit_keep(buf);
}

int main(void)
{
	SRunner *sr;
	int run, failed;

	sr = srunner_create(name_suite());
	srunner_add_suite(sr, kernel_suite());
	srunner_add_suite(sr, abi_suite());
	srunner_add_suite(sr, json_suite());
	srunner_add_suite(sr, cli_suite());
	srunner_add_suite(sr, config_suite());
	srunner_add_suite(sr, guest_suite());
	srunner_add_suite(sr, guest_cli_suite());
	srunner_add_suite(sr, attr_suite());
	srunner_add_suite(sr, hashify_suite());
	srunner_add_suite(sr, hashify_run_suite());
	srunner_add_suite(sr, seccomp_suite());
	srunner_add_suite(sr, barrier_suite());
	srunner_add_suite(sr, limits_suite());
	srunner_add_suite(sr, net_suite());
	srunner_add_suite(sr, completion_suite());
	srunner_add_suite(sr, boot_suite());
	atexit(free_kept);
	srunner_run_all(sr, CK_ENV);
	run = srunner_ntests_run(sr);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("unit: %d passed, %d failed\n", run - failed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

struct unit_run unit_run(const char *bin, const char *argv0, const char *const args[],
			 int (*child)(void), int kill_after_ms)
{
	const char *dir = test_dir();
	char *out = path_in(dir, "stdout"), *err = path_in(dir, "stderr");
	const char *argv[24] = { argv0 };
	struct unit_run r = { -1, NULL, NULL };
	int i, status;
	pid_t pid;

	for (i = 0; args[i]; i++) {
		ck_assert_int_lt(i + 2, 24);
		argv[i + 1] = args[i];
	}
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (in < 0 || o < 0 || e < 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(126);
		if (child && child())
			_exit(126);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	if (kill_after_ms) {
		struct timespec ts = { kill_after_ms / 1000, (kill_after_ms % 1000) * 1000000L };

		nanosleep(&ts, NULL);
		kill(pid, SIGTERM);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	ck_assert_msg(r.status != 126 && r.status != 127, "cannot run %s", bin);
	r.out = read_file(out);
	r.err = read_file(err);
	ck_assert_ptr_nonnull(r.out);
	ck_assert_ptr_nonnull(r.err);
	return r;
}

void unit_vserver_dirs(char **confdir, char **rootdir, char **rundir)
{
	const char *dir = test_dir();

	*confdir = path_in(dir, "conf");
	*rootdir = path_in(dir, "root");
	*rundir = path_in(dir, "run");
	setenv("VSERVER_CONFDIR", *confdir, 1);
	setenv("VSERVER_ROOTDIR", *rootdir, 1);
	setenv("VSERVER_RUNDIR", *rundir, 1);
}
