/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest syscall filter (design §8): a denylist installed in every guest
 * process by start and by exec/enter, just before the migrate into the
 * context.
 *
 * What it answers:
 *   - keyctl, add_key, request_key                          ENOSYS
 *   - clone3 (its flags sit behind a pointer)                ENOSYS
 *   - x32 calls (bit 30 and an x32 table slot)               ENOSYS, as a
 *                                                            kernel without x32
 *   - syslog, kexec_load, kexec_file_load, open_by_handle_at,
 *     init_module, finit_module, delete_module, userfaultfd,
 *     bpf, perf_event_open                                   EPERM
 *   - clone and unshare with CLONE_NEWUSER                   EPERM
 *   - setsockopt(SOL_ALG, ALG_SET_KEY_BY_KEY_SERIAL)         EPERM
 *   - any other architecture (i386, int 0x80)                kills the process
 * Everything else, including numbers no ABI has (-1 among them), goes to
 * the kernel, which answers ENOSYS itself and leaves a tracer's skipped
 * call (number set to -1) alone.
 *
 * Guests see seccomp mode 2 (PR_GET_SECCOMP, "Seccomp: 2") and may stack
 * filters of their own, or enter strict mode; neither can loosen this one.
 */
#ifndef VS_SECCOMP_H
#define VS_SECCOMP_H

#include <stddef.h>

#include <linux/filter.h>

#include "err.h"

#define VS_SECCOMP_MAX	80

/* The x32 system call numbers: __X32_SYSCALL_BIT | nr, nr below this. */
#define VS_X32_FIRST	0x40000000u
#define VS_X32_LIMIT	0x40000400u	/* 6.12's x32 table ends at 547 */

/*
 * The filter as a classic BPF program; returns its length, or 0 if @room
 * is too small.
 */
size_t vs_seccomp_program(struct sock_filter *prog, size_t room);

/*
 * Install it in the calling thread.  Without no_new_privs set, this needs
 * CAP_SYS_ADMIN, so callers install it before migrating into a context.
 */
int vs_seccomp_install(struct vs_err *err);

#endif /* VS_SECCOMP_H */
