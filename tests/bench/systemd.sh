#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A systemd guest's start against a sysv guest's, on the Debian guests of
# tests/vm/guest-image (Documentation/benchmarks.md, "systemd guests"):
#
#   VM_DISK=$(tests/vm/guest-image --print-path) \
#       tests/vm/run --memory 2G tests/bench/systemd.sh [ROUNDS]
#
# Each round starts sd1 (systemd) with start --wait and deb1 (sysvinit),
# and times, from the start command, sd1's READY=1, `systemctl
# is-system-running` saying running, and each guest's sshd answering on
# its address.  Then, with sd1 idle, its memory (memory.current of its
# cgroup: its processes, page cache and tmpfs) and tasks.  Prints
# "NAME SECONDS" lines per round and the medians.
. /vserver/tests.sh
rounds=${1:-5}
disk=/tmp/guests
mkdir -p $disk
mount -t ext4 /dev/vda $disk || { echo "error: no guest disk (VM_DISK)"; exit 1; }
vsd() { VSERVER_CONFDIR=$disk/etc/vservers VSERVER_ROOTDIR=$disk/vservers vserver "$@"; }
now() { cut -d' ' -f1 /proc/uptime; }
since() { echo "$(now) - $1" | bc; }
listening() { case $("$progs/vs-net" ask tcp "$1" 22) in SSH-*) return 0 ;; esac; return 1; }
running() { [ "$(vsd sd1 exec systemctl is-system-running 2>/dev/null)" = running ]; }
# out NAME VALUE: one figure, kept for the medians
out() { echo "$1 $2"; echo "$1 $2" >>/tmp/bench.out; }
: >/tmp/bench.out

ip link add vs-bench type dummy && ip link set vs-bench up &&
	ip addr add 192.0.2.1/24 dev vs-bench || { echo "error: cannot set up vs-bench"; exit 1; }
vsd sd1 ip add 192.0.2.45/24 dev vs-bench && vsd deb1 ip add 192.0.2.41/24 dev vs-bench ||
	{ echo "error: cannot give the guests addresses"; exit 1; }

for _ in $(seq "$rounds"); do
	t=$(now)
	vsd sd1 start --wait --timeout 600 || { echo "error: sd1 did not start"; exit 1; }
	out systemd-ready "$(since "$t")"
	wait_until 300 running || { echo "error: sd1 is not running"; exit 1; }
	out systemd-running "$(since "$t")"
	wait_until 300 listening 192.0.2.45 || { echo "error: no sshd in sd1"; exit 1; }
	out systemd-sshd "$(since "$t")"
	vsd sd1 stop

	t=$(now)
	vsd deb1 start || { echo "error: deb1 did not start"; exit 1; }
	wait_until 300 listening 192.0.2.41 || { echo "error: no sshd in deb1"; exit 1; }
	out sysv-sshd "$(since "$t")"
	vsd deb1 stop
done

# An idle systemd guest: what its cgroup holds once its boot has settled.
vsd sd1 start --wait --timeout 600 || { echo "error: sd1 did not start"; exit 1; }
sleep 30
cg=/sys/fs/cgroup/vserver/sd1
echo "systemd-idle-memory-kB $(($(cat $cg/memory.current) / 1024))"
echo "systemd-idle-anon-kB $(($(sed -n 's/^anon //p' $cg/memory.stat) / 1024))"
echo "systemd-idle-tasks $(cat $cg/pids.current)"
vsd sd1 stop
vsd deb1 start && wait_until 300 listening 192.0.2.41 && sleep 30
cg=/sys/fs/cgroup/vserver/deb1
echo "sysv-idle-memory-kB $(($(cat $cg/memory.current) / 1024))"
echo "sysv-idle-anon-kB $(($(sed -n 's/^anon //p' $cg/memory.stat) / 1024))"
echo "sysv-idle-tasks $(cat $cg/pids.current)"
vsd deb1 stop

for k in systemd-ready systemd-running systemd-sshd sysv-sshd; do
	echo "median $k $(awk -v k="$k" '$1 == k { print $2 }' /tmp/bench.out | sort -n |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
done
ip link del vs-bench
umount $disk
