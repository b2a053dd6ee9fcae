// SPDX-License-Identifier: GPL-2.0
/* Alone in its file so that a new VERSION only rebuilds this object. */
#include "subcommands.h"

const char vserver_version[] = VSERVER_VERSION;
