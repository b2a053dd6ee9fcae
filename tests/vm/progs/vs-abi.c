// SPDX-License-Identifier: GPL-2.0
/*
 * vs-abi: check the control device's ioctl ABI from userspace, as a tool
 * built against another ABI revision would see it.  Prints one line per
 * check and exits 1 if any failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/vserver.h>

static int failures;

static void expect(const char *what, int ret, int want_errno)
{
	int got = ret < 0 ? errno : 0;

	if (got == want_errno) {
		printf("ok   %s\n", what);
	} else {
		printf("FAIL %s: expected %s, got %s\n", what,
		       want_errno ? strerrorname_np(want_errno) : "success",
		       got ? strerrorname_np(got) : "success");
		failures++;
	}
}

/* Run fn in a child so that it may change credentials or context. */
static void in_child(const char *what, int (*fn)(int fd), int fd, int want_errno)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int ret = fn(fd);

		_exit(ret < 0 ? errno : 0);
	}
	waitpid(pid, &status, 0);
	errno = WEXITSTATUS(status);
	expect(what, WEXITSTATUS(status) ? -1 : 0, want_errno);
}

static int create_as_nobody(int fd)
{
	struct vs_ctx_create req = { 0 };

	if (setgid(65534) || setuid(65534))
		return -1;
	return ioctl(fd, VS_IOC_CTX_CREATE, &req);
}

static int create_twice(int fd)
{
	struct vs_ctx_create req = { 0 };

	if (ioctl(fd, VS_IOC_CTX_CREATE, &req))
		return errno = ENOEXEC, -1;	/* the first one must work */
	return ioctl(fd, VS_IOC_CTX_CREATE, &req);
}

static int migrate_from_guest(int fd)
{
	struct vs_ctx_create req = { 0 };
	struct vs_ctx_migrate mig = { 0 };

	if (ioctl(fd, VS_IOC_CTX_CREATE, &req))
		return errno = ENOEXEC, -1;
	mig.xid = req.xid;
	return ioctl(fd, VS_IOC_CTX_MIGRATE, &mig);
}

static void *idle_thread(void *arg)
{
	pause();
	return arg;
}

/* A process must never be split across contexts. */
static int create_with_threads(int fd)
{
	struct vs_ctx_create req = { 0 };
	pthread_t thread;

	if (pthread_create(&thread, NULL, idle_thread, NULL))
		return errno = ENOEXEC, -1;
	return ioctl(fd, VS_IOC_CTX_CREATE, &req);
}

static int create_xid(int fd, uint32_t xid)
{
	struct vs_ctx_create req = { .xid = xid };

	return ioctl(fd, VS_IOC_CTX_CREATE, &req);
}

static int create_xid_1(int fd) { return create_xid(fd, 1); }
static int create_xid_65536(int fd) { return create_xid(fd, 65536); }

static int create_with_flags(int fd)
{
	struct vs_ctx_create req = { .flags = 0x80000000 };

	return ioctl(fd, VS_IOC_CTX_CREATE, &req);
}

int main(void)
{
	struct vs_version ver = { 0 };
	struct vs_ctx_migrate mig = { .xid = 65000 };
	unsigned char big[32] = { 0 };
	int fd, ret;

	fd = open("/dev/" VS_DEVICE_NAME, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror("vs-abi: cannot open /dev/" VS_DEVICE_NAME);
		return 1;
	}

	ret = ioctl(fd, VS_IOC_VERSION, &ver);
	expect("VERSION succeeds", ret, 0);
	if (ver.abi_major != VS_ABI_MAJOR || ver.abi_minor != VS_ABI_MINOR || ver.hook_abi == 0) {
		printf("FAIL VERSION reports %u.%u hook %u, header says %d.%d\n",
		       ver.abi_major, ver.abi_minor, ver.hook_abi, VS_ABI_MAJOR, VS_ABI_MINOR);
		failures++;
	}

	ver.flags = 1;
	expect("VERSION with an unknown flag", ioctl(fd, VS_IOC_VERSION, &ver), EINVAL);
	expect("unknown request number",
	       ioctl(fd, _IOWR(VS_IOC_MAGIC, 0x3f, struct vs_version), &ver), ENOTTY);
	expect("another driver's magic", ioctl(fd, _IOWR('T', 0x00, int), &ver), ENOTTY);
	expect("VERSION with the wrong direction",
	       ioctl(fd, _IOR(VS_IOC_MAGIC, 0x00, struct vs_version), &ver), ENOTTY);
	expect("VERSION shorter than its first version",
	       ioctl(fd, _IOC(_IOC_READ | _IOC_WRITE, VS_IOC_MAGIC, 0x00, 8), &ver), EINVAL);
	expect("VERSION from a newer tool, unknown tail zero",
	       ioctl(fd, _IOC(_IOC_READ | _IOC_WRITE, VS_IOC_MAGIC, 0x00, sizeof(big)), big), 0);
	big[sizeof(big) - 1] = 1;
	expect("VERSION from a newer tool using an unknown field",
	       ioctl(fd, _IOC(_IOC_READ | _IOC_WRITE, VS_IOC_MAGIC, 0x00, sizeof(big)), big), E2BIG);
	expect("VERSION with a bad pointer", ioctl(fd, VS_IOC_VERSION, (void *)8), EFAULT);

	expect("MIGRATE to a context that does not exist", ioctl(fd, VS_IOC_CTX_MIGRATE, &mig), ESRCH);
	in_child("CREATE without CAP_SYS_ADMIN", create_as_nobody, fd, EPERM);
	in_child("CREATE from inside a context", create_twice, fd, EPERM);
	in_child("MIGRATE from inside a context", migrate_from_guest, fd, EPERM);
	in_child("CREATE with xid 1 (spectator)", create_xid_1, fd, EINVAL);
	in_child("CREATE with xid 65536", create_xid_65536, fd, EINVAL);
	in_child("CREATE with an unknown flag", create_with_flags, fd, EINVAL);
	in_child("CREATE from a multi-threaded process", create_with_threads, fd, EBUSY);

	close(fd);
	printf("%s\n", failures ? "vs-abi: FAILED" : "vs-abi: all checks passed");
	return failures ? 1 : 0;
}
