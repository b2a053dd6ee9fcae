// SPDX-License-Identifier: GPL-2.0
/* The tree walk of setattr and showattr: see attrwalk.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "attrwalk.h"
#include "config.h"
#include "err.h"
#include "fsutil.h"

struct state {
	char path[PATH_MAX];
	bool recursive;
	vs_attrwalk_fn fn;
	void *data;
	char reason[PATH_MAX * 2 + 128];	/* why the top cannot be reached, if not errno */
};

static int fail(struct state *s, int error, bool dir_error)
{
	struct vs_attrwalk_entry e = {
		.path = s->path, .fd = -1, .error = error, .dir_error = dir_error,
		.reason = s->reason[0] ? s->reason : NULL,
	};

	s->fn(&e, s->data);
	return -1;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int visit(struct state *s, int dirfd, const char *name, dev_t dev, uint64_t mnt);

/* The entries of the directory @fd (O_PATH), sorted; they are on @dev, @mnt. */
static int walk_dir(struct state *s, int fd, dev_t dev, uint64_t mnt)
{
	char **names = NULL, **nn;
	size_t n = 0, room = 0, len = strlen(s->path);
	int ret = 0, dfd;
	DIR *dir;

	dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return fail(s, errno, true);
	dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return fail(s, errno, true);
	}
	for (;;) {
		struct dirent *de;

		errno = 0;
		de = readdir(dir);
		if (!de) {
			if (errno)
				ret = fail(s, errno, true);
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == room) {
			room = room ? 2 * room : 64;
			nn = realloc(names, room * sizeof(*nn));
			if (!nn) {
				ret = fail(s, ENOMEM, true);
				break;
			}
			names = nn;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			ret = fail(s, ENOMEM, true);
			break;
		}
		n++;
	}
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		int r = snprintf(s->path + len, sizeof(s->path) - len, "%s%s",
				 len && s->path[len - 1] == '/' ? "" : "/", names[i]);

		if (r < 0 || (size_t)r >= sizeof(s->path) - len) {
			s->path[len] = '\0';
			fail(s, ENAMETOOLONG, false);
			ret = -1;
		} else if (visit(s, dirfd(dir), names[i], dev, mnt) < 0) {
			ret = -1;
		}
		s->path[len] = '\0';
		free(names[i]);
	}
	free(names);
	closedir(dir);
	return ret;
}

/* An entry below the operand: never a symlink followed, never another mount entered. */
static int visit(struct state *s, int dirfd, const char *name, dev_t dev, uint64_t mnt)
{
	struct vs_attrwalk_entry e = { .path = s->path };
	int ret;

	e.fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (e.fd < 0 || fstat(e.fd, &e.st) < 0) {
		int error = errno;

		if (e.fd >= 0)
			close(e.fd);
		return fail(s, error, false);
	}
	if (S_ISDIR(e.st.st_mode))
		e.mountpoint = e.st.st_dev != dev || (mnt && vs_mount_id(e.fd) != mnt);
	ret = s->fn(&e, s->data);
	if (s->recursive && S_ISDIR(e.st.st_mode) && !e.mountpoint &&
	    walk_dir(s, e.fd, dev, mnt) < 0)
		ret = -1;
	close(e.fd);
	return ret;
}

/* Guest roots */

/*
 * The real paths of the guest roots: every configured guest's, and every
 * directory right below $VSERVER_ROOTDIR (.hash, a build's temporary root,
 * a guest whose configuration is gone).  Read once per process.
 */
static struct {
	bool loaded;
	char rootdir[PATH_MAX];		/* "" if it does not exist */
	char **v;
	size_t n;
} roots;

static void roots_load(void)
{
	struct dirent *de;
	DIR *dir;

	roots.loaded = true;
	if (!realpath(vs_rootdir(), roots.rootdir))
		roots.rootdir[0] = '\0';
	dir = opendir(vs_confdir());
	if (!dir)
		return;
	while ((de = readdir(dir))) {
		char root[PATH_MAX], *real, **v;
		struct vs_err err = { .msg = "" };

		if (de->d_name[0] == '.' || vs_guest_root(de->d_name, root, sizeof(root), &err) < 0)
			continue;
		real = realpath(root, NULL);
		v = real ? realloc(roots.v, (roots.n + 1) * sizeof(*v)) : NULL;
		if (!v) {
			free(real);
			continue;
		}
		roots.v = v;
		roots.v[roots.n++] = real;
	}
	closedir(dir);
}

/* Is the real path @dir a guest root? */
static bool is_guest_root(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	size_t len = (size_t)(slash - dir);

	if (!roots.loaded)
		roots_load();
	if (roots.rootdir[0] && slash[1] &&
	    (len ? strlen(roots.rootdir) == len && !strncmp(dir, roots.rootdir, len) :
		   !strcmp(roots.rootdir, "/")))
		return true;
	for (size_t i = 0; i < roots.n; i++)
		if (!strcmp(dir, roots.v[i]))
			return true;
	return false;
}

static int openat2_strict(int dirfd, const char *rel)
{
	struct open_how how = {
		.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_BENEATH,
	};

	return (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));
}

/*
 * Below the guest root @root (real path, fd @rootfd) open @rel without
 * following any symlink: the guest may have planted one anywhere, and one
 * in the middle would take the admin's command to the host's files.
 */
static int open_in_guest(struct state *s, int rootfd, const char *root, const char *rel)
{
	char prefix[PATH_MAX];
	int fd, error;

	if (!*rel)
		return fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
	fd = openat2_strict(rootfd, rel);
	if (fd >= 0 || (errno != ELOOP && errno != EXDEV))
		return fd;
	error = errno;
	if (error == EXDEV) {
		snprintf(s->reason, sizeof(s->reason), "'..' would leave the guest root %s", root);
		errno = error;
		return -1;
	}
	/* Name the symlink: the first directory on the way that is one. */
	snprintf(prefix, sizeof(prefix), "%s", rel);
	for (char *p = strchr(prefix, '/'); p; p = strchr(p + 1, '/')) {
		struct stat st;
		int pfd;

		*p = '\0';
		pfd = openat2_strict(rootfd, prefix);
		if (pfd >= 0 && fstat(pfd, &st) == 0 && S_ISLNK(st.st_mode)) {
			close(pfd);
			snprintf(s->reason, sizeof(s->reason), "%s/%s is a symbolic link below the "
				 "guest root %s, and none is followed there", root, prefix, root);
			break;
		}
		if (pfd >= 0)
			close(pfd);
		*p = '/';
	}
	if (!s->reason[0])
		snprintf(s->reason, sizeof(s->reason), "a symbolic link below the guest root %s is "
			 "in the way, and none is followed there", root);
	errno = error;
	return -1;
}

/*
 * Open the operand @path as O_PATH, its last component not followed.  On
 * the host's part of the path symlinks are followed as usual; from a guest
 * root on (found on the real path, whatever the operand's spelling), none
 * is.  -1 with errno, and s->reason set where errno alone would mislead.
 */
static int open_top(struct state *s, const char *path)
{
	char rest[PATH_MAX * 2], cur[PATH_MAX], target[PATH_MAX], tmp[PATH_MAX * 2];
	int dfd, nfd, links = 0;

	if (path[0] == '/') {
		snprintf(rest, sizeof(rest), "%s", path);
	} else {
		if (!getcwd(cur, sizeof(cur)))
			return -1;
		if (snprintf(rest, sizeof(rest), "%s/%s", cur, path) >= (int)sizeof(rest)) {
			errno = ENAMETOOLONG;
			return -1;
		}
	}
	snprintf(cur, sizeof(cur), "/");
	dfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	for (;;) {
		char *name = rest + strspn(rest, "/"), *end = name + strcspn(name, "/");
		bool last = !*(end + strspn(end, "/"));
		struct stat st;
		size_t len;

		if (!*name)		/* "/" itself */
			return dfd;
		if (*end)
			*end++ = '\0';
		if (!strcmp(name, ".") || !strcmp(name, "..")) {
			if (name[1] == '.') {
				char *slash = strrchr(cur, '/');

				slash[slash == cur] = '\0';
			}
			nfd = open(cur, O_PATH | O_DIRECTORY | O_CLOEXEC);
			if (last)
				goto done;
			goto next_dir;
		}
		if (last) {
			nfd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
			goto done;
		}
		if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			goto fail;
		if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlinkat(dfd, name, target, sizeof(target) - 1);

			if (n < 0)
				goto fail;
			target[n] = '\0';
			if (++links > 40) {
				errno = ELOOP;
				goto fail;
			}
			if (snprintf(tmp, sizeof(tmp), "%s/%s", target, end) >= (int)sizeof(tmp)) {
				errno = ENAMETOOLONG;
				goto fail;
			}
			snprintf(rest, sizeof(rest), "%s", tmp);
			if (target[0] == '/') {
				close(dfd);
				snprintf(cur, sizeof(cur), "/");
				dfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
				if (dfd < 0)
					return -1;
			}
			continue;
		}
		nfd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
		len = strlen(cur);
		if (snprintf(cur + len, sizeof(cur) - len, "%s%s", len > 1 ? "/" : "",
			     name) >= (int)(sizeof(cur) - len)) {
			if (nfd >= 0)
				close(nfd);
			errno = ENAMETOOLONG;
			goto fail;
		}
next_dir:
		if (nfd < 0)
			goto fail;
		close(dfd);
		dfd = nfd;
		memmove(rest, end, strlen(end) + 1);
		if (is_guest_root(cur)) {
			nfd = open_in_guest(s, dfd, cur, rest + strspn(rest, "/"));
			goto done;
		}
	}
done:
	{
		int error = errno;

		close(dfd);
		errno = error;
		return nfd;
	}
fail:
	{
		int error = errno;

		close(dfd);
		errno = error;
		return -1;
	}
}

int vs_attrwalk(const char *path, bool recursive, vs_attrwalk_fn fn, void *data)
{
	struct state s = { .recursive = recursive, .fn = fn, .data = data };
	struct vs_attrwalk_entry e = { .path = s.path, .top = true };
	int ret;

	if (snprintf(s.path, sizeof(s.path), "%s", path) >= (int)sizeof(s.path)) {
		e.path = path;
		e.fd = -1;
		e.error = ENAMETOOLONG;
		fn(&e, data);
		return -1;
	}
	e.fd = open_top(&s, path);
	if (e.fd < 0 || fstat(e.fd, &e.st) < 0) {
		int error = errno;

		if (e.fd >= 0)
			close(e.fd);
		return fail(&s, error, false);
	}
	ret = fn(&e, data);
	if (recursive && S_ISDIR(e.st.st_mode) &&
	    walk_dir(&s, e.fd, e.st.st_dev, vs_mount_id(e.fd)) < 0)
		ret = -1;
	close(e.fd);
	return ret;
}

int vs_attrwalk_open(const struct vs_attrwalk_entry *e)
{
	char proc[64];
	struct stat st;
	int fd;

	if (!S_ISREG(e->st.st_mode) && !S_ISDIR(e->st.st_mode)) {
		errno = EOPNOTSUPP;
		return -1;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", e->fd);
	fd = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_dev != e->st.st_dev || st.st_ino != e->st.st_ino) {
		close(fd);
		errno = ESTALE;
		return -1;
	}
	return fd;
}
