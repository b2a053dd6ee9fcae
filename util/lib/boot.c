// SPDX-License-Identifier: GPL-2.0
/*
 * Starting a guest (start, restart): its context, the supervisor, pid 1.
 *
 * start creates the context in setup and forks a supervisor (double fork,
 * own session) that stays a host process.  For each boot the supervisor
 * makes fresh pid and time namespaces and forks the guest's pid 1, which
 * builds its mount namespace, pivots into the guest root, enters the
 * context and executes the guest's init.  The supervisor then seals the
 * context (VS_IOC_CTX_RUN), reports "ok" to start, copies the guest
 * console to its log and waits: an init killed by SIGHUP (the guest called
 * reboot) boots again, anything else ends the guest and its context.
 *
 * With the sysv init style, pid 1 is vserver-init: this binary, copied into
 * a sealed memfd and executed from it while the host's libraries are still
 * reachable, so the guest never sees (and can never overwrite through
 * /proc/1/exe) the host's /usr/sbin/vserver (util/init.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/pidfd.h>
#include <sys/random.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "abi.h"
#include "barrier.h"
#include "boot.h"
#include "cgroup.h"
#include "ctxlimit.h"
#include "diskquota.h"
#include "compiler.h"
#include "config.h"
#include "ctl.h"
#include "err.h"
#include "kernel.h"
#include "limitconf.h"
#include "name.h"
#include "hostports.h"
#include "netif.h"
#include "notify.h"
#include "ns.h"
#include "pwdutils.h"
#include "rootfs.h"
#include "runtime.h"
#include "shutdown.h"

/* The supervisor's view of one guest. */
struct sup {
	const char *name;
	struct vs_guest g;
	int ctlfd;
	unsigned int xid;
	int report_fd;		/* to the waiting start; -1 once answered */
	int console;		/* pty master, copied to the log; -1 if none */
	int console_peer;	/* its slave: /dev/console of the guest */
	char console_path[64];	/* the slave's path, for the bind mount */
	int pidns;		/* our own pid namespace, to make a new one per boot */
	int netns;		/* netns mode: the guest's network namespace; else -1 */
	pid_t init_pid;
	int pidfd;
	int notify;		/* systemd style: the guest's notify socket; else -1 */
	bool ready;		/* this boot's init said READY=1 (other styles: at once) */
	int lockfd;		/* start --foreground: the guest's lock, until it runs */
	bool term_seen;		/* SIGTERM came, and was answered */
	const struct vs_start_opts *opts;
};

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;	/* stop is at work: the init's end is no reboot */
}

static void logmsg(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void logmsg(const char *name, const char *fmt, ...)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", gmtime_r(&now, &tm));
	fprintf(stderr, "%s vserver[%d]: guest %s: ", when, (int)getpid(), name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

/* The module's control ABI minor version; an unreadable one is taken as current. */
static unsigned int module_minor(int ctlfd)
{
	struct vs_err ignored = { .msg = "" };
	struct vs_version ver;

	if (vs_get_version(ctlfd, &ver, &ignored) == 0 && ver.abi_major == 1)
		return ver.abi_minor;
	return VS_ABI_MINOR;
}

/*
 * Create the context in setup with the guest's name, bounding set, flags
 * and module-counted limits.  What an older module lacks is left out (it
 * has no such view to switch on): the name, VIRT_LOAD and VIRT_CPU before
 * ABI 1.3, VIRT_MEM before 1.2.  Limits it cannot count are refused by
 * vs_ctxlimit_apply().
 */
static int create_context(int ctlfd, const struct vs_guest *g, const struct vs_limits *limits,
			  unsigned int *xid, struct vs_err *err)
{
	unsigned int minor = module_minor(ctlfd);
	uint64_t flags = g->ctx_flags;

	if (minor < 2)
		flags &= ~VS_CTX_FLAG_VIRT_MEM;
	if (minor < 3)
		flags &= ~(VS_CTX_FLAG_VIRT_LOAD | VS_CTX_FLAG_VIRT_CPU);
	*xid = g->xid;
	if (vs_ctx_create(ctlfd, xid, VS_CTX_CREATE_SETUP, minor >= 3 ? g->name : NULL,
			  err) < 0) {
		if (errno == EBUSY)
			vs_err_set(err, "context %u is in use", g->xid);
		return -1;
	}
	if (vs_ctx_set_bcaps(ctlfd, *xid, g->bcaps, err) < 0 ||
	    (flags && vs_ctx_set_flags(ctlfd, *xid, flags, 0, err) < 0) ||
	    vs_ctxlimit_apply(ctlfd, *xid, limits, ~0ULL, err) < 0) {
		struct vs_err ignored;

		vs_ctx_remove(ctlfd, *xid, &ignored);
		return -1;
	}
	return 0;
}

/* Report a failure through @fd as text, for the waiting parent, and end. */
void vs_child_fail(int fd, const struct vs_err *err)
{
	size_t len = strlen(err->msg);

	if (write(fd, err->msg, len) < 0)
		_exit(1);
	_exit(1);
}

/* Everything pid 1 does between its fork (or vserver-init --boot) and its exec. */
int vs_pid1_enter(const struct vs_guest *g, int ctlfd, unsigned int xid, int console,
		  const char *console_path, int notify, struct vs_err *err)
{
	int fd;

	if (vs_root_setup(g, console >= 0 ? console_path : NULL, notify, err) < 0)
		return -1;
	/* No guest task exists yet; still, nothing to read of us until the exec. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (vs_guest_migrate(ctlfd, xid, true, err) < 0)
		return -1;
	close(ctlfd);
	/* The console as stdio and controlling terminal, as a kernel gives init. */
	fd = console >= 0 ? console : open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		vs_err_set(err, "cannot open /dev/null in the guest: %s", strerror(errno));
		return -1;
	}
	setsid();
	if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) {
		vs_err_set(err, "cannot set up the standard streams: %s", strerror(errno));
		return -1;
	}
	if (console >= 0)
		ioctl(0, TIOCSCTTY, 0);
	if (fd > 2)
		close(fd);
	return 0;
}

/* sysv style: run this binary as vserver-init, from a sealed copy in memory. */
static int exec_vserver_init(struct sup *s, int errfd, struct vs_err *err)
{
	char xid[16], efd[16], cfd[16], con[16];
	/*
	 * Where the configuration is comes as arguments: the environment is
	 * the guest's fixed one, and /proc/1/environ shows it for good.
	 */
	char *argv[] = { (char *)"vserver-init", (char *)"--boot", (char *)s->name,
			 xid, efd, cfd, con, s->console_path, (char *)vs_confdir(),
			 (char *)vs_rootdir(), NULL };
	int exe, mfd, fds[3] = { errfd, s->ctlfd, s->console_peer };
	struct stat st;
	off_t off = 0;
	size_t i;

	exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	mfd = memfd_create("vserver-init", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (exe < 0 || mfd < 0 || fstat(exe, &st) < 0) {
		vs_err_set(err, "cannot copy vserver-init: %s", strerror(errno));
		return -1;
	}
	while (off < st.st_size) {
		ssize_t n = sendfile(mfd, exe, NULL, (size_t)(st.st_size - off));

		if (n <= 0) {
			vs_err_set(err, "cannot copy vserver-init: %s", strerror(n ? errno : EIO));
			return -1;
		}
		off += n;
	}
	close(exe);
	if (fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
		vs_err_set(err, "cannot seal vserver-init: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(fds); i++)
		if (fds[i] >= 0)
			fcntl(fds[i], F_SETFD, 0);	/* across this one exec */
	snprintf(xid, sizeof(xid), "%u", s->xid);
	snprintf(efd, sizeof(efd), "%d", errfd);
	snprintf(cfd, sizeof(cfd), "%d", s->ctlfd);
	snprintf(con, sizeof(con), "%d", s->console_peer);
	/* The fixed environment: /proc/1/environ shows nothing of whoever ran start. */
	execveat(mfd, "", argv, vs_guest_env, AT_EMPTY_PATH);
	vs_err_set(err, "cannot execute vserver-init: %s", strerror(errno));
	return -1;
}

/*
 * systemd's environment in a container: the fixed one, a container UUID
 * (made at random: systemd takes it as the machine id when /etc/machine-id
 * is empty, and a guest's copies must not share one) and the notify socket.
 */
static char **systemd_env(void)
{
	static char uuid[64], *env[16];
	unsigned char b[16];
	size_t i, n = 0;

	for (i = 0; vs_guest_env[i] && n < ARRAY_SIZE(env) - 3; i++)
		env[n++] = vs_guest_env[i];
	/* Without one, systemd makes a machine id of its own: no reason to fail. */
	if (getrandom(b, sizeof(b), 0) == sizeof(b)) {
		b[6] = (b[6] & 0x0f) | 0x40;	/* version 4 */
		b[8] = (b[8] & 0x3f) | 0x80;	/* RFC 4122 variant */
		snprintf(uuid, sizeof(uuid), "container_uuid=%02x%02x%02x%02x-%02x%02x-%02x%02x-"
			 "%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5],
			 b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
		env[n++] = uuid;
	}
	env[n++] = (char *)"NOTIFY_SOCKET=" VS_NOTIFY_GUEST_PATH;
	env[n] = NULL;
	return env;
}

/* The guest's pid 1, from its fork to the exec of the init. */
static __attribute__((noreturn)) void guest_pid1(struct sup *s, int errfd)
{
	struct vs_err err = { .msg = "" };
	char **env = (char **)vs_guest_env;

	vs_signals_default();
	if (s->console >= 0)
		close(s->console);
	if (s->report_fd >= 0)
		close(s->report_fd);
	/* Born in the guest's cgroup, which becomes the root of the new cgroup namespace. */
	if (vs_guest_rlimits(&err) < 0)
		vs_child_fail(errfd, &err);
	if (s->netns >= 0 && setns(s->netns, CLONE_NEWNET) < 0) {
		vs_err_set(&err, "cannot join the guest's network namespace: %s", strerror(errno));
		vs_child_fail(errfd, &err);
	}
	if (unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP) < 0) {
		vs_err_set(&err, "cannot create the guest's namespaces: %s", strerror(errno));
		vs_child_fail(errfd, &err);
	}
	if (s->g.init_style == VS_INIT_SYSV) {
		exec_vserver_init(s, errfd, &err);
		vs_child_fail(errfd, &err);
	}
	if (vs_pid1_enter(&s->g, s->ctlfd, s->xid, s->console_peer, s->console_path, s->notify,
			  &err) < 0)
		vs_child_fail(errfd, &err);
	if (s->g.init_style == VS_INIT_SYSTEMD)
		env = systemd_env();
	/* Every fd but stdio closes on exec; errfd reports until then. */
	close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
	execve(s->g.init_argv[0], s->g.init_argv, env);
	vs_err_set(&err, "cannot execute %s: %s", s->g.init_argv[0], strerror(errno));
	vs_child_fail(errfd, &err);
}

/* One boot: new pid and time namespaces, pid 1, and the context sealed. */
static int boot(struct sup *s, struct vs_err *err)
{
	char msg[sizeof(err->msg)];
	int pipefd[2], status, cgfd;
	ssize_t n, len = 0;
	pid_t pid;

	/* Back to our own pid namespace for children: unshare refuses a second one otherwise. */
	if (setns(s->pidns, CLONE_NEWPID) < 0 || unshare(CLONE_NEWPID) < 0) {
		vs_err_set(err, "cannot create a pid namespace: %s", strerror(errno));
		return -1;
	}
	if (vs_timens_new(err) < 0)
		return -1;
	cgfd = vs_cgroup_open(s->name, err);
	if (cgfd == -2)	/* start made it a moment ago */
		vs_err_set(err, "its cgroup is gone");
	if (cgfd < 0)
		return -1;
	/* A new socket each boot: the last one was bound in the last boot's /run. */
	if (s->notify >= 0)
		close(s->notify);
	s->notify = -1;
	s->ready = s->g.init_style != VS_INIT_SYSTEMD;
	if (!s->ready) {
		s->notify = vs_notify_socket(err);
		if (s->notify < 0) {
			close(cgfd);
			return -1;
		}
	}
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		vs_err_set(err, "cannot create a pipe: %s", strerror(errno));
		close(cgfd);
		return -1;
	}
	pid = vs_cgroup_fork(cgfd);
	close(cgfd);
	if (pid < 0) {
		vs_err_set(err, "cannot fork into the guest's cgroup: %s", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (pid == 0) {
		close(pipefd[0]);
		guest_pid1(s, pipefd[1]);
	}
	close(pipefd[1]);
	/* EOF with nothing read: the init runs (sysv: vserver-init is set up). */
	while ((n = read(pipefd[0], msg + len, sizeof(msg) - 1 - (size_t)len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		len += n;
		if ((size_t)len >= sizeof(msg) - 1)
			break;
	}
	close(pipefd[0]);
	if (len > 0) {
		msg[len] = '\0';
		vs_err_set(err, "%s", msg);
		waitpid(pid, &status, 0);
		return -1;
	}
	if (waitpid(pid, &status, WNOHANG) == pid) {
		vs_err_set(err, "its init ended at once (%s %d)",
			   WIFSIGNALED(status) ? "signal" : "exit status",
			   WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		return -1;
	}
	s->init_pid = pid;
	s->pidfd = pidfd_open(pid, 0);
	if (s->pidfd < 0) {
		vs_err_set(err, "cannot watch its init: %s", strerror(errno));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return -1;
	}
	if (vs_ctx_run(s->ctlfd, s->xid, err) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		close(s->pidfd);
		return -1;
	}
	return 0;
}

/*
 * Open the log as our stdout and stderr; with @rotate, keep the current
 * one as .NAME.log.1 (replacing the one before) and begin a new one.
 */
static void open_log(const char *name, bool rotate)
{
	char path[PATH_MAX];
	int fd = -1;

	if (vs_run_path(path, sizeof(path), ".", name, ".log") == 0) {
		char old[PATH_MAX];

		if (rotate && (vs_run_path(old, sizeof(old), ".", name, ".log.1") < 0 ||
			       rename(path, old) < 0)) {
			/* Cannot keep it: the cap still holds, the old lines go. */
			if (ftruncate(1, 0) == 0)
				return;
		}
		fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
	}
	if (fd < 0 && !rotate)
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
}

static void report(struct sup *s, const char *text)
{
	if (s->report_fd < 0)
		return;
	if (write(s->report_fd, text, strlen(text)) < 0)
		logmsg(s->name, "cannot report to start: %s", strerror(errno));
	close(s->report_fd);
	s->report_fd = -1;
}

/*
 * The guest is up: its init runs (systemd: said READY=1).  start hears it
 * if it waits for that, and so does our own service manager.
 */
static void announce(struct sup *s)
{
	char state[128];

	if (s->opts->wait)
		report(s, "ok\n");
	snprintf(state, sizeof(state), "READY=1\nSTATUS=Guest %.64s running in context %u",
		 s->name, s->xid);
	vs_notify_manager(state);
}

/*
 * SIGTERM without vserver stop at work (see shutdown.c) is a request from
 * outside to end the guest: from systemd when the unit's start times out,
 * or from an administrator.  Ending ourselves would leave the guest
 * running unsupervised, and ignoring it would leave it to be killed when
 * the manager's patience ends; stop it as vserver stop would, from a child,
 * while we go on watching the init until its end.
 */
static void stop_from_outside(struct sup *s)
{
	pid_t sup = getpid(), pid;

	if (vs_guest_stopping(s->name))
		return;
	logmsg(s->name, "SIGTERM, and no vserver stop at work: stopping the guest");
	/* Our children are born in the guest's pid namespace since boot(): not this one. */
	if (setns(s->pidns, CLONE_NEWPID) < 0) {
		logmsg(s->name, "cannot return to our pid namespace: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		sigset_t term;

		sigemptyset(&term);
		sigaddset(&term, SIGTERM);
		signal(SIGTERM, SIG_DFL);
		sigprocmask(SIG_UNBLOCK, &term, NULL);
		if (vs_guest_stop_for(s->name, sup))
			logmsg(s->name, "the stop failed (see above)");
		_exit(0);
	}
	if (pid < 0)
		logmsg(s->name, "cannot fork to stop the guest: %s", strerror(errno));
}

/*
 * Copy the console to the log until the init ends; its wait status.  The
 * guest decides how much it writes, and the log is in the host's /run: at
 * VS_CONSOLE_LOG_MAX it is rotated.  The console is always drained, so a
 * guest never blocks on it, even when the log cannot be written.
 */
static int watch(struct sup *s)
{
	struct pollfd pfd[3] = {
		{ .fd = s->pidfd, .events = POLLIN },
		{ .fd = s->console, .events = POLLIN },
		{ .fd = s->notify, .events = POLLIN },
	};
	char buf[4096];
	sigset_t term, unblocked;
	int status;

	/* SIGTERM only while we wait, so that none goes unseen until the next event. */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &unblocked);
	sigdelset(&unblocked, SIGTERM);
	for (;;) {
		int n;

		if (stopping && !s->term_seen) {
			s->term_seen = true;
			stop_from_outside(s);
		}
		n = ppoll(pfd, ARRAY_SIZE(pfd), NULL, &unblocked);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && (pfd[2].revents & POLLIN) && vs_notify_ready(s->notify, s->init_pid) &&
		    !s->ready) {
			s->ready = true;
			logmsg(s->name, "ready");
			announce(s);
		}
		if (n > 0 && (pfd[1].revents & POLLIN)) {
			ssize_t got = read(s->console, buf, sizeof(buf));
			struct stat st;

			if (got > 0 && fstat(1, &st) == 0 && S_ISREG(st.st_mode) &&
			    st.st_size + got > VS_CONSOLE_LOG_MAX)
				open_log(s->name, true);
			/* No room for the log: this much is lost, the console still drained. */
			if (got > 0 && write(1, buf, (size_t)got) < 0)
				continue;
		}
		if (n > 0 && pfd[0].revents)
			break;
	}
	sigprocmask(SIG_UNBLOCK, &term, NULL);
	while (waitpid(s->init_pid, &status, 0) < 0 && errno == EINTR)
		;
	close(s->pidfd);
	s->pidfd = -1;
	return status;
}


static void open_console(struct sup *s)
{
	struct termios t;

	s->console = s->console_peer = -1;
	s->console = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s->console < 0 || grantpt(s->console) < 0 || unlockpt(s->console) < 0)
		goto none;
	s->console_peer = ioctl(s->console, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s->console_peer < 0 || ptsname_r(s->console, s->console_path, sizeof(s->console_path)))
		goto none;
	/* Log lines end in "\n", not "\r\n". */
	if (tcgetattr(s->console_peer, &t) == 0) {
		t.c_oflag &= ~(tcflag_t)ONLCR;
		tcsetattr(s->console_peer, TCSANOW, &t);
	}
	return;
none:
	logmsg(s->name, "no pty for the console (%s); it is /dev/null", strerror(errno));
	if (s->console >= 0)
		close(s->console);
	if (s->console_peer >= 0)
		close(s->console_peer);
	s->console = s->console_peer = -1;
	strcpy(s->console_path, "none");
}

/* A reboot's new context gets the addresses in force (the record's) again. */
static int reregister_net(struct sup *s, struct vs_err *err)
{
	struct vs_netconf net;
	int ret;

	if (vs_net_loopback_renew(s->name, s->xid, err) < 0 ||
	    vs_net_running(s->name, &net, err) < 0)
		return -1;
	ret = vs_net_register(s->ctlfd, s->xid, &net, err);
	vs_netconf_free(&net);
	return ret;
}

static __attribute__((noreturn)) void supervise(struct sup *s)
{
	struct sigaction sa = { .sa_handler = on_term };
	struct vs_err err = { .msg = "" };
	char text[sizeof(err.msg) + 16];
	struct vs_limits limits;
	int status, fd;

	prctl(PR_SET_NAME, "vserver-sup");
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);	/* an inherited SIG_IGN would reap the init for us */
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		close(fd);
	}
	/* stdout and stderr: the log, else /dev/null; never start's (a pipe would wait). */
	open_log(s->name, false);
	s->pidfd = -1;
	s->pidns = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	if (s->pidns < 0) {
		vs_err_set(&err, "cannot open /proc/self/ns/pid: %s", strerror(errno));
		goto failed;
	}
	if (vs_runtime_write(s->name, s->xid, getpid(), &err) < 0)
		goto failed;
	open_console(s);
	logmsg(s->name, "starting in context %u", s->xid);
	for (;;) {
		if (boot(s, &err) < 0)
			goto failed;
		logmsg(s->name, "running in context %u, init pid %d", s->xid, (int)s->init_pid);
		/* The runtime file is there: stop may take the lock now. */
		if (s->lockfd >= 0) {
			close(s->lockfd);
			s->lockfd = -1;
		}
		if (!s->opts->wait)
			report(s, "ok\n");
		if (s->ready)
			announce(s);
		status = watch(s);
		if (stopping || !WIFSIGNALED(status) || WTERMSIG(status) != SIGHUP)
			break;
		/* reboot(2) in the guest: everything again, with the same configuration. */
		/*
		 * The cgroup stays, with its limits; the context ended with its
		 * last task, so the module's limits come from the configuration
		 * again (a --temporary change to them lasts until a reboot).
		 */
		logmsg(s->name, "rebooting");
		if (vs_limits_load(s->name, &limits, &err) < 0 ||
		    vs_ctx_terminate(s->ctlfd, s->xid, &err) < 0 ||
		    vs_cgroup_reset(s->name, &err) < 0 ||
		    create_context(s->ctlfd, &s->g, &limits, &s->xid, &err) < 0 ||
		    reregister_net(s, &err) < 0 ||
		    vs_runtime_write(s->name, s->xid, getpid(), &err) < 0)
			goto failed;
	}
	if (WIFSIGNALED(status))
		snprintf(text, sizeof(text), "init killed by signal %d", WTERMSIG(status));
	else
		snprintf(text, sizeof(text), "init exited with status %d", WEXITSTATUS(status));
	logmsg(s->name, "%s, stopping", text);
	vs_notify_manager("STOPPING=1");
	if (vs_ctx_terminate(s->ctlfd, s->xid, &err) < 0 || vs_cgroup_remove(s->name, &err) < 0)
		logmsg(s->name, "%s", err.msg);
	vs_net_down(s->name);
	vs_runtime_remove(s->name, getpid());
	logmsg(s->name, "stopped");
	/* start still waits for READY=1, which never came; it hears once all is gone. */
	if (s->report_fd >= 0) {
		char answer[sizeof(text) + 64];

		snprintf(answer, sizeof(answer), "error its %s before it was ready\n", text);
		report(s, answer);
	}
	_exit(0);
failed:
	logmsg(s->name, "%s", err.msg);
	{
		struct vs_err ignored = { .msg = "" };

		if (vs_ctx_terminate(s->ctlfd, s->xid, &ignored) == 0)
			vs_cgroup_remove(s->name, &ignored);
	}
	vs_net_down(s->name);
	vs_runtime_remove(s->name, getpid());
	snprintf(text, sizeof(text), "error %s\n", err.msg);
	report(s, text);
	_exit(1);
}

/* A state left behind by a killed start or supervisor: clean it up. */
static int clean_leftover(const char *name, unsigned int xid, struct vs_err *err)
{
	int ctlfd = vs_ctl_open(NULL, err), ret;

	if (ctlfd < 0)
		return -1;
	ret = vs_ctx_terminate(ctlfd, xid, err);
	close(ctlfd);
	if (ret == 0)
		ret = vs_cgroup_remove(name, err);
	if (ret == 0) {
		vs_net_down(name);
		vs_runtime_remove(name, 0);
	}
	return ret;
}

/*
 * A context with this static xid in setup and empty, whose guest is not
 * being started or stopped by someone else (its lock is free): a start was killed
 * between creating it and starting its supervisor.  1 if it was removed.
 */
static int remove_orphan_setup(int ctlfd, unsigned int xid, const char *self)
{
	struct vs_ctx_info info;
	struct vs_err err;
	char owner[VS_NAME_MAX + 1], path[PATH_MAX];
	int ret = 0, fd = -1;

	if (vs_ctx_info(ctlfd, xid, &info, &err) < 0 || info.state != VS_CTX_STATE_SETUP ||
	    info.tasks)
		return 0;
	/* Our own lock is held by us: only another guest's is tried. */
	if (vs_guest_by_xid(xid, owner, sizeof(owner), &err) == 1 && strcmp(owner, self) &&
	    vs_run_path(path, sizeof(path), ".", owner, ".lock") == 0) {
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
			close(fd);
			return 0;	/* its start is at work */
		}
	}
	ret = vs_ctx_remove(ctlfd, xid, &err) == 0;
	if (fd >= 0)
		close(fd);
	return ret;
}

/*
 * The supervisor's answer, one line, into @buf; with @timeout_ms >= 0 give
 * up after that long.  Its length, or -1 on timeout.
 */
static ssize_t read_answer(int fd, char *buf, size_t size, int timeout_ms)
{
	struct timespec now, end;
	size_t len = 0;
	ssize_t n;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += timeout_ms / 1000;
	end.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	while (len < size - 1) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int left = -1;

		if (timeout_ms >= 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left = (int)((end.tv_sec - now.tv_sec) * 1000 +
				     (end.tv_nsec - now.tv_nsec) / 1000000);
			if (left < 0)
				left = 0;
		}
		n = poll(&pfd, 1, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			return -1;
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (memchr(buf, '\n', len))
			break;
	}
	buf[len] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return (ssize_t)len;
}

int vs_guest_start(const char *name, const struct vs_start_opts *opts)
{
	struct sup s = { .name = name, .ctlfd = -1, .report_fd = -1, .netns = -1, .notify = -1,
			 .lockfd = -1, .opts = opts };
	struct vs_err err = { .msg = "" };
	struct vs_netconf net = { 0 };
	struct vs_limits limits;
	bool cgroup_made = false, net_up = false, timed_out;
	char answer[sizeof(err.msg) + 16];
	int lockfd, pipefd[2], status, sup, ret;
	unsigned int rxid;
	struct stat st;
	pid_t pid;

	signal(SIGCHLD, SIG_DFL);	/* waitpid must see our children */
	lockfd = vs_guest_lock(name, &err);
	if (lockfd < 0)
		goto fail;
	/* We hold the lock: no stop is at work, a mark left is a killed stop's. */
	vs_guest_stopping_clear(name);
	if (vs_guest_load(name, &s.g, &err) < 0 || vs_limits_load(name, &limits, &err) < 0 ||
	    vs_netconf_load(name, &net, &err) < 0)
		goto fail;
	if (stat(s.g.root, &st) < 0) {
		vs_err_set(&err, "its root directory %s %s", s.g.root,
			   errno == ENOENT ? "does not exist" : strerror(errno));
		goto fail;
	}
	if (!S_ISDIR(st.st_mode)) {
		vs_err_set(&err, "its root %s is not a directory", s.g.root);
		goto fail;
	}
	if (vs_barrier_check(s.g.root, &err) < 0)	/* host users must not reach it */
		goto fail;
	switch (vs_runtime_read(name, &rxid, &sup, &err)) {
	case -1:
		goto fail;
	case 1:
		if (vs_supervisor_alive(sup)) {
			vs_err_set(&err, "it is already running");
			goto fail;
		}
		if (clean_leftover(name, rxid, &err) < 0)
			goto fail;
		break;
	}
	/* Before the context: the quota outlives a failed start harmlessly. */
	if (vs_disk_apply(name, s.g.xid, &limits, ~0ULL, &err) < 0)
		goto fail;
	s.ctlfd = vs_ctl_open(NULL, &err);
	if (s.ctlfd < 0)
		goto fail;
	if (create_context(s.ctlfd, &s.g, &limits, &s.xid, &err) < 0) {
		if (!(s.g.xid && errno == EBUSY && remove_orphan_setup(s.ctlfd, s.g.xid, name) == 1 &&
		      create_context(s.ctlfd, &s.g, &limits, &s.xid, &err) == 0))
			goto fail;
	}
	/* Addresses or a link a killed run left behind are ours to take back (we hold the lock). */
	vs_net_down(name);
	if (s.g.netns ? vs_net_up_netns(name, s.xid, &net, &s.netns, &err) < 0 :
	    vs_net_up(name, s.xid, &net, &err) < 0)
		goto fail_ctx;
	net_up = true;
	if (!s.g.netns)
		vs_hostports_warn(name, &net);
	if (vs_net_register(s.ctlfd, s.xid, &net, &err) < 0)
		goto fail_ctx;
	if (vs_cgroup_place(name, opts->foreground, &err) < 0 ||
	    vs_cgroup_create(name, &limits, &err) < 0)
		goto fail_ctx;
	cgroup_made = true;
	if (s.g.init_style == VS_INIT_SYSTEMD && vs_cgroup_delegate(name, &err) < 0)
		goto fail_ctx;
	if (opts->foreground) {
		/* We are the supervisor (vserver@.service's main process). */
		s.lockfd = lockfd;
		supervise(&s);
	}
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		vs_err_set(&err, "cannot create a pipe: %s", strerror(errno));
		goto fail_ctx;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		vs_err_set(&err, "cannot fork: %s", strerror(errno));
		goto fail_ctx;
	}
	if (pid == 0) {
		/* Detached: its own session, and not our child, so start can exit. */
		close(pipefd[0]);
		close(lockfd);
		setsid();
		pid = fork();
		if (pid == 0) {
			s.report_fd = pipefd[1];
			supervise(&s);
		}
		_exit(pid < 0 ? 1 : 0);
	}
	close(pipefd[1]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	timed_out = read_answer(pipefd[0], answer, sizeof(answer),
				opts->wait ? (int)opts->timeout_s * 1000 : -1) < 0;
	close(pipefd[0]);
	if (timed_out) {
		/* It runs, under its supervisor; it is just not up yet. */
		fprintf(stderr, "vserver: cannot start guest %s: it did not report ready within "
			"%u s (it runs; see %s/.%s.log)\n", name, opts->timeout_s, vs_rundir(),
			name);
		ret = 1;
		goto out;
	}
	if (!strcmp(answer, "ok")) {
		ret = 0;
		goto out;
	}
	if (!strncmp(answer, "error ", 6)) {
		/* The supervisor has cleaned up before it answered. */
		vs_err_set(&err, "%s", answer + 6);
		goto fail;
	}
	vs_err_set(&err, "its supervisor ended without a word (see %s/.%s.log)", vs_rundir(),
		   name);
	goto fail_ctx;
out:
	close(s.ctlfd);
	if (s.netns >= 0)
		close(s.netns);	/* the supervisor keeps it */
	vs_guest_free(&s.g);
	vs_netconf_free(&net);
	close(lockfd);
	return ret;
fail_ctx:
	{
		struct vs_err ignored = { .msg = "" };

		if (vs_ctx_terminate(s.ctlfd, s.xid, &ignored) == 0 && cgroup_made)
			vs_cgroup_remove(name, &ignored);
		vs_runtime_remove(name, 0);
	}
fail:
	if (net_up)
		vs_net_down(name);
	fprintf(stderr, "vserver: cannot start guest %s: %s\n", name, err.msg);
	if (s.ctlfd >= 0)
		close(s.ctlfd);
	if (s.netns >= 0)
		close(s.netns);
	vs_guest_free(&s.g);
	vs_netconf_free(&net);
	if (lockfd >= 0)
		close(lockfd);
	return 1;
}
