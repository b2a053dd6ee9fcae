// SPDX-License-Identifier: GPL-2.0
/*
 * The guest seccomp filter: the program run through a small classic BPF
 * interpreter for exact verdicts (which a returned errno cannot tell apart
 * from the kernel's own ENOSYS), then installed for real with no_new_privs
 * in a child: refusals, what passes, and a tracer's skipped call.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/seccomp.h>

#include "compiler.h"
#include "err.h"
#include "seccomp.h"
#include "unit.h"

/* Run @prog on @d the way the kernel does, for the instructions it uses. */
static uint32_t bpf_run(const struct sock_filter *prog, size_t n, const struct seccomp_data *d)
{
	uint32_t a = 0;

	for (size_t pc = 0; pc < n; pc++) {
		const struct sock_filter *f = &prog[pc];
		bool jump;

		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			ck_assert_uint_le(f->k + 4, sizeof(*d));
			ck_assert_uint_eq(f->k % 4, 0);
			memcpy(&a, (const char *)d + f->k, 4);
			continue;
		case BPF_RET | BPF_K:
			return f->k;
		case BPF_JMP | BPF_JEQ | BPF_K:
			jump = a == f->k;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			jump = a >= f->k;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			jump = a & f->k;
			break;
		default:
			ck_abort_msg("instruction %zu: code %#x unknown to the test", pc, f->code);
		}
		pc += jump ? f->jt : f->jf;
		ck_assert_uint_lt(pc + 1, n);
	}
	ck_abort_msg("the program ran off its end");
	return 0;
}

static uint32_t verdict(int nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct sock_filter prog[VS_SECCOMP_MAX];
	size_t n = vs_seccomp_program(prog, ARRAY_SIZE(prog));
	struct seccomp_data d = {
		.nr = nr, .arch = AUDIT_ARCH_X86_64, .args = { a0, a1, a2 },
	};

	ck_assert_uint_gt(n, 0);
	return bpf_run(prog, n, &d);
}

#define ALLOW		SECCOMP_RET_ALLOW
#define ERRNO(e)	(SECCOMP_RET_ERRNO | (e))

START_TEST(test_program_shape)
{
	struct sock_filter prog[VS_SECCOMP_MAX];
	size_t n = vs_seccomp_program(prog, ARRAY_SIZE(prog));
	struct seccomp_data d = { .nr = SYS_getpid, .arch = AUDIT_ARCH_I386 };

	ck_assert_uint_gt(n, 10);
	/* first the architecture, else the syscall numbers mean nothing */
	ck_assert_uint_eq(prog[0].code, BPF_LD | BPF_W | BPF_ABS);
	ck_assert_uint_eq(prog[0].k, offsetof(struct seccomp_data, arch));
	ck_assert_uint_eq(prog[n - 1].code, BPF_RET | BPF_K);
	ck_assert_uint_eq(bpf_run(prog, n, &d), SECCOMP_RET_KILL_PROCESS);
	/* too small a buffer is refused, not overrun */
	ck_assert_uint_eq(vs_seccomp_program(prog, n - 1), 0);
	ck_assert_uint_eq(vs_seccomp_program(prog, n), n);
}
END_TEST

START_TEST(test_program_numbers)
{
	/* Ordinary calls, and numbers no ABI has, are the kernel's business. */
	ck_assert_uint_eq(verdict(SYS_getpid, 0, 0, 0), ALLOW);
	ck_assert_uint_eq(verdict(-1, 0, 0, 0), ALLOW);
	ck_assert_uint_eq(verdict(-2, 0, 0, 0), ALLOW);
	ck_assert_uint_eq(verdict(1000, 0, 0, 0), ALLOW);
	ck_assert_uint_eq(verdict(0x3fffffff, 0, 0, 0), ALLOW);
	ck_assert_uint_eq(verdict((int)VS_X32_LIMIT, 0, 0, 0), ALLOW);
	ck_assert_uint_eq(verdict(0x7fffffff, 0, 0, 0), ALLOW);
	/* The x32 range answers as a kernel without x32, whatever the call. */
	ck_assert_uint_eq(verdict(0x40000000 | SYS_getpid, 0, 0, 0), ERRNO(ENOSYS));
	ck_assert_uint_eq(verdict(0x40000000 | SYS_keyctl, 0, 0, 0), ERRNO(ENOSYS));
	ck_assert_uint_eq(verdict(0x40000000 | 547, 0, 0, 0), ERRNO(ENOSYS));
	ck_assert_uint_eq(verdict((int)VS_X32_LIMIT - 1, 0, 0, 0), ERRNO(ENOSYS));
	/* The denylist */
	ck_assert_uint_eq(verdict(SYS_keyctl, 0, 0, 0), ERRNO(ENOSYS));
	ck_assert_uint_eq(verdict(SYS_clone3, 0, 0, 0), ERRNO(ENOSYS));
	ck_assert_uint_eq(verdict(SYS_syslog, 0, 0, 0), ERRNO(EPERM));
	ck_assert_uint_eq(verdict(SYS_bpf, 0, 0, 0), ERRNO(EPERM));
	ck_assert_uint_eq(verdict(SYS_unshare, CLONE_NEWUSER, 0, 0), ERRNO(EPERM));
	ck_assert_uint_eq(verdict(SYS_unshare, CLONE_NEWNS, 0, 0), ALLOW);
	ck_assert_uint_eq(verdict(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0), ERRNO(EPERM));
}
END_TEST

START_TEST(test_program_alg_key)
{
	const uint64_t hi = 0x100000000ULL;

	ck_assert_uint_eq(verdict(SYS_setsockopt, 3, 279, 7), ERRNO(EPERM));
	/* the kernel reads level and optname as ints: junk above them counts not */
	ck_assert_uint_eq(verdict(SYS_setsockopt, 3, hi | 279, 7), ERRNO(EPERM));
	ck_assert_uint_eq(verdict(SYS_setsockopt, 3, 279, 0xffffffff00000000ULL | 7),
			  ERRNO(EPERM));
	/* other AF_ALG options, other levels with option 7, other calls */
	ck_assert_uint_eq(verdict(SYS_setsockopt, 3, 279, 1), ALLOW);
	ck_assert_uint_eq(verdict(SYS_setsockopt, 3, 279, hi | 1), ALLOW);
	ck_assert_uint_eq(verdict(SYS_setsockopt, 3, SOL_SOCKET, 7), ALLOW);
	ck_assert_uint_eq(verdict(SYS_getsockopt, 3, 279, 7), ALLOW);
}
END_TEST

/* In a child: install the filter (with no_new_privs, so no privilege needed). */
static void filtered(void)
{
	struct vs_err err;

	ck_assert_int_eq(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
	ck_assert_msg(vs_seccomp_install(&err) == 0, "%s", err.msg);
}

static void expect_errno(long ret, int want, const char *what)
{
	ck_assert_msg(ret == -1 && errno == want, "%s: got %ld errno %d, want errno %d", what, ret,
		      errno, want);
}

START_TEST(test_denies)
{
	uint64_t args[8] = { 0 };	/* struct clone_args, VER0: the filter decides first */
	int fd, key = 1;

	filtered();
	expect_errno(syscall(SYS_keyctl, 0, 0, 0, 0, 0), ENOSYS, "keyctl");
	expect_errno(syscall(SYS_add_key, "user", "x", "y", 1, 0), ENOSYS, "add_key");
	expect_errno(syscall(SYS_request_key, "user", "x", NULL, 0), ENOSYS, "request_key");
	expect_errno(syscall(SYS_syslog, 10, NULL, 0), EPERM, "syslog");
	expect_errno(syscall(SYS_kexec_load, 0, 0, NULL, 0), EPERM, "kexec_load");
	expect_errno(syscall(SYS_kexec_file_load, -1, -1, 0, NULL, 0), EPERM, "kexec_file_load");
	expect_errno(syscall(SYS_open_by_handle_at, -1, NULL, 0), EPERM, "open_by_handle_at");
	expect_errno(syscall(SYS_init_module, NULL, 0, ""), EPERM, "init_module");
	expect_errno(syscall(SYS_finit_module, -1, "", 0), EPERM, "finit_module");
	expect_errno(syscall(SYS_delete_module, "x", 0), EPERM, "delete_module");
	expect_errno(syscall(SYS_userfaultfd, 0), EPERM, "userfaultfd");
	expect_errno(syscall(SYS_bpf, 0, NULL, 0), EPERM, "bpf");
	expect_errno(syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0), EPERM, "perf_event_open");
	expect_errno(syscall(SYS_clone3, &args, sizeof(args)), ENOSYS, "clone3");
	expect_errno(syscall(SYS_unshare, CLONE_NEWUSER), EPERM, "unshare(CLONE_NEWUSER)");
	expect_errno(syscall(SYS_unshare, CLONE_NEWUSER | CLONE_NEWNS), EPERM,
		     "unshare(CLONE_NEWUSER|CLONE_NEWNS)");
	expect_errno(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, NULL, NULL, 0), EPERM,
		     "clone(CLONE_NEWUSER)");
	/* x32 numbers (bit 30) never reach the x32 table: no such calls */
	expect_errno(syscall(0x40000000 | SYS_getpid), ENOSYS, "x32 getpid");
	expect_errno(syscall(0x40000000 | SYS_keyctl, 0, 0, 0, 0, 0), ENOSYS, "x32 keyctl");
	/* AF_ALG keys by serial, on any socket: the filter answers first */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(fd, 0);
	expect_errno(setsockopt(fd, 279, 7, &key, sizeof(key)), EPERM, "setsockopt(SOL_ALG, 7)");
	expect_errno(syscall(SYS_setsockopt, fd, 0x500000000ULL | 279, 7, &key, sizeof(key)),
		     EPERM, "setsockopt(SOL_ALG | junk above, 7)");
	close(fd);
}
END_TEST

START_TEST(test_allows)
{
	pid_t pid;
	int status, fd, key = 1;

	filtered();
	ck_assert_int_gt(syscall(SYS_getpid), 0);
	/* unshare and clone without CLONE_NEWUSER pass the filter */
	ck_assert_int_eq(syscall(SYS_unshare, 0), 0);
	pid = fork();	/* glibc: clone(2) */
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(7);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	/* ioctl (the migrate) and execve stay allowed */
	expect_errno(ioctl(-1, 0), EBADF, "ioctl");
	/* numbers of no ABI: the kernel's own answer */
	expect_errno(syscall(-1), ENOSYS, "syscall(-1)");
	expect_errno(syscall(1000), ENOSYS, "syscall(1000)");
	expect_errno(syscall(VS_X32_LIMIT), ENOSYS, "syscall(past x32)");
	/* other socket options get to the socket */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(fd, 0);
	expect_errno(setsockopt(fd, 279, 1, &key, sizeof(key)), EOPNOTSUPP, "setsockopt(SOL_ALG, 1)");
	ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &key, sizeof(key)), 0);
	close(fd);
}
END_TEST

/*
 * A debugger skips a call by setting its number to -1 at the entry stop and
 * supplies the result in rax; the filter must let the kernel keep it (it
 * once answered EPERM over it).
 */
START_TEST(test_tracer_skip)
{
	struct user_regs_struct regs;
	int status, stops = 0;
	pid_t pid;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		long r;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
			_exit(90);
		{
			struct vs_err err;

			if (vs_seccomp_install(&err) < 0)
				_exit(91);
		}
		raise(SIGSTOP);
		r = syscall(SYS_getppid);
		_exit(r == 4242 ? 0 : r == -1 && errno == EPERM ? 1 : 2);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSTOPPED(status), "child status %#x", status);
	ck_assert_int_eq(ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD), 0);
	for (;;) {
		ck_assert_int_eq(ptrace(PTRACE_SYSCALL, pid, 0, 0), 0);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		if (!WIFSTOPPED(status) || WSTOPSIG(status) != (SIGTRAP | 0x80))
			break;
		ck_assert_int_eq(ptrace(PTRACE_GETREGS, pid, 0, &regs), 0);
		/* entry of getppid (rax is -ENOSYS at an entry stop) */
		if (regs.orig_rax == SYS_getppid && (long)regs.rax == -ENOSYS) {
			regs.orig_rax = (unsigned long long)-1;
			regs.rax = 4242;
			ck_assert_int_eq(ptrace(PTRACE_SETREGS, pid, 0, &regs), 0);
			stops++;
		}
	}
	ck_assert_int_eq(stops, 1);
	ck_assert_msg(WIFEXITED(status), "child status %#x", status);
	ck_assert_msg(WEXITSTATUS(status) == 0, "the skipped call returned %s",
		      WEXITSTATUS(status) == 1 ? "EPERM from the filter" : "something else");
}
END_TEST

Suite *seccomp_suite(void)
{
	Suite *s = suite_create("seccomp");
	TCase *tc = tcase_create("seccomp");

	tcase_add_test(tc, test_program_shape);
	tcase_add_test(tc, test_program_numbers);
	tcase_add_test(tc, test_program_alg_key);
	tcase_add_test(tc, test_denies);
	tcase_add_test(tc, test_allows);
	tcase_add_test(tc, test_tracer_skip);
	suite_add_tcase(s, tc);
	return s;
}
