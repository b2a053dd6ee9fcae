// SPDX-License-Identifier: GPL-2.0
/*
 * syscall-bench: the cost of the system calls the hook series touches.
 * Prints "NAME NS_PER_OP" for each loop:
 *   fork       fork() + _exit() + waitpid()      (task_alloc/exit/free hooks)
 *   fork-exec  fork() + execve(/bin/true) + waitpid()
 *   open       open() + close() of an existing file  (file_charge/uncharge)
 *   socket     socket(AF_UNIX) + close()       (socket_charge/uncharge too)
 *   getppid    a system call no hook touches (the control)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void report(const char *name, double start, long n)
{
	printf("%s %.0f\n", name, (now() - start) / n);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	long scale = argc > 1 ? atol(argv[1]) : 1;
	char *const true_argv[] = { "/bin/true", NULL };
	double start;
	long i, n;
	int fd;

	n = 500 * scale;
	start = now();
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
	}
	report("fork", start, n);

	n = 100 * scale;
	start = now();
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			execv(true_argv[0], true_argv);
			_exit(127);
		}
		waitpid(pid, NULL, 0);
	}
	report("fork-exec", start, n);

	n = 20000 * scale;
	start = now();
	for (i = 0; i < n; i++) {
		fd = open("/etc/passwd", O_RDONLY);
		if (fd >= 0)
			close(fd);
	}
	report("open", start, n);

	n = 20000 * scale;
	start = now();
	for (i = 0; i < n; i++) {
		fd = socket(AF_UNIX, SOCK_DGRAM, 0);
		if (fd >= 0)
			close(fd);
	}
	report("socket", start, n);

	n = 100000 * scale;
	start = now();
	for (i = 0; i < n; i++)
		getppid();
	report("getppid", start, n);
	return 0;
}
