/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest's /etc/resolv.conf, made from the host's.  A guest cannot reach
 * the host's loopback (systemd-resolved's stub at 127.0.0.53, a local
 * dnsmasq or unbound): those nameservers are left out, and where the host
 * uses systemd-resolved its upstream servers
 * (/run/systemd/resolve/resolv.conf) are taken instead.
 */
#ifndef VS_RESOLVER_H
#define VS_RESOLVER_H

#include <stddef.h>

#define VS_RESOLV_CONF		"/etc/resolv.conf"
#define VS_RESOLVED_UPSTREAM	"/run/systemd/resolve/resolv.conf"

/*
 * The guest's resolv.conf from the host's files @host and @upstream (either
 * may be missing) into @out: "search", "domain" and "options" lines of
 * @host, and the nameservers of @host that are not loopback, else those of
 * @upstream.  Returns the number of nameservers written; with none, @out
 * says so in a comment for the operator to fill in.
 */
int vs_resolver_for_guest(const char *host, const char *upstream, char *out, size_t size);

#endif /* VS_RESOLVER_H */
