// SPDX-License-Identifier: GPL-2.0
/* The guest syscall filter: see seccomp.h. */
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/seccomp.h>

#include "compiler.h"
#include "err.h"
#include "seccomp.h"

#ifndef SOL_ALG
#define SOL_ALG				279
#endif
#ifndef ALG_SET_KEY_BY_KEY_SERIAL
#define ALG_SET_KEY_BY_KEY_SERIAL	7	/* <linux/if_alg.h> of Linux 6.2 */
#endif

/*
 * The low 32 bits of argument @i (x86-64 is little endian).  int arguments
 * are all the kernel reads of a register: a test of the whole 64 bits
 * would let a caller slip past with junk in the upper half.
 */
#define ARG_LO(i)	(offsetof(struct seccomp_data, args[i]))

size_t vs_seccomp_program(struct sock_filter *prog, size_t room)
{
	static const struct {
		int nr;
		unsigned int ret;
	} deny[] = {
		/* Keyrings are per uid, and uid 0 is shared with the host. */
		{ SYS_keyctl, SECCOMP_RET_ERRNO | ENOSYS },
		{ SYS_add_key, SECCOMP_RET_ERRNO | ENOSYS },
		{ SYS_request_key, SECCOMP_RET_ERRNO | ENOSYS },
		/* The kernel log, whatever the host's kernel.dmesg_restrict says. */
		{ SYS_syslog, SECCOMP_RET_ERRNO | EPERM },
		/* CAP_SYS_BOOT is kept for reboot(2), which also gates kexec. */
		{ SYS_kexec_load, SECCOMP_RET_ERRNO | EPERM },
		{ SYS_kexec_file_load, SECCOMP_RET_ERRNO | EPERM },
		{ SYS_open_by_handle_at, SECCOMP_RET_ERRNO | EPERM },
		{ SYS_init_module, SECCOMP_RET_ERRNO | EPERM },
		{ SYS_finit_module, SECCOMP_RET_ERRNO | EPERM },
		{ SYS_delete_module, SECCOMP_RET_ERRNO | EPERM },
		{ SYS_userfaultfd, SECCOMP_RET_ERRNO | EPERM },
		{ SYS_bpf, SECCOMP_RET_ERRNO | EPERM },
		{ SYS_perf_event_open, SECCOMP_RET_ERRNO | EPERM },
		/* Its flags sit behind a pointer; libc falls back to clone(2). */
		{ SYS_clone3, SECCOMP_RET_ERRNO | ENOSYS },
	};
	static const int flags_in_arg0[] = { SYS_clone, SYS_unshare };
	size_t n = 0, i;

#define EMIT(stmt) do { if (n + 1 > room) return 0; prog[n++] = (struct sock_filter)stmt; } while (0)
	EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
	EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
	EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
	EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
	/*
	 * x32 calls share the arch and reach the x86-64 table with bit 30
	 * set, past every number below: answer them all as a kernel without
	 * x32 does.  Numbers no ABI has (-1, which a tracer writes to skip a
	 * call) go to the kernel, whose ENOSYS keeps the tracer's result.
	 */
	EMIT(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, VS_X32_FIRST, 0, 3));
	EMIT(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, VS_X32_LIMIT, 1, 0));
	EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS));
	EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	for (i = 0; i < ARRAY_SIZE(deny); i++) {
		EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)deny[i].nr, 0, 1));
		EMIT(BPF_STMT(BPF_RET | BPF_K, deny[i].ret));
	}
	/* New user namespaces: nr is clone or unshare, and arg0 has CLONE_NEWUSER. */
	for (i = 0; i < ARRAY_SIZE(flags_in_arg0); i++) {
		EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)flags_in_arg0[i], 0, 4));
		EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)));
		EMIT(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, 0, 1));
		EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM));
		EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	}
	/*
	 * AF_ALG would take a key of the caller's keyrings by serial, and
	 * keyrings are per uid: guest root would use the host root's keys.
	 * level and optname are ints, so only their low halves count.
	 */
	EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_setsockopt, 0, 6));
	EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(1)));
	EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SOL_ALG, 0, 3));
	EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)));
	EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ALG_SET_KEY_BY_KEY_SERIAL, 0, 1));
	EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM));
	EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
#undef EMIT
	return n;
}

int vs_seccomp_install(struct vs_err *err)
{
	struct sock_filter filter[VS_SECCOMP_MAX];
	struct sock_fprog prog = { .filter = filter };

	prog.len = (unsigned short)vs_seccomp_program(filter, ARRAY_SIZE(filter));
	if (!prog.len) {
		vs_err_set(err, "cannot build the seccomp filter: %s", strerror(ENOSPC));
		return -1;
	}
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
		vs_err_set(err, "cannot install the seccomp filter: %s", strerror(errno));
		return -1;
	}
	return 0;
}
