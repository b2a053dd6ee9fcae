/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's users and groups, from the text of its files (never through NSS). */
#ifndef VS_PWDUTILS_H
#define VS_PWDUTILS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct vs_passwd {
	char name[64];
	uid_t uid;
	gid_t gid;
	char home[256];
	char shell[256];
};

/* Find @user (a name, or a number) in passwd @text: 1 found, 0 not. */
int vs_passwd_find(const char *text, const char *user, struct vs_passwd *pw);
/*
 * The supplementary groups of @name from group @text (NULL: none), with
 * @primary first; returns how many, at most @room.
 */
size_t vs_group_list(const char *text, const char *name, gid_t primary, gid_t *groups,
		     size_t room);

/* A decimal uid or gid, nothing else: "5", not " 5", "+5" or "5x". */
bool vs_parse_id(const char *s, unsigned long *id);

#endif /* VS_PWDUTILS_H */
