// SPDX-License-Identifier: GPL-2.0
/*
 * Opening the control device, and when that fails, finding out why: the
 * module is not loaded (try to load it), or the running kernel lacks the
 * hooks the module needs.
 */
#include "kernel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"

/*
 * Does the kernel behind @kallsyms_path (lines "ADDRESS TYPE NAME [MODULE]")
 * carry the vserver hooks?  Returns 1 or 0, or -1 with errno set if the file
 * cannot be read.
 */
int vs_kallsyms_has_hooks(const char *kallsyms_path)
{
	char *line = NULL;
	size_t size = 0;
	int found = 0;
	FILE *f;

	f = fopen(kallsyms_path, "re");
	if (!f)
		return -1;
	while (!found && getline(&line, &size, f) != -1) {
		char *save, *sym = NULL;

		/* The third field; a fourth, "[module]", may follow. */
		if (strtok_r(line, " \t\n", &save) && strtok_r(NULL, " \t\n", &save))
			sym = strtok_r(NULL, " \t\n", &save);
		found = sym && !strcmp(sym, VS_HOOKS_SYMBOL);
	}
	if (!found && ferror(f)) {
		int saved = errno;

		free(line);
		fclose(f);
		errno = saved;
		return -1;
	}
	free(line);
	fclose(f);
	return found;
}

/* Keep the last non-empty line of @text, without surrounding blanks, in @text. */
static void last_line(char *text)
{
	char *end = text + strlen(text), *start;

	while (end > text && strchr(" \t\r\n", end[-1]))
		end--;
	*end = '\0';
	start = end;
	while (start > text && start[-1] != '\n')
		start--;
	while (*start == ' ' || *start == '\t')
		start++;
	memmove(text, start, strlen(start) + 1);
}

/*
 * Run "modprobe vserver" (no shell).  Returns 0 if it succeeded, else -1 with
 * the reason, preferably modprobe's own last line of output, in @reason.
 */
static int run_modprobe(const char *modprobe, char *reason, size_t size)
{
	char *const argv[] = { (char *)"modprobe", (char *)VS_MODULE_NAME, NULL };
	size_t len = 0;
	int pipefd[2], status;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		snprintf(reason, size, "cannot create a pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(reason, size, "cannot fork: %s", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (pid == 0) {
		/* modprobe's stdout and stderr both go to the pipe. */
		if (dup2(pipefd[1], STDOUT_FILENO) < 0 || dup2(pipefd[1], STDERR_FILENO) < 0)
			_exit(127);
		if (modprobe) {
			execv(modprobe, argv);
		} else {
			/* $PATH often lacks /sbin for non-login shells and in an initramfs. */
			execv("/sbin/modprobe", argv);
			execvp("modprobe", argv);
		}
		dprintf(STDERR_FILENO, "cannot run modprobe: %s\n", strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	/* Keep the first size - 1 bytes, but drain the rest: modprobe must not get SIGPIPE. */
	for (;;) {
		char buf[256];
		ssize_t n = read(pipefd[0], buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((size_t)n > size - 1 - len)
			n = size - 1 - len;
		memcpy(reason + len, buf, n);
		len += n;
	}
	reason[len] = '\0';
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(reason, size, "cannot wait for modprobe: %s", strerror(errno));
			return -1;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	last_line(reason);
	if (!*reason) {
		if (WIFEXITED(status))
			snprintf(reason, size, "modprobe exited with status %d", WEXITSTATUS(status));
		else
			snprintf(reason, size, "modprobe was killed by signal %d", WTERMSIG(status));
	}
	return -1;
}

/* Open errors that mean "no driver behind this path (yet)". */
static bool device_missing(int e)
{
	return e == ENOENT || e == ENODEV || e == ENXIO;
}

/*
 * Open the control device, loading the module if needed.  Returns the file
 * descriptor (close-on-exec), or -1 with @err set to the one line a user
 * needs: missing hooks, module load failure, or why open() failed.
 */
int vs_ctl_open(const struct vs_ctl_paths *paths, struct vs_err *err)
{
	const struct vs_ctl_paths none = { 0 };
	const char *device, *kallsyms;
	char reason[sizeof(err->msg) / 2];
	int fd, loaded, open_errno = 0;

	if (!paths)
		paths = &none;
	device = paths->device ? paths->device : VS_DEVICE_PATH;
	kallsyms = paths->kallsyms ? paths->kallsyms : VS_KALLSYMS_PATH;

	fd = open(device, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	if (!device_missing(errno)) {
		vs_err_set(err, "cannot open %s: %s", device, strerror(errno));
		return -1;
	}

	loaded = run_modprobe(paths->modprobe, reason, sizeof(reason)) == 0;
	if (loaded) {
		fd = open(device, O_RDWR | O_CLOEXEC);
		if (fd >= 0)
			return fd;
		open_errno = errno;
		if (!device_missing(open_errno)) {
			vs_err_set(err, "cannot open %s: %s", device, strerror(open_errno));
			return -1;
		}
	}

	if (vs_kallsyms_has_hooks(kallsyms) == 0)
		vs_err_set(err, "cannot use this kernel: it lacks the vserver hooks "
			   "(build and boot a kernel with kernel-patches/6.12 applied; see README)");
	else if (!loaded)
		vs_err_set(err, "cannot load kernel module %s: %s", VS_MODULE_NAME, reason);
	else
		vs_err_set(err, "cannot open %s: %s (module %s is loaded; is devtmpfs mounted on /dev?)",
			   device, strerror(open_errno), VS_MODULE_NAME);
	return -1;
}
