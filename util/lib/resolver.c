// SPDX-License-Identifier: GPL-2.0
/* A guest's resolv.conf: the host's, without resolvers only the host reaches. */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "resolver.h"

/* A nameserver line's address a guest cannot reach: loopback, or unparsable. */
static bool host_only(const char *addr)
{
	unsigned char bin[16];

	if (inet_pton(AF_INET, addr, bin) == 1)
		return bin[0] == 127;
	if (inet_pton(AF_INET6, addr, bin) == 1) {
		static const unsigned char loopback[16] = { [15] = 1 };

		return !memcmp(bin, loopback, 16);
	}
	return true;	/* "fe80::1%eth0" and the like: the host's link */
}

/* Append the nameservers of @path a guest can reach; @other lines too. */
static int copy_lines(const char *path, bool nameservers, bool other, char *out, size_t size)
{
	char line[512], word[32], addr[128];
	int n = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(out);

		if (sscanf(line, "%31s %127s", word, addr) < 1)
			continue;
		if (!strcmp(word, "nameserver")) {
			if (!nameservers || host_only(addr) || n == 3)	/* glibc reads three */
				continue;
			snprintf(out + len, size - len, "nameserver %s\n", addr);
			n++;
		} else if (other && (!strcmp(word, "search") || !strcmp(word, "domain") ||
				     !strcmp(word, "options"))) {
			snprintf(out + len, size - len, "%s%s", line,
				 line[strlen(line) - 1] == '\n' ? "" : "\n");
		}
	}
	fclose(f);
	return n;
}

int vs_resolver_for_guest(const char *host, const char *upstream, char *out, size_t size)
{
	size_t len;
	int n;

	snprintf(out, size, "# Written by vserver build from the host's resolver configuration,\n"
		 "# without the resolvers on the host's loopback, which a guest cannot reach.\n");
	n = copy_lines(host, true, true, out, size);
	if (!n)
		n = copy_lines(upstream, true, false, out, size);
	len = strlen(out);
	if (!n)
		snprintf(out + len, size - len, "# The host names no resolver a guest can reach: "
			 "add nameserver lines here.\n");
	return n;
}
