#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest benchmarks, run inside the bench VM by scripts/bench-guests.
# Prints "NAME VALUE" lines: microseconds per operation for each round, and
# the kernel memory figures of the context census.
#   guests.sh ROUNDS CONTEXTS
. /vserver/tests.sh
rounds=$1 contexts=$2
p=/vserver/progs
busybox_guest bb 42
# A quiet init: the time to "init running" is what is measured.
mkdir -p /etc/vservers/bb/apps/init
echo /bin/sleep 100000 >/etc/vservers/bb/apps/init/cmd.start

vserver bb start && vserver bb stop || { echo "error: cannot start and stop bb"; exit 1; }
for _ in $(seq "$rounds"); do
	echo "start $($p/timeit vserver bb start)"
	echo "unshare $($p/timeit $p/unshare --fork --pid --mount-proc chroot /vservers/bb /bin/true)"
	init=$(sed -n 's/^InitPID: //p' /proc/virtual/42/status)
	echo "exec $($p/timeit vserver bb exec /bin/true)"
	echo "nsenter $($p/timeit $p/nsenter -t "$init" -a /bin/true)"
	vserver bb stop >/dev/null
done

# Kernel memory per context: Slab + KernelStack + PageTables, in kB.
kmem() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	awk '/^(Slab|KernelStack|PageTables):/ { k += $2 } END { print k }' /proc/meminfo
}
base=$(kmem)
for x in $(seq 1000 $((999 + contexts))); do
	$p/vs-ctl create-setup "$x" >/dev/null || { echo "error: context $x"; exit 1; }
done
echo "contexts $(proc_field /proc/virtual/info Contexts)"
echo "kmem-empty-contexts $(($(kmem) - base))"
for x in $(seq 1000 $((999 + contexts))); do $p/vs-ctl remove "$x"; done

# Each context with one sleeping task, against as many host sleepers.
base=$(kmem)
pids=
for _ in $(seq "$contexts"); do
	sleep 100000 &
	pids="$pids $!"
done
echo "kmem-host-sleepers $(($(kmem) - base))"
# shellcheck disable=SC2086 # a list of pids
kill $pids
wait
pids=
base=$(kmem)
for x in $(seq 1000 $((999 + contexts))); do
	$p/vs-ctl create-setup "$x" >/dev/null
	$p/vs-ctl enter "$x" sleep 100000 &
	pids="$pids $!"
done
echo "contexts-with-task $(proc_field /proc/virtual/info Contexts)"
echo "kmem-context-sleepers $(($(kmem) - base))"
echo "memfree-kb $(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
# shellcheck disable=SC2086 # a list of pids
kill $pids
wait
# Entered in setup, they are kept while empty: gone before the next count.
for x in $(seq 1000 $((999 + contexts))); do $p/vs-ctl remove "$x"; done

# The same with each context's task in a cgroup of its own with the
# controllers a guest's has (as vserver start makes them), so that the
# census counts what a real guest adds: context, cgroup and task.
cg=/sys/fs/cgroup/vserver
ctl="+memory +pids +cpu +cpuset +io"
echo "$ctl" >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
echo "$ctl" >$cg/cgroup.subtree_control 2>/dev/null
pids=
base=$(kmem)
for x in $(seq 1000 $((999 + contexts))); do
	mkdir $cg/b$x && echo 2048 >$cg/b$x/pids.max || { echo "error: cgroup b$x"; exit 1; }
	$p/vs-ctl create-setup "$x" >/dev/null
	sh -c "echo \$\$ >$cg/b$x/cgroup.procs && exec $p/vs-ctl enter $x sleep 100000" &
	pids="$pids $!"
done
echo "contexts-with-cgroup $(proc_field /proc/virtual/info Contexts)"
echo "kmem-cgroup-sleepers $(($(kmem) - base))"
echo "memfree-cgroup-kb $(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
# shellcheck disable=SC2086 # a list of pids
kill $pids
wait
for x in $(seq 1000 $((999 + contexts))); do rmdir $cg/b$x; done
