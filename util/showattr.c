// SPDX-License-Identifier: GPL-2.0
/*
 * showattr - show the attributes that make a file unified: one line per
 * file, "iu" (immutable flag, iunlink marker; '-' where unset) and the path.
 *
 * The marker is a trusted.* xattr: without CAP_SYS_ADMIN (as in any guest)
 * the kernel hides it, so its letter is then '?' and not a false '-'.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include "attrwalk.h"
#include "err.h"
#include "json.h"
#include "unify.h"

#define PROG "showattr"

extern const char vserver_version[];

struct show {
	bool json;
	bool first;		/* no JSON object printed yet */
	bool marker_visible;	/* may read trusted.* xattrs */
};

static void usage(void)
{
	fputs("Usage:\n"
	      " showattr [options] <path>...\n"
	      "\n"
	      "Show the attributes of unified (copy-on-write) files: 'i' for the\n"
	      "immutable flag, 'u' for the iunlink marker; \"iu\" is a unified file.\n"
	      "\n"
	      "Options:\n"
	      " -R, --recursive  also show everything below directories\n"
	      "     --json       print JSON\n"
	      " -h, --help       display this help\n"
	      " -V, --version    display version\n"
	      "\n"
	      "See showattr(8).\n", stdout);
}

/*
 * Can the caller read trusted.* xattrs?  That takes CAP_SYS_ADMIN in the
 * initial user namespace, whose uid_map alone maps every id to itself.
 */
static bool marker_visible(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	unsigned long inside, outside, count;
	FILE *f;
	int n;

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) < 0)
		return geteuid() == 0;
	if (!(data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective & CAP_TO_MASK(CAP_SYS_ADMIN)))
		return false;
	f = fopen("/proc/self/uid_map", "re");
	if (!f)
		return true;	/* no /proc: assume the initial namespace */
	n = fscanf(f, "%lu %lu %lu", &inside, &outside, &count);
	fclose(f);
	return n == 3 && inside == 0 && outside == 0 && count == 4294967295UL;
}

static int show(const struct vs_attrwalk_entry *e, void *data)
{
	struct show *s = data;
	unsigned int attrs = 0;
	bool unified;

	if (e->error) {
		fprintf(stderr, PROG ": cannot read %s%s: %s\n",
			e->dir_error ? "directory " : "attributes of ", e->path,
			e->reason ? e->reason : strerror(e->error));
		return -1;
	}
	/* Only regular files and directories carry flags (lsattr agrees). */
	if (S_ISREG(e->st.st_mode) || S_ISDIR(e->st.st_mode)) {
		int fd = vs_attrwalk_open(e);

		if (fd < 0 || vs_attr_get(fd, &attrs) < 0) {
			fprintf(stderr, PROG ": cannot read attributes of %s: %s\n", e->path,
				strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
	}
	unified = S_ISREG(e->st.st_mode) && (attrs & VS_ATTR_COW) == VS_ATTR_COW;
	if (!s->json) {
		printf("%c%c  %s\n", attrs & VS_ATTR_IMMUTABLE ? 'i' : '-',
		       !s->marker_visible ? '?' : attrs & VS_ATTR_IUNLINK ? 'u' : '-', e->path);
		return 0;
	}
	fputs(s->first ? "{\"path\":" : ",{\"path\":", stdout);
	s->first = false;
	vs_json_string(stdout, e->path);
	printf(",\"immutable\":%s", attrs & VS_ATTR_IMMUTABLE ? "true" : "false");
	if (s->marker_visible)
		printf(",\"iunlink\":%s,\"unified\":%s}", attrs & VS_ATTR_IUNLINK ? "true" : "false",
		       unified ? "true" : "false");
	else
		fputs(",\"iunlink\":null,\"unified\":null}", stdout);
	return 0;
}

int main(int argc, char *argv[])
{
	static const struct option options[] = {
		{ "recursive", no_argument, NULL, 'R' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct show s = { .first = true };
	bool recursive = false;
	int c, status = 0;

	if (argc < 1)
		return 2;
	argv[0] = (char *)PROG;
	while ((c = getopt_long(argc, argv, "RhV", options, NULL)) != -1) {
		switch (c) {
		case 'R':
			recursive = true;
			break;
		case 'j':
			s.json = true;
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
	if (optind == argc) {
		fputs(PROG ": no file given\nTry '" PROG " --help'.\n", stderr);
		return 2;
	}
	s.marker_visible = marker_visible();
	if (s.json)
		putchar('[');
	for (int i = optind; i < argc; i++)
		if (vs_attrwalk(argv[i], recursive, show, &s) < 0)
			status = 1;
	if (s.json)
		puts("]");
	return vs_close_stdout(PROG, status);
}
