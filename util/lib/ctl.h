/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Thin wrappers over the /dev/vserver requests (include/uapi/linux/vserver.h).
 * Each returns 0 (or a count where said) or -1 with errno kept and @err set to
 * "cannot <request> context XID: <strerror>".  @fd comes from vs_ctl_open().
 */
#ifndef VS_CTL_H
#define VS_CTL_H

#include <stddef.h>
#include <stdint.h>

#include <linux/vserver.h>

#include "err.h"

struct vs_kill_step;

/* @name (may be NULL) is the guest's, for the host's log; a module before ABI 1.3 takes none. */
int vs_ctx_create(int fd, unsigned int *xid, unsigned int flags, const char *name,
		  struct vs_err *err);
int vs_ctx_migrate(int fd, unsigned int xid, unsigned int flags, struct vs_err *err);
/* Returns the number of contexts; fills up to @room ids. */
int vs_ctx_list(int fd, uint32_t *xids, size_t room, struct vs_err *err);
int vs_ctx_info(int fd, unsigned int xid, struct vs_ctx_info *info, struct vs_err *err);
int vs_ctx_set_flags(int fd, unsigned int xid, uint64_t set, uint64_t clear,
		     struct vs_err *err);
int vs_ctx_set_bcaps(int fd, unsigned int xid, uint64_t bcaps, struct vs_err *err);
int vs_ctx_run(int fd, unsigned int xid, struct vs_err *err);
int vs_ctx_remove(int fd, unsigned int xid, struct vs_err *err);
/* Returns the number of processes signalled (counted, for signal 0). */
int vs_ctx_kill(int fd, unsigned int xid, int signal, struct vs_err *err);

/* The module-counted limits (VS_CTX_LIMIT_*), ABI 1.3. */
int vs_ctx_limit_set(int fd, unsigned int xid, unsigned int resource, uint64_t max,
		     struct vs_err *err);
int vs_ctx_limit_get(int fd, unsigned int xid, unsigned int resource,
		     struct vs_ctx_limit *out, struct vs_err *err);

/*
 * A context's network addresses (VS_IOC_NET_ADDR_*), ABI 1.5: @family
 * AF_INET or AF_INET6, @addr 4 or 16 bytes.
 */
int vs_ctx_net_addr(int fd, unsigned int xid, int add, int family, const void *addr,
		    unsigned int prefix, struct vs_err *err);

/* Built on the requests above */

/* Live tasks of @xid: a count, 0 if the context is gone, -1 on error. */
int vs_ctx_tasks(int ctlfd, unsigned int xid, struct vs_err *err);
/* Wait up to @ms for @xid to have no task: 1 empty, 0 not yet, -1 error. */
int vs_ctx_wait_empty(int ctlfd, unsigned int xid, unsigned int ms, struct vs_err *err);
/* SIGKILL every task of @xid until none is left, then remove it if listed. */
int vs_ctx_terminate(int ctlfd, unsigned int xid, struct vs_err *err);
/* The length of the first wait of a kill sequence, in seconds (10 if none). */
unsigned int vs_killseq_first_wait(const struct vs_kill_step *steps, size_t n);

#endif /* VS_CTL_H */
