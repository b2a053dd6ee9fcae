#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The network benchmarks, run inside the bench VM by scripts/bench-net.
# The host has 192.0.2.1/24 on the dummy device vs-bench0 (the VM has no
# network device: every packet stays on the machine, over lo).  Busybox
# guests built as tests/vm/guest.sh's escape_guest does:
#   net-a   192.0.2.21 on vs-bench0, the shared stack's client
#   net-b   192.0.2.22 on vs-bench0, its server for guest to guest
#   net-n   flag netns, 198.51.100.50 in its own namespace, routed over the
#           veth pair vsn2642
#   net-g001 .. net-gNNN   GUESTS guests at 192.0.2.100 .. 199, each with a
#           server on the wildcard of port 80 and, in the last section, a
#           UDP echo server on the wildcard of port 53
# and two controls that run net-loop from the host:
#   ctx     in a bare context (vs-ctl create-setup 2643, net-add 192.0.2.23):
#           the module's socket rules alone, without a guest's seccomp
#           filter, namespaces and cgroup
#   cgroup  a host task in the cgroup vserver/net-cgroup, beside the
#           guests' and with their controllers: what a guest's cgroup costs
# Prints "NAME VALUE" lines, each once a round (net-loop, built by
# scripts/bench-net, does the timing; its servers serve one client at a
# time):
#   stream-host, stream-ctx, stream-cgroup, stream-guest, stream-g2g,
#   stream-netns   ns to send BYTES and see the server close: host to host
#       (192.0.2.1), the controls, net-a to the host, net-a to net-b (on its
#       wildcard), net-n to the host
#   conn-host, conn-ctx, conn-cgroup, conn-guest, conn-netns   ns per
#       connect, accept, close (the server closes first), the same clients
#       to the host
#   rtt-host, rtt-ctx, rtt-cgroup, rtt-guest, rtt-netns   ns per 1-byte
#       round trip, the same
#   conn-one, conn-running, conn-many   ns per connection from the host to
#       the last guest's address, port 80: that guest alone running; all of
#       them running, the others listening nowhere; all of them listening
#       (listeners: how many on port 80)
#   udp-one, udp-many   ns per 1-byte UDP round trip from the host to the
#       last guest's address, port 53: that guest alone running; all of
#       them running and serving on the wildcard of port 53 (udp-sockets:
#       how many UDP sockets on port 53)
# and, once before the rounds, warmup-stream, warmup-conn, warmup-rtt (host
# to host, not counted: the first transfer after boot pays for growing the
# kernel's caches).
#   net.sh ROUNDS BYTES CONNS RTTS GUESTS
. /vserver/tests.sh
. /vserver/guest.sh
rounds=$1 bytes=$2 conns=$3 rtts=$4 guests=$5
L=$progs/net-loop
A=net-a B=net-b N=net-n
X=2643
cg=/sys/fs/cgroup/vserver/net-cgroup
dev=vs-bench0
host=192.0.2.1
port=5000

# The harness (vm_bench_boot) fails the run on an "error" line.
fail() { echo "error: $*"; exit 1; }
many() {
	_i=1
	while [ $_i -le "$guests" ]; do
		printf 'net-g%03d\n' $_i
		_i=$((_i + 1))
	done
}
cleanup() {
	# shellcheck disable=SC2046 # the guests' names
	guest_remove $A $B $N $(many)
	"$progs/vs-ctl" remove $X >/dev/null 2>&1
	rmdir $cg 2>/dev/null
	ip link del $dev 2>/dev/null
}
trap cleanup EXIT
dmesg -n 1

# serve WHERE ADDR MODE COUNT [PORT]: net-loop's server on ADDR and PORT
# (default a new one, left in $port) on the host (WHERE "host") or in the
# guest WHERE, in the background once it listens; MODE udp is the UDP echo
# server (net-loop userve), for COUNT datagrams.
serve() {
	if [ -n "${5:-}" ]; then port=$5; else port=$((port + 1)); fi
	_sw=$1 _sa=$2
	if [ "$3" = udp ]; then
		set -- userve "$2" $port "$4"
	else
		set -- serve "$2" $port "$3" "$4"
	fi
	# Empty, so that the wait below cannot take the last server's output
	# for this one's.
	: >/tmp/serve.out
	if [ "$_sw" = host ]; then
		"$L" "$@" >/tmp/serve.out 2>&1 &
	else
		vserver "$_sw" exec /bin/net-loop "$@" </dev/null >/tmp/serve.out 2>&1 &
	fi
	server=$!
	wait_until 20 grep -q . /tmp/serve.out || fail "no server on $_sa port $port in $_sw"
	[ "$(cat /tmp/serve.out)" = ok ] || fail "the server on $_sa port $port in $_sw: $(cat /tmp/serve.out)"
}
# served COUNT: the server has served COUNT connections (or datagrams) and
# exited: no other socket took any of them.
served() {
	wait_until 60 grep -q '^served' /tmp/serve.out ||
		fail "the server on port $port did not finish: $(cat /tmp/serve.out)"
	wait $server
	[ "$(sed -n 's/^served //p' /tmp/serve.out)" = "$1" ] ||
		fail "the server on port $port: $(cat /tmp/serve.out)"
}
# client NAME WHERE OP ADDR N: "net-loop OP ADDR $port N" on the host, in
# the context $X (WHERE "ctx"), in the cgroup $cg or in the guest WHERE,
# against the server just started; prints "NAME VALUE".
client() {
	_n=$1 _w=$2
	shift 2
	case $_w in
	host) _v=$("$L" "$1" "$2" "$port" "$3" 2>&1) ;;
	ctx) _v=$("$progs/vs-ctl" enter $X "$L" "$1" "$2" "$port" "$3" 2>&1) ;;
	cgroup)
		# shellcheck disable=SC2016 # for the inner shell
		_v=$(sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' $cg \
			"$L" "$1" "$2" "$port" "$3" 2>&1) ;;
	*) _v=$(gexec "$_w" /bin/net-loop "$1" "$2" "$port" "$3" 2>&1) ;;
	esac || fail "$_n: net-loop $* ($_w): $_v"
	case $_v in '' | *[!0-9]*) fail "$_n: net-loop $* ($_w) said: $_v" ;; esac
	echo "$_n $_v"
}
# settle: no TIME_WAIT socket left (60 s of guest clock, which -icount
# with sleep=off skips through), so that each run of connections starts
# from the same socket tables.
timewait() { awk '$1 == "TCP:" { for (i = 2; i < NF; i++) if ($i == "tw") print $(i + 1) }' /proc/net/sockstat; }
settle() {
	_i=0
	while [ "$(timewait)" != 0 ]; do
		[ $_i -lt 90 ] || fail "$(timewait) TIME_WAIT sockets left after 90 s"
		sleep 1
		_i=$((_i + 1))
	done
}
# listeners: TCP sockets listening on the wildcard of port 80.
listeners() { grep -c '^ *[0-9]*: 00000000:0050 00000000:0000 0A' /proc/net/tcp; }
# udpsockets: UDP sockets of both families on port 53, whatever address.
udpsockets() {
	cat /proc/net/udp /proc/net/udp6 2>/dev/null |
		awk '$2 ~ /:0035$/ { n++ } END { print n + 0 }'
}
# crowd NAME OP ADDR PORT ARG...: "net-loop OP ADDR PORT ARG..." for ever in
# the background in every guest but the last, once it says "ok" (its output
# in /tmp/NAME.N).
crowd() {
	_f=$1
	shift
	_i=0
	for _g in $(many); do
		_i=$((_i + 1))
		[ "$_g" != "$last" ] || continue
		: >/tmp/$_f.$_i
		vserver "$_g" exec /bin/net-loop "$@" </dev/null >/tmp/$_f.$_i 2>&1 &
		wait_until 20 grep -q . /tmp/$_f.$_i || fail "no net-loop $1 on port $3 in $_g"
		[ "$(cat /tmp/$_f.$_i)" = ok ] || fail "net-loop $1 on port $3 in $_g: $(cat /tmp/$_f.$_i)"
	done
}

ip link add $dev type dummy || fail "cannot create the dummy device $dev"
ip link set $dev up && ip addr add $host/24 dev $dev || fail "cannot set up the host's address"
ip link set lo up

escape_guest $A 2640
escape_guest $B 2641
escape_guest $N 2642
for g in $A $B $N; do cp "$L" "/vservers/$g/bin/net-loop"; done
vserver $A ip add 192.0.2.21/24 dev $dev || fail "ip add 192.0.2.21 to $A"
vserver $B ip add 192.0.2.22/24 dev $dev || fail "ip add 192.0.2.22 to $B"
echo netns >>/etc/vservers/$N/flags
vserver $N ip add 198.51.100.50/24 || fail "ip add 198.51.100.50 to $N"
for g in $A $B $N; do guest_start $g; done
"$progs/vs-ctl" create-setup $X >/dev/null || fail "cannot create the context $X"
"$progs/vs-ctl" net-add $X 192.0.2.23 24 || fail "cannot give the context $X 192.0.2.23"
ip addr add 192.0.2.23/24 dev $dev || fail "cannot add 192.0.2.23 to $dev"
mkdir $cg || fail "cannot make the cgroup $cg"

serve host $host sink 1
client warmup-stream host stream $host "$bytes"
served 1
serve host $host close "$conns"
client warmup-conn host connect $host "$conns"
served "$conns"
serve host $host echo 1
client warmup-rtt host rtt $host "$rtts"
served 1

for _ in $(seq "$rounds"); do
	# --- Throughput: one connection, BYTES one way.
	for w in host:host ctx:ctx cgroup:cgroup $A:guest $N:netns; do
		serve host $host sink 1
		client "stream-${w#*:}" "${w%:*}" stream $host "$bytes"
		served 1
	done
	serve $B 0.0.0.0 sink 1
	client stream-g2g $A stream 192.0.2.22 "$bytes"
	served 1

	# --- Connections, each accepted and closed by the server.
	for w in host:host ctx:ctx cgroup:cgroup $A:guest $N:netns; do
		settle
		serve host $host close "$conns"
		client "conn-${w#*:}" "${w%:*}" connect $host "$conns"
		served "$conns"
	done

	# --- Round trips of one byte over one connection.
	for w in host:host ctx:ctx cgroup:cgroup $A:guest $N:netns; do
		serve host $host echo 1
		client "rtt-${w#*:}" "${w%:*}" rtt $host "$rtts"
		served 1
	done
done
guest_remove $A $B $N
"$progs/vs-ctl" remove $X >/dev/null

# --- GUESTS guests on port 80 of their wildcard: the host's connections to
# the last one with it alone running, with all of them running, and with
# all of them listening on that port too; then UDP round trips to it on
# port 53 with it alone running and with all of them serving on that port.
i=0
for g in $(many); do
	i=$((i + 1))
	vserver "$g" build -m skeleton --context $((2700 + i)) --force >/tmp/build.out 2>&1 ||
		{ cat /tmp/build.out; fail "vserver $g build -m skeleton failed"; }
	r=/vservers/$g
	# One copy of each binary for all of them.
	if [ $i = 1 ]; then
		cp /bin/busybox "$r/bin/busybox"
		cp "$L" "$r/bin/net-loop"
	else
		ln /vservers/net-g001/bin/busybox /vservers/net-g001/bin/net-loop "$r/bin/"
	fi
	for a in sh sleep; do ln -sf busybox "$r/bin/$a"; done
	ln -sf ../bin/busybox "$r/sbin/init"
	cat >"$r/etc/inittab" <<-'EOF'
	::sysinit:/bin/sh -c 'echo boot >>/var/boot.log'
	::respawn:/bin/sleep 100000
	EOF
	vserver "$g" ip add 192.0.2.$((99 + i))/24 dev $dev || fail "ip add 192.0.2.$((99 + i)) to $g"
	last=$g
done
lastip=192.0.2.$((99 + guests))
# to_last NAME tcp|udp [counted]: ROUNDS times, a new server on the last
# guest's wildcard (TCP port 80, or UDP echo on port 53) and the host's
# client to its address; "counted" first prints how many sockets the port
# has (listeners, udp-sockets).
to_last() {
	for _ in $(seq "$rounds"); do
		settle
		if [ "$2" = tcp ]; then
			serve "$last" 0.0.0.0 close "$conns" 80
			[ -z "${3:-}" ] || echo "listeners $(listeners)"
			client "$1" host connect $lastip "$conns"
			served "$conns"
		else
			serve "$last" 0.0.0.0 udp "$rtts" 53
			[ -z "${3:-}" ] || echo "udp-sockets $(udpsockets)"
			client "$1" host urtt $lastip "$rtts"
			served "$rtts"
		fi
	done
}
guest_start "$last"
to_last conn-one tcp
to_last udp-one udp
for g in $(many); do
	[ "$g" = "$last" ] || guest_start "$g"
done
to_last conn-running tcp
crowd listen serve 0.0.0.0 80 close 0
to_last conn-many tcp counted
crowd userve userve 0.0.0.0 53 0
to_last udp-many udp counted
# The status of the last command is a test's: not the run's.
exit 0
