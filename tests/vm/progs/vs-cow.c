// SPDX-License-Identifier: GPL-2.0
/*
 * vs-cow: one operation on a path, for the copy-on-write tests
 * tests/vm/tests/4xx-cow-* (Documentation/design.md §7).  Static, so that
 * it runs in busybox guests.
 *
 *   vs-cow [-u UID[:GID]] OP PATH [ARG...]
 *
 * -u runs the operation as that user (and group, default the same),
 * without capabilities.
 *
 * An operation prints "ok" and exits 0, or prints "errno ENAME" (the
 * errno of the failing call, prefixed with that call when it is not the
 * operation's first one: "write errno EBADF") and exits 1.  Exit 2:
 * usage or setup error.  Operations (DATA defaults to "XYZ"; "" writes
 * nothing; MODE is octal; SECS sets atime and mtime to that time):
 *
 *   open-rdonly PATH		O_RDONLY and read it (no write access)
 *   open-path PATH		O_PATH
 *   open-wronly PATH [DATA]	O_WRONLY, DATA written at offset 0
 *   open-rdwr PATH [DATA]	O_RDWR, DATA written at offset 0
 *   open-trunc PATH [DATA]	O_WRONLY|O_TRUNC, then DATA
 *   open-rdonly-trunc PATH	O_RDONLY|O_TRUNC
 *   open-append PATH [DATA]	O_WRONLY|O_APPEND, then DATA
 *   open-creat PATH [DATA]	O_WRONLY|O_CREAT of an existing file, DATA at 0
 *   openat2-wronly PATH [DATA]	openat2(2) with O_WRONLY, DATA at 0
 *   truncate PATH LEN		truncate(2)
 *   chmod PATH MODE		fchmodat(AT_FDCWD)
 *   chown PATH UID GID		chown(2); lchown the same with lchown(2)
 *   utimes PATH SECS		utimes(2)
 *   utimensat PATH SECS	utimensat(2) with a path
 *   utimensat-now PATH		utimensat(2) with a path, times NULL
 *   setxattr PATH NAME VALUE	setxattr(2); lsetxattr with lsetxattr(2)
 *   removexattr PATH NAME	removexattr(2); lremovexattr likewise
 *   set-marker PATH		setxattr trusted.vserver.cow = "1"
 *   remove-marker PATH		removexattr trusted.vserver.cow
 *   chattr-clear PATH		FS_IOC_SETFLAGS without FS_IMMUTABLE_FL
 *   chattr-set PATH		FS_IOC_SETFLAGS with FS_IMMUTABLE_FL
 *   access-w PATH		faccessat(W_OK)
 *   link PATH NEW		link(2)
 *   unlink PATH		unlink(2)
 *   rename PATH NEW		rename(2)
 *
 * Forms through an fd, which cannot break a link (each opens PATH first,
 * O_RDONLY, or O_PATH for the -empty forms):
 *
 *   fchmod-rdonly PATH MODE, fchown-rdonly PATH UID GID,
 *   futimens-rdonly PATH SECS, fsetxattr-rdonly PATH NAME VALUE,
 *   fremovexattr-rdonly PATH NAME, ftruncate-rdonly PATH LEN,
 *   fallocate-rdonly PATH LEN, mmap-write-rdonly PATH (MAP_SHARED,
 *   PROT_WRITE), fchmodat2-empty PATH MODE, fchownat-empty PATH UID GID,
 *   utimensat-empty PATH SECS (AT_EMPTY_PATH on an O_PATH fd)
 *
 * Several processes at once:
 *
 *   race PATH N [DATA]		N processes open PATH O_WRONLY|O_APPEND at
 *				the same instant and each appends "DATA<k>\n"
 *   fill PATH			create PATH and write zeros until ENOSPC ("ok")
 *
 * Helpers that print what they find (exit 1 with "errno" on failure):
 *
 *   info PATH			ino= nlink= mode= uid= gid= size= blocks=
 *				mtime= flags=i|- marker=VALUE|-
 *   getxattr PATH NAME		the value (text, or 0xHEX if not printable)
 *   listxattr PATH		the names, one a line
 *   xattrs PATH		NAME=VALUE, one a line
 *   mmap-read-ino PATH SECS	map PATH read-only, print "ino=N sum=S",
 *				hold it SECS seconds, print "after sum=S"
 *   mark PATH			set the marker, then the immutable flag
 *   immutable PATH		set the immutable flag only
 *   unmark PATH		clear the immutable flag, remove the marker
 *
 * VALUE arguments starting with "0x" are hex.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <linux/fs.h>
#include <linux/openat2.h>

#ifndef SYS_fchmodat2
#define SYS_fchmodat2	452
#endif

#define MARKER		"trusted.vserver.cow"

static const char *op;

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: vs-cow [-u UID[:GID]] OP PATH [ARG...] (see the source)\n");
	exit(2);
}

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "vs-cow: %s: %s: %s\n", op, what, strerror(errno));
	exit(2);
}

static const char *ename(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

/* The verdict of the operation: @ret < 0 means @what failed with errno. */
static int result(int ret, const char *what)
{
	if (ret < 0) {
		if (what)
			printf("%s errno %s\n", what, ename(errno));
		else
			printf("errno %s\n", ename(errno));
		return 1;
	}
	printf("ok\n");
	return 0;
}

static unsigned long num(const char *s, int base)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, base);
	if (errno || !*s || *end)
		usage();
	return v;
}

/* A VALUE argument: text, or hex after "0x".  Returns its length. */
static size_t value(const char *arg, char *buf, size_t room)
{
	size_t n = 0;

	if (strncmp(arg, "0x", 2)) {
		n = strlen(arg);
		if (n > room)
			usage();
		memcpy(buf, arg, n);
		return n;
	}
	for (arg += 2; arg[0] && arg[1] && n < room; arg += 2) {
		char hex[3] = { arg[0], arg[1], 0 };

		buf[n++] = (char)num(hex, 16);
	}
	if (*arg)
		usage();
	return n;
}

static void print_value(const char *v, ssize_t len)
{
	bool text = true;
	ssize_t i;

	for (i = 0; i < len; i++)
		if (v[i] < 0x20 || v[i] > 0x7e)
			text = false;
	if (text) {
		printf("%.*s", (int)len, v);
		return;
	}
	printf("0x");
	for (i = 0; i < len; i++)
		printf("%02x", (unsigned char)v[i]);
}

static void times_at(const char *secs, struct timespec ts[2])
{
	ts[0].tv_sec = ts[1].tv_sec = (time_t)num(secs, 10);
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
}

/* Open @path with @flags and write @data (if any) at the fd's offset. */
static int open_write(const char *path, int flags, const char *data)
{
	int fd = open(path, flags, 0600);

	if (fd < 0)
		return result(-1, NULL);
	if (*data && write(fd, data, strlen(data)) != (ssize_t)strlen(data))
		return result(-1, "write");
	if (close(fd) < 0)
		return result(-1, "close");
	return result(0, NULL);
}

static int set_flags(const char *path, unsigned int set, unsigned int clear)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	int flags;

	if (fd < 0)
		return -1;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0) {
		close(fd);
		return -1;
	}
	flags = (int)(((unsigned int)flags | set) & ~clear);
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags) < 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int info(const char *path)
{
	char marker[64];
	struct stat st;
	ssize_t len;
	int fd, flags = 0;

	if (lstat(path, &st) < 0)
		return result(-1, NULL);
	fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return result(-1, "open");
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0)
		return result(-1, "FS_IOC_GETFLAGS");
	close(fd);
	printf("ino=%lu nlink=%lu mode=%o uid=%u gid=%u size=%lld blocks=%lld mtime=%lld.%09ld flags=%s marker=",
	       (unsigned long)st.st_ino, (unsigned long)st.st_nlink, st.st_mode & 07777,
	       st.st_uid, st.st_gid, (long long)st.st_size, (long long)st.st_blocks,
	       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
	       (flags & FS_IMMUTABLE_FL) ? "i" : "-");
	len = lgetxattr(path, MARKER, marker, sizeof(marker));
	if (len >= 0)
		print_value(marker, len);
	else if (errno == ENODATA)
		printf("-");
	else
		printf("errno-%s", ename(errno));
	printf("\n");
	return 0;
}

static int xattrs(const char *path, bool values)
{
	char names[4096], v[4096];
	ssize_t len, vlen;
	char *name;

	len = llistxattr(path, names, sizeof(names));
	if (len < 0)
		return result(-1, NULL);
	for (name = names; name < names + len; name += strlen(name) + 1) {
		printf("%s", name);
		if (values) {
			vlen = lgetxattr(path, name, v, sizeof(v));
			if (vlen < 0)
				return result(-1, "getxattr");
			printf("=");
			print_value(v, vlen);
		}
		printf("\n");
	}
	return 0;
}

static unsigned long sum(const unsigned char *p, size_t len)
{
	unsigned long s = 0;
	size_t i;

	for (i = 0; i < len; i++)
		s = s * 31 + p[i];
	return s;
}

static int mmap_read_ino(const char *path, const char *secs)
{
	struct stat st;
	void *map;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return result(-1, NULL);
	if (fstat(fd, &st) < 0)
		return result(-1, "fstat");
	if (st.st_size == 0)
		usage();
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return result(-1, "mmap");
	close(fd);
	printf("ino=%lu sum=%lu\n", (unsigned long)st.st_ino, sum(map, (size_t)st.st_size));
	fflush(stdout);
	sleep((unsigned int)num(secs, 10));
	printf("after sum=%lu\n", sum(map, (size_t)st.st_size));
	return 0;
}

static int race(const char *path, unsigned long n, const char *data)
{
	unsigned long k, failed = 0;
	int gate[2], status;
	pid_t pid;

	if (n == 0 || n > 64)
		usage();
	if (pipe(gate) < 0)
		die("pipe");
	for (k = 0; k < n; k++) {
		pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			char line[256], c;
			int fd, len;

			close(gate[1]);
			/* EOF when the parent closes its end: all start together. */
			if (read(gate[0], &c, 1) < 0)
				_exit(100);
			fd = open(path, O_WRONLY | O_APPEND);
			if (fd < 0)
				_exit(errno);
			len = snprintf(line, sizeof(line), "%s%lu\n", data, k);
			if (write(fd, line, (size_t)len) != len)
				_exit(errno ? errno : 101);
			_exit(close(fd) < 0 ? errno : 0);
		}
	}
	close(gate[0]);
	/* Let them all reach the read first. */
	usleep(200000);
	close(gate[1]);
	while ((pid = wait(&status)) > 0) {
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			failed++;
			printf("process %d: %s\n", (int)pid, WIFEXITED(status) ?
			       ename(WEXITSTATUS(status)) : "killed");
		}
	}
	if (failed) {
		printf("%lu of %lu failed\n", failed, n);
		return 1;
	}
	printf("ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	char buf[4096];
	const char *path, *data;
	struct timespec ts[2];
	int opt, fd, ret;
	size_t len;

	while ((opt = getopt(argc, argv, "+u:")) != -1) {
		switch (opt) {
		case 'u': {
			char *colon = strchr(optarg, ':');
			uid_t uid;
			gid_t gid;

			if (colon)
				*colon = 0;
			uid = (uid_t)num(optarg, 10);
			gid = colon ? (gid_t)num(colon + 1, 10) : (gid_t)uid;
			if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
			    setresuid(uid, uid, uid) < 0) {
				perror("vs-cow: -u");
				return 2;
			}
			break;
		}
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		usage();
	op = argv[0];
	path = argv[1];
	argc -= 2;
	argv += 2;
	data = argc >= 1 ? argv[0] : "XYZ";
	setvbuf(stdout, NULL, _IOLBF, 0);

#define ARGS(min, max) do { if (argc < (min) || argc > (max)) usage(); } while (0)

	/* Opens. */
	if (!strcmp(op, "open-rdonly")) {
		ARGS(0, 0);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return result(-1, NULL);
		if (read(fd, buf, sizeof(buf)) < 0)
			return result(-1, "read");
		close(fd);
		return result(0, NULL);
	}
	if (!strcmp(op, "open-path")) {
		ARGS(0, 0);
		return result(open(path, O_PATH), NULL);
	}
	if (!strcmp(op, "open-wronly")) {
		ARGS(0, 1);
		return open_write(path, O_WRONLY, data);
	}
	if (!strcmp(op, "open-rdwr")) {
		ARGS(0, 1);
		return open_write(path, O_RDWR, data);
	}
	if (!strcmp(op, "open-trunc")) {
		ARGS(0, 1);
		return open_write(path, O_WRONLY | O_TRUNC, data);
	}
	if (!strcmp(op, "open-rdonly-trunc")) {
		ARGS(0, 0);
		return open_write(path, O_RDONLY | O_TRUNC, "");
	}
	if (!strcmp(op, "open-append")) {
		ARGS(0, 1);
		return open_write(path, O_WRONLY | O_APPEND, data);
	}
	if (!strcmp(op, "open-creat")) {
		ARGS(0, 1);
		return open_write(path, O_WRONLY | O_CREAT, data);
	}
	if (!strcmp(op, "fill")) {
		static const char zeros[65536];

		ARGS(0, 0);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0)
			return result(-1, NULL);
		while (write(fd, zeros, sizeof(zeros)) > 0)
			;
		if (errno != ENOSPC)
			return result(-1, "write");
		/* Small writes use the last blocks a big one could not. */
		while (write(fd, zeros, 1) > 0)
			;
		if (errno != ENOSPC)
			return result(-1, "write");
		return result(fsync(fd), "fsync");
	}
	if (!strcmp(op, "openat2-wronly")) {
		struct open_how how = { .flags = O_WRONLY };

		ARGS(0, 1);
		fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
		if (fd < 0)
			return result(-1, NULL);
		if (*data && write(fd, data, strlen(data)) != (ssize_t)strlen(data))
			return result(-1, "write");
		close(fd);
		return result(0, NULL);
	}

	/* Path forms. */
	if (!strcmp(op, "truncate")) {
		ARGS(1, 1);
		return result(truncate(path, (off_t)num(argv[0], 10)), NULL);
	}
	if (!strcmp(op, "chmod")) {
		ARGS(1, 1);
		return result(fchmodat(AT_FDCWD, path, (mode_t)num(argv[0], 8), 0), NULL);
	}
	if (!strcmp(op, "chown") || !strcmp(op, "lchown")) {
		ARGS(2, 2);
		if (op[0] == 'l')
			ret = lchown(path, (uid_t)num(argv[0], 10), (gid_t)num(argv[1], 10));
		else
			ret = chown(path, (uid_t)num(argv[0], 10), (gid_t)num(argv[1], 10));
		return result(ret, NULL);
	}
	if (!strcmp(op, "utimes")) {
		struct timeval tv[2];

		ARGS(1, 1);
		tv[0].tv_sec = tv[1].tv_sec = (time_t)num(argv[0], 10);
		tv[0].tv_usec = tv[1].tv_usec = 0;
		return result((int)syscall(SYS_utimes, path, tv), NULL);
	}
	if (!strcmp(op, "utimensat")) {
		ARGS(1, 1);
		times_at(argv[0], ts);
		return result(utimensat(AT_FDCWD, path, ts, 0), NULL);
	}
	if (!strcmp(op, "utimensat-now")) {
		ARGS(0, 0);
		return result(utimensat(AT_FDCWD, path, NULL, 0), NULL);
	}
	if (!strcmp(op, "setxattr") || !strcmp(op, "lsetxattr")) {
		ARGS(2, 2);
		len = value(argv[1], buf, sizeof(buf));
		if (op[0] == 'l')
			ret = lsetxattr(path, argv[0], buf, len, 0);
		else
			ret = setxattr(path, argv[0], buf, len, 0);
		return result(ret, NULL);
	}
	if (!strcmp(op, "removexattr") || !strcmp(op, "lremovexattr")) {
		ARGS(1, 1);
		if (op[0] == 'l')
			ret = lremovexattr(path, argv[0]);
		else
			ret = removexattr(path, argv[0]);
		return result(ret, NULL);
	}
	if (!strcmp(op, "set-marker")) {
		ARGS(0, 0);
		return result(setxattr(path, MARKER, "1", 1, 0), NULL);
	}
	if (!strcmp(op, "remove-marker")) {
		ARGS(0, 0);
		return result(removexattr(path, MARKER), NULL);
	}
	if (!strcmp(op, "chattr-clear")) {
		ARGS(0, 0);
		return result(set_flags(path, 0, FS_IMMUTABLE_FL), NULL);
	}
	if (!strcmp(op, "chattr-set")) {
		ARGS(0, 0);
		return result(set_flags(path, FS_IMMUTABLE_FL, 0), NULL);
	}
	if (!strcmp(op, "access-w")) {
		ARGS(0, 0);
		return result(faccessat(AT_FDCWD, path, W_OK, 0), NULL);
	}
	if (!strcmp(op, "link")) {
		ARGS(1, 1);
		return result(link(path, argv[0]), NULL);
	}
	if (!strcmp(op, "unlink")) {
		ARGS(0, 0);
		return result(unlink(path), NULL);
	}
	if (!strcmp(op, "rename")) {
		ARGS(1, 1);
		return result(rename(path, argv[0]), NULL);
	}

	/* Through an fd. */
	if (!strcmp(op, "fchmodat2-empty") || !strcmp(op, "fchownat-empty") ||
	    !strcmp(op, "utimensat-empty")) {
		fd = open(path, O_PATH);
		if (fd < 0)
			return result(-1, "open");
		if (!strcmp(op, "fchownat-empty")) {
			ARGS(2, 2);
			ret = fchownat(fd, "", (uid_t)num(argv[0], 10), (gid_t)num(argv[1], 10),
				       AT_EMPTY_PATH);
		} else if (!strcmp(op, "fchmodat2-empty")) {
			ARGS(1, 1);
			ret = (int)syscall(SYS_fchmodat2, fd, "", (mode_t)num(argv[0], 8),
					   AT_EMPTY_PATH);
		} else {
			ARGS(1, 1);
			times_at(argv[0], ts);
			ret = utimensat(fd, "", ts, AT_EMPTY_PATH);
		}
		return result(ret, NULL);
	}
	if (strlen(op) > 7 && !strcmp(op + strlen(op) - 7, "-rdonly")) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return result(-1, "open");
		if (!strcmp(op, "fchmod-rdonly")) {
			ARGS(1, 1);
			ret = fchmod(fd, (mode_t)num(argv[0], 8));
		} else if (!strcmp(op, "fchown-rdonly")) {
			ARGS(2, 2);
			ret = fchown(fd, (uid_t)num(argv[0], 10), (gid_t)num(argv[1], 10));
		} else if (!strcmp(op, "futimens-rdonly")) {
			ARGS(1, 1);
			times_at(argv[0], ts);
			ret = futimens(fd, ts);
		} else if (!strcmp(op, "fsetxattr-rdonly")) {
			ARGS(2, 2);
			len = value(argv[1], buf, sizeof(buf));
			ret = fsetxattr(fd, argv[0], buf, len, 0);
		} else if (!strcmp(op, "fremovexattr-rdonly")) {
			ARGS(1, 1);
			ret = fremovexattr(fd, argv[0]);
		} else if (!strcmp(op, "ftruncate-rdonly")) {
			ARGS(1, 1);
			ret = ftruncate(fd, (off_t)num(argv[0], 10));
		} else if (!strcmp(op, "fallocate-rdonly")) {
			ARGS(1, 1);
			ret = fallocate(fd, 0, 0, (off_t)num(argv[0], 10));
		} else if (!strcmp(op, "mmap-write-rdonly")) {
			void *map;

			ARGS(0, 0);
			map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			ret = map == MAP_FAILED ? -1 : 0;
		} else {
			usage();
		}
		return result(ret, NULL);
	}

	if (!strcmp(op, "race")) {
		ARGS(1, 2);
		return race(path, num(argv[0], 10), argc == 2 ? argv[1] : "XYZ");
	}

	/* Helpers. */
	if (!strcmp(op, "info")) {
		ARGS(0, 0);
		return info(path);
	}
	if (!strcmp(op, "getxattr")) {
		ssize_t n;

		ARGS(1, 1);
		n = lgetxattr(path, argv[0], buf, sizeof(buf));
		if (n < 0)
			return result(-1, NULL);
		print_value(buf, n);
		printf("\n");
		return 0;
	}
	if (!strcmp(op, "listxattr") || !strcmp(op, "xattrs")) {
		ARGS(0, 0);
		return xattrs(path, op[0] == 'x');
	}
	if (!strcmp(op, "mmap-read-ino")) {
		ARGS(1, 1);
		return mmap_read_ino(path, argv[0]);
	}
	if (!strcmp(op, "mark")) {
		ARGS(0, 0);
		if (setxattr(path, MARKER, "1", 1, 0) < 0)
			return result(-1, "setxattr");
		return result(set_flags(path, FS_IMMUTABLE_FL, 0), "FS_IOC_SETFLAGS");
	}
	if (!strcmp(op, "immutable")) {
		ARGS(0, 0);
		return result(set_flags(path, FS_IMMUTABLE_FL, 0), NULL);
	}
	if (!strcmp(op, "unmark")) {
		ARGS(0, 0);
		if (set_flags(path, 0, FS_IMMUTABLE_FL) < 0)
			return result(-1, "FS_IOC_SETFLAGS");
		if (removexattr(path, MARKER) < 0 && errno != ENODATA)
			return result(-1, "removexattr");
		return result(0, NULL);
	}
	usage();
}
