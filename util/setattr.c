// SPDX-License-Identifier: GPL-2.0
/*
 * setattr - set or clear the attributes that make a file unified (shared
 * between guests, copied on write): the immutable flag and the iunlink
 * marker (design.md 7.1, unify.h).
 *
 * Only a regular file can be unified.  A directory takes the plain
 * immutable flag but never the marker; symlinks, devices, fifos and sockets
 * take nothing (the kernel keeps no flags for them that matter here).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attrwalk.h"
#include "err.h"
#include "unify.h"

#define PROG "setattr"

extern const char vserver_version[];

struct request {
	unsigned int set, clear;
	bool recursive, force;
};

static void usage(void)
{
	fputs("Usage:\n"
	      " setattr [options] <path>...\n"
	      "\n"
	      "Set or clear the attributes of unified (copy-on-write) files.\n"
	      "\n"
	      "Options:\n"
	      "     --immutable     set the immutable flag\n"
	      "     --iunlink       set the iunlink (copy-on-write) marker\n"
	      "     --cow           set both: unify the file\n"
	      "     --no-immutable  clear the immutable flag (also --~immutable)\n"
	      "     --no-iunlink    remove the marker (also --~iunlink)\n"
	      "     --no-cow        clear both (also --~cow)\n"
	      " -R, --recursive     also change everything below directories\n"
	      " -f, --force         unshare a unified file that other names still share\n"
	      " -h, --help          display this help\n"
	      " -V, --version       display version\n"
	      "\n"
	      "See setattr(8).\n", stdout);
}

static const char *type_name(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFLNK:
		return "it is a symbolic link";
	case S_IFDIR:
		return "a directory cannot be unified (-R reaches the files in it)";
	default:
		return "it is not a regular file or directory";
	}
}

static int report(const char *path, int error)
{
	const char *hint = "";

	if (error == ENOTTY)
		error = EOPNOTSUPP;	/* a file system without attribute flags */
	if (error == EPERM)
		hint = " (changing them needs CAP_LINUX_IMMUTABLE and CAP_SYS_ADMIN:"
			" root on the host, not in a guest)";
	fprintf(stderr, PROG ": cannot set attributes of %s: %s%s\n", path, strerror(error), hint);
	return -1;
}

static int change(const struct vs_attrwalk_entry *e, void *data)
{
	const struct request *r = data;
	unsigned int set = r->set, clear = r->clear, cur;
	int fd, ret = 0;

	if (e->error) {
		if (e->dir_error) {
			fprintf(stderr, PROG ": cannot read directory %s: %s\n", e->path,
				strerror(e->error));
			return -1;
		}
		if (e->reason) {
			fprintf(stderr, PROG ": cannot set attributes of %s: %s\n", e->path, e->reason);
			return -1;
		}
		return report(e->path, e->error);
	}
	if (e->mountpoint)
		return 0;
	if (S_ISDIR(e->st.st_mode) && ((set | clear) & VS_ATTR_IUNLINK)) {
		/*
		 * Unifying a tree or undoing it leaves the flags of its
		 * directories alone; a stray marker can still be removed.
		 */
		if (e->top && !r->recursive && (set & VS_ATTR_IUNLINK))
			goto wrong_type;
		set = 0;
		clear &= VS_ATTR_IUNLINK;
	} else if (!S_ISREG(e->st.st_mode) && !S_ISDIR(e->st.st_mode)) {
		if (e->top)
			goto wrong_type;
		return 0;
	}

	fd = vs_attrwalk_open(e);
	if (fd < 0 || vs_attr_get(fd, &cur) < 0) {
		ret = report(e->path, errno);
	} else if (S_ISREG(e->st.st_mode) && (cur & VS_ATTR_COW) == VS_ATTR_COW &&
		   (clear & VS_ATTR_IMMUTABLE) && e->st.st_nlink > 1 && !r->force) {
		/* Every name would then write to the one inode the guests share. */
		fprintf(stderr, PROG ": cannot unshare %s: %lu names share it, and a write "
			"through one would reach them all (hashify --undo gives a guest private "
			"copies; --force clears the flag anyway)\n", e->path,
			(unsigned long)e->st.st_nlink);
		ret = -1;
	} else if (((cur | set) & ~clear) != cur && vs_attr_change(fd, set, clear) < 0) {
		ret = report(e->path, errno);
	}
	if (fd >= 0)
		close(fd);
	return ret;
wrong_type:
	fprintf(stderr, PROG ": cannot set attributes of %s: %s\n", e->path,
		type_name(e->st.st_mode));
	return -1;
}

int main(int argc, char *argv[])
{
	/* The attribute bits, and 0x100 for "clear". */
	enum {
		OPT_IMMUTABLE = 0x200 | VS_ATTR_IMMUTABLE,
		OPT_IUNLINK = 0x200 | VS_ATTR_IUNLINK,
		OPT_COW = 0x200 | VS_ATTR_COW,
		OPT_NO_IMMUTABLE = 0x300 | VS_ATTR_IMMUTABLE,
		OPT_NO_IUNLINK = 0x300 | VS_ATTR_IUNLINK,
		OPT_NO_COW = 0x300 | VS_ATTR_COW,
	};
	static const struct option options[] = {
		{ "immutable", no_argument, NULL, OPT_IMMUTABLE },
		{ "iunlink", no_argument, NULL, OPT_IUNLINK },
		{ "cow", no_argument, NULL, OPT_COW },
		{ "no-immutable", no_argument, NULL, OPT_NO_IMMUTABLE },
		{ "no-iunlink", no_argument, NULL, OPT_NO_IUNLINK },
		{ "no-cow", no_argument, NULL, OPT_NO_COW },
		/* util-vserver's spelling */
		{ "~immutable", no_argument, NULL, OPT_NO_IMMUTABLE },
		{ "~iunlink", no_argument, NULL, OPT_NO_IUNLINK },
		{ "~cow", no_argument, NULL, OPT_NO_COW },
		{ "recursive", no_argument, NULL, 'R' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct request r = { 0 };
	int c, status = 0;

	if (argc < 1)
		return 2;
	argv[0] = (char *)PROG;
	while ((c = getopt_long(argc, argv, "RfhV", options, NULL)) != -1) {
		switch (c) {
		case OPT_IMMUTABLE:
		case OPT_IUNLINK:
		case OPT_COW:
			/* The last word about an attribute counts. */
			r.set |= c & VS_ATTR_COW;
			r.clear &= ~(c & VS_ATTR_COW);
			break;
		case OPT_NO_IMMUTABLE:
		case OPT_NO_IUNLINK:
		case OPT_NO_COW:
			r.clear |= c & VS_ATTR_COW;
			r.set &= ~(c & VS_ATTR_COW);
			break;
		case 'R':
			r.recursive = true;
			break;
		case 'f':
			r.force = true;
			break;
		case 'h':
			usage();
			return vs_close_stdout(PROG, 0);
		case 'V':
			printf(PROG " %s\n", vserver_version);
			return vs_close_stdout(PROG, 0);
		default:
			fputs("Try '" PROG " --help'.\n", stderr);
			return 2;
		}
	}
	if (!r.set && !r.clear) {
		fputs(PROG ": no attribute to change (--immutable, --iunlink, --cow or their "
		      "--no- forms)\nTry '" PROG " --help'.\n", stderr);
		return 2;
	}
	if (optind == argc) {
		fputs(PROG ": no file given\nTry '" PROG " --help'.\n", stderr);
		return 2;
	}
	for (int i = optind; i < argc; i++)
		if (vs_attrwalk(argv[i], r.recursive, change, &r) < 0)
			status = 1;
	return vs_close_stdout(PROG, status);
}
