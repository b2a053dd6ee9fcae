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

#include <stdbool.h>

extern const char vserver_version[];

/*
 * cmd.c: the dispatcher names the command it runs ("vserver web kill"), and
 * try_help() points at that command's --help.
 */
void cmd_begin(const char *guest, const char *command);
void try_help(void);
bool extra_args(int argc, char *argv[]);
int parse_help_only(const char *cmd, void (*usage)(const char *cmd), int argc, char *argv[]);

int info_main(int argc, char *argv[]);
int list_main(int argc, char *argv[]);

int build_main(const char *guest, int argc, char *argv[]);
int delete_main(const char *guest, int argc, char *argv[]);
int start_main(const char *guest, int argc, char *argv[]);
int stop_main(const char *guest, int argc, char *argv[]);
int restart_main(const char *guest, int argc, char *argv[]);
int status_main(const char *guest, int argc, char *argv[]);
int running_main(const char *guest, int argc, char *argv[]);
int enter_main(const char *guest, int argc, char *argv[]);
int exec_main(const char *guest, int argc, char *argv[]);
int suexec_main(const char *guest, int argc, char *argv[]);
int kill_main(const char *guest, int argc, char *argv[]);
int limit_main(const char *guest, int argc, char *argv[]);
int ip_main(const char *guest, int argc, char *argv[]);
int hashify_main(const char *guest, int argc, char *argv[]);
int enable_main(const char *guest, int argc, char *argv[]);
int disable_main(const char *guest, int argc, char *argv[]);

/* pid 1 of a sysv-style guest: the binary run as "vserver-init" (init.c). */
int vserver_init_main(int argc, char *argv[]);

#endif /* SUBCOMMANDS_H */
