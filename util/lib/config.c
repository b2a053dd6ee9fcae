// SPDX-License-Identifier: GPL-2.0
/*
 * Guest configuration (config.h): one small file per setting, read with
 * defaults filled in.  Every malformed setting is reported as
 * "cannot read FILE:LINE: reason" so that the user can go straight to it.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/vserver.h>

#include "compiler.h"
#include "config.h"
#include "err.h"
#include "name.h"

/*
 * snprintf() for paths; a path longer than PATH_MAX is cut short, and then
 * fails to open with a message that shows it.  Returns -1 if cut.
 */
static int pathf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int pathf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static const char *env_or(const char *var, const char *def)
{
	const char *v = getenv(var);

	return v && *v ? v : def;
}

const char *vs_confdir(void)
{
	return env_or("VSERVER_CONFDIR", VS_CONFDIR_DEFAULT);
}

const char *vs_rootdir(void)
{
	return env_or("VSERVER_ROOTDIR", VS_ROOTDIR_DEFAULT);
}

const char *vs_rundir(void)
{
	return env_or("VSERVER_RUNDIR", VS_RUNDIR_DEFAULT);
}

/* Capabilities 0..CAP_LAST_CAP of Linux 6.12, without the "CAP_" prefix. */
static const char *const cap_names[] = {
	"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
	"KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE",
	"NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK",
	"IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE",
	"SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE",
	"SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE",
	"AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
	"WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
	"CHECKPOINT_RESTORE",
};

int vs_cap_from_name(const char *name)
{
	if (!strncasecmp(name, "CAP_", 4))
		name += 4;
	for (size_t i = 0; i < ARRAY_SIZE(cap_names); i++)
		if (!strcasecmp(name, cap_names[i]))
			return (int)i;
	return -1;
}

const char *vs_cap_name(int cap)
{
	if (cap < 0 || (size_t)cap >= ARRAY_SIZE(cap_names))
		return NULL;
	return cap_names[cap];
}

int vs_signal_from_name(const char *name)
{
	if (isdigit((unsigned char)*name)) {
		char *end;
		long n;

		errno = 0;
		n = strtol(name, &end, 10);
		if (*end || errno || n < 1 || n > SIGRTMAX)
			return -1;
		return (int)n;
	}
	if (!strncasecmp(name, "SIG", 3))
		name += 3;
	/*
	 * Real-time signals as kill(1) names them: RTMIN, RTMIN+N, RTMAX-N,
	 * RTMAX (systemd stops on RTMIN+3).
	 */
	if (!strncasecmp(name, "RTMIN", 5) || !strncasecmp(name, "RTMAX", 5)) {
		bool max = toupper((unsigned char)name[3]) == 'A';
		const char *rest = name + 5;
		char *end;
		long n;

		if (!*rest)
			return max ? SIGRTMAX : SIGRTMIN;
		if (*rest != (max ? '-' : '+') || !isdigit((unsigned char)rest[1]))
			return -1;
		errno = 0;
		n = strtol(rest + 1, &end, 10);
		if (*end || errno || n > SIGRTMAX - SIGRTMIN)
			return -1;
		return max ? SIGRTMAX - (int)n : SIGRTMIN + (int)n;
	}
	/* sigabbrev_np() knows the others. */
	for (int sig = 1; sig < SIGRTMIN; sig++) {
		const char *abbrev = sigabbrev_np(sig);

		if (abbrev && !strcasecmp(name, abbrev))
			return sig;
	}
	return -1;
}

/* Trim blanks at both ends of @s in place; returns the start. */
static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return s;
}

/*
 * Call @fn for each meaningful line of @path (trimmed; no empty or '#'
 * lines).  @fn returns 0, or -1 with a reason in @why, which becomes
 * "cannot read PATH:LINE: why".  Returns 0, or -1 with @err set.
 */
typedef int (*line_fn)(char *line, void *arg, char *why, size_t size);

static int for_each_line(const char *path, line_fn fn, void *arg, struct vs_err *err)
{
	char why[256], *line = NULL;
	unsigned int lineno = 0;
	size_t size = 0;
	int ret = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		vs_err_set(err, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &size, f) != -1) {
		char *s = trim(line);

		lineno++;
		if (!*s || *s == '#')
			continue;
		why[0] = '\0';
		if (fn(s, arg, why, sizeof(why)) < 0) {
			vs_err_set(err, "cannot read %s:%u: %s", path, lineno, why);
			ret = -1;
			break;
		}
	}
	if (!ret && ferror(f)) {
		vs_err_set(err, "cannot read %s: %s", path, strerror(errno));
		ret = -1;
	}
	free(line);
	fclose(f);
	return ret;
}

/* bcapabilities */

static int bcaps_line(char *line, void *arg, char *why, size_t size)
{
	uint64_t *bcaps = arg;
	bool clear = *line == '!';
	int cap;

	if (clear)
		line = trim(line + 1);
	cap = vs_cap_from_name(line);
	if (cap < 0) {
		snprintf(why, size, "unknown capability '%s'", line);
		return -1;
	}
	/* The guest's /dev is a tmpfs that must allow devices. */
	if (cap == CAP_MKNOD && !clear) {
		snprintf(why, size, "CAP_MKNOD is refused: guest root could make a device node "
			 "of a host disk in its /dev");
		return -1;
	}
	if (clear)
		*bcaps &= ~(1ULL << cap);
	else
		*bcaps |= 1ULL << cap;
	return 0;
}

/* *@bcaps (the style's default set) with the lines of @path applied. */
int vs_parse_bcaps(const char *path, uint64_t *bcaps, struct vs_err *err)
{
	uint64_t set = *bcaps;

	if (for_each_line(path, bcaps_line, &set, err) < 0)
		return -1;
	*bcaps = set;
	return 0;
}

/* fstab */

struct mounts {
	struct vs_mount *v;
	size_t n;
};

/* fstab(5) writes blanks in fields as octal escapes: "\040" is a space. */
static char *unescape(const char *field)
{
	char *out = malloc(strlen(field) + 1), *o = out;

	if (!out)
		return NULL;
	while (*field) {
		if (field[0] == '\\' && field[1] >= '0' && field[1] <= '3' &&
		    field[2] >= '0' && field[2] <= '7' && field[3] >= '0' && field[3] <= '7') {
			*o++ = (char)((field[1] - '0') * 64 + (field[2] - '0') * 8 + (field[3] - '0'));
			field += 4;
		} else {
			*o++ = *field++;
		}
	}
	*o = '\0';
	return out;
}

static void mount_free(struct vs_mount *m)
{
	free(m->source);
	free(m->target);
	free(m->fstype);
	free(m->options);
}

void vs_mounts_free(struct vs_mount *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mount_free(&v[i]);
	free(v);
}

/*
 * What a guest may mount: instances scoped by its own namespaces, and
 * memory file systems.  Global ones (binfmt_misc, cgroup v1 with its
 * release_agent, debugfs, tracefs, configfs, securityfs, pstore, ...)
 * would give guest root the host's kernel; disk and network file systems
 * are mounted on the host and bound in.
 */
static const char *const guest_fstypes[] = {
	"proc", "sysfs", "tmpfs", "ramfs", "devpts", "mqueue",
};

/* Does the comma-separated @options hold @opt as a word? */
static bool has_word(const char *options, const char *opt)
{
	size_t len = strlen(opt);

	for (const char *p = options; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
		if (strcspn(p, ",") == len && !strncmp(p, opt, len))
			return true;
	}
	return false;
}

bool vs_fstype_allowed(const char *fstype, const char *options)
{
	/* A bind mount takes no type: its source is a host path the operator chose. */
	if (has_word(options, "bind") || has_word(options, "rbind"))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(guest_fstypes); i++)
		if (!strcmp(fstype, guest_fstypes[i]))
			return true;
	return false;
}

static int fstab_line(char *line, void *arg, char *why, size_t size)
{
	struct mounts *ms = arg;
	char *field[7], *save = NULL, *tok;
	struct vs_mount m = { 0 }, *v;
	int n = 0;

	for (tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (n == 6) {
			snprintf(why, size, "too many fields (at most 6)");
			return -1;
		}
		field[n++] = tok;
	}
	if (n < 3) {
		snprintf(why, size, "expected SOURCE TARGET TYPE [OPTIONS [DUMP [PASS]]]");
		return -1;
	}
	if (field[1][0] != '/') {
		snprintf(why, size, "target '%s' is not an absolute path in the guest", field[1]);
		return -1;
	}
	m.source = unescape(field[0]);
	m.target = unescape(field[1]);
	m.fstype = unescape(field[2]);
	m.options = unescape(n > 3 ? field[3] : "defaults");
	if (!m.source || !m.target || !m.fstype || !m.options)
		goto nomem;
	if (!vs_fstype_allowed(m.fstype, m.options)) {
		snprintf(why, size, "file system type '%.64s' is not allowed in a guest (allowed: "
			 "proc, sysfs, tmpfs, ramfs, devpts, mqueue, and bind mounts)", m.fstype);
		mount_free(&m);
		return -1;
	}
	v = realloc(ms->v, (ms->n + 1) * sizeof(*v));
	if (!v)
		goto nomem;
	ms->v = v;
	v[ms->n++] = m;
	return 0;
nomem:
	mount_free(&m);
	snprintf(why, size, "%s", strerror(ENOMEM));
	return -1;
}

int vs_parse_fstab(const char *path, struct vs_mount **mounts, size_t *n,
		   struct vs_err *err)
{
	struct mounts ms = { NULL, 0 };

	if (for_each_line(path, fstab_line, &ms, err) < 0) {
		vs_mounts_free(ms.v, ms.n);
		return -1;
	}
	*mounts = ms.v;
	*n = ms.n;
	return 0;
}

/* The mounts of a guest without an fstab. */
static const struct {
	const char *source, *target, *fstype, *options;
} default_mounts[] = {
	{ "proc", "/proc", "proc", "defaults" },
	{ "devpts", "/dev/pts", "devpts", "gid=5,mode=620" },
	{ "none", "/tmp", "tmpfs", "size=64m,mode=1777" },
};

static int default_fstab(struct vs_mount **mounts, size_t *n)
{
	size_t count = ARRAY_SIZE(default_mounts);
	struct vs_mount *v = calloc(count, sizeof(*v));

	if (!v)
		return -1;
	for (size_t i = 0; i < count; i++) {
		v[i].source = strdup(default_mounts[i].source);
		v[i].target = strdup(default_mounts[i].target);
		v[i].fstype = strdup(default_mounts[i].fstype);
		v[i].options = strdup(default_mounts[i].options);
		if (!v[i].source || !v[i].target || !v[i].fstype || !v[i].options) {
			vs_mounts_free(v, count);
			return -1;
		}
	}
	*mounts = v;
	*n = count;
	return 0;
}

/* killseq */

/* "SIG WAIT SIG WAIT ... SIG": signals and waits alternate, a signal first. */
static int killseq_parse(const char *text, struct vs_kill_step **steps, size_t *n,
			 char *why, size_t size)
{
	char *copy = strdup(text), *save = NULL, *tok;
	struct vs_kill_step *v = NULL, *nv;
	size_t count = 0;

	if (!copy) {
		snprintf(why, size, "%s", strerror(ENOMEM));
		return -1;
	}
	for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		struct vs_kill_step step = { 0, 0 };

		if (count % 2 == 0) {
			step.signal = vs_signal_from_name(tok);
			if (step.signal < 0) {
				snprintf(why, size, "'%s' is not a signal", tok);
				goto fail;
			}
		} else {
			char *end;
			unsigned long s;

			errno = 0;
			s = strtoul(tok, &end, 10);
			if (!isdigit((unsigned char)*tok) || *end || errno || s > 86400) {
				snprintf(why, size, "'%s' is not a wait in seconds (0..86400)", tok);
				goto fail;
			}
			step.wait_s = (unsigned int)s;
		}
		nv = realloc(v, (count + 1) * sizeof(*v));
		if (!nv) {
			snprintf(why, size, "%s", strerror(ENOMEM));
			goto fail;
		}
		v = nv;
		v[count++] = step;
	}
	if (!count) {
		snprintf(why, size, "it is empty (expected signals and waits, like \"TERM 10 KILL\")");
		goto fail;
	}
	free(copy);
	*steps = v;
	*n = count;
	return 0;
fail:
	free(copy);
	free(v);
	return -1;
}

int vs_parse_killseq(const char *text, struct vs_kill_step **steps, size_t *n,
		     struct vs_err *err)
{
	char why[256];

	if (killseq_parse(text, steps, n, why, sizeof(why)) < 0) {
		vs_err_set(err, "invalid kill sequence '%.64s': %s", text, why);
		return -1;
	}
	return 0;
}

/* Loading a guest */

/*
 * The file holding setting @rel for @g: the guest's own, else the one in
 * .defaults.  Returns 1 and fills @path, or 0 if neither exists.
 */
static int setting_path(const struct vs_guest *g, const char *rel, char *path, size_t size)
{
	struct stat st;

	pathf(path, size, "%s/%s", g->confdir, rel);
	if (lstat(path, &st) == 0)
		return 1;
	pathf(path, size, "%s/.defaults/%s", vs_confdir(), rel);
	return lstat(path, &st) == 0;
}

/* A setting of one meaningful line. */
struct one_line {
	char *value;
};

static int one_line(char *line, void *arg, char *why, size_t size)
{
	struct one_line *ol = arg;

	if (ol->value) {
		snprintf(why, size, "expected a single line");
		return -1;
	}
	ol->value = strdup(line);
	if (!ol->value) {
		snprintf(why, size, "%s", strerror(ENOMEM));
		return -1;
	}
	return 0;
}

/*
 * Read the single-line setting @rel.  Returns 1 with a malloc'd *@value,
 * 0 if the setting is absent, -1 with @err set.  An existing file without
 * a value is an error naming its first line.
 */
static int read_value(const struct vs_guest *g, const char *rel, char **value,
		      char *path, size_t size, struct vs_err *err)
{
	struct one_line ol = { NULL };

	if (!setting_path(g, rel, path, size))
		return 0;
	if (for_each_line(path, one_line, &ol, err) < 0) {
		free(ol.value);
		return -1;
	}
	if (!ol.value) {
		vs_err_set(err, "cannot read %s:1: it is empty", path);
		return -1;
	}
	*value = ol.value;
	return 1;
}

static int load_xid(struct vs_guest *g, struct vs_err *err)
{
	char path[PATH_MAX], *value = NULL, *end;
	unsigned long xid;
	int ret;

	/* A context id in .defaults would give every guest the same one. */
	pathf(path, sizeof(path), "%s/context", g->confdir);
	if (access(path, F_OK) < 0)
		return 0;
	ret = read_value(g, "context", &value, path, sizeof(path), err);
	if (ret <= 0)
		return ret;
	errno = 0;
	xid = strtoul(value, &end, 10);
	if (!isdigit((unsigned char)*value) || *end || errno || xid < 2 ||
	    xid > VS_XID_STATIC_MAX) {
		vs_err_set(err, "cannot read %s:1: '%.32s' is not a context id (2..%u)",
			   path, value, VS_XID_STATIC_MAX);
		free(value);
		return -1;
	}
	free(value);
	g->xid = (unsigned int)xid;
	return 0;
}

/* vdir: a symlink to the root, or a file holding its path. */
static int load_root(struct vs_guest *g, struct vs_err *err)
{
	char path[PATH_MAX], target[PATH_MAX], *value = NULL;
	struct stat st;
	size_t len;
	ssize_t n;

	pathf(path, sizeof(path), "%s/vdir", g->confdir);
	if (lstat(path, &st) < 0) {
		pathf(g->root, sizeof(g->root), "%s/%s", vs_rootdir(), g->name);
	} else if (S_ISLNK(st.st_mode)) {
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0) {
			vs_err_set(err, "cannot read %s: %s", path, strerror(errno));
			return -1;
		}
		target[n] = '\0';
		if (target[0] == '/')
			pathf(g->root, sizeof(g->root), "%s", target);
		else	/* relative to the directory holding the link */
			pathf(g->root, sizeof(g->root), "%s/%s", g->confdir, target);
	} else {
		if (read_value(g, "vdir", &value, path, sizeof(path), err) < 0)
			return -1;
		if (value[0] != '/') {
			vs_err_set(err, "cannot read %s:1: '%.64s' is not an absolute path",
				   path, value);
			free(value);
			return -1;
		}
		pathf(g->root, sizeof(g->root), "%s", value);
		free(value);
	}
	len = strlen(g->root);
	while (len > 1 && g->root[len - 1] == '/')
		g->root[--len] = '\0';
	if (g->root[0] != '/') {
		vs_err_set(err, "cannot use %s: the guest root '%s' is not an absolute path",
			   path, g->root);
		return -1;
	}
	return 0;
}

int vs_guest_root(const char *name, char *root, size_t size, struct vs_err *err)
{
	struct vs_guest *g = calloc(1, sizeof(*g));
	int ret = -1;

	if (!g) {
		vs_err_set(err, "cannot find guest %s: %s", name, strerror(ENOMEM));
		return -1;
	}
	if (vs_name_check(name, err) < 0)
		goto out;
	snprintf(g->name, sizeof(g->name), "%s", name);
	if (pathf(g->confdir, sizeof(g->confdir), "%s/%s", vs_confdir(), name) < 0) {
		vs_err_set(err, "cannot find guest %s: %s", name, strerror(ENAMETOOLONG));
		goto out;
	}
	if (load_root(g, err) < 0)
		goto out;
	if (pathf(root, size, "%s", g->root) < 0) {
		vs_err_set(err, "cannot find guest %s: %s", name, strerror(ENAMETOOLONG));
		goto out;
	}
	ret = 0;
out:
	free(g);
	return ret;
}

static int load_nodename(struct vs_guest *g, struct vs_err *err)
{
	char path[PATH_MAX], *value = NULL;
	int ret;

	/* Like context, the hostname is the guest's own. */
	pathf(path, sizeof(path), "%s/uts/nodename", g->confdir);
	if (access(path, F_OK) < 0) {
		snprintf(g->nodename, sizeof(g->nodename), "%s", g->name);
		return 0;
	}
	ret = read_value(g, "uts/nodename", &value, path, sizeof(path), err);
	if (ret < 0)
		return -1;
	if (strlen(value) > VS_NODENAME_MAX) {
		vs_err_set(err, "cannot read %s:1: the host name is longer than %d characters",
			   path, VS_NODENAME_MAX);
		free(value);
		return -1;
	}
	snprintf(g->nodename, sizeof(g->nodename), "%s", value);
	free(value);
	return 0;
}

/* The flags a guest's flags file may name. */
static const struct {
	const char *name;
	uint64_t flag;
} ctx_flag_names[] = {
	{ "persistent", VS_CTX_FLAG_PERSISTENT },
	{ "virt_mem", VS_CTX_FLAG_VIRT_MEM },
	{ "virt_load", VS_CTX_FLAG_VIRT_LOAD },
	{ "virt_cpu", VS_CTX_FLAG_VIRT_CPU },
	/* The tools' own: its network namespace (netns.c), no context flag. */
	{ "netns", 0 },
};

struct flags_arg {
	uint64_t ctx_flags;
	bool netns;
};

static int flags_line(char *line, void *arg, char *why, size_t size)
{
	struct flags_arg *flags = arg;
	bool clear = *line == '!';
	size_t i;

	if (clear)
		line = trim(line + 1);
	for (i = 0; i < ARRAY_SIZE(ctx_flag_names); i++)
		if (!strcasecmp(line, ctx_flag_names[i].name))
			break;
	if (i == ARRAY_SIZE(ctx_flag_names)) {
		snprintf(why, size, "unknown flag '%s' (known: persistent, virt_mem, virt_load, "
			 "virt_cpu, netns)", line);
		return -1;
	}
	if (!ctx_flag_names[i].flag)
		flags->netns = !clear;
	else if (clear)
		flags->ctx_flags &= ~ctx_flag_names[i].flag;
	else
		flags->ctx_flags |= ctx_flag_names[i].flag;
	return 0;
}

static int load_init(struct vs_guest *g, struct vs_err *err)
{
	char path[PATH_MAX], *value = NULL;
	int ret;

	g->init_style = VS_INIT_PLAIN;
	ret = read_value(g, "apps/init/style", &value, path, sizeof(path), err);
	if (ret < 0)
		return -1;
	if (ret) {
		if (!strcmp(value, "sysv")) {
			g->init_style = VS_INIT_SYSV;
		} else if (!strcmp(value, "systemd")) {
			g->init_style = VS_INIT_SYSTEMD;
		} else if (strcmp(value, "plain")) {
			vs_err_set(err, "cannot read %s:1: unknown init style '%.32s' "
				   "(known: plain, sysv, systemd)", path, value);
			free(value);
			return -1;
		}
		free(value);
	}

	snprintf(g->runlevel, sizeof(g->runlevel), "3");
	ret = read_value(g, "apps/init/runlevel", &value, path, sizeof(path), err);
	if (ret < 0)
		return -1;
	if (ret) {
		size_t len = strlen(value);
		bool ok = len < sizeof(g->runlevel);

		for (size_t i = 0; ok && i < len; i++)
			ok = isalnum((unsigned char)value[i]);
		if (!ok) {
			vs_err_set(err, "cannot read %s:1: '%.32s' is not a runlevel", path, value);
			free(value);
			return -1;
		}
		snprintf(g->runlevel, sizeof(g->runlevel), "%s", value);
		free(value);
	}
	return 0;
}

/* cmd.start: words separated by blanks, over one or more lines; '…' and "…" quote. */
struct words {
	char **v;
	size_t n;
};

static int words_add(struct words *w, const char *s, size_t len)
{
	char **nv = realloc(w->v, (w->n + 2) * sizeof(*nv));

	if (!nv)
		return -1;
	w->v = nv;
	w->v[w->n] = strndup(s, len);
	if (!w->v[w->n])
		return -1;
	w->v[++w->n] = NULL;
	return 0;
}

static int words_line(char *line, void *arg, char *why, size_t size)
{
	struct words *w = arg;
	char *p = line, *word = malloc(strlen(line) + 1);

	if (!word) {
		snprintf(why, size, "%s", strerror(ENOMEM));
		return -1;
	}
	while (*p) {
		size_t len = 0;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		while (*p && !isspace((unsigned char)*p)) {
			if (*p == '\'' || *p == '"') {
				char *close = strchr(p + 1, *p);

				if (!close) {
					snprintf(why, size, "unterminated quote %c", *p);
					free(word);
					return -1;
				}
				memcpy(word + len, p + 1, close - p - 1);
				len += close - p - 1;
				p = close + 1;
			} else {
				word[len++] = *p++;
			}
		}
		if (words_add(w, word, len) < 0) {
			snprintf(why, size, "%s", strerror(ENOMEM));
			free(word);
			return -1;
		}
	}
	free(word);
	return 0;
}

static void argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **a = argv; *a; a++)
		free(*a);
	free(argv);
}

/* A command line setting (apps/init/cmd.*): its words, or @fallback alone. */
static int load_cmd(struct vs_guest *g, const char *setting, const char *fallback,
		    char ***argv, struct vs_err *err)
{
	struct words w = { NULL, 0 };
	char path[PATH_MAX];

	if (setting_path(g, setting, path, sizeof(path))) {
		if (for_each_line(path, words_line, &w, err) < 0) {
			argv_free(w.v);
			return -1;
		}
		if (!w.n) {
			vs_err_set(err, "cannot read %s:1: it is empty", path);
			argv_free(w.v);
			return -1;
		}
	} else if (words_add(&w, fallback, strlen(fallback)) < 0) {
		argv_free(w.v);
		vs_err_set(err, "cannot load guest %s: %s", g->name, strerror(ENOMEM));
		return -1;
	}
	*argv = w.v;
	return 0;
}

/* killseq: the words of all its lines, so that a sequence may be split. */
static int load_killseq(struct vs_guest *g, struct vs_err *err)
{
	struct words w = { NULL, 0 };
	char path[PATH_MAX], why[256];
	size_t len = 0;
	char *text;
	int ret;

	/* systemd gets its own default stop timeout's worth before the TERM. */
	if (!setting_path(g, "apps/init/killseq", path, sizeof(path)))
		return killseq_parse(g->init_style == VS_INIT_SYSTEMD ? "TERM 30 KILL" :
				     "TERM 10 KILL", &g->killseq, &g->nkillseq, why,
				     sizeof(why)) < 0 ? (vs_err_set(err, "%s", why), -1) : 0;
	if (for_each_line(path, words_line, &w, err) < 0) {
		argv_free(w.v);
		return -1;
	}
	for (size_t i = 0; i < w.n; i++)
		len += strlen(w.v[i]) + 1;
	text = calloc(1, len + 1);
	if (!text) {
		argv_free(w.v);
		vs_err_set(err, "cannot read %s: %s", path, strerror(ENOMEM));
		return -1;
	}
	for (size_t i = 0; i < w.n; i++) {
		strcat(text, w.v[i]);
		strcat(text, " ");
	}
	argv_free(w.v);
	ret = killseq_parse(text, &g->killseq, &g->nkillseq, why, sizeof(why));
	free(text);
	if (ret < 0)
		vs_err_set(err, "cannot read %s:1: %s", path, why);
	return ret;
}

/*
 * apps/init/mark and apps/init/depends, util-vserver's way of starting
 * guests at boot: the mark "default" (other marks name groups this tool
 * does not start), and the guests to start first, by name.
 */
static int load_boot(struct vs_guest *g, struct vs_err *err)
{
	struct words w = { NULL, 0 };
	char path[PATH_MAX], *value = NULL;
	int ret;

	ret = read_value(g, "apps/init/mark", &value, path, sizeof(path), err);
	if (ret < 0)
		return -1;
	g->at_boot = ret && !strcmp(value, VS_BOOT_MARK);
	free(value);
	if (!setting_path(g, "apps/init/depends", path, sizeof(path)))
		return 0;
	if (for_each_line(path, words_line, &w, err) < 0) {
		argv_free(w.v);
		return -1;
	}
	for (size_t i = 0; i < w.n; i++) {
		struct vs_err why = { .msg = "" };

		if (vs_name_check(w.v[i], &why) < 0) {
			vs_err_set(err, "cannot read %s: %s", path, why.msg);
			argv_free(w.v);
			return -1;
		}
		if (!strcmp(w.v[i], g->name)) {
			vs_err_set(err, "cannot read %s: guest %s cannot depend on itself", path,
				   g->name);
			argv_free(w.v);
			return -1;
		}
	}
	g->depends = w.v;
	g->ndepends = w.n;
	return 0;
}

int vs_guest_load(const char *name, struct vs_guest *guest, struct vs_err *err)
{
	char path[PATH_MAX];
	struct stat st;

	memset(guest, 0, sizeof(*guest));
	if (vs_name_check(name, err) < 0)
		return -1;
	snprintf(guest->name, sizeof(guest->name), "%s", name);
	if (pathf(guest->confdir, sizeof(guest->confdir), "%s/%s", vs_confdir(), name) < 0) {
		vs_err_set(err, "cannot find guest %s: %s", name, strerror(ENAMETOOLONG));
		return -1;
	}
	if (stat(guest->confdir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		vs_err_set(err, "cannot find guest %s: no directory %s", name, guest->confdir);
		return -1;
	}

	guest->ctx_flags = VS_CTX_FLAGS_DEFAULT;
	if (load_xid(guest, err) < 0 || load_root(guest, err) < 0 ||
	    load_nodename(guest, err) < 0 || load_init(guest, err) < 0)
		goto fail;
	/*
	 * systemd narrows its services' bounding sets, which takes
	 * CAP_SETPCAP; within the context's set it only ever lowers sets.
	 */
	guest->bcaps = VS_BCAPS_DEFAULT;
	if (guest->init_style == VS_INIT_SYSTEMD)
		guest->bcaps |= 1ULL << CAP_SETPCAP;
	if (setting_path(guest, "bcapabilities", path, sizeof(path)) &&
	    vs_parse_bcaps(path, &guest->bcaps, err) < 0)
		goto fail;
	if (setting_path(guest, "flags", path, sizeof(path))) {
		struct flags_arg flags = { .ctx_flags = guest->ctx_flags };

		if (for_each_line(path, flags_line, &flags, err) < 0)
			goto fail;
		guest->ctx_flags = flags.ctx_flags;
		guest->netns = flags.netns;
	}
	if (setting_path(guest, "fstab", path, sizeof(path))) {
		if (vs_parse_fstab(path, &guest->mounts, &guest->nmounts, err) < 0)
			goto fail;
	} else if (default_fstab(&guest->mounts, &guest->nmounts) < 0) {
		vs_err_set(err, "cannot load guest %s: %s", name, strerror(ENOMEM));
		goto fail;
	}
	if (load_cmd(guest, "apps/init/cmd.start", guest->init_style == VS_INIT_SYSTEMD ?
		     VS_SYSTEMD_PATH : "/sbin/init", &guest->init_argv, err) < 0 ||
	    load_boot(guest, err) < 0 ||
	    load_cmd(guest, "apps/init/cmd.stop", "/sbin/halt", &guest->stop_argv, err) < 0 ||
	    load_killseq(guest, err) < 0)
		goto fail;
	return 0;
fail:
	vs_guest_free(guest);
	return -1;
}

void vs_guest_free(struct vs_guest *guest)
{
	argv_free(guest->init_argv);
	guest->init_argv = NULL;
	argv_free(guest->stop_argv);
	guest->stop_argv = NULL;
	argv_free(guest->depends);
	guest->depends = NULL;
	guest->ndepends = 0;
	vs_mounts_free(guest->mounts, guest->nmounts);
	guest->mounts = NULL;
	guest->nmounts = 0;
	free(guest->killseq);
	guest->killseq = NULL;
	guest->nkillseq = 0;
}

/* The static xid in @dir/context, or 0 if absent or malformed. */
static unsigned int read_static_xid(const char *path)
{
	char buf[32], *s, *end;
	unsigned long xid;
	size_t n;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return 0;
	/* The first meaningful line; comments before it are allowed. */
	for (;;) {
		if (!fgets(buf, sizeof(buf), f)) {
			fclose(f);
			return 0;
		}
		s = trim(buf);
		if (*s && *s != '#')
			break;
	}
	fclose(f);
	n = strlen(s);
	if (!n || !isdigit((unsigned char)*s))
		return 0;
	xid = strtoul(s, &end, 10);
	if (*end || xid < 2 || xid > VS_XID_STATIC_MAX)
		return 0;
	return (unsigned int)xid;
}

int vs_guest_by_xid(unsigned int xid, char *name, size_t size, struct vs_err *err)
{
	const char *confdir = vs_confdir();
	struct dirent *de;
	DIR *dir;
	int found = 0;

	dir = opendir(confdir);
	if (!dir) {
		if (errno == ENOENT)
			return 0;
		vs_err_set(err, "cannot read %s: %s", confdir, strerror(errno));
		return -1;
	}
	while (!found && (de = readdir(dir))) {
		char path[PATH_MAX];

		if (de->d_name[0] == '.')
			continue;
		pathf(path, sizeof(path), "%s/%s/context", confdir, de->d_name);
		if (read_static_xid(path) == xid) {
			snprintf(name, size, "%s", de->d_name);
			found = 1;
		}
	}
	closedir(dir);
	return found;
}
