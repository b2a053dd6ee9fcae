// SPDX-License-Identifier: GPL-2.0
/* passwd and group, parsed from the guest's files as text. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pwdutils.h"

/* Split @line at ':' into up to @max fields; returns how many. */
static size_t split_colon(char *line, char **field, size_t max)
{
	size_t n = 0;

	line[strcspn(line, "\n")] = '\0';
	while (n < max) {
		field[n++] = line;
		line = strchr(line, ':');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

/* A decimal uid or gid, nothing else: "5", not " 5", "+5" or "5x". */
bool vs_parse_id(const char *s, unsigned long *id)
{
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*id = strtoul(s, &end, 10);
	return !*end && !errno && *id < UINT32_MAX;
}

/*
 * Iterate over the lines of @text: a copy of each in turn in *@line (freed
 * by the caller at the end); false when there is none left.
 */
static bool next_line(const char **text, char **line)
{
	const char *p = *text, *nl;
	size_t len;

	if (!*p)
		return false;
	nl = strchr(p, '\n');
	len = nl ? (size_t)(nl - p) : strlen(p);
	free(*line);
	*line = strndup(p, len);
	*text = nl ? nl + 1 : p + len;
	return *line != NULL;
}

int vs_passwd_find(const char *text, const char *user, struct vs_passwd *pw)
{
	char *line = NULL, *f[7];
	unsigned long want = 0, uid, gid;
	bool numeric = vs_parse_id(user, &want), found = false;

	while (!found && next_line(&text, &line)) {
		if (split_colon(line, f, 7) < 7 || !vs_parse_id(f[2], &uid) || !vs_parse_id(f[3], &gid))
			continue;
		/* A name wins; a number matches the uid of the first such line. */
		if (strcmp(f[0], user) && !(numeric && uid == want))
			continue;
		snprintf(pw->name, sizeof(pw->name), "%s", f[0]);
		pw->uid = (uid_t)uid;
		pw->gid = (gid_t)gid;
		snprintf(pw->home, sizeof(pw->home), "%s", *f[5] ? f[5] : "/");
		snprintf(pw->shell, sizeof(pw->shell), "%s", *f[6] ? f[6] : "/bin/sh");
		found = true;
	}
	free(line);
	return found;
}

size_t vs_group_list(const char *text, const char *name, gid_t primary, gid_t *groups,
		     size_t room)
{
	char *line = NULL, *f[4];
	unsigned long gid;
	size_t n = 0, i;

	if (!room)
		return 0;
	groups[n++] = primary;
	while (text && n < room && next_line(&text, &line)) {
		char *member, *save = NULL;

		if (split_colon(line, f, 4) < 4 || !vs_parse_id(f[2], &gid))
			continue;
		for (member = strtok_r(f[3], ",", &save); member;
		     member = strtok_r(NULL, ",", &save)) {
			if (strcmp(member, name))
				continue;
			for (i = 0; i < n && groups[i] != (gid_t)gid; i++)
				;
			if (i == n)
				groups[n++] = (gid_t)gid;
			break;
		}
	}
	free(line);
	return n;
}
