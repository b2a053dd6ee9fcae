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

#include "libvserver.h"

int vs_ctx_create(int fd, unsigned int *xid, unsigned int flags, struct vs_err *err);
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

#endif /* VS_CTL_H */
