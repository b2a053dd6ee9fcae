// SPDX-License-Identifier: GPL-2.0
/* The sd_notify(3) protocol, for and from the supervisor: see notify.h. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "notify.h"

int vs_notify_socket(struct vs_err *err)
{
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), on = 1;

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) < 0) {
		vs_err_set(err, "cannot create the notify socket: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static socklen_t unix_address(struct sockaddr_un *sun, const char *path)
{
	size_t len = strlen(path);

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (len >= sizeof(sun->sun_path)) {
		errno = ENAMETOOLONG;
		return 0;
	}
	memcpy(sun->sun_path, path, len);
	/* "@name": the abstract namespace, which has no terminating NUL. */
	if (path[0] == '@')
		sun->sun_path[0] = '\0';
	else
		len++;
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
}

int vs_notify_bind(int fd, const char *path)
{
	struct sockaddr_un sun;
	socklen_t len = unix_address(&sun, path);

	if (!len)
		return -1;
	unlink(path);
	return bind(fd, (struct sockaddr *)&sun, len);
}

/* Does the text of one datagram have the line @line? */
static bool has_line(const char *text, const char *line)
{
	size_t len = strlen(line);
	const char *p = text;

	while (p) {
		if (!strncmp(p, line, len) && (p[len] == '\n' || !p[len]))
			return true;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

bool vs_notify_ready(int fd, pid_t from)
{
	char buf[4096], control[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) - 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *c;
	const struct ucred *cred = NULL;
	ssize_t n;

	n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC | MSG_TRUNC);
	if (n < 0)
		return false;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			/* Descriptors (FDSTORE=1) are not kept: close what came. */
			int *fds = (int *)CMSG_DATA(c);
			size_t i, count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

			for (i = 0; i < count; i++)
				close(fds[i]);
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS &&
			   c->cmsg_len == CMSG_LEN(sizeof(struct ucred))) {
			cred = (const struct ucred *)CMSG_DATA(c);
		}
	}
	/* Only the init speaks for the guest: its pid as the host sees it. */
	if (!cred || cred->pid != from || (size_t)n >= sizeof(buf) || (msg.msg_flags & MSG_TRUNC))
		return false;
	buf[n] = '\0';
	return has_line(buf, "READY=1");
}

void vs_notify_manager(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun;
	socklen_t len;
	int fd;

	if (!path || !*path)
		return;
	len = unix_address(&sun, path);
	if (!len)
		return;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	/* The manager hears or not; the guest runs either way. */
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sun, len) < 0)
		fprintf(stderr, "vserver: cannot notify the service manager at %s: %s\n", path,
			strerror(errno));
	close(fd);
}
