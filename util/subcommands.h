/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vserver tool's commands, one file each.
 *
 * A global command ("vserver info ...") is called with argv[0] set to
 * "vserver" (so that getopt's messages read "vserver: ...") and the command's
 * own arguments after it.  A guest command ("vserver NAME start ...") gets the
 * already validated guest name and the same kind of argument vector.
 * Both return the exit status: 0, 1 for a failure, 2 for a usage error.
 */
#ifndef SUBCOMMANDS_H
#define SUBCOMMANDS_H

extern const char vserver_version[];

void try_help(const char *command);

int info_main(int argc, char *argv[]);

#endif /* SUBCOMMANDS_H */
