/* SPDX-License-Identifier: GPL-2.0 */
/* The module's version, and whether this tool speaks its ABI. */
#ifndef VS_ABI_H
#define VS_ABI_H

#include <linux/vserver.h>

#include "err.h"

int vs_get_version(int fd, struct vs_version *ver, struct vs_err *err);
int vs_abi_check(const struct vs_version *ver, struct vs_err *err);

#endif /* VS_ABI_H */
