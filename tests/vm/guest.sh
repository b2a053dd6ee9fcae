# SPDX-License-Identifier: GPL-2.0
# Busybox guests for the escape and stress tests (tests/vm/tests/2xx-*,
# 3xx-*); sourced after /vserver/tests.sh, busybox sh.
#
# A guest is what an administrator would make: "vserver NAME build -m
# skeleton", then busybox-static and the attack program vs-escape copied
# into its root.  Its init is busybox init, whose inittab counts boots in
# /var/boot.log and keeps one sleeper.

# shellcheck disable=SC2034 # used by the tests that source this file
escape=$progs/vs-escape

# escape_guest NAME XID: build the guest NAME with the static context XID.
escape_guest() {
	vserver "$1" build -m skeleton --context "$2" --force >/tmp/build.out 2>&1 ||
		{ cat /tmp/build.out; fail "vserver $1 build -m skeleton failed"; }
	_r=/vservers/$1
	[ -d "$_r/bin" ] && [ -d "$_r/sbin" ] && [ -d "$_r/var" ] ||
		fail "the skeleton of $1 lacks bin, sbin or var"
	cp /bin/busybox "$_r/bin/busybox"
	# Only what the tests run: a link per applet would cost a fork each.
	for _a in sh cat echo hostname kill ls mkdir readlink sleep true; do
		ln -sf busybox "$_r/bin/$_a"
	done
	for _a in init reboot halt poweroff; do
		ln -sf ../bin/busybox "$_r/sbin/$_a"
	done
	cp "$escape" "$_r/bin/vs-escape"
	cat >"$_r/etc/inittab" <<-'EOF'
	::sysinit:/bin/sh -c 'echo boot >>/var/boot.log'
	::respawn:/bin/sleep 100000
	EOF
}

# boots NAME: how often the guest's init has started.
boots() {
	if [ -f "/vservers/$1/var/boot.log" ]; then
		wc -l <"/vservers/$1/var/boot.log"
	else
		echo 0
	fi
}

# booted NAME N: the guest has booted more than N times.
booted() {
	[ "$(boots "$1")" -gt "$2" ]
}

# guest_start NAME: start it and wait until its init has run sysinit.
guest_start() {
	_n=$(boots "$1")
	vserver "$1" start </dev/null >/tmp/start.out 2>&1 ||
		{ cat /tmp/start.out; fail "vserver $1 start failed"; }
	wait_until 20 booted "$1" "$_n" || fail "guest $1 started but its init did not boot"
	vserver "$1" running || fail "guest $1 booted but 'vserver $1 running' says no"
}

# gexec NAME CMD...: run CMD as root in the guest; its exit status.
gexec() {
	_g=$1
	shift
	vserver "$_g" exec "$@" </dev/null
}

# guest_remove NAME...: stop and delete the guests (for the EXIT trap).
guest_remove() {
	for _g in "$@"; do
		vserver "$_g" stop </dev/null >/dev/null 2>&1
		rm -rf "/etc/vservers/$_g" "/vservers/$_g"
	done
}

# attack GUEST WHAT VS-ESCAPE-ARGS...: vs-escape in GUEST must refuse
# every step of the attack.
attack() {
	_g=$1 _what=$2
	shift 2
	gexec "$_g" /bin/vs-escape "$@" >/tmp/attack.out 2>&1
	_rc=$?
	sed 's/^/  /' /tmp/attack.out
	[ "$_rc" = 0 ] || fail "$_what: not refused in guest $_g (vs-escape exit $_rc)"
}

# control WHAT VS-ESCAPE-ARGS...: the same attack from the host, where
# nothing stops it, must get through: the guest's refusal is the product's
# doing, not a broken attack.
control() {
	_what=$1
	shift
	if ! "$escape" -H "$@" >/tmp/control.out 2>&1; then
		sed 's/^/  /' /tmp/control.out
		fail "control: $_what does not even work from the host"
	fi
}

# alive PID...: each of these processes still exists.
alive() {
	for _p in "$@"; do
		kill -0 "$_p" 2>/dev/null || fail "process $_p is gone"
	done
}
