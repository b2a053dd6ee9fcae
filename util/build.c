// SPDX-License-Identifier: GPL-2.0
/*
 * vserver NAME build: make a guest's configuration and root file system.
 *
 * Both are built as hidden temporary siblings (".NAME.build.XXXXXX" in
 * $VSERVER_CONFDIR and $VSERVER_ROOTDIR) and renamed into place only when
 * everything worked, so that a failed or interrupted build leaves nothing
 * a later command could mistake for a guest.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "barrier.h"
#include "build.h"
#include "compiler.h"
#include "config.h"
#include "err.h"
#include "fsutil.h"
#include "kernel.h"
#include "name.h"
#include "resolver.h"
#include "runtime.h"
#include "subcommands.h"

/* SIGINT, SIGTERM and SIGHUP end the build cleanly; a running child gets them too. */
volatile sig_atomic_t build_stop_signal;
static volatile pid_t child_pid;

static void on_signal(int sig)
{
	build_stop_signal = sig;
	if (child_pid > 0)
		kill(child_pid, sig);
}

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(stop_signals); i++)
		sigaction(stop_signals[i], &sa, NULL);
}

static void block_signals(bool block)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < ARRAY_SIZE(stop_signals); i++)
		sigaddset(&set, stop_signals[i]);
	sigprocmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

static void usage(void)
{
	fputs("Usage:\n"
	      " vserver <guest> build -m <method> [options] [-- <method args>]\n"
	      "\n"
	      "Create the configuration and root file system of a new guest.\n"
	      "\n"
	      "Methods:\n"
	      " skeleton                 empty directories and a minimal /etc\n"
	      " template -- -t <file>    unpack a tarball of a root file system\n"
	      " debootstrap -- [-d <suite>] [-m <mirror>] [--include <pkgs>] [--variant <v>]\n"
	      "                          install Debian (default bookworm, the host's mirror)\n"
	      " clone -- --source <guest>\n"
	      "                          copy a guest, hard-linking its unified files\n"
	      "\n"
	      "Options:\n"
	      " -m, --method <method>    how to make the root file system\n"
	      "     --context <xid>      static context id, 2..49151 (default: dynamic)\n"
	      "     --hostname <name>    the guest's host name (default: the guest name)\n"
	      "     --force              replace an existing stopped guest\n"
	      "     --init <style>       the guest's init: plain, sysv or systemd (default:\n"
	      "                          systemd for debootstrap, the source's for clone,\n"
	      "                          else plain)\n"
	      "     --interface [<dev>:]<address>/<prefix>\n"
	      "                          an IPv4 or IPv6 address of the guest, carried by\n"
	      "                          host device <dev> while it runs (nodev: kept on\n"
	      "                          the host by you); repeatable\n"
	      " -h, --help               display this help\n"
	      "\n"
	      "See vserver(8) for details.\n", stdout);
}

/* Print "vserver: cannot build guest NAME: ..." and return 1. */
int build_fail(const struct build *b, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vserver: cannot build guest %s: ", b->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

void build_progress(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

int build_usage_error(const char *fmt, const char *arg)
{
	fputs("vserver: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	try_help();
	return 2;
}

int build_args_end(int argc, char *argv[])
{
	if (optind < argc)
		return build_usage_error("unexpected argument '%s'", argv[optind]);
	return 0;
}

static bool hostname_ok(const char *h)
{
	size_t len = strlen(h);

	if (!len || len > VS_NODENAME_MAX || h[0] == '-' || h[0] == '.')
		return false;
	return strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == len;
}

/* Run @argv, waiting for it; 0 if it exited 0, else -1 with @err set. */
int build_run(char *const argv[], struct vs_err *err)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		vs_err_set(err, "cannot run %s: %s", argv[0], strerror(errno));
		return -1;
	}
	if (pid == 0) {
		for (size_t i = 0; i < ARRAY_SIZE(stop_signals); i++)
			signal(stop_signals[i], SIG_DFL);
		execv(argv[0], argv);
		fprintf(stderr, "vserver: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	child_pid = pid;
	if (build_stop_signal)	/* arrived before child_pid was set */
		kill(pid, build_stop_signal);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			child_pid = 0;
			vs_err_set(err, "cannot wait for %s: %s", argv[0], strerror(errno));
			return -1;
		}
	}
	child_pid = 0;
	if (build_stop_signal) {
		vs_err_set(err, "interrupted");
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		vs_err_set(err, "%s failed with exit status %d", argv[0], WEXITSTATUS(status));
	else
		vs_err_set(err, "%s was killed by signal %d", argv[0], WTERMSIG(status));
	return -1;
}

static const char *const build_init_names[] = {
	[VS_INIT_PLAIN] = "plain\n", [VS_INIT_SYSV] = "sysv\n", [VS_INIT_SYSTEMD] = "systemd\n",
};

/* Write @content to @dir/@rel (mode 0644), creating missing directories. */
static int write_at(const char *dir, const char *rel, const char *content, struct vs_err *err)
{
	char path[PATH_MAX], *slash;
	size_t len = strlen(content);
	FILE *f;

	if (snprintf(path, sizeof(path), "%s/%s", dir, rel) >= (int)sizeof(path)) {
		vs_err_set(err, "cannot write %s/%s: %s", dir, rel, strerror(ENAMETOOLONG));
		return -1;
	}
	slash = strrchr(path, '/');
	*slash = '\0';
	if (vs_mkdir_p(path, 0755, err) < 0)
		return -1;
	*slash = '/';
	/* Only for our own new configuration directory; guest roots use vs_write_in_root(). */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);

	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		vs_err_set(err, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (fwrite(content, 1, len, f) != len) {
		vs_err_set(err, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
		fclose(f);
		return -1;
	}
	if (fclose(f) == EOF) {
		vs_err_set(err, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}

/* The guest's configuration, in the temporary directory. */
static int write_config(struct build *b, struct vs_err *err)
{
	char buf[256], vdir[PATH_MAX + 16];

	if (b->xid) {
		snprintf(buf, sizeof(buf), "%u\n", b->xid);
		if (write_at(b->tmpconf, "context", buf, err) < 0)
			return -1;
	}
	snprintf(buf, sizeof(buf), "%s\n", b->hostname);
	if (write_at(b->tmpconf, "uts/nodename", buf, err) < 0 ||
	    write_at(b->tmpconf, "fstab",
		     "# Mounted at start, paths inside the guest; see vserver(8).\n"
		     "proc    /proc     proc    defaults\n"
		     "devpts  /dev/pts  devpts  gid=5,mode=620\n"
		     "none    /tmp      tmpfs   size=64m,mode=1777\n", err) < 0 ||
	    write_at(b->tmpconf, "bcapabilities",
		     "# One capability per line: CAP_X adds it to the default bounding\n"
		     "# set, !CAP_X removes it.  Empty: the default set; see vserver(8).\n",
		     err) < 0 ||
	    write_at(b->tmpconf, "flags",
		     "# One flag per line: persistent (keep the context while empty);\n"
		     "# !virt_mem, !virt_load, !virt_cpu show the guest the host's\n"
		     "# memory, load average and CPUs instead of its own.\n",
		     err) < 0 ||
	    write_at(b->tmpconf, "apps/init/style", build_init_names[b->init_style], err) < 0)
		return -1;
	for (size_t i = 0; i < b->net.n; i++) {
		char ifdir[PATH_MAX];

		snprintf(ifdir, sizeof(ifdir), "%.3000s/interfaces", b->tmpconf);
		if (vs_netconf_save_in(ifdir, &b->net.addrs[i], err) < 0)
			return -1;
	}
	snprintf(vdir, sizeof(vdir), "%.3000s/vdir", b->tmpconf);
	if (symlink(b->root, vdir) < 0) {
		vs_err_set(err, "cannot create %s: %s", vdir, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * An /etc/hosts naming the guest, and an /etc/resolv.conf it can use, for
 * the methods that start from nothing.
 */
int build_write_hosts(struct build *b, struct vs_err *err)
{
	char buf[2048];

	snprintf(buf, sizeof(buf), "127.0.0.1\tlocalhost\n127.0.1.1\t%s\n"
		 "::1\t\tlocalhost ip6-localhost ip6-loopback\n", b->hostname);
	if (vs_write_in_root(b->tmproot, "etc/hosts", buf, err) < 0)
		return -1;
	if (!vs_resolver_for_guest(VS_RESOLV_CONF, VS_RESOLVED_UPSTREAM, buf, sizeof(buf)))
		build_progress("The host names no resolver guest %s can reach: edit its "
			       "/etc/resolv.conf", b->name);
	/* A symlink there (debootstrap copies the host's file as it is) is replaced. */
	return vs_write_in_root(b->tmproot, "etc/resolv.conf", buf, err);
}

/* Methods */

static int skeleton(struct build *b, struct vs_err *err)
{
	static const struct { const char *path; mode_t mode; } dirs[] = {
		{ "bin", 0755 }, { "boot", 0755 }, { "dev", 0755 }, { "dev/pts", 0755 },
		{ "dev/shm", 01777 }, { "etc", 0755 }, { "home", 0755 }, { "lib", 0755 },
		{ "media", 0755 }, { "mnt", 0755 }, { "opt", 0755 }, { "proc", 0555 },
		{ "root", 0700 }, { "run", 0755 }, { "sbin", 0755 }, { "srv", 0755 },
		{ "sys", 0555 }, { "tmp", 01777 }, { "usr", 0755 }, { "usr/bin", 0755 },
		{ "usr/lib", 0755 }, { "usr/local", 0755 }, { "usr/sbin", 0755 },
		{ "usr/share", 0755 }, { "var", 0755 }, { "var/cache", 0755 },
		{ "var/lib", 0755 }, { "var/log", 0755 }, { "var/spool", 0755 },
		{ "var/tmp", 01777 },
	};
	static const struct { const char *name; mode_t mode; unsigned int maj, min; } devs[] = {
		{ "null", 0666, 1, 3 }, { "zero", 0666, 1, 5 }, { "full", 0666, 1, 7 },
		{ "random", 0666, 1, 8 }, { "urandom", 0666, 1, 9 }, { "tty", 0666, 5, 0 },
	};
	static const struct { const char *name, *target; } links[] = {
		{ "dev/ptmx", "pts/ptmx" }, { "dev/fd", "/proc/self/fd" },
		{ "dev/stdin", "/proc/self/fd/0" }, { "dev/stdout", "/proc/self/fd/1" },
		{ "dev/stderr", "/proc/self/fd/2" }, { "var/run", "/run" },
	};
	char path[PATH_MAX + 64];

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%.3000s/%s", b->tmproot, dirs[i].path);
		if (mkdir(path, dirs[i].mode) < 0 || chmod(path, dirs[i].mode) < 0) {
			vs_err_set(err, "cannot create %s: %s", path, strerror(errno));
			return -1;
		}
	}
	/* Devices need CAP_MKNOD; without it the guest's start must provide /dev. */
	for (size_t i = 0; i < ARRAY_SIZE(devs); i++) {
		snprintf(path, sizeof(path), "%.3000s/dev/%s", b->tmproot, devs[i].name);
		if (mknod(path, S_IFCHR | devs[i].mode, makedev(devs[i].maj, devs[i].min)) < 0 ||
		    chmod(path, devs[i].mode) < 0) {
			if (errno == EPERM)
				break;
			vs_err_set(err, "cannot create %s: %s", path, strerror(errno));
			return -1;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(links); i++) {
		snprintf(path, sizeof(path), "%.3000s/%s", b->tmproot, links[i].name);
		if (symlink(links[i].target, path) < 0) {
			vs_err_set(err, "cannot create %s: %s", path, strerror(errno));
			return -1;
		}
	}
	if (vs_write_in_root(b->tmproot, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
		     "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n", err) < 0 ||
	    vs_write_in_root(b->tmproot, "etc/group", "root:x:0:\ntty:x:5:\nnogroup:x:65534:\n",
		     err) < 0)
		return -1;
	return build_write_hosts(b, err);
}

static int template(struct build *b, struct vs_err *err)
{
	/* GNU tar finds the compression itself; owners, modes, ACLs and xattrs as stored. */
	char *const argv[] = {
		(char *)"/bin/tar", (char *)"--extract", (char *)"--file", (char *)b->tarball,
		(char *)"--directory", b->tmproot, (char *)"--same-owner",
		(char *)"--preserve-permissions", (char *)"--numeric-owner", (char *)"--acls",
		(char *)"--xattrs", (char *)"--xattrs-include=*", NULL
	};

	build_progress("Unpacking %s", b->tarball);
	return build_run(argv, err);
}

/*
 * A clone is another machine.  It must not keep the source's machine-id,
 * which systemd, journald and D-Bus take for the machine's identity: an
 * empty /etc/machine-id makes systemd create one at the first boot.  Nor
 * its SSH host keys, with which one guest could pose as the other: they
 * are made anew by the host's ssh-keygen, in a private directory, and
 * written into the root as the guest would resolve the paths.
 */
#define SSH_KEYGEN "/usr/bin/ssh-keygen"

static int clone_machine_id(struct build *b, struct vs_err *err)
{
	char path[PATH_MAX + 32];
	struct stat st;

	snprintf(path, sizeof(path), "%s/var/lib/dbus/machine-id", b->tmproot);
	/* D-Bus reads its own copy first, unless it is Debian's link to /etc's. */
	if (lstat(path, &st) == 0 && !S_ISLNK(st.st_mode) &&
	    vs_unlink_in_root(b->tmproot, "var/lib/dbus/machine-id", err) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/etc/machine-id", b->tmproot);
	if (lstat(path, &st) < 0)
		return 0;
	build_progress("Emptying /etc/machine-id: the clone makes its own at its first boot");
	return vs_write_in_root_mode(b->tmproot, "etc/machine-id", "", 0444, err);
}

/* Read the small file @path whole into a new string, or NULL. */
static char *read_key(const char *path)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t size = 0;
	ssize_t n;

	if (!f)
		return NULL;
	n = getdelim(&text, &size, '\0', f);
	fclose(f);
	if (n < 0) {
		free(text);
		return NULL;
	}
	return text;
}

static int clone_ssh_keys(struct build *b, struct vs_err *err)
{
	static const char *const types[] = { "rsa", "ecdsa", "ed25519", "dsa" };
	static const char *const suffixes[] = { "", ".pub" };
	char tmp[] = "/tmp/vserver-hostkeys.XXXXXX", rel[64], path[sizeof(tmp) + 64];
	int removed = 0, ret = -1, r;

	for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
		for (size_t x = 0; x < ARRAY_SIZE(suffixes); x++) {
			snprintf(rel, sizeof(rel), "etc/ssh/ssh_host_%s_key%s", types[t], suffixes[x]);
			r = vs_unlink_in_root(b->tmproot, rel, err);
			if (r < 0)
				return -1;
			removed += r;
		}
	}
	if (!removed)
		return 0;
	if (access(SSH_KEYGEN, X_OK) < 0) {
		fprintf(stderr, "vserver: warning: cannot make new SSH host keys for %s: %s: %s "
			"(install openssh-client); its sshd needs keys before it starts\n",
			b->name, SSH_KEYGEN, strerror(errno));
		return 0;
	}
	if (!mkdtemp(tmp)) {
		vs_err_set(err, "cannot create a directory in /tmp: %s", strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/etc/ssh", tmp);
	if (vs_mkdir_p(path, 0700, err) < 0)
		goto out;
	build_progress("Making new SSH host keys");
	{
		char *const argv[] = { (char *)SSH_KEYGEN, (char *)"-q", (char *)"-A",
				       (char *)"-f", tmp, NULL };

		if (build_run(argv, err) < 0)
			goto out;
	}
	for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
		for (size_t x = 0; x < ARRAY_SIZE(suffixes); x++) {
			char *key;

			snprintf(path, sizeof(path), "%s/etc/ssh/ssh_host_%s_key%s", tmp, types[t],
				 suffixes[x]);
			key = read_key(path);
			if (!key)
				continue;	/* a type this ssh-keygen does not make */
			snprintf(rel, sizeof(rel), "etc/ssh/ssh_host_%s_key%s", types[t], suffixes[x]);
			r = vs_write_in_root_mode(b->tmproot, rel, key, x ? 0644 : 0600, err);
			free(key);
			if (r < 0)
				goto out;
		}
	}
	ret = 0;
out:
	{
		struct vs_err ignored;

		vs_rmtree(tmp, NULL, &ignored);
	}
	return ret;
}

static int clone(struct build *b, struct vs_err *err)
{
	struct vs_copy_stats st;
	/*
	 * With the module loaded the kernel links unified files as they are;
	 * without it, linking clears the flag for a moment, which a running
	 * source could use to write into the shared file.
	 */
	bool link = !b->src_running || access("/sys/module/" VS_MODULE_NAME, F_OK) == 0;

	if (!link)
		fprintf(stderr, "vserver: guest %s is running: copying its unified files "
			"instead of linking them\n", b->source);
	build_progress("Copying %s from %s", b->source, b->src.root);
	if (vs_copy_tree(b->src.root, b->tmproot, link, &build_stop_signal, &st, err) < 0)
		return -1;
	build_progress("Copied %lu files, %lu directories and %lu others; linked %lu",
		       st.files, st.dirs, st.other, st.linked);
	return clone_machine_id(b, err) < 0 || clone_ssh_keys(b, err) < 0 ? -1 : 0;
}

static int skeleton_args(struct build *b, int argc, char *argv[])
{
	(void)b;
	if (argc > 1)
		return build_usage_error("the skeleton method takes no arguments: '%s'", argv[1]);
	return 0;
}

/* -- -t <tarball> */
static int template_args(struct build *b, int argc, char *argv[])
{
	int c;

	while ((c = getopt_long(argc, argv, "+t:", NULL, NULL)) != -1) {
		if (c != 't')
			return build_usage_error("%s", "template: expected -- -t <tarball>");
		b->tarball = optarg;
	}
	if (!b->tarball)
		return build_usage_error("%s", "template: expected -- -t <tarball>");
	return build_args_end(argc, argv);
}

static int template_check(struct build *b)
{
	if (access(b->tarball, R_OK) < 0)
		return build_fail(b, "cannot read %s: %s", b->tarball, strerror(errno));
	return 0;
}

/* -- --source <guest> */
static int clone_args(struct build *b, int argc, char *argv[])
{
	static const struct option clone_options[] = {
		{ "source", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "+", clone_options, NULL)) != -1) {
		if (c != 's')
			return build_usage_error("%s", "clone: expected -- --source <guest>");
		b->source = optarg;
	}
	if (!b->source)
		return build_usage_error("%s", "clone: expected -- --source <guest>");
	return build_args_end(argc, argv);
}

static int clone_check(struct build *b)
{
	struct vs_err err;
	int ret;

	if (!strcmp(b->source, b->name))
		return build_fail(b, "it cannot be a clone of itself");
	if (vs_guest_load(b->source, &b->src, &err) < 0)
		return build_fail(b, "%s", err.msg);
	b->src_loaded = true;
	ret = vs_guest_running(b->source, NULL, &err);
	if (ret < 0)
		return build_fail(b, "%s", err.msg);
	b->src_running = ret;
	return 0;
}

static const struct build_method build_skeleton = {
	.name = "skeleton", .parse_args = skeleton_args, .run = skeleton,
};
static const struct build_method build_template = {
	.name = "template", .parse_args = template_args, .check = template_check, .run = template,
};
static const struct build_method build_clone = {
	.name = "clone", .parse_args = clone_args, .check = clone_check, .run = clone,
};

static const struct build_method *const methods[] = {
	&build_skeleton, &build_template, &build_debootstrap, &build_clone,
};

/* Checks that need no changes: the method's inputs exist, the xid is free. */
static int preflight(struct build *b)
{
	if (b->method->check && b->method->check(b))
		return 1;
	if (b->xid) {
		struct vs_err err = { .msg = "" };
		char other[VS_NAME_MAX + 1];
		int ret;

		ret = vs_guest_by_xid(b->xid, other, sizeof(other), &err);
		if (ret < 0)
			return build_fail(b, "%s", err.msg);
		if (ret && strcmp(other, b->name))
			return build_fail(b, "context %u is used by guest %s", b->xid, other);
	}
	return 0;
}

/* Make the parent directories and the temporary siblings. */
static int prepare(struct build *b, struct vs_err *err)
{
	char real[PATH_MAX];

	if (vs_mkdir_p(vs_confdir(), 0755, err) < 0 ||
	    vs_mkdir_p(vs_rootdir(), 0700, err) < 0)	/* guest roots are no business of users */
		return -1;
	/* An existing one may be open: then start would refuse the guest anyway. */
	snprintf(real, sizeof(real), "%.2000s/%s", vs_rootdir(), b->name);
	if (vs_barrier_check(real, err) < 0)
		return -1;
	if (!realpath(vs_confdir(), real)) {
		vs_err_set(err, "cannot resolve %s: %s", vs_confdir(), strerror(errno));
		return -1;
	}
	snprintf(b->confdir, sizeof(b->confdir), "%s", real);
	if (!realpath(vs_rootdir(), real)) {
		vs_err_set(err, "cannot resolve %s: %s", vs_rootdir(), strerror(errno));
		return -1;
	}
	snprintf(b->rootdir, sizeof(b->rootdir), "%s", real);
	snprintf(b->conf, sizeof(b->conf), "%.2000s/%s", b->confdir, b->name);
	snprintf(b->root, sizeof(b->root), "%.2000s/%s", b->rootdir, b->name);
	snprintf(b->tmpconf, sizeof(b->tmpconf), "%.2000s/.%s.build.XXXXXX", b->confdir, b->name);
	snprintf(b->tmproot, sizeof(b->tmproot), "%.2000s/.%s.build.XXXXXX", b->rootdir, b->name);
	if (!mkdtemp(b->tmpconf)) {
		vs_err_set(err, "cannot create a directory in %s: %s", b->confdir, strerror(errno));
		b->tmpconf[0] = '\0';
		return -1;
	}
	if (!mkdtemp(b->tmproot)) {
		vs_err_set(err, "cannot create a directory in %s: %s", b->rootdir, strerror(errno));
		b->tmproot[0] = '\0';
		return -1;
	}
	if (chmod(b->tmpconf, 0755) < 0 || chmod(b->tmproot, 0755) < 0) {
		vs_err_set(err, "cannot set the mode of %s: %s", b->tmproot, strerror(errno));
		return -1;
	}
	return 0;
}

static void cleanup(struct build *b)
{
	struct vs_err err;

	if (b->tmproot[0]) {
		vs_umount_below(b->tmproot);
		if (vs_rmtree(b->tmproot, NULL, &err) < 0)
			fprintf(stderr, "vserver: %s\n", err.msg);
	}
	if (b->tmpconf[0] && vs_rmtree(b->tmpconf, NULL, &err) < 0)
		fprintf(stderr, "vserver: %s\n", err.msg);
}

/*
 * Rename the new guest into place, moving an old one (--force) aside first
 * and removing it last.  Signals wait until the names are consistent.
 */
static int commit(struct build *b, struct vs_err *err)
{
	bool old_conf = false, old_root = false;
	const char *suffix = strrchr(b->tmproot, '.');
	int ret = -1;

	block_signals(true);
	snprintf(b->oldconf, sizeof(b->oldconf), "%.2000s/.%s.old%s", b->confdir, b->name, suffix);
	snprintf(b->oldroot, sizeof(b->oldroot), "%.2000s/.%s.old%s", b->rootdir, b->name, suffix);
	if (b->force) {
		if (rename(b->conf, b->oldconf) == 0)
			old_conf = true;
		else if (errno != ENOENT)
			goto move_failed;
		if (rename(b->root, b->oldroot) == 0)
			old_root = true;
		else if (errno != ENOENT)
			goto move_failed;
	}
	if (rename(b->tmproot, b->root) < 0) {
		vs_err_set(err, "cannot rename %s to %s: %s", b->tmproot, b->root, strerror(errno));
		goto restore;
	}
	if (rename(b->tmpconf, b->conf) < 0) {
		vs_err_set(err, "cannot rename %s to %s: %s", b->tmpconf, b->conf, strerror(errno));
		rename(b->root, b->tmproot);
		goto restore;
	}
	b->tmproot[0] = b->tmpconf[0] = '\0';
	block_signals(false);
	if (old_root && vs_rmtree(b->oldroot, NULL, err) < 0)
		fprintf(stderr, "vserver: the old root stays behind: %s\n", err->msg);
	if (old_conf && vs_rmtree(b->oldconf, NULL, err) < 0)
		fprintf(stderr, "vserver: the old configuration stays behind: %s\n", err->msg);
	return 0;

move_failed:
	vs_err_set(err, "cannot move the old guest aside: %s", strerror(errno));
restore:
	if (old_root)
		rename(b->oldroot, b->root);
	if (old_conf)
		rename(b->oldconf, b->conf);
	block_signals(false);
	return ret;
}

int build_main(const char *name, int argc, char *argv[])
{
	static const struct option options[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "context", required_argument, NULL, 'c' },
		{ "hostname", required_argument, NULL, 'H' },
		{ "force", no_argument, NULL, 'f' },
		{ "interface", required_argument, NULL, 'i' },
		{ "init", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct build b = { .name = name, .hostname = name, .init_style = -1 };
	struct vs_netaddr addr;
	struct vs_err err;
	struct stat st;
	int c, ret, margc, lockfd = -1;
	char **margv = NULL;

	while ((c = getopt_long(argc, argv, "+m:h", options, NULL)) != -1) {
		switch (c) {
		case 'm':
			for (size_t i = 0; i < ARRAY_SIZE(methods); i++)
				if (!strcmp(optarg, methods[i]->name))
					b.method = methods[i];
			if (!b.method) {
				ret = build_usage_error("unknown build method '%s' (known: skeleton, "
							"template, debootstrap, clone)", optarg);
				goto out;
			}
			break;
		case 'c': {
			char *end;
			unsigned long x;

			errno = 0;
			x = strtoul(optarg, &end, 10);
			if (!isdigit((unsigned char)*optarg) || *end || errno || x < 2 ||
			    x > VS_XID_STATIC_MAX) {
				ret = build_usage_error("invalid context id '%s' (expected 2..49151)",
							optarg);
				goto out;
			}
			b.xid = (unsigned int)x;
			break;
		}
		case 'H':
			if (!hostname_ok(optarg)) {
				ret = build_usage_error("invalid host name '%s'", optarg);
				goto out;
			}
			b.hostname = optarg;
			break;
		case 'f':
			b.force = true;
			break;
		case 'I':
			b.init_style = !strcmp(optarg, "plain") ? VS_INIT_PLAIN :
				       !strcmp(optarg, "sysv") ? VS_INIT_SYSV :
				       !strcmp(optarg, "systemd") ? VS_INIT_SYSTEMD : -1;
			if (b.init_style < 0) {
				ret = build_usage_error("unknown init style '%s' (known: plain, "
							"sysv, systemd)", optarg);
				goto out;
			}
			break;
		case 'i':
			err.msg[0] = '\0';
			if (vs_netconf_parse_interface(optarg, &addr, &err) < 0) {
				fprintf(stderr, "vserver: --interface %s: %s\n", optarg, err.msg);
				try_help();
				ret = 2;
				goto out;
			}
			if (vs_netconf_find(&b.net, &addr)) {
				ret = build_usage_error("--interface %s names an address twice", optarg);
				goto out;
			}
			if (vs_netconf_append(&b.net, &addr, &err) < 0) {
				ret = build_fail(&b, "%s", err.msg);
				goto out;
			}
			break;
		case 'h':
			usage();
			ret = 0;
			goto out;
		default:
			try_help();
			ret = 2;
			goto out;
		}
	}
	if (!b.method) {
		ret = build_usage_error("%s", "no build method given "
					"(-m skeleton|template|debootstrap|clone)");
		goto out;
	}
	if (optind < argc && strcmp(argv[optind - 1], "--")) {
		ret = build_usage_error("unexpected argument '%s' (method arguments follow '--')",
					argv[optind]);
		goto out;
	}
	if (!hostname_ok(b.hostname)) {
		ret = build_usage_error("the guest name '%s' is no host name: give --hostname",
					name);
		goto out;
	}
	/* The method's arguments, as a vector of their own for getopt. */
	margc = argc - optind + 1;
	margv = calloc(margc + 1, sizeof(*margv));
	if (!margv) {
		ret = build_fail(&b, "%s", strerror(ENOMEM));
		goto out;
	}
	margv[0] = (char *)"vserver";
	memcpy(margv + 1, argv + optind, (argc - optind) * sizeof(*margv));
	optind = 0;
	ret = b.method->parse_args(&b, margc, margv);
	if (ret)
		goto out;

	ret = 1;
	/* As start and stop do: nobody starts the guest while it is replaced. */
	lockfd = vs_guest_lock(name, &err);
	if (lockfd < 0) {
		fprintf(stderr, "vserver: %s\n", err.msg);
		goto out;
	}
	snprintf(b.conf, sizeof(b.conf), "%.2000s/%s", vs_confdir(), name);
	snprintf(b.root, sizeof(b.root), "%.2000s/%s", vs_rootdir(), name);
	if (lstat(b.conf, &st) == 0 || lstat(b.root, &st) == 0) {
		if (!b.force) {
			build_fail(&b, "it already exists");
			goto out;
		}
		c = vs_guest_running(name, NULL, &err);
		if (c) {
			if (c < 0)
				build_fail(&b, "%s", err.msg);
			else
				build_fail(&b, "it is running");
			goto out;
		}
	}
	if (preflight(&b))
		goto out;
	/* Debian's own default init; a copy keeps its source's. */
	if (b.init_style < 0)
		b.init_style = b.method == &build_debootstrap ? VS_INIT_SYSTEMD :
			       b.method == &build_clone ? (int)b.src.init_style : VS_INIT_PLAIN;

	catch_signals();
	if (prepare(&b, &err) < 0)
		goto failed;
	build_progress("Building guest %s (%s) in %s", name, b.method->name, b.root);
	ret = b.method->run(&b, &err);
	if (ret < 0 || build_stop_signal)
		goto failed;
	{
		char host[VS_NODENAME_MAX + 2];

		snprintf(host, sizeof(host), "%s\n", b.hostname);
		if (vs_write_in_root(b.tmproot, "etc/hostname", host, &err) < 0)
			goto failed;
	}
	if (write_config(&b, &err) < 0 || build_stop_signal || commit(&b, &err) < 0)
		goto failed;
	build_progress("Built guest %s", name);
	ret = 0;
	goto out;

failed:
	if (build_stop_signal)
		vs_err_set(&err, "interrupted");
	build_fail(&b, "%s", err.msg);
	cleanup(&b);
	ret = 1;
	if (build_stop_signal) {
		/* Die of the signal, as the shell expects of an interrupted command. */
		signal(build_stop_signal, SIG_DFL);
		raise(build_stop_signal);
	}
out:
	if (lockfd >= 0)
		close(lockfd);
	if (b.src_loaded)
		vs_guest_free(&b.src);
	vs_netconf_free(&b.net);
	free(margv);
	return ret;
}
