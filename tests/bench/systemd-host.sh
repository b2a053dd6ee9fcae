#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Many systemd guests starting with the host (Documentation/benchmarks.md,
# "systemd guests"): run by scripts/bench-systemd through tests/vm/init's
# vs.mode=systemd-host, in steps as those of tests/vm/systemd-host:
#
#   systemd-host.sh prepare ROOT RESULT OUTPUT   in the initramfs
#   systemd-host.sh up                           in ROOT, after machines.target
#
# prepare makes ROOT (sd1 of tests/vm/guest-image) a host: its guests in
# its /vservers, their configuration in its /etc/vservers.  It copies sd1
# to sd00, hashifies it, and makes GUESTS (default 20) clones sd01... of it
# with `build -m clone`, each with sshd and nginx on an address of its own
# on a dummy device, all enabled.  systemd then starts them all at boot.  "up" times them from the
# first guest's start: every unit active (READY=1), and every guest's
# `systemctl is-system-running` saying running; then, idle for 30 s, the
# guests' memory (their cgroups' memory.current and anon), and what stopping
# them all gives back (MemAvailable), per guest.  "NAME VALUE" lines go to
# OUTPUT; RESULT gets "done" after a clean stop, or "fail ..." lines.

# shellcheck disable=SC3043 # busybox sh and dash both have local
set -u
here=/vserver-vmtest
RESULT=/dev/null OUTPUT=/dev/null
GUESTS=20
[ -r "$here/env" ] && . "$here/env"

report() { echo "$*" >>"$RESULT"; }
# Both steps run with their output on OUTPUT, a port that opens only once.
say() { echo "$*"; }
fail() { report "fail bench-systemd-host:$1 $2"; say "error: $1: $2"; }
name() { printf 'sd%02d' "$1"; }

prepare() {
	local root=$1 disk=/disk bench=/disk/bench i
	RESULT=$2 OUTPUT=$3
	[ -r /vserver/run/args ] && . /vserver/run/args && GUESTS=${1:-$GUESTS}
	local conf=$root/etc/vservers roots=$bench/vservers
	vsb() { VSERVER_CONFDIR=$conf VSERVER_ROOTDIR=$roots vserver "$@"; }

	mkdir -p "$roots" "$conf" && chmod 0700 "$roots" ||
		{ fail prepare "cannot make $roots"; return 1; }

	# sd00, the template: sd1 as the image has it, unified with itself.
	ip link add vsb type dummy && ip link set vsb up && ip addr add 192.0.2.1/24 dev vsb ||
		{ fail prepare "cannot make the dummy device vsb"; return 1; }
	t=$(cut -d' ' -f1 /proc/uptime)
	mkdir -p "$conf/sd1" && cp -a "$disk/etc/vservers/sd1/." "$conf/sd1/" &&
		ln -s "$disk/vservers/sd1" "$conf/sd1/vdir" &&
		vsb sd00 build -m clone --context 100 -- --source sd1 >/dev/null &&
		rm -rf "$conf/sd1" ||
		{ fail prepare "cannot copy sd1 to sd00"; return 1; }
	vsb sd00 hashify --stats || { fail prepare "cannot hashify sd00"; return 1; }
	for i in $(seq "$GUESTS"); do
		vsb "$(name $i)" build -m clone --context $((100 + i)) \
			--interface "vsb:192.0.2.$((100 + i))/24" -- --source sd00 >/dev/null &&
			vsb "$(name $i)" enable ||
			{ fail prepare "cannot make $(name $i)"; return 1; }
	done
	rm -f "$conf"/sd*/vdir
	say "prepare-seconds $(echo "$(cut -d' ' -f1 /proc/uptime) $t" | awk '{ print $1 - $2 }')"

	# The host, once sd1 is copied, as the systemd host test makes it,
	# with the guests in /vservers.
	/vserver/systemd-host install "$root" || { fail prepare "cannot install the tools in $root"; return 1; }
	printf 'RESULT=%s\nOUTPUT=%s\nGUESTS=%s\n' "$RESULT" "$OUTPUT" "$GUESTS" >"$root$here/env"
	cp "$0" "$root$here/systemd-host"
	# Built beside it, so that copying sd1 never walked into its own copies;
	# the same file system, so this keeps every link.
	rmdir "$root/vservers" 2>/dev/null
	mv "$roots" "$root/vservers" || { fail prepare "cannot move $roots to $root/vservers"; return 1; }
	cat >"$root/etc/systemd/system/vserver-bench.service" <<-EOF
	[Unit]
	Description=vserver benchmark: many guests started with the host
	After=machines.target
	Wants=machines.target
	[Service]
	Type=oneshot
	ExecStart=/bin/sh $here/systemd-host up
	EOF
	mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
	ln -sf ../vserver-bench.service "$root/etc/systemd/system/multi-user.target.wants/"
}

now() { cut -d' ' -f1 /proc/uptime; }
# usec UNIT PROPERTY: a monotonic timestamp of the unit, in microseconds
usec() { systemctl show -P "$2" "$1"; }
mem_available() { awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo; }
# all_running: every guest's systemd says running; else the first that does not
all_running() {
	local i
	for i in $(seq "$GUESTS"); do
		[ "$(vserver "$(name $i)" exec systemctl is-system-running 2>/dev/null)" = running ] ||
			{ pending=$(name $i); return 1; }
	done
}

up() {
	local i first=0 last=0 s a cg mem=0 anon=0 tasks=0 limit
	for i in $(seq "$GUESTS"); do
		s=$(usec "vserver@$(name $i).service" InactiveExitTimestampMonotonic)
		a=$(usec "vserver@$(name $i).service" ActiveEnterTimestampMonotonic)
		if [ "${a:-0}" = 0 ]; then
			fail "$(name $i)" "vserver@$(name $i).service is $(systemctl is-active "vserver@$(name $i).service")"
			systemctl poweroff --no-block
			return
		fi
		[ "$first" = 0 ] || [ "$s" -lt "$first" ] && first=$s
		[ "$a" -gt "$last" ] && last=$a
	done
	say "guests $GUESTS"
	say "all-ready-seconds $(echo "$last $first" | awk '{ printf "%.1f", ($1 - $2) / 1e6 }')"
	# Polled: the guests are still settling, and asking takes a while too.
	limit=$(($(now | cut -d. -f1) + 1800))
	while ! all_running; do
		if [ "$(now | cut -d. -f1)" -gt "$limit" ]; then
			fail running "$pending is $(vserver "$pending" exec systemctl is-system-running 2>&1)"
			vserver "$pending" exec systemctl --failed --no-pager 2>&1
			systemctl poweroff --no-block
			return
		fi
		sleep 1
	done
	say "all-running-seconds $(echo "$(now) $first" | awk '{ printf "%.1f", $1 - $2 / 1e6 }')"

	sleep 30
	for i in $(seq "$GUESTS"); do
		cg=/sys/fs/cgroup/machine.slice/vserver@$(name $i).service/guest
		mem=$((mem + $(cat "$cg/memory.current")))
		anon=$((anon + $(awk '$1 == "anon" { print $2 }' "$cg/memory.stat")))
		tasks=$((tasks + $(cat "$cg/pids.current")))
	done
	say "idle-memory-kB-per-guest $((mem / 1024 / GUESTS))"
	say "idle-anon-kB-per-guest $((anon / 1024 / GUESTS))"
	say "idle-tasks-per-guest $((tasks / GUESTS))"
	s=$(now)
	a=$(mem_available)
	# The units by name: systemctl then waits until every one has stopped.
	systemctl stop 'vserver@*.service'
	say "stop-all-seconds $(echo "$(now) $s" | awk '{ printf "%.1f", $1 - $2 }')"
	sleep 10
	say "freed-kB-per-guest $((($(mem_available) - a) / GUESTS))"
	say "contexts-left $(sed -n 's/^Contexts: //p' /proc/virtual/info)"
	# Cleanly: each init ended by itself, not by the kill sequence's TERM or KILL.
	for i in $(seq "$GUESTS"); do
		log=/run/vservers/.$(name $i).log
		grep -q "init .*, stopping" "$log" && ! grep -Eq "init killed by signal (9|15)," "$log" ||
			fail stop "$(name $i) did not stop cleanly: $(tail -n 2 "$log" | tr '\n' ' ')"
	done
	if dmesg | grep -E "$(cat "$here/kernel-report.re")" >/tmp/reports.txt; then
		report "kernel-report $(head -n 1 /tmp/reports.txt)"
		dmesg
	fi
	report 'done'
	systemctl poweroff --no-block
}

case ${1:-} in
prepare) shift; prepare "$@" ;;
up) up >>"$OUTPUT" 2>&1 ;;
*) echo "usage: systemd-host.sh prepare ROOT RESULT OUTPUT | up" >&2; exit 2 ;;
esac
