// SPDX-License-Identifier: GPL-2.0
#include "name.h"

#include <string.h>

#include "compiler.h"
#include "err.h"

#define STR_(x) #x
#define STR(x) STR_(x)

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_"

/*
 * The words that "vserver WORD" takes as a global command rather than as a
 * guest's name: the dispatcher's own list, so that no guest is ever
 * unreachable.
 */
static const char *const global_commands[] = {
#define GLOBAL_COMMAND(name, args, help) #name,
#include "commands.def"
#undef GLOBAL_COMMAND
};

bool vs_is_global_command(const char *word)
{
	for (size_t i = 0; i < ARRAY_SIZE(global_commands); i++)
		if (!strcmp(word, global_commands[i]))
			return true;
	return false;
}

/* @name fit for an error message: cut short, and without control bytes. */
static void printable(char buf[VS_NAME_MAX + 4], const char *name)
{
	size_t i;

	for (i = 0; i < VS_NAME_MAX && name[i]; i++)
		buf[i] = (unsigned char)name[i] < 0x20 || name[i] == 0x7f ? '?' : name[i];
	strcpy(buf + i, name[i] ? "..." : "");
}

/*
 * A guest name is 1..VS_NAME_MAX letters, digits, '.', '-' or '_', does not
 * start with '.' or '-' (no hidden directories, no options), and is not a
 * global command.  Returns 0 or -1 with @err set.
 */
int vs_name_check(const char *name, struct vs_err *err)
{
	char shown[VS_NAME_MAX + 4];
	size_t len = strlen(name);
	const char *why = NULL;

	if (!len)
		why = "it is empty";
	else if (len > VS_NAME_MAX)
		why = "it is longer than " STR(VS_NAME_MAX) " characters";
	else if (name[0] == '.' || name[0] == '-')
		why = "it must not start with '.' or '-'";
	else if (strspn(name, NAME_CHARS) != len)
		why = "only letters, digits, '.', '-' and '_' are allowed";
	else if (vs_is_global_command(name))
		why = "it is the name of a vserver command";
	if (!why)
		return 0;
	printable(shown, name);
	vs_err_set(err, "invalid guest name '%s': %s", shown, why);
	return -1;
}
