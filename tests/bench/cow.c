// SPDX-License-Identifier: GPL-2.0
/*
 * cow: what breaking a copy-on-write link costs, against copying the file.
 *
 *   cow DIR ROUNDS          (as root, on the patched kernel with vserver.ko)
 *
 * In DIR (on the filesystem to measure) it makes a 1 MiB file of random
 * data, unified like hashify leaves it (marker xattr, then the immutable
 * flag), and per round prints, in microseconds per operation:
 *   cp       what cp(1) does: open, create, read/write in 128 KiB blocks, close
 *   cpsync   the same plus fsync (the kernel's copy is synced before the rename)
 *   break    the first write to a link of the unified file: open O_WRONLY,
 *            write one byte, close (the kernel copies, syncs and renames)
 * and in nanoseconds per operation:
 *   open     open(O_WRONLY) and close of an ordinary file (the hook's filter)
 *   open-imm the same on a plain (not unified) immutable file: it passes
 *            the inline flag test and pays for the module's xattr lookup
 *            before failing with EPERM
 * With "cow DIR ROUNDS open" only the two open figures (for a run without
 * the module).  CLOCK_MONOTONIC: the bench VM runs with qemu -icount.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/vserver.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#define FILE_SIZE	(1 << 20)
#define BLOCK		(128 << 10)
#define COPIES		20
#define OPENS		20000

static char path[4096], path2[4096];

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static const char *in(const char *dir, const char *name, int i, char *buf)
{
	snprintf(buf, 4096, "%s/%s.%d", dir, name, i);
	return buf;
}

static void set_flags(const char *file, int add)
{
	int fd = open(file, O_RDONLY), flags;

	if (fd < 0 || ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0)
		err(1, "cannot read the flags of %s", file);
	flags |= add;
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags) < 0)
		err(1, "cannot set the flags of %s", file);
	close(fd);
}

static void copy(const char *src, const char *dst, int sync)
{
	static char buf[BLOCK];
	int in_fd, out_fd;
	ssize_t n;

	in_fd = open(src, O_RDONLY);
	out_fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (in_fd < 0 || out_fd < 0)
		err(1, "cannot copy %s", src);
	while ((n = read(in_fd, buf, sizeof(buf))) > 0)
		if (write(out_fd, buf, n) != n)
			err(1, "cannot write %s", dst);
	if (sync && fsync(out_fd) < 0)
		err(1, "cannot sync %s", dst);
	close(in_fd);
	close(out_fd);
}

static long long time_copies(const char *dir, const char *src, int sync)
{
	long long t0, total = 0;
	int i;

	for (i = 0; i < COPIES; i++) {
		in(dir, "cp", i, path);
		t0 = now_ns();
		copy(src, path, sync);
		total += now_ns() - t0;
		unlink(path);
	}
	return total / COPIES / 1000;
}

static long long time_breaks(const char *dir, const char *unified)
{
	long long t0, total = 0;
	struct stat before, after;
	int i, fd;

	for (i = 0; i < COPIES; i++) {
		in(dir, "link", i, path);
		if (link(unified, path) < 0)
			err(1, "cannot link %s (is vserver.ko loaded?)", unified);
		stat(path, &before);
		t0 = now_ns();
		fd = open(path, O_WRONLY);
		if (fd < 0 || pwrite(fd, "x", 1, 0) != 1)
			err(1, "cannot write %s", path);
		close(fd);
		total += now_ns() - t0;
		stat(path, &after);
		if (after.st_ino == before.st_ino)
			errx(1, "%s was written in place: no copy-on-write", path);
		unlink(path);
	}
	return total / COPIES / 1000;
}

/* @refused: the open must fail with EPERM (an immutable file). */
static long long time_opens(const char *file, int refused)
{
	long long t0;
	int i, fd;

	t0 = now_ns();
	for (i = 0; i < OPENS; i++) {
		fd = open(file, O_WRONLY);
		if (refused && !(fd < 0 && errno == EPERM))
			errx(1, "%s: expected EPERM", file);
		if (!refused && fd < 0)
			err(1, "cannot open %s", file);
		if (fd >= 0)
			close(fd);
	}
	return (now_ns() - t0) / OPENS;
}

int main(int argc, char **argv)
{
	const char *dir;
	int rounds, r, fd, only_open;
	char *data, src[4096], unified[4096], plain[4096], imm[4096];

	if (argc < 3)
		errx(2, "usage: cow DIR ROUNDS [open]");
	dir = argv[1];
	rounds = atoi(argv[2]);
	only_open = argc > 3 && !strcmp(argv[3], "open");

	data = malloc(FILE_SIZE);
	fd = open("/dev/urandom", O_RDONLY);
	if (!data || fd < 0 || read(fd, data, FILE_SIZE) != FILE_SIZE)
		err(1, "cannot read random data");
	close(fd);
	in(dir, "src", 0, src);
	in(dir, "unified", 0, unified);
	in(dir, "plain", 0, plain);
	in(dir, "immutable", 0, imm);
	for (r = 0; r < 3; r++) {
		const char *f = r == 0 ? src : r == 1 ? plain : imm;

		fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, data, FILE_SIZE) != FILE_SIZE || fsync(fd) < 0)
			err(1, "cannot write %s", f);
		close(fd);
	}
	set_flags(imm, FS_IMMUTABLE_FL);
	if (!only_open) {
		copy(src, unified, 1);
		if (setxattr(unified, VS_COW_XATTR, VS_COW_XATTR_VALUE,
			     strlen(VS_COW_XATTR_VALUE), 0) < 0)
			err(1, "cannot mark %s", unified);
		set_flags(unified, FS_IMMUTABLE_FL);
		/* A second name, so that the breaks below copy rather than unmark. */
		if (link(unified, in(dir, "keep", 0, path2)) < 0)
			err(1, "cannot link %s", unified);
	}

	for (r = 0; r < rounds; r++) {
		if (!only_open) {
			printf("cp %lld\n", time_copies(dir, src, 0));
			printf("cpsync %lld\n", time_copies(dir, src, 1));
			printf("break %lld\n", time_breaks(dir, unified));
		}
		printf("open %lld\n", time_opens(plain, 0));
		printf("open-imm %lld\n", time_opens(imm, 1));
		fflush(stdout);
	}
	return 0;
}
