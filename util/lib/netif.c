// SPDX-License-Identifier: GPL-2.0
/* A guest's network addresses: configuration, checks and host devices. */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "ctl.h"
#include "fsutil.h"
#include "kernel.h"
#include "netif.h"
#include "netns.h"
#include "ns.h"
#include "rtnl.h"
#include "runtime.h"

#define VS_NETIF_SLOTS	256	/* interfaces/0 .. interfaces/255 */

int vs_netaddr_parse(const char *text, struct vs_netaddr *a, struct vs_err *err)
{
	char buf[VS_NETADDR_TEXT_MAX], *slash, *end;
	unsigned long prefix;
	unsigned int max;

	memset(a, 0, sizeof(*a));
	a->slot = -1;
	if (strlen(text) >= sizeof(buf)) {
		vs_err_set(err, "'%.*s...' is not an address", 20, text);
		return -1;
	}
	strcpy(buf, text);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, a->addr) == 1) {
		a->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, a->addr) == 1) {
		a->family = AF_INET6;
		max = 128;
	} else {
		vs_err_set(err, "'%s' is not an IPv4 or IPv6 address", buf);
		return -1;
	}
	a->prefix = max;
	if (!slash)
		return 0;
	errno = 0;
	prefix = strtoul(slash, &end, 10);
	if (!isdigit((unsigned char)*slash) || *end || errno || prefix > max || prefix == 0) {
		vs_err_set(err, "'%s' is not a prefix length of an %s address (1 to %u)", slash,
			   a->family == AF_INET ? "IPv4" : "IPv6", max);
		return -1;
	}
	a->prefix = (unsigned int)prefix;
	return 0;
}

void vs_netaddr_format(const struct vs_netaddr *a, bool with_prefix, char *buf, size_t size)
{
	char text[INET6_ADDRSTRLEN];

	if (!inet_ntop(a->family, a->addr, text, sizeof(text)))
		strcpy(text, "?");
	if (with_prefix)
		snprintf(buf, size, "%s/%u", text, a->prefix);
	else
		snprintf(buf, size, "%s", text);
}

bool vs_netaddr_same(const struct vs_netaddr *a, const struct vs_netaddr *b)
{
	return a->family == b->family &&
	       !memcmp(a->addr, b->addr, a->family == AF_INET ? 4 : 16);
}

/* Addresses a guest cannot own: they mean "any", "this host" or "everyone". */
static const char *reserved(const struct vs_netaddr *a)
{
	static const unsigned char zero[16];

	if (a->family == AF_INET) {
		if (a->addr[0] == 0)
			return "an unspecified address";
		if (a->addr[0] == 127)
			return "a loopback address (every guest has its own 127.0.0.1)";
		if (a->addr[0] >= 224)
			return "a multicast or reserved address";
		return NULL;
	}
	if (!memcmp(a->addr, zero, 16))
		return "the unspecified address";
	if (!memcmp(a->addr, zero, 15) && a->addr[15] == 1)
		return "the loopback address (every guest has its own ::1)";
	if (vs_netaddr_is_loopback6(a))
		return "a guest's loopback address (every guest has its own ::1)";
	if (a->addr[0] == 0xff)
		return "a multicast address";
	if (!memcmp(a->addr, zero, 10) && a->addr[10] == 0xff && a->addr[11] == 0xff)
		return "an IPv4-mapped address (give the IPv4 address)";
	if (a->addr[0] == 0xfe && (a->addr[1] & 0xc0) == 0x80)
		return "a link-local address";
	return NULL;
}

/*
 * One line of a configuration file, trimmed: 1 with @buf filled, 0 if the
 * file does not exist, -1 with @err set.
 */
static int read_line(const char *path, char *buf, size_t size, struct vs_err *err)
{
	FILE *f = fopen(path, "re");
	size_t len;

	if (!f) {
		if (errno == ENOENT)
			return 0;
		vs_err_set(err, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	len = strcspn(buf, "\n");
	buf[len] = '\0';
	while (len && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		buf[--len] = '\0';
	memmove(buf, buf + strspn(buf, " \t"), strlen(buf + strspn(buf, " \t")) + 1);
	return 1;
}

static bool dev_name_ok(const char *dev)
{
	size_t len = strlen(dev);

	return len && len < IF_NAMESIZE && !strchr(dev, '/') && !strchr(dev, ' ') &&
	       strcmp(dev, ".") && strcmp(dev, "..");
}

int vs_netconf_default_dev(char *dev, size_t size, struct vs_err *err)
{
	char path[PATH_MAX], text[64];
	int ret;

	if (snprintf(path, sizeof(path), "%s/.defaults/interfaces/dev", vs_confdir()) >=
	    (int)sizeof(path)) {
		vs_err_set(err, "%s: %s", vs_confdir(), strerror(ENAMETOOLONG));
		return -1;
	}
	ret = read_line(path, text, sizeof(text), err);
	if (ret == 1 && !dev_name_ok(text)) {
		vs_err_set(err, "%s: '%s' is not a network device name", path, text);
		return -1;
	}
	if (ret == 1)
		snprintf(dev, size, "%s", text);
	return ret;
}

/* interfaces/N of guest NAME: 1 with @a filled, 0 if there is none, -1. */
static int load_slot(const char *dir, int slot, struct vs_netaddr *a, struct vs_err *err)
{
	char path[PATH_MAX + 32], text[VS_NETADDR_TEXT_MAX], why[sizeof(err->msg)];
	struct vs_err e = { .msg = "" };
	struct stat st;
	int ret;

	snprintf(path, sizeof(path), "%s/%d", dir, slot);
	if (stat(path, &st) < 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%d/ip", dir, slot);
	ret = read_line(path, text, sizeof(text), err);
	if (ret <= 0) {
		if (ret == 0)
			vs_err_set(err, "%s/%d has no ip file", dir, slot);
		return -1;
	}
	if (vs_netaddr_parse(text, a, &e) < 0) {
		snprintf(why, sizeof(why), "%s", e.msg);
		vs_err_set(err, "%s: %s", path, why);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%d/prefix", dir, slot);
	ret = read_line(path, text, sizeof(text), err);
	if (ret < 0)
		return -1;
	if (ret == 1) {
		char full[VS_NETADDR_TEXT_MAX * 2];
		struct vs_netaddr p;

		vs_netaddr_format(a, false, full, sizeof(full));
		strcat(full, "/");
		strncat(full, text, VS_NETADDR_TEXT_MAX);
		if (vs_netaddr_parse(full, &p, &e) < 0) {
			vs_err_set(err, "%s: '%s' is not a prefix length (1 to %u)", path, text,
				   a->family == AF_INET ? 32 : 128);
			return -1;
		}
		a->prefix = p.prefix;
	}
	a->slot = slot;
	snprintf(path, sizeof(path), "%s/%d/nodev", dir, slot);
	a->nodev = access(path, F_OK) == 0;
	snprintf(path, sizeof(path), "%s/%d/dev", dir, slot);
	ret = a->nodev ? 0 : read_line(path, text, sizeof(text), err);
	if (ret < 0)
		return -1;
	if (ret == 1 && !dev_name_ok(text)) {
		vs_err_set(err, "%s: '%s' is not a network device name", path, text);
		return -1;
	}
	if (ret == 1)
		memcpy(a->dev, text, strlen(text) + 1);	/* dev_name_ok: it fits */
	/* No device at all is for the checks to judge: a netns guest needs none. */
	if (ret == 0 && !a->nodev && vs_netconf_default_dev(a->dev, sizeof(a->dev), err) < 0)
		return -1;
	return 1;
}

int vs_netconf_append(struct vs_netconf *nc, const struct vs_netaddr *a, struct vs_err *err)
{
	struct vs_netaddr *more = realloc(nc->addrs, (nc->n + 1) * sizeof(*more));

	if (!more) {
		vs_err_set(err, "%s", strerror(ENOMEM));
		return -1;
	}
	nc->addrs = more;
	nc->addrs[nc->n++] = *a;
	return 0;
}

struct vs_netaddr *vs_netconf_find(const struct vs_netconf *nc, const struct vs_netaddr *a)
{
	size_t i;

	for (i = 0; i < nc->n; i++)
		if (vs_netaddr_same(&nc->addrs[i], a))
			return &nc->addrs[i];
	return NULL;
}

void vs_netconf_free(struct vs_netconf *nc)
{
	free(nc->addrs);
	nc->addrs = NULL;
	nc->n = 0;
}

static int interfaces_dir(const char *name, char *dir, size_t size, struct vs_err *err)
{
	if (vs_name_check(name, err) < 0)
		return -1;
	if (snprintf(dir, size, "%s/%s/interfaces", vs_confdir(), name) >= (int)size) {
		vs_err_set(err, "%s: %s", name, strerror(ENAMETOOLONG));
		return -1;
	}
	return 0;
}

/*
 * Which of interfaces/0 .. interfaces/255 exist, by one read of @dir (start
 * reads every guest's, and most have none): 0, or -1 with @err set.
 */
static int present_slots(const char *dir, bool present[VS_NETIF_SLOTS], struct vs_err *err)
{
	struct dirent *de;
	DIR *d;

	memset(present, 0, VS_NETIF_SLOTS * sizeof(*present));
	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		vs_err_set(err, "cannot read %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		const char *p = de->d_name;
		unsigned int n = 0;

		/* Only the names "%d" writes: no sign, no leading zero. */
		if (!isdigit((unsigned char)*p) || (*p == '0' && p[1]))
			continue;
		while (isdigit((unsigned char)*p) && n < VS_NETIF_SLOTS)
			n = n * 10 + (unsigned int)(*p++ - '0');
		if (!*p && n < VS_NETIF_SLOTS)
			present[n] = true;
	}
	closedir(d);
	return 0;
}

int vs_netconf_load(const char *name, struct vs_netconf *nc, struct vs_err *err)
{
	bool present[VS_NETIF_SLOTS];
	char dir[PATH_MAX], text[VS_NETADDR_TEXT_MAX];
	struct vs_netaddr a;
	int slot, ret;
	size_t i;

	nc->addrs = NULL;
	nc->n = 0;
	if (interfaces_dir(name, dir, sizeof(dir), err) < 0 ||
	    present_slots(dir, present, err) < 0)
		return -1;
	for (slot = 0; slot < VS_NETIF_SLOTS; slot++) {
		if (!present[slot])
			continue;
		ret = load_slot(dir, slot, &a, err);
		if (ret < 0)
			goto fail;
		if (ret == 0)
			continue;
		for (i = 0; i < nc->n; i++) {
			if (vs_netaddr_same(&nc->addrs[i], &a)) {
				vs_netaddr_format(&a, false, text, sizeof(text));
				vs_err_set(err, "%s/%d and %s/%d both hold %s", dir, nc->addrs[i].slot,
					   dir, slot, text);
				goto fail;
			}
		}
		if (reserved(&a)) {
			vs_netaddr_format(&a, false, text, sizeof(text));
			vs_err_set(err, "%s/%d/ip: %s is %s", dir, slot, text, reserved(&a));
			goto fail;
		}
		if (vs_netconf_append(nc, &a, err) < 0)
			goto fail;
	}
	return 0;
fail:
	vs_netconf_free(nc);
	return -1;
}

static int write_file(const char *path, const char *text, struct vs_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	size_t len = strlen(text);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		vs_err_set(err, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		vs_err_set(err, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int vs_netconf_save_in(const char *dir, struct vs_netaddr *a, struct vs_err *err)
{
	char slotdir[PATH_MAX + 16], tmp[PATH_MAX + 32], path[PATH_MAX + 48];
	char text[VS_NETADDR_TEXT_MAX + 2];
	struct vs_err ignored = { .msg = "" };
	struct stat st;
	int slot;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		vs_err_set(err, "cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	for (slot = 0; slot < VS_NETIF_SLOTS; slot++) {
		snprintf(slotdir, sizeof(slotdir), "%s/%d", dir, slot);
		if (stat(slotdir, &st) < 0 && errno == ENOENT)
			break;
	}
	if (slot == VS_NETIF_SLOTS) {
		vs_err_set(err, "%s holds %d interfaces already", dir, VS_NETIF_SLOTS);
		return -1;
	}
	/* Built aside and renamed into place: a half-written slot never loads. */
	snprintf(tmp, sizeof(tmp), "%s/.%d.new", dir, slot);
	vs_rmtree(tmp, NULL, &ignored);
	if (mkdir(tmp, 0755) < 0) {
		vs_err_set(err, "cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	vs_netaddr_format(a, false, text, sizeof(text));
	strcat(text, "\n");
	snprintf(path, sizeof(path), "%s/ip", tmp);
	if (write_file(path, text, err) < 0)
		goto fail;
	snprintf(text, sizeof(text), "%u\n", a->prefix);
	snprintf(path, sizeof(path), "%s/prefix", tmp);
	if (write_file(path, text, err) < 0)
		goto fail;
	/* No device: the default device applies at start. */
	snprintf(path, sizeof(path), "%s/%s", tmp, a->nodev ? "nodev" : "dev");
	snprintf(text, sizeof(text), "%s%s", a->dev, a->nodev ? "" : "\n");
	if ((a->nodev || a->dev[0]) && write_file(path, text, err) < 0)
		goto fail;
	if (rename(tmp, slotdir) < 0) {
		vs_err_set(err, "cannot create %s: %s", slotdir, strerror(errno));
		goto fail;
	}
	a->slot = slot;
	return 0;
fail:
	vs_rmtree(tmp, NULL, &ignored);
	return -1;
}

int vs_netconf_save(const char *name, struct vs_netaddr *a, struct vs_err *err)
{
	char dir[PATH_MAX];

	if (interfaces_dir(name, dir, sizeof(dir), err) < 0)
		return -1;
	return vs_netconf_save_in(dir, a, err);
}

/* "ADDR/..." whose ADDR is an address: its error is in the prefix, not a device. */
static bool whole_address(const char *text)
{
	char buf[VS_NETADDR_TEXT_MAX];
	unsigned char bin[16];
	size_t len = strcspn(text, "/");

	if (len >= sizeof(buf))
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return inet_pton(AF_INET6, buf, bin) == 1 || inet_pton(AF_INET, buf, bin) == 1;
}

bool vs_netdev_name_ok(const char *dev)
{
	return dev_name_ok(dev);
}

int vs_netconf_parse_interface(const char *text, struct vs_netaddr *a, struct vs_err *err)
{
	struct vs_err e = { .msg = "" };
	const char *colon;
	size_t devlen;

	if (!strchr(text, '/')) {
		vs_err_set(err, "'%s' has no /PREFIX", text);
		return -1;
	}
	/* An IPv6 address has colons of its own: "DEV:" only if the whole is no address. */
	if (vs_netaddr_parse(text, a, &e) == 0)
		goto check;
	colon = strchr(text, ':');
	if (!colon || whole_address(text)) {
		vs_err_set(err, "%s", e.msg);
		return -1;
	}
	if (vs_netaddr_parse(colon + 1, a, err) < 0)
		return -1;
	devlen = (size_t)(colon - text);
	if (devlen == 5 && !strncmp(text, "nodev", 5)) {
		a->nodev = true;
	} else {
		if (devlen >= sizeof(a->dev)) {
			vs_err_set(err, "'%.*s' is not a network device name", (int)devlen, text);
			return -1;
		}
		memcpy(a->dev, text, devlen);
		a->dev[devlen] = '\0';
		if (!dev_name_ok(a->dev)) {
			vs_err_set(err, "'%s' is not a network device name", a->dev);
			return -1;
		}
	}
check:
	if (reserved(a)) {
		char addr[VS_NETADDR_TEXT_MAX];

		vs_netaddr_format(a, false, addr, sizeof(addr));
		vs_err_set(err, "%s is %s", addr, reserved(a));
		return -1;
	}
	return 0;
}

int vs_netconf_remove(const char *name, const struct vs_netaddr *a, struct vs_err *err)
{
	char dir[PATH_MAX], slotdir[PATH_MAX + 16];

	if (interfaces_dir(name, dir, sizeof(dir), err) < 0)
		return -1;
	snprintf(slotdir, sizeof(slotdir), "%s/%d", dir, a->slot);
	return vs_rmtree(slotdir, NULL, err);
}

/*
 * Runtime record: "ADDR/PREFIX DEV" lines, DEV "-" for nodev; a netns
 * guest's begins with "link NAME", the host end of its pair, and its
 * addresses have DEV "-".
 */

static int record_path(const char *name, char *path, size_t size, struct vs_err *err)
{
	if (vs_run_path(path, size, ".", name, ".net") < 0) {
		vs_err_set(err, "%s: %s", name, strerror(ENAMETOOLONG));
		return -1;
	}
	return 0;
}

static int record_write(const char *name, const char *link, const struct vs_netconf *nc,
			struct vs_err *err)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], text[VS_NETADDR_TEXT_MAX];
	size_t i;
	FILE *f;

	if (record_path(name, path, sizeof(path), err) < 0 || vs_rundir_create(err) < 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "we");
	if (!f) {
		vs_err_set(err, "cannot write %s: %s", tmp, strerror(errno));
		return -1;
	}
	if (link && *link)
		fprintf(f, "link %s\n", link);
	for (i = 0; i < nc->n; i++) {
		vs_netaddr_format(&nc->addrs[i], true, text, sizeof(text));
		fprintf(f, "%s %s\n", text, nc->addrs[i].nodev ? "-" : nc->addrs[i].dev);
	}
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		vs_err_set(err, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static void record_remove(const char *name)
{
	struct vs_err ignored = { .msg = "" };
	char path[PATH_MAX];

	if (record_path(name, path, sizeof(path), &ignored) == 0)
		unlink(path);
}

/*
 * The record of guest NAME, whether it runs or not: 1, 0 if none, -1.
 * @link (IF_NAMESIZE bytes, may be NULL) gets a netns guest's host end, or "".
 */
static int record_read(const char *name, struct vs_netconf *nc, char *link, struct vs_err *err)
{
	char path[PATH_MAX], line[VS_NETADDR_TEXT_MAX + IF_NAMESIZE + 8];
	char addr[VS_NETADDR_TEXT_MAX], dev[IF_NAMESIZE];
	struct vs_netaddr a;
	FILE *f;

	nc->addrs = NULL;
	nc->n = 0;
	if (link)
		link[0] = '\0';
	if (record_path(name, path, sizeof(path), err) < 0)
		return -1;
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		vs_err_set(err, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %15s", addr, dev) != 2)
			continue;
		if (!strcmp(addr, "link")) {
			if (link)
				snprintf(link, IF_NAMESIZE, "%s", dev);
			continue;
		}
		if (vs_netaddr_parse(addr, &a, err) < 0)
			continue;
		a.nodev = !strcmp(dev, "-");
		if (!a.nodev)
			snprintf(a.dev, sizeof(a.dev), "%s", dev);
		if (vs_netconf_append(nc, &a, err) < 0) {
			fclose(f);
			vs_netconf_free(nc);
			return -1;
		}
	}
	fclose(f);
	return 1;
}

int vs_net_running(const char *name, struct vs_netconf *nc, struct vs_err *err)
{
	return record_read(name, nc, NULL, err);
}

/*
 * The first address of @nc (its index into *@which) that a running guest
 * other than @self holds: 1 with @owner filled, else 0.  One read of each
 * running guest's record, whatever the number of addresses; records of
 * guests that are not running are stale.
 */
static int owned_elsewhere(const char *self, const struct vs_netconf *nc, size_t *which,
			   char *owner, size_t size)
{
	struct vs_err ignored = { .msg = "" };
	struct dirent *de;
	int found = 0;
	DIR *d;

	if (!nc->n)
		return 0;
	d = opendir(vs_rundir());
	if (!d)
		return 0;
	while (!found && (de = readdir(d))) {
		size_t len = strlen(de->d_name), i;
		char name[VS_NAME_MAX + 1];
		struct vs_netconf other;
		unsigned int xid;

		if (de->d_name[0] != '.' || len < 6 || strcmp(de->d_name + len - 4, ".net") ||
		    len - 5 > VS_NAME_MAX)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 5), de->d_name + 1);
		if (!strcmp(name, self) || vs_name_check(name, &ignored) < 0 ||
		    vs_guest_up(name, &xid, &ignored) != 1 ||
		    record_read(name, &other, NULL, &ignored) != 1)
			continue;
		for (i = 0; !found && i < nc->n; i++) {
			if (vs_netconf_find(&other, &nc->addrs[i])) {
				snprintf(owner, size, "%s", name);
				*which = i;
				found = 1;
			}
		}
		vs_netconf_free(&other);
	}
	closedir(d);
	return found;
}

/*
 * The first address of @nc that must not be the host's (with a device, or
 * any in netns mode) and is on a host device now: 1 with *@which and @dev
 * filled, else 0.  One getifaddrs() for all of them.
 */
static int on_host(const struct vs_netconf *nc, bool netns, size_t *which, char *dev,
		   size_t size)
{
	struct ifaddrs *ifa, *i;
	int found = 0;

	if (!nc->n || getifaddrs(&ifa) < 0)
		return 0;
	for (i = ifa; i && !found; i = i->ifa_next) {
		struct vs_netaddr h = { 0 };
		size_t k;

		if (!i->ifa_addr || (i->ifa_addr->sa_family != AF_INET &&
				     i->ifa_addr->sa_family != AF_INET6))
			continue;
		h.family = i->ifa_addr->sa_family;
		if (h.family == AF_INET)
			memcpy(h.addr, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, 4);
		else
			memcpy(h.addr, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, 16);
		for (k = 0; !found && k < nc->n; k++) {
			if ((netns || !nc->addrs[k].nodev) && vs_netaddr_same(&h, &nc->addrs[k])) {
				snprintf(dev, size, "%s", i->ifa_name);
				*which = k;
				found = 1;
			}
		}
	}
	freeifaddrs(ifa);
	return found;
}

/* One address on its own: not reserved, and (on the host's stack) its device. */
static int check_form(const struct vs_netaddr *a, bool netns, struct vs_err *err)
{
	char text[VS_NETADDR_TEXT_MAX];

	vs_netaddr_format(a, false, text, sizeof(text));
	if (reserved(a)) {
		vs_err_set(err, "%s is %s", text, reserved(a));
		return -1;
	}
	if (netns || a->nodev)
		return 0;
	if (!a->dev[0]) {
		vs_err_set(err, "%s names no device: give it a dev, an empty nodev, or write "
			   "%s/.defaults/interfaces/dev", text, vs_confdir());
		return -1;
	}
	if (!if_nametoindex(a->dev)) {
		vs_err_set(err, "%s: there is no network device %s", text, a->dev);
		return -1;
	}
	return 0;
}

/*
 * In netns mode every address is the guest's own, in its namespace: no
 * device is used, and none may be the host's (the host routes it to the
 * guest).
 */
int vs_net_check(const char *name, const struct vs_netconf *nc, bool netns,
		 struct vs_err *err)
{
	char text[VS_NETADDR_TEXT_MAX], owner[VS_NAME_MAX + 1], dev[IF_NAMESIZE];
	size_t i;

	for (i = 0; i < nc->n; i++)
		if (check_form(&nc->addrs[i], netns, err) < 0)
			return -1;
	if (owned_elsewhere(name, nc, &i, owner, sizeof(owner))) {
		vs_netaddr_format(&nc->addrs[i], false, text, sizeof(text));
		vs_err_set(err, "%s belongs to running guest %s", text, owner);
		return -1;
	}
	if (on_host(nc, netns, &i, dev, sizeof(dev))) {
		vs_netaddr_format(&nc->addrs[i], false, text, sizeof(text));
		if (netns)
			vs_err_set(err, "%s is a host address (on %s); a netns guest's addresses "
				   "are its own", text, dev);
		else
			vs_err_set(err, "%s is a host address (on %s); an interface with nodev "
				   "shares it with the guest", text, dev);
		return -1;
	}
	return 0;
}

/* @a on its host device (@add) or off it. */
static int dev_addr(bool add, const struct vs_netaddr *a, struct vs_err *err)
{
	unsigned int ifindex = if_nametoindex(a->dev);
	char text[VS_NETADDR_TEXT_MAX];
	int ret;

	vs_netaddr_format(a, true, text, sizeof(text));
	if (!ifindex) {
		vs_err_set(err, "%s: there is no network device %s", text, a->dev);
		return -1;
	}
	ret = vs_rtnl_addr(add, ifindex, a->family, a->addr, a->prefix);
	if (ret < 0) {
		vs_err_set(err, "cannot %s %s %s %s: %s", add ? "add" : "remove", text,
			   add ? "to" : "from", a->dev, strerror(-ret));
		errno = -ret;
		return -1;
	}
	return 0;
}

static const unsigned char loopback6_prefix[8] = VS_LOOPBACK6_PREFIX;

bool vs_netaddr_is_loopback6(const struct vs_netaddr *a)
{
	return a->family == AF_INET6 && !memcmp(a->addr, loopback6_prefix, sizeof(loopback6_prefix));
}

/* The guest's own ::1 (the module's VS_LOOPBACK6_PREFIX address), on lo. */
static void loopback6(unsigned int xid, struct vs_netaddr *a)
{
	*a = (struct vs_netaddr){ .family = AF_INET6, .prefix = 128, .dev = "lo", .slot = -1 };
	memcpy(a->addr, loopback6_prefix, sizeof(loopback6_prefix));
	a->addr[14] = (unsigned char)(xid >> 8);
	a->addr[15] = (unsigned char)xid;
}

int vs_net_up(const char *name, unsigned int xid, const struct vs_netconf *nc,
	      struct vs_err *err)
{
	struct vs_err ignored = { .msg = "" };
	struct vs_netconf all = { 0 };
	struct vs_netaddr lo6;
	size_t i;

	if (vs_net_check(name, nc, false, err) < 0)
		return -1;
	loopback6(xid, &lo6);
	for (i = 0; i < nc->n; i++)
		if (vs_netconf_append(&all, &nc->addrs[i], err) < 0)
			goto fail;
	if (vs_netconf_append(&all, &lo6, err) < 0)
		goto fail;
	/* Recorded first: whatever a killed start added, stop or the next start takes back. */
	if (record_write(name, NULL, &all, err) < 0)
		goto fail;
	for (i = 0; i < nc->n; i++)
		if (!nc->addrs[i].nodev && dev_addr(true, &nc->addrs[i], err) < 0)
			goto undo;
	/* A host without IPv6 has no ::1 to give the guest either. */
	dev_addr(true, &lo6, &ignored);
	vs_netconf_free(&all);
	return 0;
undo:
	while (i--)
		if (!nc->addrs[i].nodev)
			dev_addr(false, &nc->addrs[i], &ignored);
	record_remove(name);
fail:
	vs_netconf_free(&all);
	return -1;
}

int vs_net_loopback_renew(const char *name, unsigned int xid, struct vs_err *err)
{
	struct vs_err ignored = { .msg = "" };
	char link[IF_NAMESIZE];
	struct vs_netaddr lo6;
	struct vs_netconf nc;
	bool found = false;
	size_t i;
	int ret;

	ret = record_read(name, &nc, link, err);
	if (ret <= 0 || link[0]) {	/* none, or netns: no loopback on the host's lo */
		vs_netconf_free(&nc);
		return ret < 0 ? -1 : 0;
	}
	loopback6(xid, &lo6);
	ret = 0;
	if (vs_netconf_find(&nc, &lo6))
		goto out;
	for (i = 0; i < nc.n; i++) {
		if (vs_netaddr_is_loopback6(&nc.addrs[i])) {
			dev_addr(false, &nc.addrs[i], &ignored);
			nc.addrs[i] = lo6;
			found = true;
		}
	}
	ret = found ? 0 : vs_netconf_append(&nc, &lo6, err);
	if (ret == 0)
		ret = record_write(name, NULL, &nc, err);
	if (ret == 0)
		dev_addr(true, &lo6, &ignored);
out:
	vs_netconf_free(&nc);
	return ret;
}

/* The addresses of a netns guest are its own, on no host device. */
static void netns_addrs(struct vs_netconf *nc)
{
	size_t i;

	for (i = 0; i < nc->n; i++) {
		nc->addrs[i].nodev = true;
		nc->addrs[i].dev[0] = '\0';
	}
}

int vs_net_up_netns(const char *name, unsigned int xid, struct vs_netconf *nc, int *nsfd,
		    struct vs_err *err)
{
	char link[IF_NAMESIZE];

	netns_addrs(nc);
	vs_netns_link_name(xid, link, sizeof(link));
	/* Recorded first, as vs_net_up() does, so that a killed start leaves no link. */
	if (vs_net_check(name, nc, true, err) < 0 || record_write(name, link, nc, err) < 0)
		return -1;
	if (vs_netns_create(xid, nc, nsfd, link, sizeof(link), err) < 0) {
		record_remove(name);
		return -1;
	}
	return 0;
}

void vs_net_down(const char *name)
{
	struct vs_err ignored = { .msg = "" };
	char link[IF_NAMESIZE];
	struct vs_netconf nc;
	size_t i;

	if (record_read(name, &nc, link, &ignored) != 1)
		return;
	if (link[0])
		vs_netns_destroy(link);
	for (i = 0; !link[0] && i < nc.n; i++)
		if (!nc.addrs[i].nodev)
			dev_addr(false, &nc.addrs[i], &ignored);
	vs_netconf_free(&nc);
	record_remove(name);
}

int vs_net_register(int ctlfd, unsigned int xid, const struct vs_netconf *nc,
		    struct vs_err *err)
{
	char text[VS_NETADDR_TEXT_MAX];
	size_t i;

	for (i = 0; i < nc->n; i++) {
		const struct vs_netaddr *a = &nc->addrs[i];

		/* The module knows a context's loopback without being told. */
		if (vs_netaddr_is_loopback6(a))
			continue;
		if (vs_ctx_net_addr(ctlfd, xid, 1, a->family, a->addr, a->prefix, err) == 0)
			continue;
		if (errno == ENOTTY)
			return 0;	/* a module before ABI 1.5 keeps no addresses */
		vs_netaddr_format(a, false, text, sizeof(text));
		if (errno == EADDRINUSE)
			vs_err_set(err, "%s belongs to another context", text);
		return -1;
	}
	return 0;
}

/* One address more or less in the module's set of running guest NAME. */
static int module_addr(bool add, const char *name, const struct vs_netaddr *a,
		       struct vs_err *err)
{
	char text[VS_NETADDR_TEXT_MAX];
	unsigned int xid;
	int fd, sup, ret;

	if (vs_runtime_read(name, &xid, &sup, err) != 1)
		return 0;	/* gone meanwhile: its context took its set along */
	/* Opened directly: a running guest's module is loaded. */
	fd = open(VS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ret = vs_ctx_net_addr(fd, xid, add, a->family, a->addr, a->prefix, err);
	if (ret < 0 && (errno == ENOTTY || (!add && errno == ENOENT)))
		ret = 0;
	else if (ret < 0 && errno == EADDRINUSE) {
		vs_netaddr_format(a, false, text, sizeof(text));
		vs_err_set(err, "%s belongs to another context", text);
	}
	close(fd);
	return ret;
}

/* One address on or off a running guest: its host device, or its namespace. */
static int running_addr(bool add, const char *name, const char *link,
			const struct vs_netaddr *a, struct vs_err *err)
{
	struct vs_attach at;
	int ret;

	if (!link[0])
		return a->nodev ? 0 : dev_addr(add, a, err);
	ret = vs_guest_attach(name, &at, err);
	if (ret == 0)
		vs_err_set(err, "it is not running");
	if (ret <= 0)
		return -1;
	ret = vs_netns_addr(add, at.pidfd, link, a, err);
	vs_guest_detach(&at);
	return ret;
}

int vs_net_add(const char *name, const struct vs_netaddr *addr, struct vs_err *err)
{
	struct vs_err ignored = { .msg = "" };
	struct vs_netaddr a = *addr;
	char link[IF_NAMESIZE];
	struct vs_netconf nc;
	int ret = -1;

	if (record_read(name, &nc, link, err) < 0)
		return -1;
	if (link[0]) {
		a.nodev = true;
		a.dev[0] = '\0';
	}
	if (vs_net_check(name, &(struct vs_netconf){ .addrs = &a, .n = 1 }, link[0], err) < 0 ||
	    running_addr(true, name, link, &a, err) < 0)
		goto out;
	if (module_addr(true, name, &a, err) < 0) {
		running_addr(false, name, link, &a, &ignored);
		goto out;
	}
	if (vs_netconf_append(&nc, &a, err) < 0 || record_write(name, link, &nc, err) < 0) {
		module_addr(false, name, &a, &ignored);
		running_addr(false, name, link, &a, &ignored);
		goto out;
	}
	ret = 0;
out:
	vs_netconf_free(&nc);
	return ret;
}

int vs_net_del(const char *name, const struct vs_netaddr *a, struct vs_err *err)
{
	char link[IF_NAMESIZE];
	struct vs_netaddr *held;
	struct vs_netconf nc;
	int ret = -1;

	if (record_read(name, &nc, link, err) < 0)
		return -1;
	held = vs_netconf_find(&nc, a);
	if (!held) {
		ret = 0;	/* not in force: nothing to take back */
		goto out;
	}
	if (running_addr(false, name, link, held, err) < 0 && errno != EADDRNOTAVAIL)
		goto out;
	if (module_addr(false, name, held, err) < 0)
		goto out;
	*held = nc.addrs[--nc.n];
	ret = record_write(name, link, &nc, err);
out:
	vs_netconf_free(&nc);
	return ret;
}
