// SPDX-License-Identifier: GPL-2.0
/*
 * What is hashed: the user's rules first (first match wins), then the
 * guest's dpkg conffiles, then the defaults.  Paths are the guest's view,
 * "/usr/bin/ls"; a directory that a rule excludes is not descended.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler.h"
#include "err.h"
#include "hashify.h"

/*
 * Per-guest state, kernel interfaces, and everything an administrator edits
 * (all of /etc, hence also its conffiles): sharing these between guests
 * would only turn every later write into a copy.
 */
static const char *const default_excludes[] = {
	"/dev", "/proc", "/sys", "/tmp", "/var", "/home", "/root", "/boot", "/run",
	"/lost+found", "/etc",
};

int hf_rules_add(struct hf_rules *r, const char *pattern, bool include)
{
	struct hf_rule *v, *rule;
	size_t len = strlen(pattern);

	v = realloc(r->v, (r->n + 1) * sizeof(*v));
	if (!v)
		return -1;
	r->v = v;
	rule = &v[r->n];
	rule->pattern = strdup(pattern);
	if (!rule->pattern)
		return -1;
	rule->include = include;
	rule->dir_only = len > 1 && pattern[len - 1] == '/';
	if (rule->dir_only)
		rule->pattern[len - 1] = '\0';
	rule->base = !strchr(rule->pattern, '/');
	r->n++;
	return 0;
}

/* "-PATTERN" excludes, "+PATTERN" includes, a bare PATTERN excludes, '#' comments. */
int hf_rules_read(struct hf_rules *r, const char *file, struct vs_err *err)
{
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	FILE *f;
	int ret = 0;

	f = fopen(file, "re");
	if (!f) {
		vs_err_set(err, "cannot read %s: %s", file, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &size, f)) >= 0) {
		char *p = line;

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!*p || *p == '#')
			continue;
		if ((*p == '+' || *p == '-') && p[1])
			ret = hf_rules_add(r, p + 1, *p == '+');
		else
			ret = hf_rules_add(r, p, false);
		if (ret < 0)
			break;
	}
	if (ret < 0 || ferror(f)) {
		vs_err_set(err, "cannot read %s: %s", file, strerror(errno));
		ret = -1;
	}
	free(line);
	fclose(f);
	return ret;
}

static bool rule_matches(const struct hf_rule *rule, const char *path, bool is_dir)
{
	const char *s = path;

	if (rule->dir_only && !is_dir)
		return false;
	if (rule->base) {
		s = strrchr(path, '/');
		s = s ? s + 1 : path;
	}
	return fnmatch(rule->pattern, s, 0) == 0;
}

int hf_rules_match(const struct hf_rules *r, const char *path, bool is_dir)
{
	for (size_t i = 0; r && i < r->n; i++) {
		if (rule_matches(&r->v[i], path, is_dir))
			return r->v[i].include ? HF_RULE_INCLUDE : HF_RULE_EXCLUDE;
	}
	return HF_RULE_NONE;
}

void hf_rules_free(struct hf_rules *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].pattern);
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

/*
 * dpkg writes one absolute path per line, possibly preceded by flags
 * ("remove-on-upgrade /etc/foo"); the path runs to the end of the line and
 * may contain blanks.
 */
char *hf_conffile_line(const char *line)
{
	const char *p = line;
	size_t len;

	while (*p && *p != '\n') {
		if (*p == '/' && (p == line || p[-1] == ' ' || p[-1] == '\t'))
			break;
		p++;
	}
	if (*p != '/')
		return NULL;
	len = strcspn(p, "\n");
	while (len > 1 && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
		len--;
	/* "/" alone names no file */
	return len > 1 ? strndup(p, len) : NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_conffiles(struct hf_exclude *ex, int dirfd, const char *file, size_t *cap)
{
	char *line = NULL, *path;
	size_t size = 0;
	FILE *f;
	int fd;

	/* The guest owns these files: never follow its symlinks. */
	fd = openat(dirfd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return -1;
	}
	while (getline(&line, &size, f) >= 0) {
		path = hf_conffile_line(line);
		if (!path)
			continue;
		if (ex->nconffiles == *cap) {
			char **v;

			*cap = *cap ? *cap * 2 : 64;
			v = realloc(ex->conffiles, *cap * sizeof(*v));
			if (!v) {
				free(path);
				break;
			}
			ex->conffiles = v;
		}
		ex->conffiles[ex->nconffiles++] = path;
	}
	free(line);
	fclose(f);
	return 0;
}

int hf_exclude_load(struct hf_exclude *ex, const struct hf_rules *user, int rootfd)
{
	struct dirent *d;
	size_t cap = 0;
	DIR *dir;
	int fd;

	ex->user = user;
	ex->conffiles = NULL;
	ex->nconffiles = 0;
	fd = openat(rootfd, "var/lib/dpkg/info", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return -1;
	}
	while ((d = readdir(dir))) {
		size_t len = strlen(d->d_name);

		if (len > 10 && !strcmp(d->d_name + len - 10, ".conffiles"))
			add_conffiles(ex, dirfd(dir), d->d_name, &cap);
	}
	closedir(dir);
	if (ex->nconffiles)
		qsort(ex->conffiles, ex->nconffiles, sizeof(char *), cmp_str);
	return 0;
}

bool hf_excluded(const struct hf_exclude *ex, const char *path, bool is_dir)
{
	switch (hf_rules_match(ex->user, path, is_dir)) {
	case HF_RULE_INCLUDE:
		return false;
	case HF_RULE_EXCLUDE:
		return true;
	}
	if (!is_dir && ex->nconffiles &&
	    bsearch(&path, ex->conffiles, ex->nconffiles, sizeof(char *), cmp_str))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(default_excludes); i++) {
		if (!strcmp(path, default_excludes[i]))
			return true;
	}
	return false;
}

void hf_exclude_free(struct hf_exclude *ex)
{
	for (size_t i = 0; i < ex->nconffiles; i++)
		free(ex->conffiles[i]);
	free(ex->conffiles);
	ex->conffiles = NULL;
	ex->nconffiles = 0;
}
