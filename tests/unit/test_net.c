// SPDX-License-Identifier: GPL-2.0
/*
 * A guest's network addresses (netif.h): parsing and formatting addresses,
 * build's "[DEV:]ADDR/PREFIX", loading and saving interfaces/N, the checks
 * made before an address is taken, and the command line that shows them
 * (vserver NAME ip, build --interface, list's ADDRESSES, status).  Every
 * guest here is stopped: nothing touches a network device (nodev addresses,
 * and devices that do not exist, are all the commands get to see).
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "netif.h"
#include "resolver.h"
#include "unit.h"

#ifndef VSERVER_BIN
#error "VSERVER_BIN must name the vserver binary under test"
#endif

static char *confdir, *rootdir, *rundir;

/* $VSERVER_CONFDIR, _ROOTDIR and _RUNDIR in a fresh directory; none of them made. */
static void env_setup(void)
{
	unit_vserver_dirs(&confdir, &rootdir, &rundir);
}

/* The same, with the configuration directory made and guest @name's in it. */
static void conf_setup(const char *name)
{
	env_setup();
	ck_assert_int_eq(mkdir(confdir, 0755), 0);
	ck_assert_int_eq(mkdir(path_in(confdir, name), 0755), 0);
}

#define RUN(...) unit_run(VSERVER_BIN, "vserver", (const char *const[]){ __VA_ARGS__, NULL }, \
			  NULL, 0)

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static char *guest_path(const char *top, const char *name, const char *rel)
{
	return unit_printf("%s/%s%s%s", top, name, *rel ? "/" : "", rel);
}

/* Write $VSERVER_CONFDIR/@rel, creating directories on the way. */
static char *conf_write(const char *rel, const char *content)
{
	return write_below(confdir, rel, content);
}

/* $VSERVER_CONFDIR/@name/interfaces */
static char *ifdir(const char *name)
{
	return unit_printf("%s/%s/interfaces", confdir, name);
}

static void build_skeleton(const char *name)
{
	struct unit_run r = RUN(name, "build", "-m", "skeleton");

	ck_assert_msg(r.status == 0, "build %s: %s", name, r.err);
}

/* Parse @text, which must be taken. */
static struct vs_netaddr addr_ok(const char *text)
{
	struct vs_err err = { .msg = "" };
	struct vs_netaddr a;

	ck_assert_msg(vs_netaddr_parse(text, &a, &err) == 0, "'%s': %s", text, err.msg);
	ck_assert_int_eq(a.slot, -1);
	ck_assert(!a.nodev);
	ck_assert_str_eq(a.dev, "");
	return a;
}

/* Parsing @text fails with exactly @msg, on one line. */
static void addr_fails(const char *text, const char *msg)
{
	struct vs_err err = { .msg = "" };
	struct vs_netaddr a;

	ck_assert_msg(vs_netaddr_parse(text, &a, &err) == -1, "'%s' was taken", text);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
}

static const char *fmt(const struct vs_netaddr *a, bool with_prefix)
{
	static char buf[2][VS_NETADDR_TEXT_MAX];
	static int which;

	which = !which;
	vs_netaddr_format(a, with_prefix, buf[which], sizeof(buf[which]));
	return buf[which];
}

static struct vs_netaddr iface_ok(const char *text)
{
	struct vs_err err = { .msg = "" };
	struct vs_netaddr a;

	ck_assert_msg(vs_netconf_parse_interface(text, &a, &err) == 0, "'%s': %s", text, err.msg);
	return a;
}

static void iface_fails(const char *text, const char *msg)
{
	struct vs_err err = { .msg = "" };
	struct vs_netaddr a;

	ck_assert_msg(vs_netconf_parse_interface(text, &a, &err) == -1, "'%s' was taken", text);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
}

/* vs_netconf_load() of guest @name, which must succeed. */
static struct vs_netconf load_ok(const char *name)
{
	struct vs_err err = { .msg = "" };
	struct vs_netconf nc;

	ck_assert_msg(vs_netconf_load(name, &nc, &err) == 0, "load %s: %s", name, err.msg);
	unit_keep(nc.addrs);
	return nc;
}

/* vs_netconf_load() of guest @name fails with exactly @msg, and hands out nothing. */
static void load_fails(const char *name, const char *msg)
{
	struct vs_err err = { .msg = "" };
	struct vs_netconf nc = { .addrs = (struct vs_netaddr *)&nc, .n = 99 };

	ck_assert_msg(vs_netconf_load(name, &nc, &err) == -1, "%s loaded", name);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
	ck_assert_ptr_null(nc.addrs);
	ck_assert_uint_eq(nc.n, 0);
}

/* vs_net_check() for guest g of @a alone, in netns mode or not. */
static int check_one(struct vs_netaddr a, bool netns, struct vs_err *err)
{
	const struct vs_netconf nc = { .addrs = &a, .n = 1 };

	return vs_net_check("g", &nc, netns, err);
}

/* One address of a loaded configuration, as "ADDR/PREFIX DEV SLOT" ("-" for nodev). */
static const char *describe(const struct vs_netaddr *a)
{
	return unit_printf("%s %s %d", fmt(a, true), a->nodev ? "-" : a->dev, a->slot);
}

START_TEST(test_addr_parse)
{
	static const unsigned char v4[4] = { 192, 0, 2, 1 };
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	struct vs_netaddr a;
	char *text;

	a = addr_ok("192.0.2.1");
	ck_assert_int_eq(a.family, AF_INET);
	ck_assert_uint_eq(a.prefix, 32);
	ck_assert_mem_eq(a.addr, v4, 4);
	a = addr_ok("192.0.2.1/24");
	ck_assert_int_eq(a.family, AF_INET);
	ck_assert_uint_eq(a.prefix, 24);
	ck_assert_mem_eq(a.addr, v4, 4);
	ck_assert_uint_eq(addr_ok("192.0.2.1/1").prefix, 1);
	ck_assert_uint_eq(addr_ok("192.0.2.1/32").prefix, 32);
	ck_assert_uint_eq(addr_ok("192.0.2.1/024").prefix, 24);

	a = addr_ok("2001:db8::1");
	ck_assert_int_eq(a.family, AF_INET6);
	ck_assert_uint_eq(a.prefix, 128);
	ck_assert_mem_eq(a.addr, v6, 16);
	a = addr_ok("2001:db8::1/64");
	ck_assert_int_eq(a.family, AF_INET6);
	ck_assert_uint_eq(a.prefix, 64);
	ck_assert_mem_eq(a.addr, v6, 16);
	ck_assert_uint_eq(addr_ok("2001:db8::1/128").prefix, 128);
	ck_assert_uint_eq(addr_ok("2001:db8::1/33").prefix, 33);
	ck_assert_int_eq(addr_ok("::ffff:192.0.2.1").family, AF_INET6);
	/* The parser takes any address; refusing reserved ones is the configuration's job. */
	ck_assert_int_eq(addr_ok("127.0.0.1/8").family, AF_INET);
	ck_assert_int_eq(addr_ok("::1").family, AF_INET6);

	/* Prefix lengths: 1 to 32 or 128, plain decimal digits. */
	addr_fails("192.0.2.1/0", "'0' is not a prefix length of an IPv4 address (1 to 32)");
	addr_fails("192.0.2.1/33", "'33' is not a prefix length of an IPv4 address (1 to 32)");
	addr_fails("192.0.2.1/24x", "'24x' is not a prefix length of an IPv4 address (1 to 32)");
	addr_fails("192.0.2.1/-1", "'-1' is not a prefix length of an IPv4 address (1 to 32)");
	addr_fails("192.0.2.1/+24", "'+24' is not a prefix length of an IPv4 address (1 to 32)");
	addr_fails("192.0.2.1/", "'' is not a prefix length of an IPv4 address (1 to 32)");
	addr_fails("192.0.2.1/24/8", "'24/8' is not a prefix length of an IPv4 address (1 to 32)");
	addr_fails("192.0.2.1/0x18", "'0x18' is not a prefix length of an IPv4 address (1 to 32)");
	addr_fails("192.0.2.1/99999999999999999999999",
		   "'99999999999999999999999' is not a prefix length of an IPv4 address (1 to 32)");
	addr_fails("2001:db8::1/0", "'0' is not a prefix length of an IPv6 address (1 to 128)");
	addr_fails("2001:db8::1/129", "'129' is not a prefix length of an IPv6 address (1 to 128)");
	addr_fails("2001:db8::1/", "'' is not a prefix length of an IPv6 address (1 to 128)");
	addr_fails("2001:db8::1/-1", "'-1' is not a prefix length of an IPv6 address (1 to 128)");

	/* Not addresses. */
	addr_fails("300.1.1.1/24", "'300.1.1.1' is not an IPv4 or IPv6 address");
	addr_fails("192.0.2", "'192.0.2' is not an IPv4 or IPv6 address");
	addr_fails("192.0.2.1.5", "'192.0.2.1.5' is not an IPv4 or IPv6 address");
	addr_fails("example.com/24", "'example.com' is not an IPv4 or IPv6 address");
	addr_fails("2001:db8:::1", "'2001:db8:::1' is not an IPv4 or IPv6 address");
	addr_fails("fe80::1%eth0/64", "'fe80::1%eth0' is not an IPv4 or IPv6 address");
	addr_fails(" 192.0.2.1", "' 192.0.2.1' is not an IPv4 or IPv6 address");
	addr_fails("", "'' is not an IPv4 or IPv6 address");
	addr_fails("/24", "'' is not an IPv4 or IPv6 address");

	/* Too long for any address with its prefix: cut short in the message. */
	text = unit_printf("%0*d", VS_NETADDR_TEXT_MAX - 1, 7);
	addr_fails(text, unit_printf("'%s' is not an IPv4 or IPv6 address", text));
	text = unit_printf("%0*d", VS_NETADDR_TEXT_MAX, 7);
	addr_fails(text, "'00000000000000000000...' is not an address");
	text = unit_printf("1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa:bbbb:cccc:d/64");
	ck_assert_uint_eq(strlen(text), VS_NETADDR_TEXT_MAX);
	addr_fails(text, "'1111:2222:3333:4444:...' is not an address");
	addr_fails(unit_printf("%0200d", 7), "'00000000000000000000...' is not an address");

	/* A failed parse leaves no half-filled address behind. */
	a.nodev = true;
	ck_assert_int_eq(vs_netaddr_parse("300.1.1.1", &a, &(struct vs_err){ .msg = "" }), -1);
	ck_assert_int_eq(a.slot, -1);
	ck_assert(!a.nodev);
}
END_TEST

START_TEST(test_addr_loopback6)
{
	struct vs_netaddr a = addr_ok("fd76:7365:7276:6572::2a/128");

	ck_assert(vs_netaddr_is_loopback6(&a));
	a = addr_ok("fd76:7365:7276:6573::2a/128");	/* beside the prefix */
	ck_assert(!vs_netaddr_is_loopback6(&a));
	a = addr_ok("192.0.2.1/24");
	ck_assert(!vs_netaddr_is_loopback6(&a));
}
END_TEST

START_TEST(test_addr_format_same)
{
	static const char *const round[] = {
		"192.0.2.1/24", "10.0.0.1/8", "198.51.100.7/32", "2001:db8::1/64",
		"2001:db8::10/128", "fe80::1/64", "2001:db8:1:2:3:4:5:6/96", "::ffff:192.0.2.1/128",
	};
	struct vs_netaddr a, b;
	char small[8];

	for (size_t i = 0; i < sizeof(round) / sizeof(round[0]); i++) {
		a = addr_ok(round[i]);
		ck_assert_str_eq(fmt(&a, true), round[i]);
		b = addr_ok(fmt(&a, true));
		ck_assert(vs_netaddr_same(&a, &b));
		ck_assert_uint_eq(a.prefix, b.prefix);
	}
	/* IPv6 comes out in its compressed form, lower case. */
	a = addr_ok("2001:0DB8:0000:0000:0000:0000:0000:0001/64");
	ck_assert_str_eq(fmt(&a, true), "2001:db8::1/64");
	ck_assert_str_eq(fmt(&a, false), "2001:db8::1");
	a = addr_ok("2001:db8:0:0:1:0:0:1");
	ck_assert_str_eq(fmt(&a, true), "2001:db8::1:0:0:1/128");
	a = addr_ok("0:0:0:0:0:0:0:2");
	ck_assert_str_eq(fmt(&a, false), "::2");
	a = addr_ok("192.0.2.1");
	ck_assert_str_eq(fmt(&a, true), "192.0.2.1/32");
	ck_assert_str_eq(fmt(&a, false), "192.0.2.1");
	/* A short buffer gets what fits, terminated. */
	vs_netaddr_format(&a, true, small, sizeof(small));
	ck_assert_str_eq(small, "192.0.2");

	/* Same: family and bytes, whatever the prefix, the device or the spelling. */
	a = addr_ok("2001:db8::1/64");
	b = addr_ok("2001:0db8:0::0001/128");
	ck_assert(vs_netaddr_same(&a, &b));
	ck_assert(vs_netaddr_same(&b, &a));
	b.nodev = true;
	ck_assert(vs_netaddr_same(&a, &b));
	b = addr_ok("2001:db8::2/64");
	ck_assert(!vs_netaddr_same(&a, &b));
	a = addr_ok("192.0.2.1/24");
	b = addr_ok("192.0.2.1/32");
	strcpy(b.dev, "dummy0");
	ck_assert(vs_netaddr_same(&a, &b));
	b = addr_ok("192.0.2.2/24");
	ck_assert(!vs_netaddr_same(&a, &b));
	/* An IPv4 address is not its IPv4-mapped IPv6 form, nor the IPv6 address of its bytes. */
	b = addr_ok("::ffff:192.0.2.1");
	ck_assert(!vs_netaddr_same(&a, &b));
	ck_assert(!vs_netaddr_same(&b, &a));
	b = addr_ok("c000:201::");
	ck_assert(!vs_netaddr_same(&a, &b));
}
END_TEST

START_TEST(test_parse_interface)
{
	struct vs_netaddr a;

	a = iface_ok("192.0.2.1/24");
	ck_assert_str_eq(describe(&a), "192.0.2.1/24  -1");
	ck_assert(!a.nodev);
	a = iface_ok("dummy0:192.0.2.1/24");
	ck_assert_str_eq(describe(&a), "192.0.2.1/24 dummy0 -1");
	ck_assert(!a.nodev);
	a = iface_ok("dummy0:2001:db8::1/64");
	ck_assert_int_eq(a.family, AF_INET6);
	ck_assert_str_eq(describe(&a), "2001:db8::1/64 dummy0 -1");
	/* No device: the whole is an address, colons and all. */
	a = iface_ok("2001:db8::1/64");
	ck_assert_int_eq(a.family, AF_INET6);
	ck_assert_str_eq(describe(&a), "2001:db8::1/64  -1");
	ck_assert(!a.nodev);
	a = iface_ok("nodev:198.51.100.7/32");
	ck_assert(a.nodev);
	ck_assert_str_eq(a.dev, "");
	ck_assert_str_eq(fmt(&a, true), "198.51.100.7/32");
	a = iface_ok("nodev:2001:db8::10/64");
	ck_assert(a.nodev);
	ck_assert_str_eq(fmt(&a, true), "2001:db8::10/64");
	/* The longest device name Linux has room for: 15 bytes. */
	a = iface_ok("abcdefghijklmno:192.0.2.1/24");
	ck_assert_str_eq(a.dev, "abcdefghijklmno");
	a = iface_ok("eth0.100:10.1.2.3/16");
	ck_assert_str_eq(describe(&a), "10.1.2.3/16 eth0.100 -1");

	/* Build takes no host route: the prefix is required. */
	iface_fails("192.0.2.1", "'192.0.2.1' has no /PREFIX");
	iface_fails("dummy0:192.0.2.1", "'dummy0:192.0.2.1' has no /PREFIX");
	iface_fails("2001:db8::1", "'2001:db8::1' has no /PREFIX");
	iface_fails("", "'' has no /PREFIX");
	iface_fails("300.1.1.1/24", "'300.1.1.1' is not an IPv4 or IPv6 address");
	iface_fails("192.0.2.1/33", "'33' is not a prefix length of an IPv4 address (1 to 32)");
	iface_fails("192.0.2.1/0", "'0' is not a prefix length of an IPv4 address (1 to 32)");
	iface_fails("dummy0:192.0.2.1/33", "'33' is not a prefix length of an IPv4 address (1 to 32)");
	iface_fails("dummy0:300.1.1.1/24", "'300.1.1.1' is not an IPv4 or IPv6 address");
	iface_fails("dummy0:2001:db8::1/129",
		    "'129' is not a prefix length of an IPv6 address (1 to 128)");
	iface_fails("abcdefghijklmnop:192.0.2.1/24", "'abcdefghijklmnop' is not a network device name");
	iface_fails("averyveryverylongdevice:192.0.2.1/24",
		    "'averyveryverylongdevice' is not a network device name");
	iface_fails(":192.0.2.1/24", "'' is not a network device name");
	iface_fails("a b:192.0.2.1/24", "'a b' is not a network device name");

	/* Reserved addresses: nobody's to own. */
	iface_fails("127.0.0.1/8", "127.0.0.1 is a loopback address (every guest has its own 127.0.0.1)");
	iface_fails("dummy0:127.0.1.1/8",
		    "127.0.1.1 is a loopback address (every guest has its own 127.0.0.1)");
	iface_fails("0.0.0.0/8", "0.0.0.0 is an unspecified address");
	iface_fails("0.1.2.3/8", "0.1.2.3 is an unspecified address");
	iface_fails("224.0.0.1/4", "224.0.0.1 is a multicast or reserved address");
	iface_fails("nodev:239.1.2.3/8", "239.1.2.3 is a multicast or reserved address");
	iface_fails("255.255.255.255/32", "255.255.255.255 is a multicast or reserved address");
	iface_fails("::1/128", "::1 is the loopback address (every guest has its own ::1)");
	/* The module's per-guest ::1 (VS_LOOPBACK6_PREFIX): start puts it on lo itself. */
	iface_fails("fd76:7365:7276:6572::2a/64",
		    "fd76:7365:7276:6572::2a is a guest's loopback address (every guest has its own ::1)");
	iface_fails("::/128", ":: is the unspecified address");
	iface_fails("ff02::1/16", "ff02::1 is a multicast address");
	iface_fails("dummy0:ff05::2/16", "ff05::2 is a multicast address");
	/* Their neighbours are fine. */
	ck_assert_uint_eq(iface_ok("1.0.0.1/8").prefix, 8);
	ck_assert_uint_eq(iface_ok("126.255.255.254/8").prefix, 8);
	ck_assert_uint_eq(iface_ok("223.255.255.254/24").prefix, 24);
	ck_assert_uint_eq(iface_ok("::2/128").prefix, 128);
	ck_assert_uint_eq(iface_ok("fec0::1/64").prefix, 64);
	/* Link-local and IPv4-mapped addresses are no guest's. */
	iface_fails("fe80::1/64", "fe80::1 is a link-local address");
	iface_fails("febf::1/64", "febf::1 is a link-local address");
	iface_fails("::ffff:192.0.2.1/128",
		    "::ffff:192.0.2.1 is an IPv4-mapped address (give the IPv4 address)");
}
END_TEST

/*
 * A device name "." or ".." is refused by build --interface, as
 * vs_netconf_load() would refuse it: no guest is built that no command loads.
 */
START_TEST(test_parse_interface_dot_dev)
{
	iface_fails(".:192.0.2.1/24", "'.' is not a network device name");
	iface_fails("..:192.0.2.1/24", "'..' is not a network device name");
}
END_TEST

/*
 * An IPv6 address with a bad prefix is not split at its first colon as
 * "DEV:ADDR": the error names the prefix.
 */
START_TEST(test_parse_interface_v6_prefix_message)
{
	iface_fails("fd00::1/129", "'129' is not a prefix length of an IPv6 address (1 to 128)");
	iface_fails("fe80::/200", "'200' is not a prefix length of an IPv6 address (1 to 128)");
}
END_TEST

/* A blank before the prefix is refused, as a sign is (strtoul() would skip it). */
START_TEST(test_addr_prefix_blank)
{
	addr_fails("192.0.2.1/ 24", "' 24' is not a prefix length of an IPv4 address (1 to 32)");
	addr_fails("2001:db8::1/\t64", "'\t64' is not a prefix length of an IPv6 address (1 to 128)");
}
END_TEST

START_TEST(test_load)
{
	struct vs_netconf nc;

	conf_setup("g");
	/* No interfaces directory: no addresses. */
	nc = load_ok("g");
	ck_assert_uint_eq(nc.n, 0);
	ck_assert_int_eq(mkdir(ifdir("g"), 0755), 0);
	nc = load_ok("g");
	ck_assert_uint_eq(nc.n, 0);

	conf_write("g/interfaces/0/ip", "192.0.2.1\n");
	conf_write("g/interfaces/0/prefix", "24\n");
	conf_write("g/interfaces/0/dev", "dummy0\n");
	conf_write("g/interfaces/1/ip", "2001:db8::1\n");
	conf_write("g/interfaces/1/nodev", "");
	nc = load_ok("g");
	ck_assert_uint_eq(nc.n, 2);
	ck_assert_str_eq(describe(&nc.addrs[0]), "192.0.2.1/24 dummy0 0");
	ck_assert(!nc.addrs[0].nodev);
	ck_assert_int_eq(nc.addrs[0].family, AF_INET);
	/* No prefix file: the whole address. */
	ck_assert_str_eq(describe(&nc.addrs[1]), "2001:db8::1/128 - 1");
	ck_assert(nc.addrs[1].nodev);
	ck_assert_str_eq(nc.addrs[1].dev, "");
	ck_assert_int_eq(nc.addrs[1].family, AF_INET6);

	/* nodev wins over a dev file; blanks around the values do not matter. */
	conf_write("g/interfaces/1/dev", "dummy1\n");
	conf_write("g/interfaces/1/ip", "  2001:DB8:0::1 \t\n");
	conf_write("g/interfaces/1/prefix", "\t64  \n");
	nc = load_ok("g");
	ck_assert_str_eq(describe(&nc.addrs[1]), "2001:db8::1/64 - 1");
	ck_assert_str_eq(nc.addrs[1].dev, "");
	/* Files without a newline read the same. */
	conf_write("g/interfaces/0/ip", "192.0.2.1");
	conf_write("g/interfaces/0/dev", "dummy0");
	nc = load_ok("g");
	ck_assert_str_eq(describe(&nc.addrs[0]), "192.0.2.1/24 dummy0 0");

	/* Gaps are skipped; the order is that of the numbers, not of the names. */
	ck_assert_int_eq(rename(path_in(ifdir("g"), "1"), path_in(ifdir("g"), "2")), 0);
	nc = load_ok("g");
	ck_assert_uint_eq(nc.n, 2);
	ck_assert_str_eq(describe(&nc.addrs[0]), "192.0.2.1/24 dummy0 0");
	ck_assert_str_eq(describe(&nc.addrs[1]), "2001:db8::1/64 - 2");
	conf_write("g/interfaces/10/ip", "198.51.100.10\n");
	conf_write("g/interfaces/10/nodev", "");
	conf_write("g/interfaces/9/ip", "198.51.100.9\n");
	conf_write("g/interfaces/9/nodev", "");
	nc = load_ok("g");
	ck_assert_uint_eq(nc.n, 4);
	ck_assert_str_eq(describe(&nc.addrs[0]), "192.0.2.1/24 dummy0 0");
	ck_assert_str_eq(describe(&nc.addrs[1]), "2001:db8::1/64 - 2");
	ck_assert_str_eq(describe(&nc.addrs[2]), "198.51.100.9/32 - 9");
	ck_assert_str_eq(describe(&nc.addrs[3]), "198.51.100.10/32 - 10");

	/* What is not interfaces/N is not an interface (a save's leftovers, say). */
	conf_write("g/interfaces/.3.new/ip", "198.51.100.3\n");
	conf_write("g/interfaces/README", "notes\n");
	nc = load_ok("g");
	ck_assert_uint_eq(nc.n, 4);

	/* find: by address alone. */
	{
		struct vs_netaddr a = addr_ok("2001:db8::1/48");

		ck_assert_ptr_eq(vs_netconf_find(&nc, &a), &nc.addrs[1]);
		a = addr_ok("198.51.100.10");
		ck_assert_ptr_eq(vs_netconf_find(&nc, &a), &nc.addrs[3]);
		a = addr_ok("198.51.100.11");
		ck_assert_ptr_null(vs_netconf_find(&nc, &a));
	}
}
END_TEST

START_TEST(test_load_errors)
{
	struct vs_netconf nc;
	char *dir;

	conf_setup("g");
	dir = ifdir("g");

	/* A slot without ip. */
	conf_write("g/interfaces/0/ip", "192.0.2.1\n");
	conf_write("g/interfaces/0/nodev", "");
	conf_write("g/interfaces/1/prefix", "24\n");
	conf_write("g/interfaces/1/nodev", "");
	load_fails("g", unit_printf("%s/1 has no ip file", dir));
	conf_write("g/interfaces/1/ip", "192.0.2.2\n");
	ck_assert_uint_eq(load_ok("g").n, 2);

	/* Bad ip files. */
	conf_write("g/interfaces/1/ip", "300.1.1.1\n");
	load_fails("g", unit_printf("%s/1/ip: '300.1.1.1' is not an IPv4 or IPv6 address", dir));
	conf_write("g/interfaces/1/ip", "");
	load_fails("g", unit_printf("%s/1/ip: '' is not an IPv4 or IPv6 address", dir));
	conf_write("g/interfaces/1/ip", "192.0.2.2\n");

	/* Bad prefix files name the file. */
	conf_write("g/interfaces/1/prefix", "33\n");
	load_fails("g", unit_printf("%s/1/prefix: '33' is not a prefix length (1 to 32)", dir));
	conf_write("g/interfaces/1/prefix", "0\n");
	load_fails("g", unit_printf("%s/1/prefix: '0' is not a prefix length (1 to 32)", dir));
	conf_write("g/interfaces/1/prefix", "24x\n");
	load_fails("g", unit_printf("%s/1/prefix: '24x' is not a prefix length (1 to 32)", dir));
	conf_write("g/interfaces/1/prefix", "-1\n");
	load_fails("g", unit_printf("%s/1/prefix: '-1' is not a prefix length (1 to 32)", dir));
	conf_write("g/interfaces/1/prefix", "");
	load_fails("g", unit_printf("%s/1/prefix: '' is not a prefix length (1 to 32)", dir));
	conf_write("g/interfaces/1/ip", "2001:db8::2\n");
	conf_write("g/interfaces/1/prefix", "129\n");
	load_fails("g", unit_printf("%s/1/prefix: '129' is not a prefix length (1 to 128)", dir));
	conf_write("g/interfaces/1/prefix", "128\n");
	ck_assert_uint_eq(load_ok("g").n, 2);

	/* The same address twice, however spelled. */
	conf_write("g/interfaces/2/ip", "2001:0db8:0:0::2\n");
	conf_write("g/interfaces/2/prefix", "64\n");
	conf_write("g/interfaces/2/dev", "dummy0\n");
	load_fails("g", unit_printf("%s/1 and %s/2 both hold 2001:db8::2", dir, dir));
	conf_write("g/interfaces/2/ip", "2001:db8::3\n");
	ck_assert_uint_eq(load_ok("g").n, 3);
	conf_write("g/interfaces/7/ip", "192.0.2.1\n");
	conf_write("g/interfaces/7/nodev", "");
	load_fails("g", unit_printf("%s/0 and %s/7 both hold 192.0.2.1", dir, dir));
	conf_write("g/interfaces/7/ip", "192.0.2.7\n");

	/* Reserved addresses. */
	conf_write("g/interfaces/3/ip", "127.0.0.1\n");
	conf_write("g/interfaces/3/nodev", "");
	load_fails("g", unit_printf("%s/3/ip: 127.0.0.1 is a loopback address (every guest has "
				    "its own 127.0.0.1)", dir));
	conf_write("g/interfaces/3/ip", "0.0.0.0\n");
	load_fails("g", unit_printf("%s/3/ip: 0.0.0.0 is an unspecified address", dir));
	conf_write("g/interfaces/3/ip", "::1\n");
	load_fails("g", unit_printf("%s/3/ip: ::1 is the loopback address (every guest has its "
				    "own ::1)", dir));
	conf_write("g/interfaces/3/ip", "ff02::1\n");
	load_fails("g", unit_printf("%s/3/ip: ff02::1 is a multicast address", dir));
	conf_write("g/interfaces/3/ip", "224.0.0.251\n");
	load_fails("g", unit_printf("%s/3/ip: 224.0.0.251 is a multicast or reserved address", dir));
	conf_write("g/interfaces/3/ip", "192.0.2.3\n");
	ck_assert_uint_eq(load_ok("g").n, 5);

	/*
	 * Neither dev nor nodev, and no default device: it loads without a device
	 * (a netns guest needs none; vs_net_check() refuses it for the others).
	 */
	ck_assert_int_eq(unlink(path_in(dir, "3/nodev")), 0);
	nc = load_ok("g");
	ck_assert_str_eq(describe(&nc.addrs[3]), "192.0.2.3/32  3");
	ck_assert(!nc.addrs[3].nodev);
	/* Bad device names. */
	conf_write("g/interfaces/3/dev", "a/b\n");
	load_fails("g", unit_printf("%s/3/dev: 'a/b' is not a network device name", dir));
	conf_write("g/interfaces/3/dev", "a b\n");
	load_fails("g", unit_printf("%s/3/dev: 'a b' is not a network device name", dir));
	conf_write("g/interfaces/3/dev", "..\n");
	load_fails("g", unit_printf("%s/3/dev: '..' is not a network device name", dir));
	conf_write("g/interfaces/3/dev", "abcdefghijklmno\n");
	ck_assert_str_eq(load_ok("g").addrs[3].dev, "abcdefghijklmno");

	/* A slot that is a file, not a directory. */
	conf_write("h/interfaces/0", "192.0.2.1\n");
	load_fails("h", unit_printf("cannot read %s/0/ip: Not a directory", ifdir("h")));

	/* No guest name, no load. */
	load_fails("../g", "invalid guest name '../g': it must not start with '.' or '-'");
	load_fails("", "invalid guest name '': it is empty");
}
END_TEST

/*
 * A dev file naming 16 bytes or more is refused, not cut to its first 15.
 */
START_TEST(test_load_long_dev)
{
	struct vs_err err = { .msg = "" };
	char dev[IF_NAMESIZE];
	char *dir;

	conf_setup("g");
	dir = ifdir("g");
	conf_write("g/interfaces/0/ip", "192.0.2.1\n");
	conf_write("g/interfaces/0/dev", "averyveryverylongdev\n");
	load_fails("g", unit_printf("%s/0/dev: 'averyveryverylongdev' is not a network device "
				    "name", dir));
	conf_write("g/interfaces/0/dev", "abcdefghijklmnop\n");
	load_fails("g", unit_printf("%s/0/dev: 'abcdefghijklmnop' is not a network device name",
				    dir));

	/* The same of the default device. */
	conf_write(".defaults/interfaces/dev", "averyveryverylongdev\n");
	ck_assert_int_eq(vs_netconf_default_dev(dev, sizeof(dev), &err), -1);
	ck_assert_str_eq(err.msg, unit_printf("%s/.defaults/interfaces/dev: 'averyveryverylongdev' "
					      "is not a network device name", confdir));
}
END_TEST

/*
 * An empty dev file is refused (not a device name), rather than read as an
 * address on no device where .defaults/interfaces/dev names one.
 */
START_TEST(test_load_empty_dev)
{
	struct vs_err err = { .msg = "" };
	struct vs_netconf nc;

	conf_setup("g");
	conf_write(".defaults/interfaces/dev", "br0\n");
	conf_write("g/interfaces/0/ip", "192.0.2.1\n");
	conf_write("g/interfaces/0/dev", "\n");
	if (vs_netconf_load("g", &nc, &err) == 0) {
		unit_keep(nc.addrs);
		ck_assert_uint_eq(nc.n, 1);
		ck_assert_str_eq(nc.addrs[0].dev, "br0");
	} else {
		ck_assert_str_eq(err.msg, unit_printf("%s/0/dev: '' is not a network device name",
						      ifdir("g")));
	}
}
END_TEST

START_TEST(test_load_default_dev)
{
	struct vs_err err = { .msg = "" };
	char dev[IF_NAMESIZE] = "x";
	struct vs_netconf nc;

	conf_setup("g");
	ck_assert_int_eq(vs_netconf_default_dev(dev, sizeof(dev), &err), 0);
	conf_write("g/interfaces/0/ip", "192.0.2.1\n");
	conf_write("g/interfaces/0/prefix", "24\n");
	conf_write("g/interfaces/1/ip", "192.0.2.2\n");
	conf_write("g/interfaces/1/dev", "dummy1\n");
	conf_write("g/interfaces/2/ip", "192.0.2.3\n");
	conf_write("g/interfaces/2/nodev", "");
	/* No default: no device (what the checks refuse, but for a netns guest). */
	nc = load_ok("g");
	ck_assert_uint_eq(nc.n, 3);
	ck_assert_str_eq(describe(&nc.addrs[0]), "192.0.2.1/24  0");
	/* .defaults/interfaces without dev is no default either. */
	ck_assert_int_eq(mkdir(path_in(confdir, ".defaults"), 0755), 0);
	ck_assert_int_eq(mkdir(path_in(confdir, ".defaults/interfaces"), 0755), 0);
	ck_assert_int_eq(vs_netconf_default_dev(dev, sizeof(dev), &err), 0);
	ck_assert_str_eq(load_ok("g").addrs[0].dev, "");

	conf_write(".defaults/interfaces/dev", " br0 \n");
	ck_assert_int_eq(vs_netconf_default_dev(dev, sizeof(dev), &err), 1);
	ck_assert_str_eq(dev, "br0");
	nc = load_ok("g");
	ck_assert_uint_eq(nc.n, 3);
	/* The default only where the slot names no device. */
	ck_assert_str_eq(describe(&nc.addrs[0]), "192.0.2.1/24 br0 0");
	ck_assert_str_eq(describe(&nc.addrs[1]), "192.0.2.2/32 dummy1 1");
	ck_assert_str_eq(describe(&nc.addrs[2]), "192.0.2.3/32 - 2");
	ck_assert_str_eq(nc.addrs[2].dev, "");

	/* A bad default is an error where it is needed, and only there. */
	conf_write(".defaults/interfaces/dev", "a/b\n");
	{
		const char *want = unit_printf("%s/.defaults/interfaces/dev: 'a/b' is not a network "
					       "device name", confdir);

		ck_assert_int_eq(vs_netconf_default_dev(dev, sizeof(dev), &err), -1);
		ck_assert_str_eq(err.msg, want);
		load_fails("g", want);
	}
	conf_write("g/interfaces/0/dev", "dummy0\n");
	ck_assert_uint_eq(load_ok("g").n, 3);
}
END_TEST

START_TEST(test_save)
{
	struct vs_err err = { .msg = "" };
	struct vs_netaddr a, b, c, d;
	struct vs_netconf nc;
	char *dir;

	conf_setup("g");
	dir = ifdir("g");

	/* The interfaces directory is made; a device is written with a newline. */
	a = iface_ok("dummy0:192.0.2.1/24");
	ck_assert_msg(vs_netconf_save("g", &a, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(a.slot, 0);
	ck_assert_str_eq(read_file(path_in(dir, "0/ip")), "192.0.2.1\n");
	ck_assert_str_eq(read_file(path_in(dir, "0/prefix")), "24\n");
	ck_assert_str_eq(read_file(path_in(dir, "0/dev")), "dummy0\n");
	ck_assert(!exists(path_in(dir, "0/nodev")));

	/* nodev: an empty nodev file, and no dev. */
	b = iface_ok("nodev:2001:0db8::0010/64");
	ck_assert_msg(vs_netconf_save("g", &b, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(b.slot, 1);
	ck_assert_str_eq(read_file(path_in(dir, "1/ip")), "2001:db8::10\n");
	ck_assert_str_eq(read_file(path_in(dir, "1/prefix")), "64\n");
	ck_assert_str_eq(read_file(path_in(dir, "1/nodev")), "");
	ck_assert(!exists(path_in(dir, "1/dev")));

	/* No device: none written, the default applies when it loads. */
	c = addr_ok("198.51.100.7");
	ck_assert_msg(vs_netconf_save("g", &c, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(c.slot, 2);
	ck_assert_str_eq(read_file(path_in(dir, "2/ip")), "198.51.100.7\n");
	ck_assert_str_eq(read_file(path_in(dir, "2/prefix")), "32\n");
	ck_assert(!exists(path_in(dir, "2/dev")));
	ck_assert(!exists(path_in(dir, "2/nodev")));
	ck_assert(!exists(path_in(dir, ".2.new")));

	conf_write(".defaults/interfaces/dev", "br0\n");
	nc = load_ok("g");
	ck_assert_uint_eq(nc.n, 3);
	ck_assert_str_eq(describe(&nc.addrs[0]), "192.0.2.1/24 dummy0 0");
	ck_assert(!nc.addrs[0].nodev);
	ck_assert_str_eq(describe(&nc.addrs[1]), "2001:db8::10/64 - 1");
	ck_assert(nc.addrs[1].nodev);
	ck_assert_str_eq(describe(&nc.addrs[2]), "198.51.100.7/32 br0 2");
	ck_assert(!nc.addrs[2].nodev);

	/* Remove frees the slot; the next save takes the first free one. */
	ck_assert_msg(vs_netconf_remove("g", &nc.addrs[1], &err) == 0, "%s", err.msg);
	ck_assert(!exists(path_in(dir, "1")));
	nc = load_ok("g");
	ck_assert_uint_eq(nc.n, 2);
	ck_assert_str_eq(describe(&nc.addrs[1]), "198.51.100.7/32 br0 2");
	d = iface_ok("nodev:203.0.113.4/30");
	ck_assert_msg(vs_netconf_save("g", &d, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(d.slot, 1);
	nc = load_ok("g");
	ck_assert_uint_eq(nc.n, 3);
	ck_assert_str_eq(describe(&nc.addrs[1]), "203.0.113.4/30 - 1");

	/* A half-made slot a crash left is no slot, and the next save clears it. */
	conf_write("g/interfaces/.3.new/ip", "junk\n");
	d = iface_ok("dummy2:203.0.113.9/24");
	ck_assert_msg(vs_netconf_save("g", &d, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(d.slot, 3);
	ck_assert(!exists(path_in(dir, ".3.new")));
	ck_assert_str_eq(read_file(path_in(dir, "3/dev")), "dummy2\n");
	nc = load_ok("g");
	ck_assert_uint_eq(nc.n, 4);
	ck_assert_str_eq(describe(&nc.addrs[3]), "203.0.113.9/24 dummy2 3");

	/* Save into a directory of one's own (build's). */
	{
		char *own = path_in(test_dir(), "interfaces");

		a = iface_ok("2001:db8::5/80");
		ck_assert_msg(vs_netconf_save_in(own, &a, &err) == 0, "%s", err.msg);
		ck_assert_int_eq(a.slot, 0);
		ck_assert_str_eq(read_file(path_in(own, "0/ip")), "2001:db8::5\n");
		ck_assert_str_eq(read_file(path_in(own, "0/prefix")), "80\n");
		ck_assert(!exists(path_in(own, "0/dev")));
	}

	/* Room for interfaces/0 to interfaces/255 only. */
	{
		char *full = path_in(test_dir(), "interfaces");

		ck_assert_int_eq(mkdir(full, 0755), 0);
		for (int i = 0; i < 256; i++)
			ck_assert_int_eq(mkdir(path_in(full, unit_printf("%d", i)), 0755), 0);
		a = iface_ok("nodev:192.0.2.99/24");
		ck_assert_int_eq(vs_netconf_save_in(full, &a, &err), -1);
		ck_assert_str_eq(err.msg, unit_printf("%s holds 256 interfaces already", full));
		ck_assert_int_eq(a.slot, -1);
		ck_assert(!exists(path_in(full, "256")));
		ck_assert(!exists(path_in(full, ".256.new")));
	}

	/* No guest name, no save: nothing written. */
	a = iface_ok("nodev:192.0.2.99/24");
	ck_assert_int_eq(vs_netconf_save("../g", &a, &err), -1);
	ck_assert_str_eq(err.msg, "invalid guest name '../g': it must not start with '.' or '-'");
	ck_assert_int_eq(a.slot, -1);
}
END_TEST

START_TEST(test_running_record_and_check)
{
	struct vs_err err = { .msg = "" };
	struct vs_netconf nc;
	struct vs_netaddr a;
	struct ifaddrs *ifa, *i;

	conf_setup("g");
	/* No record: nothing in force. */
	ck_assert_int_eq(vs_net_running("g", &nc, &err), 0);
	ck_assert_uint_eq(nc.n, 0);
	ck_assert_int_eq(mkdir(rundir, 0700), 0);
	write_file(path_in(rundir, ".g.net"), "192.0.2.1/24 dummy0\n2001:db8::1/64 -\n"
		   "garbage\n300.1.1.1/24 dummy0\n198.51.100.1/32 dummy1\n", 0644);
	ck_assert_int_eq(vs_net_running("g", &nc, &err), 1);
	unit_keep(nc.addrs);
	ck_assert_uint_eq(nc.n, 3);
	ck_assert_str_eq(describe(&nc.addrs[0]), "192.0.2.1/24 dummy0 -1");
	ck_assert_str_eq(describe(&nc.addrs[1]), "2001:db8::1/64 - -1");
	ck_assert(nc.addrs[1].nodev);
	ck_assert_str_eq(describe(&nc.addrs[2]), "198.51.100.1/32 dummy1 -1");

	/* A nodev address needs no device. */
	ck_assert_msg(check_one(iface_ok("nodev:192.0.2.77/24"), false, &err) == 0, "%s", err.msg);
	/* A record of a guest that does not run holds nothing. */
	write_file(path_in(rundir, ".other.net"), "192.0.2.77/24 -\n", 0644);
	ck_assert_msg(check_one(iface_ok("nodev:192.0.2.77/24"), false, &err) == 0, "%s", err.msg);
	/* One with a device needs the device. */
	ck_assert_int_eq(check_one(iface_ok("nosuchdev0:192.0.2.77/24"), false, &err), -1);
	ck_assert_str_eq(err.msg, "192.0.2.77: there is no network device nosuchdev0");
	/* Reserved addresses, whoever built them. */
	a = addr_ok("ff02::1/16");
	a.nodev = true;
	ck_assert_int_eq(check_one(a, false, &err), -1);
	ck_assert_str_eq(err.msg, "ff02::1 is a multicast address");
	a = addr_ok("127.0.0.2/8");
	a.nodev = true;
	ck_assert_int_eq(check_one(a, false, &err), -1);
	ck_assert_str_eq(err.msg, "127.0.0.2 is a loopback address (every guest has its own "
			 "127.0.0.1)");
	nc = (struct vs_netconf){ .addrs = NULL, .n = 0 };
	ck_assert_int_eq(vs_net_check("g", &nc, false, &err), 0);
	ck_assert_int_eq(vs_net_check("g", &nc, true, &err), 0);

	/* No device, and no default: refused, but for a netns guest, which uses none. */
	ck_assert_int_eq(check_one(iface_ok("192.0.2.77/24"), false, &err), -1);
	ck_assert_str_eq(err.msg, unit_printf("192.0.2.77 names no device: give it a dev, an empty "
					      "nodev, or write %s/.defaults/interfaces/dev", confdir));
	ck_assert_msg(check_one(iface_ok("192.0.2.77/24"), true, &err) == 0, "%s", err.msg);
	ck_assert_msg(check_one(iface_ok("nosuchdev0:192.0.2.77/24"), true, &err) == 0, "%s",
		      err.msg);
	ck_assert_msg(check_one(iface_ok("nodev:2001:db8::77/64"), true, &err) == 0, "%s", err.msg);
	a = addr_ok("224.0.0.1/4");
	ck_assert_int_eq(check_one(a, true, &err), -1);
	ck_assert_str_eq(err.msg, "224.0.0.1 is a multicast or reserved address");

	/* An address the host has already is only for nodev (if this host has one). */
	ck_assert_int_eq(getifaddrs(&ifa), 0);
	for (i = ifa; i; i = i->ifa_next) {
		char text[INET_ADDRSTRLEN];

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET ||
		    strlen(i->ifa_name) >= IF_NAMESIZE)
			continue;
		inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, text,
			  sizeof(text));
		if (vs_netconf_parse_interface(unit_printf("%s:%s/32", i->ifa_name, text), &a,
					       &err) < 0)
			continue;	/* 127.0.0.1 and the like */
		ck_assert_int_eq(check_one(a, false, &err), -1);
		ck_assert_str_eq(err.msg, unit_printf("%s is a host address (on %s); an interface "
						      "with nodev shares it with the guest", text,
						      i->ifa_name));
		a.nodev = true;
		a.dev[0] = '\0';
		ck_assert_msg(check_one(a, false, &err) == 0, "%s", err.msg);
		/* A netns guest's addresses are its own: none may be the host's. */
		ck_assert_int_eq(check_one(a, true, &err), -1);
		ck_assert_str_eq(err.msg, unit_printf("%s is a host address (on %s); a netns "
						      "guest's addresses are its own", text,
						      i->ifa_name));
		break;
	}
	freeifaddrs(ifa);
}
END_TEST

/* -- the command line -- */

START_TEST(test_cli_build_interface)
{
	char *dir;
	struct unit_run r;

	env_setup();
	r = RUN("g", "build", "-m", "skeleton", "--interface", "dummy0:192.0.2.10/24",
		"--interface", "nodev:2001:db8::10/64");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.err, "");
	/* The skeleton's resolver configuration is the host's, filtered (resolver.c). */
	ck_assert_ptr_nonnull(strstr(read_file(guest_path(rootdir, "g", "etc/resolv.conf")),
				     "# Written by vserver build"));
	dir = ifdir("g");
	ck_assert_str_eq(read_file(path_in(dir, "0/ip")), "192.0.2.10\n");
	ck_assert_str_eq(read_file(path_in(dir, "0/prefix")), "24\n");
	ck_assert_str_eq(read_file(path_in(dir, "0/dev")), "dummy0\n");
	ck_assert(!exists(path_in(dir, "0/nodev")));
	ck_assert_str_eq(read_file(path_in(dir, "1/ip")), "2001:db8::10\n");
	ck_assert_str_eq(read_file(path_in(dir, "1/prefix")), "64\n");
	ck_assert_str_eq(read_file(path_in(dir, "1/nodev")), "");
	ck_assert(!exists(path_in(dir, "1/dev")));
	ck_assert(!exists(path_in(dir, "2")));

	/* Without --interface, no interfaces directory. */
	build_skeleton("h");
	ck_assert(!exists(ifdir("h")));

	/* --force replaces the old addresses with the new. */
	r = RUN("g", "build", "-m", "skeleton", "--force", "--interface", "nodev:198.51.100.1/24");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(read_file(path_in(dir, "0/ip")), "198.51.100.1\n");
	ck_assert_str_eq(read_file(path_in(dir, "0/nodev")), "");
	ck_assert(!exists(path_in(dir, "1")));

	r = RUN("g", "build", "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "     --interface [<dev>:]<address>/<prefix>\n"));
}
END_TEST

START_TEST(test_cli_build_interface_refused)
{
	struct unit_run r;

	env_setup();
	r = RUN("g", "build", "-m", "skeleton", "--interface", "300.1.1.1/24");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "vserver: --interface 300.1.1.1/24: '300.1.1.1' is not an IPv4 "
			 "or IPv6 address\nTry 'vserver g build --help'.\n");
	ck_assert(!exists(guest_path(confdir, "g", "")));
	ck_assert(!exists(guest_path(rootdir, "g", "")));

	/* Refused before anything is built, whatever follows. */
	r = RUN("g", "build", "-m", "skeleton", "--interface", "nodev:192.0.2.1/24", "--interface",
		"127.0.0.1/8");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: --interface 127.0.0.1/8: 127.0.0.1 is a loopback address "
			 "(every guest has its own 127.0.0.1)\nTry 'vserver g build --help'.\n");
	r = RUN("g", "build", "-m", "skeleton", "--interface", "192.0.2.1");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: --interface 192.0.2.1: '192.0.2.1' has no /PREFIX\n"
			 "Try 'vserver g build --help'.\n");
	r = RUN("g", "build", "-m", "skeleton", "--interface", "averyveryverylongdevice:192.0.2.1/24");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: --interface averyveryverylongdevice:192.0.2.1/24: "
			 "'averyveryverylongdevice' is not a network device name\n"
			 "Try 'vserver g build --help'.\n");

	/* The same address twice, on devices or not, in any spelling. */
	r = RUN("g", "build", "-m", "skeleton", "--interface", "dummy0:192.0.2.1/24",
		"--interface", "nodev:192.0.2.1/32");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: --interface nodev:192.0.2.1/32 names an address twice\n"
			 "Try 'vserver g build --help'.\n");
	r = RUN("g", "build", "-m", "skeleton", "--interface", "nodev:2001:db8::1/64",
		"--interface", "nodev:2001:0db8:0::1/48");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: --interface nodev:2001:0db8:0::1/48 names an address "
			 "twice\nTry 'vserver g build --help'.\n");

	ck_assert(!exists(guest_path(confdir, "g", "")));
	ck_assert(!exists(guest_path(rootdir, "g", "")));
}
END_TEST

/*
 * A usage error found after an --interface frees the addresses collected
 * (b.net): under make check-sanitize a leak would turn exit status 2 into 1.
 */
START_TEST(test_cli_build_interface_usage_leak)
{
	struct unit_run r;

	env_setup();
	r = RUN("g", "build", "--interface", "nodev:192.0.2.1/24");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: no build method given (-m skeleton|template|debootstrap|"
			 "clone)\nTry 'vserver g build --help'.\n");
	r = RUN("g", "build", "--interface", "nodev:192.0.2.1/24", "-m", "skeleton", "--context", "1");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: invalid context id '1' (expected 2..49151)\n"
			 "Try 'vserver g build --help'.\n");
	r = RUN("g", "build", "--interface", "nodev:192.0.2.1/24", "-m", "nosuch");
	ck_assert_int_eq(r.status, 2);
	r = RUN("g", "build", "--interface", "nodev:192.0.2.1/24", "-m", "skeleton", "extra");
	ck_assert_int_eq(r.status, 2);
	r = RUN("g", "build", "--interface", "nodev:192.0.2.1/24", "--bogus");
	ck_assert_int_eq(r.status, 2);
	r = RUN("g", "build", "--interface", "nodev:192.0.2.1/24", "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert(!exists(guest_path(confdir, "g", "")));
	ck_assert(!exists(guest_path(rootdir, "g", "")));
}
END_TEST

/*
 * build refuses "." or ".." as the device of an --interface, which
 * vs_netconf_load() would refuse: every later ip command would fail.
 */
START_TEST(test_cli_build_interface_dot_dev)
{
	struct unit_run r;

	env_setup();
	r = RUN("g", "build", "-m", "skeleton", "--interface", ".:192.0.2.1/24");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: --interface .:192.0.2.1/24: '.' is not a network device "
			 "name\nTry 'vserver g build --help'.\n");
	ck_assert(!exists(guest_path(confdir, "g", "")));
}
END_TEST

/*
 * An interface without a device, and no default device: built (a netns
 * guest needs no device), and no dev file written; ip add refuses one
 * more such address but for a netns guest.
 */
START_TEST(test_cli_interface_without_device)
{
	struct unit_run r;

	env_setup();
	r = RUN("g", "build", "-m", "skeleton", "--interface", "192.0.2.1/24");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(read_file(path_in(ifdir("g"), "0/ip")), "192.0.2.1\n");
	ck_assert_str_eq(read_file(path_in(ifdir("g"), "0/prefix")), "24\n");
	ck_assert(!exists(path_in(ifdir("g"), "0/dev")));
	ck_assert(!exists(path_in(ifdir("g"), "0/nodev")));
	r = RUN("g", "ip", "--json");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "[{\"address\":\"192.0.2.1\",\"prefix\":24,\"family\":\"inet\","
			 "\"dev\":null,\"active\":false}]\n");

	r = RUN("g", "ip", "add", "198.51.100.6/24");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("vserver: cannot add an address to guest g: 198.51.100.6 "
					    "names no device: give it a dev, an empty nodev, or "
					    "write %s/.defaults/interfaces/dev\n", confdir));
	ck_assert(!exists(path_in(ifdir("g"), "1")));

	/* A netns guest: its addresses are on no host device. */
	write_file(guest_path(confdir, "g", "flags"), "netns\n", 0644);
	r = RUN("g", "ip", "add", "198.51.100.6/24");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(read_file(path_in(ifdir("g"), "1/ip")), "198.51.100.6\n");
	ck_assert(!exists(path_in(ifdir("g"), "1/dev")));
	ck_assert(!exists(path_in(ifdir("g"), "1/nodev")));
	r = RUN("g", "ip", "del", "198.51.100.6");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(!exists(path_in(ifdir("g"), "1")));
}
END_TEST

/*
 * An address without a device (no dev, no nodev, no default; what a netns
 * guest has) shows as "on no device" in status, "-" in the DEV column of
 * the ip table (an empty cell would shift STATE left) and null in JSON.
 */
START_TEST(test_cli_show_without_device)
{
	struct unit_run r;
	char dev[32], state[32], extra[32];

	env_setup();
	r = RUN("g", "build", "-m", "skeleton", "--interface", "192.0.2.1/24");
	ck_assert_msg(r.status == 0, "%s", r.err);
	r = RUN("g", "ip");
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(sscanf(strchr(r.out, '\n') + 1, "192.0.2.1/24 %31s %31s %31s", dev, state,
				extra), 2);
	ck_assert_str_eq(state, "stopped");
	r = RUN("g", "status");
	ck_assert_int_eq(r.status, 3);
	ck_assert_int_eq(strncmp(r.out, "Guest g is stopped.\nAddress 192.0.2.1/24 ", 41), 0);
	ck_assert_ptr_null(strstr(r.out, " on .\n"));
}
END_TEST

/* With a default device, an interface without one is built as such. */
START_TEST(test_cli_build_interface_default_dev)
{
	struct unit_run r;

	env_setup();
	ck_assert_int_eq(mkdir(confdir, 0755), 0);
	conf_write(".defaults/interfaces/dev", "br0\n");
	r = RUN("g", "build", "-m", "skeleton", "--interface", "192.0.2.1/24");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(read_file(path_in(ifdir("g"), "0/ip")), "192.0.2.1\n");
	ck_assert(!exists(path_in(ifdir("g"), "0/dev")));
	ck_assert(!exists(path_in(ifdir("g"), "0/nodev")));
	r = RUN("g", "ip");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "ADDRESS                                      DEV              STATE\n"
			 "192.0.2.1/24                                 br0              stopped\n");
}
END_TEST

/* Guest g with dummy0:192.0.2.10/24 and nodev:2001:db8::10/64. */
static void build_g(void)
{
	struct unit_run r;

	env_setup();
	r = RUN("g", "build", "-m", "skeleton", "--interface", "dummy0:192.0.2.10/24",
		"--interface", "nodev:2001:db8::10/64");
	ck_assert_msg(r.status == 0, "build g: %s", r.err);
}

START_TEST(test_cli_ip_show)
{
	static const char usage[] = "Usage:\n vserver <guest> ip [--json]\n"
		" vserver <guest> ip add <address>/<prefix> [dev <device> | nodev]\n"
		" vserver <guest> ip del <address>\n";
	struct unit_run r;

	build_g();
	r = RUN("g", "ip");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(r.out, "ADDRESS                                      DEV              STATE\n"
			 "192.0.2.10/24                                dummy0           stopped\n"
			 "2001:db8::10/64                              -                stopped\n");
	r = RUN("g", "ip", "--json");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(r.out, "[{\"address\":\"192.0.2.10\",\"prefix\":24,\"family\":\"inet\","
			 "\"dev\":\"dummy0\",\"active\":false},{\"address\":\"2001:db8::10\","
			 "\"prefix\":64,\"family\":\"inet6\",\"dev\":null,\"active\":false}]\n");

	/* A stale record of a killed run does not make a stopped guest's addresses active. */
	if (!exists(rundir))
		ck_assert_int_eq(mkdir(rundir, 0700), 0);
	write_file(path_in(rundir, ".g.net"), "192.0.2.10/24 dummy0\n", 0644);
	r = RUN("g", "ip", "--json");
	ck_assert_ptr_nonnull(strstr(r.out, "\"dev\":\"dummy0\",\"active\":false}"));

	/* No addresses. */
	build_skeleton("h");
	r = RUN("h", "ip");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "ADDRESS                                      DEV              STATE\n");
	r = RUN("h", "ip", "--json");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "[]\n");

	/* Help, on stdout. */
	r = RUN("g", "ip", "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	ck_assert_int_eq(strncmp(r.out, usage, strlen(usage)), 0);
	ck_assert_ptr_nonnull(strstr(r.out, "See vserver(8) and vserver-interfaces(5).\n"));
	r = RUN("g", "ip", "-h");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, " -h, --help   display this help\n"));

	/* Usage errors. */
	r = RUN("g", "ip", "bogus");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "vserver: unknown ip command 'bogus'\nTry 'vserver g ip --help'.\n");
	r = RUN("g", "ip", "--bogus");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "Try 'vserver g ip --help'.\n"));
	r = RUN("g", "ip", "--json", "add", "198.51.100.5/24", "nodev");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "vserver: --json only shows the addresses\n"
			 "Try 'vserver g ip --help'.\n");
	ck_assert(!exists(path_in(ifdir("g"), "2")));

	/* No such guest; a broken configuration. */
	r = RUN("nosuch", "ip");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("vserver: cannot show the addresses of guest nosuch: "
					    "cannot find guest nosuch: no directory %s/nosuch\n",
					    confdir));
	write_file(path_in(ifdir("g"), "1/prefix"), "200\n", 0644);
	r = RUN("g", "ip");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, unit_printf("vserver: cannot show the addresses of guest g: "
					    "%s/1/prefix: '200' is not a prefix length (1 to 128)\n",
					    ifdir("g")));
}
END_TEST

START_TEST(test_cli_ip_add_del)
{
	const char *add_err = "vserver: cannot add an address to guest g: ";
	const char *del_err = "vserver: cannot remove an address of guest g: ";
	struct unit_run r;
	char *dir;

	build_g();
	dir = ifdir("g");

	r = RUN("g", "ip", "add", "198.51.100.5/24", "nodev");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(read_file(path_in(dir, "2/ip")), "198.51.100.5\n");
	ck_assert_str_eq(read_file(path_in(dir, "2/prefix")), "24\n");
	ck_assert_str_eq(read_file(path_in(dir, "2/nodev")), "");
	ck_assert(!exists(path_in(dir, "2/dev")));
	r = RUN("g", "ip");
	ck_assert_str_eq(r.out, "ADDRESS                                      DEV              STATE\n"
			 "192.0.2.10/24                                dummy0           stopped\n"
			 "2001:db8::10/64                              -                stopped\n"
			 "198.51.100.5/24                              -                stopped\n");

	/* Twice, in any spelling or prefix. */
	r = RUN("g", "ip", "add", "198.51.100.5/24", "nodev");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%sit has 198.51.100.5 already\n", add_err));
	r = RUN("g", "ip", "add", "2001:0db8:0:0::10/48", "dev", "nosuchdev0");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%sit has 2001:db8::10 already\n", add_err));

	/* A device must exist, even for a stopped guest; nothing is saved otherwise. */
	r = RUN("g", "ip", "add", "198.51.100.6/24", "dev", "nosuchdev0");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, unit_printf("%s198.51.100.6: there is no network device "
					    "nosuchdev0\n", add_err));
	ck_assert(!exists(path_in(dir, "3")));

	/* No prefix; bad addresses and prefixes; bad words. */
	r = RUN("g", "ip", "add", "198.51.100.6");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%s'198.51.100.6' has no /PREFIX\n", add_err));
	r = RUN("g", "ip", "add", "198.51.100.6", "nodev");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%s'198.51.100.6' has no /PREFIX\n", add_err));
	r = RUN("g", "ip", "add", "198.51.100.6/33", "nodev");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%s'33' is not a prefix length of an IPv4 address "
					    "(1 to 32)\n", add_err));
	r = RUN("g", "ip", "add", "300.1.1.1/24", "nodev");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%s'300.1.1.1' is not an IPv4 or IPv6 address\n",
					    add_err));
	r = RUN("g", "ip", "add", "127.0.0.1/8", "nodev");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%s127.0.0.1 is a loopback address (every guest has "
					    "its own 127.0.0.1)\n", add_err));
	r = RUN("g", "ip", "add", "ff02::1/16", "nodev");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%sff02::1 is a multicast address\n", add_err));
	r = RUN("g", "ip", "add");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%sip add takes ADDRESS/PREFIX [dev DEVICE | nodev]\n",
					    add_err));
	r = RUN("g", "ip", "add", "198.51.100.6/24", "dev");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%sip add takes ADDRESS/PREFIX [dev DEVICE | nodev]\n",
					    add_err));
	r = RUN("g", "ip", "add", "198.51.100.6/24", "nodev", "x");
	ck_assert_int_eq(r.status, 1);
	r = RUN("g", "ip", "add", "198.51.100.6/24", "device", "lo");
	ck_assert_int_eq(r.status, 1);
	r = RUN("g", "ip", "add", "198.51.100.6/24", "dev", "a/b");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%s'a/b' is not a network device name\n", add_err));
	r = RUN("g", "ip", "add", "198.51.100.6/24", "dev", "abcdefghijklmnop");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%s'abcdefghijklmnop' is not a network device name\n",
					    add_err));
	r = RUN("g", "ip", "add", "198.51.100.6/24", "dev", "");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%s'' is not a network device name\n", add_err));

	/* Neither dev nor nodev: the default device, which there is not; then a missing one. */
	r = RUN("g", "ip", "add", "198.51.100.6/24");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%s198.51.100.6 names no device: give it a dev, an "
					    "empty nodev, or write %s/.defaults/interfaces/dev\n",
					    add_err, confdir));
	conf_write(".defaults/interfaces/dev", "nosuchdev1\n");
	r = RUN("g", "ip", "add", "198.51.100.6/24");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%s198.51.100.6: there is no network device "
					    "nosuchdev1\n", add_err));
	ck_assert(!exists(path_in(dir, "3")));

	/* Del: by address alone, in any spelling. */
	r = RUN("g", "ip", "del", "198.51.100.5");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	ck_assert(!exists(path_in(dir, "2")));
	ck_assert(exists(path_in(dir, "0")));
	ck_assert(exists(path_in(dir, "1")));
	r = RUN("g", "ip", "del", "198.51.100.5");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%sit has no address 198.51.100.5\n", del_err));
	r = RUN("g", "ip", "del", "203.0.113.9");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%sit has no address 203.0.113.9\n", del_err));
	r = RUN("g", "ip", "del", "2001:0db8::0010/64");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(!exists(path_in(dir, "1")));
	r = RUN("g", "ip", "del", "300.1.1.1");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%s'300.1.1.1' is not an IPv4 or IPv6 address\n",
					    del_err));
	r = RUN("g", "ip", "del");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%sip del takes one ADDRESS\n", del_err));
	r = RUN("g", "ip", "del", "192.0.2.10", "192.0.2.11");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("%sip del takes one ADDRESS\n", del_err));

	/* A freed slot is taken again first. */
	r = RUN("g", "ip", "add", "2001:db8::20/64", "nodev");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(read_file(path_in(dir, "1/ip")), "2001:db8::20\n");
	r = RUN("g", "ip");
	ck_assert_str_eq(r.out, "ADDRESS                                      DEV              STATE\n"
			 "192.0.2.10/24                                dummy0           stopped\n"
			 "2001:db8::20/64                              -                stopped\n");
}
END_TEST

/*
 * ip add and ip del of a guest that does not exist name what they failed
 * to do ("cannot add an address to guest NAME"), not "cannot show".
 */
START_TEST(test_cli_ip_no_guest)
{
	struct unit_run r;

	build_g();
	r = RUN("nosuch", "ip", "add", "198.51.100.5/24", "nodev");
	ck_assert_int_eq(r.status, 1);
	ck_assert(!exists(guest_path(confdir, "nosuch", "")));
	ck_assert_str_eq(r.err, unit_printf("vserver: cannot add an address to guest nosuch: cannot "
					    "find guest nosuch: no directory %s/nosuch\n", confdir));
	r = RUN("nosuch", "ip", "del", "198.51.100.5");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, unit_printf("vserver: cannot remove an address of guest nosuch: "
					    "cannot find guest nosuch: no directory %s/nosuch\n",
					    confdir));
}
END_TEST

START_TEST(test_cli_list_status)
{
	struct unit_run r;
	char *want;

	build_g();
	build_skeleton("h");
	r = RUN("list");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	want = unit_printf("NAME XID STATE   PROC UPTIME LIMITS ADDRESSES               ROOT\n"
			   "g      - stopped    -      - -      192.0.2.10,2001:db8::10 %s/g\n"
			   "h      - stopped    -      - -      -                       %s/h\n",
			   rootdir, rootdir);
	ck_assert_str_eq(r.out, want);
	r = RUN("list", "-n", "-o", "addresses,name");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "192.0.2.10,2001:db8::10 g\n-                       h\n");
	r = RUN("list", "--json", "-o", "NAME,ADDRESSES");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "{\"guests\":[{\"name\":\"g\",\"addresses\":[\"192.0.2.10\","
			 "\"2001:db8::10\"]},{\"name\":\"h\",\"addresses\":[]}]}\n");
	r = RUN("list", "--help");
	ck_assert_ptr_nonnull(strstr(r.out, "Columns: NAME XID STATE PROC UPTIME LIMITS ADDRESSES "
				     "ROOT\n"));

	r = RUN("g", "status");
	ck_assert_int_eq(r.status, 3);
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(r.out, "Guest g is stopped.\n"
			 "Address 192.0.2.10/24 on dummy0.\n"
			 "Address 2001:db8::10/64 kept on the host.\n");
	r = RUN("h", "status");
	ck_assert_int_eq(r.status, 3);
	ck_assert_str_eq(r.out, "Guest h is stopped.\n");

	/* After ip add and del. */
	ck_assert_int_eq(RUN("g", "ip", "add", "198.51.100.5/24", "nodev").status, 0);
	ck_assert_int_eq(RUN("g", "ip", "del", "192.0.2.10").status, 0);
	r = RUN("list", "-n", "-o", "name,addresses");
	ck_assert_str_eq(r.out, "g 2001:db8::10,198.51.100.5\nh -\n");
	r = RUN("g", "status");
	ck_assert_int_eq(r.status, 3);
	ck_assert_str_eq(r.out, "Guest g is stopped.\n"
			 "Address 2001:db8::10/64 kept on the host.\n"
			 "Address 198.51.100.5/24 kept on the host.\n");
}
END_TEST

/* The guest's resolv.conf: the host's, without loopback resolvers. */
START_TEST(test_resolver)
{
	const char *dir = test_dir();
	char *host = path_in(dir, "resolv.conf"), *up = path_in(dir, "upstream.conf");
	char out[2048];

	/* systemd-resolved's stub: its upstream servers instead, search kept. */
	write_file(host, "# stub\nnameserver 127.0.0.53\noptions edns0 trust-ad\n"
		   "search example.org\n", 0644);
	write_file(up, "nameserver 192.0.2.53\nnameserver 2001:db8::53\nsearch other\n", 0644);
	ck_assert_int_eq(vs_resolver_for_guest(host, up, out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "\noptions edns0 trust-ad\nsearch example.org\n"
				      "nameserver 192.0.2.53\nnameserver 2001:db8::53\n"));
	ck_assert_ptr_null(strstr(out, "127.0.0.53"));
	ck_assert_ptr_null(strstr(out, "search other"));

	/* Reachable servers of the host stay, at most three; ::1 and fe80::% go. */
	write_file(host, "nameserver ::1\nnameserver 198.51.100.1\nnameserver fe80::1%eth0\n"
		   "nameserver 198.51.100.2\nnameserver 198.51.100.3\nnameserver 198.51.100.4\n",
		   0644);
	ck_assert_int_eq(vs_resolver_for_guest(host, up, out, sizeof(out)), 3);
	ck_assert_ptr_nonnull(strstr(out, "nameserver 198.51.100.1\nnameserver 198.51.100.2\n"
				      "nameserver 198.51.100.3\n"));
	ck_assert_ptr_null(strstr(out, "198.51.100.4"));
	ck_assert_ptr_null(strstr(out, "192.0.2.53"));

	/* Nothing reachable: a comment says so. */
	write_file(host, "nameserver 127.0.0.1\n", 0644);
	ck_assert_int_eq(vs_resolver_for_guest(host, path_in(dir, "missing"), out, sizeof(out)),
			 0);
	ck_assert_ptr_nonnull(strstr(out, "# The host names no resolver a guest can reach"));
	ck_assert_ptr_null(strstr(out, "\nnameserver"));
}
END_TEST

Suite *net_suite(void)
{
	Suite *s = suite_create("net");
	TCase *tc = tcase_create("net");

	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_addr_parse);
	tcase_add_test(tc, test_addr_format_same);
	tcase_add_test(tc, test_addr_loopback6);
	tcase_add_test(tc, test_addr_prefix_blank);
	tcase_add_test(tc, test_parse_interface);
	tcase_add_test(tc, test_parse_interface_dot_dev);
	tcase_add_test(tc, test_parse_interface_v6_prefix_message);
	tcase_add_test(tc, test_load);
	tcase_add_test(tc, test_load_errors);
	tcase_add_test(tc, test_load_long_dev);
	tcase_add_test(tc, test_load_empty_dev);
	tcase_add_test(tc, test_load_default_dev);
	tcase_add_test(tc, test_save);
	tcase_add_test(tc, test_running_record_and_check);
	tcase_add_test(tc, test_cli_build_interface);
	tcase_add_test(tc, test_cli_build_interface_refused);
	tcase_add_test(tc, test_cli_build_interface_usage_leak);
	tcase_add_test(tc, test_cli_build_interface_dot_dev);
	tcase_add_test(tc, test_cli_interface_without_device);
	tcase_add_test(tc, test_cli_show_without_device);
	tcase_add_test(tc, test_cli_build_interface_default_dev);
	tcase_add_test(tc, test_cli_ip_show);
	tcase_add_test(tc, test_cli_ip_add_del);
	tcase_add_test(tc, test_cli_ip_no_guest);
	tcase_add_test(tc, test_cli_list_status);
	tcase_add_test(tc, test_resolver);
	suite_add_tcase(s, tc);
	return s;
}
