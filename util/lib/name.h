/* SPDX-License-Identifier: GPL-2.0 */
/* Guest names: which are valid, and which words are commands instead. */
#ifndef VS_NAME_H
#define VS_NAME_H

#include <stdbool.h>

#include "err.h"

/* The longest guest name, in bytes; buffers add one for the NUL. */
#define VS_NAME_MAX		64

/* Is @word a global command ("vserver WORD"), which no guest may be named? */
bool vs_is_global_command(const char *word);
/* Is @name fit for a guest?  0, or -1 with @err set saying why not. */
int vs_name_check(const char *name, struct vs_err *err);

#endif /* VS_NAME_H */
