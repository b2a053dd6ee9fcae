// SPDX-License-Identifier: GPL-2.0
/*
 * vserver NAME exec, suexec and enter: run a command in a running guest.
 *
 * Three processes: this one stays in the host and only waits; its child
 * joins the guest's namespaces and root (pid and time namespaces apply to
 * children only) and, for enter or when we have a terminal, holds the
 * master of a fresh pty from the guest's own devpts and relays it to our
 * terminal; the grandchild starts a session, installs the seccomp filter,
 * migrates into the context, becomes the user, closes every other fd and
 * executes the command.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "ctl.h"
#include "lifecycle.h"
#include "subcommands.h"

/* The grandchild: from the host's side of the context into the command. */
static __attribute__((noreturn)) void run_command(const char *name, const struct vs_attach *a,
						  char *const argv[], const struct run_opts *o,
						  int slave)
{
	const char *user = o->user ? o->user : "root", *term = getenv("TERM"), *dir = "/";
	struct vs_passwd pw = { .uid = 0, .gid = 0, .home = "/", .shell = "/bin/sh" };
	struct vs_err err = { .msg = "" };
	int fd, found;

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
		if (ioctl(slave, TIOCSCTTY, 0) < 0) {
			fprintf(stderr, "vserver: cannot %s guest %s: cannot set up its terminal: %s\n",
				o->what, name, strerror(errno));
			_exit(1);
		}
		for (fd = 0; fd <= 2; fd++)
			if ((o->login || isatty(fd)) && dup2(slave, fd) < 0)
				_exit(1);
	} else if (o->quiet) {
		fd = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
	}
	if (vs_guest_migrate(a->ctlfd, a->xid, false, &err) < 0) {
		fprintf(stderr, "vserver: cannot %s guest %s: %s\n", o->what, name, err.msg);
		_exit(1);
	}
	/* The guest's own files, after the migrate: never the guest's NSS modules. */
	found = vs_passwd_lookup("/etc/passwd", user, &pw);
	if (found != 1 && o->user) {
		unsigned long id;

		if (!vs_parse_id(user, &id)) {
			fprintf(stderr, "vserver: cannot %s guest %s: no user %s in it\n", o->what,
				name, user);
			_exit(1);
		}
		/* A bare number need not have a passwd entry. */
		snprintf(pw.name, sizeof(pw.name), "%s", user);
		pw.uid = (uid_t)id;
		pw.gid = (gid_t)id;
	}
	if (o->user) {
		gid_t groups[64];
		size_t ngroups = vs_group_list("/etc/group", pw.name, pw.gid, groups, ARRAY_SIZE(groups));
		if (setgroups(ngroups, groups) < 0 || setgid(pw.gid) < 0 || setuid(pw.uid) < 0) {
			fprintf(stderr, "vserver: cannot %s guest %s: cannot become %s: %s\n", o->what,
				name, user, strerror(errno));
			_exit(1);
		}
	}
	if (o->login)
		dir = pw.home;
	if (chdir(dir) < 0 && chdir("/") < 0)
		_exit(1);
	clearenv();
	setenv("PATH", VS_GUEST_PATH, 1);
	setenv("TERM", term ? term : "dumb", 1);
	setenv("HOME", pw.home, 1);
	if (o->login) {
		setenv("SHELL", pw.shell, 1);
		setenv("USER", pw.name[0] ? pw.name : user, 1);
		setenv("LOGNAME", pw.name[0] ? pw.name : user, 1);
	}
	if (!argv) {
		/* A login shell: argv[0] is "-" and the shell's name. */
		const char *base = strrchr(pw.shell, '/');
		char argv0[sizeof(pw.shell) + 1], *shell_argv[2];

		snprintf(argv0, sizeof(argv0), "-%s", base ? base + 1 : pw.shell);
		shell_argv[0] = argv0;
		shell_argv[1] = NULL;
		close_range(3, ~0U, 0);
		execv(pw.shell, shell_argv);
		fprintf(stderr, "vserver: cannot execute %s in guest %s: %s\n", pw.shell, name,
			strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close_range(3, ~0U, 0);
	execvp(argv[0], argv);
	fprintf(stderr, "vserver: cannot execute %s in guest %s: %s\n", argv[0], name,
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
					     char *const argv[], const struct run_opts *o)
{
	int master = -1, slave = -1, status;
	struct vs_err err = { .msg = "" };
	pid_t pid;

	if (vs_guest_join(a, &err) < 0) {
		fprintf(stderr, "vserver: cannot %s guest %s: %s\n", o->what, name, err.msg);
		_exit(1);
	}
	if (o->pty) {
		/* The guest's devpts: a TIOCSTI there reaches only the guest's pty. */
		master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (master >= 0 && unlockpt(master) == 0)
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
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "vserver: cannot %s guest %s: cannot fork: %s\n", o->what, name,
			strerror(errno));
		_exit(1);
	}
	if (pid == 0) {
		if (master >= 0)
			close(master);
		run_command(name, a, argv, o, slave);
	}
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

pid_t guest_run_async(const char *name, const struct vs_attach *a, char *const argv[],
		      const struct run_opts *o)
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

int guest_run(const char *name, const struct vs_attach *a, char *const argv[],
	      const struct run_opts *o)
{
	int status;
	pid_t pid;

	/* The terminal's ^C reaches the middle process directly: not twice. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	pid = guest_run_async(name, a, argv, o);
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

/* Attach to NAME, or say why not; 1 attached, else the exit status. */
static int attach(const char *name, const char *what, struct vs_attach *a)
{
	struct vs_guest g;
	struct vs_err err = { .msg = "" };
	int ret;

	if (vs_guest_load(name, &g, &err) < 0) {
		fprintf(stderr, "vserver: cannot %s guest %s: %s\n", what, name, err.msg);
		return 1;
	}
	vs_guest_free(&g);
	ret = vs_guest_attach(name, a, &err);
	if (ret == 0)
		fprintf(stderr, "vserver: cannot %s guest %s: it is not running\n", what, name);
	else if (ret < 0)
		fprintf(stderr, "vserver: cannot %s guest %s: %s\n", what, name, err.msg);
	return ret == 1 ? -1 : 1;
}

enum mode { EXEC, SUEXEC, ENTER };

static void usage(enum mode mode)
{
	switch (mode) {
	case EXEC:
		fputs("Usage:\n"
		      " vserver <guest> exec [--] <command> [<arg>...]\n"
		      "\n"
		      "Run a command as root in the running guest, with this terminal's\n"
		      "standard input, output and error, and exit with its status.\n", stdout);
		break;
	case SUEXEC:
		fputs("Usage:\n"
		      " vserver <guest> suexec <user> [--] <command> [<arg>...]\n"
		      "\n"
		      "Run a command as <user> (a name or number from the guest's /etc/passwd)\n"
		      "in the running guest, and exit with its status.\n", stdout);
		break;
	case ENTER:
		fputs("Usage:\n"
		      " vserver <guest> enter\n"
		      "\n"
		      "Run root's login shell in the running guest, on a new terminal of the guest.\n",
		      stdout);
		break;
	}
	fputs("\n"
	      "Options:\n"
	      " -h, --help   display this help\n"
	      "\n"
	      "See vserver(8).\n", stdout);
}

static int run_main(enum mode mode, const char *guest, int argc, char *argv[])
{
	static const char *const names[] = { "exec", "suexec", "enter" };
	static const char *const whats[] = { "exec in", "suexec in", "enter" };
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct run_opts o = { .what = whats[mode] };
	struct vs_attach a;
	char **cmd = NULL;
	int c, ret;

	/* '+': options end at the command, whose own options are its business. */
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		if (c == 'h') {
			usage(mode);
			return 0;
		}
		try_help(names[mode]);
		return 2;
	}
	if (mode == SUEXEC) {
		if (optind >= argc) {
			fputs("vserver: no user given\n", stderr);
			try_help(names[mode]);
			return 2;
		}
		o.user = argv[optind++];
		if (optind < argc && !strcmp(argv[optind], "--"))
			optind++;
	}
	if (mode == ENTER) {
		if (optind < argc) {
			fprintf(stderr, "vserver: unexpected argument '%s'\n", argv[optind]);
			try_help(names[mode]);
			return 2;
		}
		o.login = o.pty = true;
	} else {
		/* Our terminal is never handed to the guest: a guest pty stands in. */
		o.pty = isatty(0) || isatty(1) || isatty(2);
		if (optind >= argc) {
			fputs("vserver: no command given\n", stderr);
			try_help(names[mode]);
			return 2;
		}
		cmd = argv + optind;
	}
	signal(SIGCHLD, SIG_DFL);	/* an inherited SIG_IGN would hide the status */
	ret = attach(guest, whats[mode], &a);
	if (ret >= 0)
		return ret;
	ret = guest_run(guest, &a, cmd, &o);
	vs_guest_detach(&a);
	return ret;
}

int exec_main(const char *guest, int argc, char *argv[])
{
	return run_main(EXEC, guest, argc, argv);
}

int suexec_main(const char *guest, int argc, char *argv[])
{
	return run_main(SUEXEC, guest, argc, argv);
}

int enter_main(const char *guest, int argc, char *argv[])
{
	return run_main(ENTER, guest, argc, argv);
}
