// SPDX-License-Identifier: GPL-2.0
/*
 * timeit: run CMD once and print how long it took, in microseconds, on
 * stdout; CMD's own output goes to /dev/null.  Exits with CMD's status.
 *
 *   timeit CMD [ARG...]
 *
 * The bench VMs run with qemu -icount, so CLOCK_MONOTONIC counts guest
 * instructions and the figure does not move with the host's load.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	int status;
	pid_t pid;

	if (argc < 2) {
		fputs("usage: timeit CMD [ARG...]\n", stderr);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid < 0)
		return 125;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return 125;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%lld\n", ((long long)(b.tv_sec - a.tv_sec) * 1000000000LL +
			  (b.tv_nsec - a.tv_nsec)) / 1000);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
