#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The copy-on-write benchmarks, run inside the bench VM by scripts/bench-cow.
# Prints "FS NAME VALUE" lines (tests/bench/cow.c says what each is) for a
# tmpfs and an ext4 file system (on a loop device backed by the VM's RAM),
# then the open figures again without the module ("nomod").
#   cow.sh ROUNDS
rounds=$1
p=/vserver/progs
lsmod | grep -q '^vserver ' || modprobe vserver || { echo "error: cannot load vserver.ko"; exit 1; }

mkdir -p /bench/tmpfs /bench/ext4
mount -t tmpfs -o size=256m tmpfs /bench/tmpfs
dd if=/dev/zero of=/bench/ext4.img bs=1M count=200 2>/dev/null
loop=$(losetup -f)
if ! $p/mke2fs -q -t ext4 -F /bench/ext4.img || ! losetup "$loop" /bench/ext4.img ||
	! mount -t ext4 "$loop" /bench/ext4; then
	dmesg | tail -5
	echo "error: cannot make the ext4 file system"
	exit 1
fi

for fs in tmpfs ext4; do
	$p/cow "/bench/$fs" "$rounds" | sed "s/^/$fs /" || { echo "error: cow on $fs failed"; exit 1; }
done
rmmod vserver || { echo "error: cannot unload vserver.ko"; exit 1; }
# A fresh tmpfs at the same depth: the same path walk as the first run.
mkdir -p /bench/nomod
mount -t tmpfs -o size=64m tmpfs /bench/nomod
$p/cow /bench/nomod "$rounds" open | sed "s/^/nomod /"
