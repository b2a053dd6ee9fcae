#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The resource-limits benchmarks, run inside the bench VM by
# scripts/bench-limits.  Three busybox guests built as tests/vm/guest.sh's
# escape_guest does:
#   lim-cpu   memory=64M; two busy loops under cpu=0.25, 0.5, 0.75, 1.0
#   lim-bomb  tasks=100 and !virt_mem; vs-try fork-hold holds 100 tasks
#   lim-hog   memory=64M; dd of a 200M buffer in a loop, OOM-killed each time
# Prints "NAME VALUE" lines, each once a round (limits-loop, built by
# scripts/bench-limits, does the timing):
#   meminfo-host, meminfo-guest, meminfo-novirt   ns per read of /proc/meminfo
#   sysinfo-host, sysinfo-guest, sysinfo-novirt   ns per sysinfo(2)
#       (on the host, in lim-cpu, in lim-bomb, which sees the host)
#   loadavg-host, loadavg-guest   ns per read of /proc/loadavg
#   open-host, open-guest, open-novirt   ns per open+close: on the host, in
#       lim-cpu (files=100000: counted against a limit), in lim-bomb (no
#       files limit: counted only)
#   socket-host, socket-guest, socket-novirt   the same for socket+close
#   probe-idle, probe-busy, probe-limits, probe-capped   ns per fork+exec+
#       wait of /bin/true on the host: idle; beside one busy loop in lim-cpu;
#       while lim-bomb holds its 100 tasks and lim-hog is OOM-killed in a
#       loop; the same with lim-hog at cpu=0.25
#   bomb-tasks, oom-kills, oom-kills-capped   lim-bomb's tasks, lim-hog's
#       OOM kills during the two probes
#   cpu-CAP SHARE   CPUs' worth of time lim-cpu used over WINDOW s at cpu=CAP
#   limits.sh ROUNDS WINDOW PROBES
. /vserver/tests.sh
. /vserver/guest.sh
rounds=$1 window=$2 probes=$3
reads=2000 calls=20000
cg=/sys/fs/cgroup/vserver
L=$progs/limits-loop
C=lim-cpu B=lim-bomb H=lim-hog

# The harness (vm_bench_boot) fails the run on an "error" line.
fail() { echo "error: $*"; exit 1; }
cleanup() { guest_remove $C $B $H; }
trap cleanup EXIT
# The OOM reports of lim-hog go to the kernel log only: printed on the
# emulated serial console they would cost more than the kills themselves.
dmesg -n 1

escape_guest $C 2601
escape_guest $B 2602
escape_guest $H 2603
for g in $C $B $H; do
	cp "$progs/vs-try" "$L" "/vservers/$g/bin/"
	ln -sf busybox "/vservers/$g/bin/dd"
	mkdir -p "/etc/vservers/$g/limits"
done
echo 64M >/etc/vservers/$C/limits/memory
echo 100000 >/etc/vservers/$C/limits/files
echo 100000 >/etc/vservers/$C/limits/sockets
echo 100 >/etc/vservers/$B/limits/tasks
echo '!virt_mem' >>/etc/vservers/$B/flags
echo 64M >/etc/vservers/$H/limits/memory
for g in $C $B $H; do guest_start $g; done
[ "$(gexec $C /bin/vs-try sysinfo | cut -d' ' -f1)" = 67108864 ] ||
	fail "$C does not see its 64M through sysinfo(2)"
[ "$(gexec $B /bin/vs-try sysinfo | cut -d' ' -f1)" = "$($progs/vs-try sysinfo | cut -d' ' -f1)" ] ||
	fail "$B (!virt_mem) does not see the host through sysinfo(2)"

# calm NAME: end every process of the guest but its init (as 500-limits).
calm() {
	gexec "$1" kill -KILL -1 >/dev/null 2>&1
	wait_until 20 vserver "$1" running || fail "guest $1 did not survive kill -1"
}
oom_kills() { sed -n 's/^oom_kill //p' "$cg/$1/memory.events"; }
more_ooms() { [ "$(oom_kills "$1")" -gt "$2" ]; }
bomb_held() { grep -q . /tmp/bomb.out; }
# figure NAME COMMAND...: print "NAME VALUE", VALUE what COMMAND printed.
figure() {
	_n=$1
	shift
	_v=$("$@") || fail "$_n: '$*' failed: $_v"
	echo "$_n $_v"
}

for _ in $(seq "$rounds"); do
	# --- The guest's view of memory against the host's, on a quiet machine.
	figure meminfo-host "$L" meminfo $reads
	figure meminfo-guest gexec $C /bin/limits-loop meminfo $reads
	figure meminfo-novirt gexec $B /bin/limits-loop meminfo $reads
	figure sysinfo-host "$L" sysinfo $calls
	figure sysinfo-guest gexec $C /bin/limits-loop sysinfo $calls
	figure sysinfo-novirt gexec $B /bin/limits-loop sysinfo $calls
	figure loadavg-host "$L" loadavg $reads
	figure loadavg-guest gexec $C /bin/limits-loop loadavg $reads
	for op in open socket; do
		figure $op-host "$L" $op $calls
		figure $op-guest gexec $C /bin/limits-loop $op $calls
		figure $op-novirt gexec $B /bin/limits-loop $op $calls
	done

	# --- The host's fork+exec probe: idle, beside a busy guest, beside
	# guests at their tasks and memory limits.
	figure probe-idle "$L" forkexec "$probes" /bin/true
	gexec $C sh -c 'while :; do :; done' >/dev/null 2>&1 &
	busy=$!
	sleep 1
	figure probe-busy "$L" forkexec "$probes" /bin/true
	calm $C
	wait $busy

	: >/tmp/bomb.out
	gexec $B /bin/vs-try fork-hold 200 100000 >/tmp/bomb.out 2>&1 &
	bomb=$!
	wait_until 60 bomb_held || fail "the fork bomb in $B said nothing"
	case $(cat /tmp/bomb.out) in
	*EAGAIN) ;;
	*) fail "the fork bomb in $B was not stopped by tasks=100: $(cat /tmp/bomb.out)" ;;
	esac
	k=$(oom_kills $H)
	gexec $H sh -c 'while :; do dd if=/dev/zero of=/dev/null bs=200M count=1; done' \
		>/dev/null 2>&1 &
	hog=$!
	wait_until 60 more_ooms $H "$k" || fail "no OOM kill in $H within 60 s"
	echo "bomb-tasks $(cat $cg/$B/pids.current)"
	k=$(oom_kills $H)
	figure probe-limits "$L" forkexec "$probes" /bin/true
	echo "oom-kills $(($(oom_kills $H) - k))"
	# The same with the memory hog's CPU capped: what the host gets back.
	vserver $H limit --temporary cpu=0.25 >/dev/null || fail "vserver $H limit cpu=0.25 failed"
	sleep 1
	k=$(oom_kills $H)
	figure probe-capped "$L" forkexec "$probes" /bin/true
	echo "oom-kills-capped $(($(oom_kills $H) - k))"
	vserver $H limit --temporary cpu=max >/dev/null || fail "vserver $H limit cpu=max failed"
	calm $H
	calm $B
	wait $hog $bomb

	# --- CPU caps: two busy loops, the cap changed under them.
	gexec $C sh -c 'while :; do :; done & while :; do :; done & sleep 100000' \
		>/dev/null 2>&1 &
	loops=$!
	for cap in 0.25 0.5 0.75 1.0; do
		vserver $C limit --temporary cpu=$cap >/dev/null || fail "vserver $C limit cpu=$cap failed"
		sleep 1
		figure "cpu-$cap" "$L" share $cg/$C $((window * 1000))
	done
	vserver $C limit --temporary cpu=max >/dev/null || fail "vserver $C limit cpu=max failed"
	calm $C
	wait $loops
done
# The status of the last wait is that of a killed loop: not the run's.
exit 0
