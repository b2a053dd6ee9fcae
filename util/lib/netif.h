/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest's network addresses: their configuration, and the host devices
 * that carry them while it runs (design.md section 6).
 *
 *   $VSERVER_CONFDIR/NAME/interfaces/N/ip       the address (IPv4 or IPv6)
 *   $VSERVER_CONFDIR/NAME/interfaces/N/prefix   its prefix length; absent:
 *                                               32 or 128
 *   $VSERVER_CONFDIR/NAME/interfaces/N/dev      the host device that carries
 *                                               it while the guest runs
 *   $VSERVER_CONFDIR/NAME/interfaces/N/nodev    empty: the operator keeps the
 *                                               address on the host
 *   $VSERVER_CONFDIR/.defaults/interfaces/dev   the device where an
 *                                               interface names none
 *   $VSERVER_RUNDIR/.NAME.net                   the addresses in force while
 *                                               it runs ("ADDR/PREFIX DEV",
 *                                               "-" for nodev), so that stop
 *                                               removes what start added
 *
 * N is 0, 1, 2, ...  An address on a device (not nodev) must not be on the
 * host already: an operator who shares a host address with a guest says
 * so with nodev.  No two running guests hold the same address.
 */
#ifndef VS_NETIF_H
#define VS_NETIF_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define VS_NETADDR_TEXT_MAX	64	/* "ADDR/PREFIX" of IPv6, NUL included */

struct vs_netaddr {
	int family;			/* AF_INET or AF_INET6 */
	unsigned char addr[16];
	unsigned int prefix;
	bool nodev;			/* the operator keeps it on the host */
	char dev[IF_NAMESIZE];		/* the device; "" with nodev */
	int slot;			/* its interfaces/N, or -1 */
};

struct vs_netconf {
	struct vs_netaddr *addrs;
	size_t n;
};

/*
 * "ADDR" or "ADDR/PREFIX" into @a (no device).  0, or -1 with @err naming
 * the text and what is wrong with it.
 */
int vs_netaddr_parse(const char *text, struct vs_netaddr *a, struct vs_err *err);
/* "ADDR/PREFIX" (@with_prefix) or "ADDR" */
void vs_netaddr_format(const struct vs_netaddr *a, bool with_prefix, char *buf, size_t size);
/* The same address (family and bytes; prefixes and devices aside). */
bool vs_netaddr_same(const struct vs_netaddr *a, const struct vs_netaddr *b);

/* Is @a a guest's own ::1 (VS_LOOPBACK6_PREFIX), which start puts on lo? */
bool vs_netaddr_is_loopback6(const struct vs_netaddr *a);

/* A possible network device name: 1 to 15 bytes, no '/', no blank, not . or ... */
bool vs_netdev_name_ok(const char *dev);

/* The guest's interfaces/N, in order of N.  0, or -1 naming the bad file. */
int vs_netconf_load(const char *name, struct vs_netconf *nc, struct vs_err *err);
void vs_netconf_free(struct vs_netconf *nc);
/* Append @a to @nc (its slot unchanged).  0, or -1 (no memory). */
int vs_netconf_append(struct vs_netconf *nc, const struct vs_netaddr *a, struct vs_err *err);
/* The address of @nc equal to @a, or NULL. */
struct vs_netaddr *vs_netconf_find(const struct vs_netconf *nc, const struct vs_netaddr *a);
/*
 * Save @a as the guest's first free interfaces/N (its slot is set), or
 * remove the interfaces/N of @a's slot.
 */
int vs_netconf_save(const char *name, struct vs_netaddr *a, struct vs_err *err);
/* The same into the interfaces directory @dir (build's, before it is in place). */
int vs_netconf_save_in(const char *dir, struct vs_netaddr *a, struct vs_err *err);
/*
 * "[DEV:]ADDR/PREFIX" (build --interface) into @a: DEV "nodev" for nodev,
 * none for the default device.  Malformed or reserved addresses are refused.
 */
int vs_netconf_parse_interface(const char *text, struct vs_netaddr *a, struct vs_err *err);
int vs_netconf_remove(const char *name, const struct vs_netaddr *a, struct vs_err *err);
/*
 * The device an interface without one gets: .defaults/interfaces/dev.
 * 1 with @dev filled, 0 if there is none, -1 with @err set.
 */
int vs_netconf_default_dev(char *dev, size_t size, struct vs_err *err);

/*
 * Can guest NAME take the addresses of @nc now?  Every device exists, no
 * address is malformed for its device, none is held by another running
 * guest, and none with a device (@netns: none at all) is on the host
 * already.  0, or -1 with one line naming the address and the problem.
 */
int vs_net_check(const char *name, const struct vs_netconf *nc, bool netns,
		 struct vs_err *err);
/*
 * Put the addresses of @nc on their devices, and the guest's own ::1 (from
 * its context id @xid) on lo, and record them in $VSERVER_RUNDIR/.NAME.net.
 * All or nothing: after a failure no address it added is left.
 */
int vs_net_up(const char *name, unsigned int xid, const struct vs_netconf *nc,
	      struct vs_err *err);
/*
 * Netns mode: a network namespace of its own for the guest in context
 * @xid, with the addresses of @nc (all made nodev: they are its own, on no
 * host device); *@nsfd holds it.  Checked as vs_net_check() does, and all
 * or nothing.
 */
/*
 * A guest reboot's new context @xid may have another id than the last one:
 * move the guest's own ::1 on lo (and in the record) to the new id's.
 */
int vs_net_loopback_renew(const char *name, unsigned int xid, struct vs_err *err);
int vs_net_up_netns(const char *name, unsigned int xid, struct vs_netconf *nc, int *nsfd,
		    struct vs_err *err);
/*
 * Give context @xid the addresses of @nc in the module (VS_IOC_NET_ADDR_ADD),
 * where no other context may hold them.  A module before ABI 1.5 keeps
 * none: 0 then too.
 */
int vs_net_register(int ctlfd, unsigned int xid, const struct vs_netconf *nc,
		    struct vs_err *err);
/* Take the recorded addresses off their devices (or the link away) and forget them. */
void vs_net_down(const char *name);
/* The addresses in force for a running guest, from .NAME.net; 0 if none. */
int vs_net_running(const char *name, struct vs_netconf *nc, struct vs_err *err);
/* One address more, or less, for a running guest: its device and the record. */
int vs_net_add(const char *name, const struct vs_netaddr *a, struct vs_err *err);
int vs_net_del(const char *name, const struct vs_netaddr *a, struct vs_err *err);

#endif /* VS_NETIF_H */
