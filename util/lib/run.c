// SPDX-License-Identifier: GPL-2.0
/*
 * Running a command in a running guest, for exec, suexec, enter and stop.
 *
 * Three processes: the caller stays in the host and only waits; its child
 * joins the guest's namespaces and root (pid and time namespaces apply to
 * children only) and, for enter or when we have a terminal, holds the
 * master of a fresh pty from the guest's own devpts and relays it to our
 * terminal; the grandchild starts a session, closes every other fd,
 * installs the seccomp filter, migrates into the context, becomes the user
 * and executes the command.
 *
 * Guest root can reach a task in its context (design §8), so the guest's
 * passwd and group are read before anything joins the guest, through its
 * root directory (vs_guest_file_read), and the command's environment,
 * argv and directory are all ready before the migrate.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "cgroup.h"
#include "compiler.h"
#include "ctl.h"
#include "err.h"
#include "guestfile.h"
#include "ns.h"
#include "pwdutils.h"
#include "run.h"

extern char **environ;

/*
 * Everything the command gets, decided in the host before any process
 * enters the guest: nothing of the guest's is read or resolved between
 * the migrate and the execve, where guest root could reach us.
 */
struct prepared {
	struct vs_passwd pw;
	const char *user;	/* for messages */
	gid_t groups[64];
	size_t ngroups;
	char *env[8];
	const char *path;	/* what to execute: execvp(argv[0]), or the shell */
	char *const *argv;
	char *shell_argv[2];
	char argv0[sizeof(((struct vs_passwd *)0)->shell) + 1];
	int dirfd;		/* the working directory, O_PATH in the guest's tree */
};

static char *env_entry(const char *key, const char *value)
{
	char *e;

	if (asprintf(&e, "%s=%s", key, value) < 0)
		_exit(1);
	return e;
}

/*
 * Read the guest's passwd and group through its root directory, from the
 * host (design §8), and build the command's environment, argv and working
 * directory; 0, or -1 with @err set.
 */
static int prepare(const struct vs_attach *a, char *const argv[], const struct vs_run_opts *o,
		   struct prepared *p, struct vs_err *err)
{
	const char *user = o->user ? o->user : "root", *term = getenv("TERM");
	char *passwd = NULL, *group = NULL;
	size_t len, n = 0;
	int found = 0;

	memset(p, 0, sizeof(*p));
	strcpy(p->pw.home, "/");
	strcpy(p->pw.shell, "/bin/sh");
	p->user = user;
	/* stop's halt command runs as root with HOME=/: it needs no user database. */
	if (!o->no_passwd) {
		if (vs_guest_file_read(a->rootfd, "/etc/passwd", &passwd, &len, err) < 0)
			return -1;
		found = passwd && vs_passwd_find(passwd, user, &p->pw);
	}
	if (found != 1 && o->user) {
		unsigned long id;

		if (!vs_parse_id(user, &id)) {
			vs_err_set(err, "no user %s in it", user);
			free(passwd);
			return -1;
		}
		/* A bare number need not have a passwd entry. */
		snprintf(p->pw.name, sizeof(p->pw.name), "%s", user);
		p->pw.uid = (uid_t)id;
		p->pw.gid = (gid_t)id;
	}
	free(passwd);
	if (o->user) {
		if (vs_guest_file_read(a->rootfd, "/etc/group", &group, &len, err) < 0)
			return -1;
		p->ngroups = vs_group_list(group, p->pw.name, p->pw.gid, p->groups,
					   ARRAY_SIZE(p->groups));
		free(group);
	}
	p->env[n++] = env_entry("PATH", VS_GUEST_PATH);
	p->env[n++] = env_entry("TERM", term ? term : "dumb");
	p->env[n++] = env_entry("HOME", p->pw.home);
	if (o->login) {
		const char *who = p->pw.name[0] ? p->pw.name : user;

		p->env[n++] = env_entry("SHELL", p->pw.shell);
		p->env[n++] = env_entry("USER", who);
		p->env[n++] = env_entry("LOGNAME", who);
	}
	p->env[n] = NULL;
	if (argv) {
		p->path = argv[0];
		p->argv = argv;
	} else {
		/* A login shell: argv[0] is "-" and the shell's name. */
		const char *base = strrchr(p->pw.shell, '/');

		snprintf(p->argv0, sizeof(p->argv0), "-%s", base ? base + 1 : p->pw.shell);
		p->shell_argv[0] = p->argv0;
		p->shell_argv[1] = NULL;
		p->path = p->pw.shell;
		p->argv = p->shell_argv;
	}
	/*
	 * The directory is resolved now, in the root; the grandchild only
	 * fchdir()s into it once it is the user, so the user's permissions
	 * still decide (a home it cannot enter gives "/", as before).
	 */
	p->dirfd = -1;
	if (o->login) {
		struct open_how how = {
			.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
			.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
		};
		const char *rel = p->pw.home;

		while (*rel == '/')
			rel++;
		if (*rel)
			p->dirfd = (int)syscall(SYS_openat2, a->rootfd, rel, &how, sizeof(how));
	}
	return 0;
}

/* Close every fd from 3 up except the @n in @keep (each >= 3 or -1). */
static void close_all_but(int *keep, size_t n)
{
	unsigned int from = 3;
	size_t i, j;

	/* A few fds: sort them by insertion. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && keep[j] < keep[j - 1]; j--) {
			int t = keep[j];

			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		if (keep[i] < (int)from)
			continue;
		if ((unsigned int)keep[i] > from)
			close_range(from, (unsigned int)keep[i] - 1, 0);
		from = (unsigned int)keep[i] + 1;
	}
	close_range(from, ~0U, 0);
}

/* The grandchild: from the host's side of the context into the command. */
static __attribute__((noreturn)) void run_command(const char *name, const struct vs_attach *a,
						  struct prepared *p, const struct vs_run_opts *o,
						  int slave, int null)
{
	struct vs_err err = { .msg = "" };
	int keep[4] = { a->ctlfd, a->rootfd, p->dirfd, a->pidfd };
	char **e;

	vs_signals_default();
	/*
	 * A session of its own, always: a guest process that kept ours would
	 * have the host's terminal as its controlling tty (reachable through
	 * /dev/tty too), and TIOCSTI on it types commands into the host shell.
	 * Our terminal fds become the guest pty's slave, as does the controlling
	 * tty; login shells get it on all three.
	 */
	setsid();
	if (slave >= 0) {
		int fd;

		if (ioctl(slave, TIOCSCTTY, 0) < 0) {
			fprintf(stderr, "vserver: cannot %s guest %s: cannot set up its terminal: %s\n",
				o->what, name, strerror(errno));
			_exit(1);
		}
		for (fd = 0; fd <= 2; fd++)
			if ((o->login || isatty(fd)) && dup2(slave, fd) < 0)
				_exit(1);
	} else if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	/*
	 * Nothing of ours for the guest to take once we are in its context:
	 * no fd but stdio and the three still needed, no core or ptrace access
	 * by uid (the execve makes the command dumpable again), and neither
	 * the caller's environment (its strings stay in /proc/PID/environ's
	 * memory unless wiped) nor anything else of the host's.
	 */
	close_all_but(keep, ARRAY_SIZE(keep));
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	for (e = environ; e && *e; e++)
		explicit_bzero(*e, strlen(*e));
	environ = p->env;
	if (vs_guest_rlimits(&err) < 0 || vs_guest_join_cgroupns(a, &err) < 0 ||
	    vs_guest_migrate(a->ctlfd, a->xid, false, &err) < 0) {
		fprintf(stderr, "vserver: cannot %s guest %s: %s\n", o->what, name, err.msg);
		_exit(1);
	}
	close(a->ctlfd);
	close(a->pidfd);
	if (o->user &&
	    (setgroups(p->ngroups, p->groups) < 0 || setgid(p->pw.gid) < 0 || setuid(p->pw.uid) < 0)) {
		fprintf(stderr, "vserver: cannot %s guest %s: cannot become %s: %s\n", o->what,
			name, p->user, strerror(errno));
		_exit(1);
	}
	if ((p->dirfd < 0 || fchdir(p->dirfd) < 0) && fchdir(a->rootfd) < 0)
		_exit(1);
	close(a->rootfd);
	if (p->dirfd >= 0)
		close(p->dirfd);
	if (o->login)
		execv(p->path, p->argv);
	else
		execvp(p->path, p->argv);
	fprintf(stderr, "vserver: cannot execute %s in guest %s: %s\n", p->path, name,
		strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

static volatile sig_atomic_t winch;

static void on_winch(int sig)
{
	(void)sig;
	winch = 1;
}

/* The process our signals go on to: the command (in the middle), the middle (in us). */
static volatile pid_t forward_to;

static void forward(int sig)
{
	if (forward_to > 0)
		kill(forward_to, sig);
}

/*
 * The command runs in a session of its own, so the terminal's ^C and ^\
 * reach only us: pass them on, and a kill of vserver (timeout(1)) too.
 */
static void forward_signals(pid_t to)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = forward };
	size_t i;

	forward_to = to;
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				struct pollfd p = { .fd = fd, .events = POLLOUT };

				poll(&p, 1, -1);
				continue;
			}
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Relay between our terminal and the pty master until the command ends;
 * the command's wait status.  With @in, our stdin goes to the pty: a
 * terminal there is put in raw mode (and restored), and when it is not a
 * terminal and ends, the pty gets an end of file (VEOF).  What the pty
 * prints goes to @outfd, and its window size follows @outfd's.
 */
static int relay(int master, pid_t child, bool in, int outfd)
{
	struct sigaction sa = { .sa_handler = on_winch };
	struct termios saved, raw;
	struct winsize ws;
	char inbuf[4096], out[4096];
	size_t inlen = 0;
	bool tty = in && isatty(0) && tcgetattr(0, &saved) == 0, in_eof = !in, eof_sent = !in;
	int pidfd = pidfd_open(child, 0), status;

	if (tty) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	}
	sigaction(SIGWINCH, &sa, NULL);
	if (ioctl(outfd, TIOCGWINSZ, &ws) == 0 || ioctl(0, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	for (;;) {
		struct pollfd pfd[3] = {
			{ .fd = in_eof || inlen ? -1 : 0, .events = POLLIN },
			{ .fd = master, .events = POLLIN | (inlen ? POLLOUT : 0) },
			{ .fd = pidfd, .events = POLLIN },
		};
		ssize_t n;

		if (winch) {
			winch = 0;
			if (ioctl(outfd, TIOCGWINSZ, &ws) == 0 || ioctl(0, TIOCGWINSZ, &ws) == 0)
				ioctl(master, TIOCSWINSZ, &ws);
		}
		if (in_eof && !inlen && !eof_sent && !tty) {
			struct termios t;

			inbuf[0] = tcgetattr(master, &t) == 0 ? (char)t.c_cc[VEOF] : 4;
			inlen = 1;
			eof_sent = true;
		}
		n = poll(pfd, 3, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents) {
			n = read(0, inbuf, sizeof(inbuf));
			if (n > 0)
				inlen = (size_t)n;
			else if (n == 0 || errno != EINTR)
				in_eof = true;
		}
		if ((pfd[1].revents & POLLOUT) && inlen) {
			n = write(master, inbuf, inlen);
			if (n > 0) {
				memmove(inbuf, inbuf + n, inlen - (size_t)n);
				inlen -= (size_t)n;
			} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
				inlen = 0;
			}
		}
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(master, out, sizeof(out));
			if (n > 0) {
				if (write_all(outfd, out, (size_t)n) < 0)
					break;
			} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
				break;	/* EIO: every slave is closed */
			}
		}
		if (pfd[2].revents) {
			/* The command ended: pass on what it wrote last, then stop. */
			while ((n = read(master, out, sizeof(out))) > 0)
				if (write_all(outfd, out, (size_t)n) < 0)
					break;
			break;
		}
	}
	if (tty)
		tcsetattr(0, TCSADRAIN, &saved);
	while (waitpid(child, &status, 0) < 0) {
		if (errno != EINTR)
			return 1 << 8;
	}
	if (pidfd >= 0)
		close(pidfd);
	return status;
}

/* The host process inside the guest's namespaces (not its context). */
static __attribute__((noreturn)) void middle(const char *name, const struct vs_attach *a,
					     char *const argv[], const struct vs_run_opts *o)
{
	int master = -1, slave = -1, null = -1, status;
	struct vs_err err = { .msg = "" };
	struct prepared p;
	pid_t pid;

	if (prepare(a, argv, o, &p, &err) < 0 || vs_guest_join(a, &err) < 0) {
		fprintf(stderr, "vserver: cannot %s guest %s: %s\n", o->what, name, err.msg);
		_exit(1);
	}
	if (o->pty) {
		/* The guest's devpts: a TIOCSTI there reaches only the guest's pty. */
		master = vs_guest_open_dev(a->rootfd, "/dev/ptmx", O_RDWR, 5, 2, &err);
		if (master < 0) {
			fprintf(stderr, "vserver: cannot %s guest %s: %s\n", o->what, name,
				err.msg);
			_exit(1);
		}
		if (unlockpt(master) == 0)
			slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (slave < 0) {
			fprintf(stderr, "vserver: cannot %s guest %s: cannot open a pty in it: %s\n",
				o->what, name, strerror(errno));
			_exit(1);
		}
		if (!isatty(0)) {
			struct termios t;

			/* Input from a pipe: no echo of it in the output. */
			if (tcgetattr(slave, &t) == 0) {
				t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
				tcsetattr(slave, TCSANOW, &t);
			}
		}
	} else if (o->quiet) {
		/* The guest's /dev/null, never a host file the guest could fchown. */
		null = vs_guest_open_dev(a->rootfd, "/dev/null", O_RDWR, 1, 3, &err);
		if (null < 0) {
			fprintf(stderr, "vserver: cannot %s guest %s: %s\n", o->what, name,
				err.msg);
			_exit(1);
		}
	}
	/* Born in the guest's cgroup: its tasks limit counts the command. */
	pid = a->cgroup_dir >= 0 ? vs_cgroup_fork_guest(a->cgroup_dir) : fork();
	if (pid < 0) {
		fprintf(stderr, "vserver: cannot %s guest %s: cannot fork: %s\n", o->what, name,
			strerror(errno));
		_exit(1);
	}
	if (pid == 0) {
		if (master >= 0)
			close(master);
		run_command(name, a, &p, o, slave, null);
	}
	if (null >= 0)
		close(null);
	forward_signals(pid);
	if (slave >= 0) {
		close(slave);
		/* Login shells take our stdin in any case; commands only a terminal. */
		status = relay(master, pid, o->login || isatty(0),
			       o->login || isatty(1) ? 1 : isatty(2) ? 2 : 0);
	} else {
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR)
				_exit(1);
		}
	}
	_exit(exit_code(status));
}

pid_t vs_guest_run_async(const char *name, const struct vs_attach *a, char *const argv[],
			 const struct vs_run_opts *o)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		/* Until the command runs and middle() forwards them, no signal ends us. */
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		middle(name, a, argv, o);
	}
	if (pid < 0)
		fprintf(stderr, "vserver: cannot %s guest %s: cannot fork: %s\n", o->what, name,
			strerror(errno));
	return pid;
}

int vs_guest_run(const char *name, const struct vs_attach *a, char *const argv[],
		 const struct vs_run_opts *o)
{
	int status;
	pid_t pid;

	/* The terminal's ^C reaches the middle process directly: not twice. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	pid = vs_guest_run_async(name, a, argv, o);
	if (pid < 0)
		return 1;
	forward_signals(pid);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			status = 1 << 8;
			break;
		}
	}
	return exit_code(status);
}
