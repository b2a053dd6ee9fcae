/* SPDX-License-Identifier: GPL-2.0 */
/* A debootstrapped Debian made into a guest (build -m debootstrap). */
#ifndef VS_DEBIAN_H
#define VS_DEBIAN_H

#include "err.h"

/*
 * Make the Debian tree @root boot as a guest with no manual step: an
 * /etc/fstab with no mounts (vserver mounts), an empty /etc/machine-id if
 * there was one (systemd makes the guest's own), pam_loginuid optional in
 * every /etc/pam.d file (guests lack CAP_AUDIT_CONTROL), and with
 * sysvinit an inittab without consoles, no rc links of the scripts that
 * need hardware or capabilities guests lack, and NETDOWN=no for halt;
 * with systemd, the units that need them masked.
 * Writes resolve paths inside @root.  0, or -1 with @err set.
 */
int vs_debian_prepare(const char *root, struct vs_err *err);

/*
 * Rewrite the "session required pam_loginuid.so" lines of the PAM file
 * text *@text (replaced with a new string) as optional: the count, or -1.
 */
int vs_debian_pam_loginuid(char **text);

#endif /* VS_DEBIAN_H */
