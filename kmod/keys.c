// SPDX-License-Identifier: GPL-2.0
/*
 * Keys.
 *
 * The kernel checks keys by uid, and guest root is uid 0: root's user
 * keyring and every key host root owns would pass for it, through keyctl,
 * /proc/keys or AF_ALG's ALG_SET_KEY_BY_KEY_SERIAL.  Contexts have no key
 * management of their own, so they get no key at all, as Linux-VServer
 * guests had none; the tools' seccomp filter refuses the key calls too.
 */

#include <linux/errno.h>

#include "internal.h"

int vs_keys_permission(const struct key *key)
{
	return -EACCES;
}
