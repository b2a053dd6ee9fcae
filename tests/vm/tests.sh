# SPDX-License-Identifier: GPL-2.0
# Helpers for the tests in tests/vm/tests (sourced; busybox sh).
# A test exits 0 to pass, 77 to skip, anything else to fail, and says why
# it failed on its output.

# shellcheck disable=SC2034 # used by the tests that source this file
progs=/vserver/progs

fail() { echo "FAIL: $*"; exit 1; }

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# expect_fail WHAT COMMAND...: the command must exit non-zero
expect_fail() {
	what=$1
	shift
	if "$@" >/tmp/expect.out 2>&1; then
		cat /tmp/expect.out
		fail "$what: '$*' succeeded"
	fi
}

# proc_field FILE KEY: the value of "KEY: value" in FILE
proc_field() {
	sed -n "s/^$2: //p" "$1"
}

# wait_until SECONDS COMMAND...: retry COMMAND every 0.1s
wait_until() {
	n=$(($1 * 10))
	shift
	while [ $n -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# busybox_guest NAME XID: configure a busybox guest by hand, without
# "vserver build", in /etc/vservers/NAME with its root in /vservers/NAME.
# Its init is busybox init with a one-line inittab that keeps a sleeper.
busybox_guest() {
	root=/vservers/$1
	# The barrier (design §8): start refuses a root other users could reach.
	mkdir -p /vservers && chmod 0700 /vservers
	mkdir -p "$root/bin" "$root/sbin" "$root/etc" "$root/proc" "$root/dev" \
		"$root/tmp" "$root/root" "/etc/vservers/$1/uts"
	cp /bin/busybox "$root/bin/busybox"
	for applet in $(/bin/busybox --list); do
		[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
	done
	ln -sf ../bin/busybox "$root/sbin/init"
	printf '::sysinit:/bin/true\n::respawn:/bin/sleep 100000\n::shutdown:/bin/true\n' \
		>"$root/etc/inittab"
	echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
	echo "root:x:0:" >"$root/etc/group"
	echo "$2" >"/etc/vservers/$1/context"
	echo "$1" >"/etc/vservers/$1/uts/nodename"
	ln -sfn "$root" "/etc/vservers/$1/vdir"
}
