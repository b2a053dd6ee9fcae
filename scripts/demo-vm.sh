#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The part of `make demo` that runs inside the VM (busybox sh).
set -e

show() {
	echo "vm# $*"
	sh -c "$*" 2>&1 | sed 's/^/    /'
}

echo "== the patched kernel, with vserver.ko loaded at boot"
show 'uname -r'
show 'grep ^vserver /proc/modules | cut -d" " -f1-3'
show 'dmesg | grep "vserver:"'
echo
echo "== the tool talks to the module through /dev/vserver"
show 'ls -l /dev/vserver'
show 'vserver --version'
show 'vserver info'
show 'cat /proc/virtual/info'
echo
echo "== a security context follows its tasks and ends with the last one"
show '/vserver/progs/vs-ctx create 42 sh -c "sleep 2 >/dev/null 2>&1 & echo left a child behind in context 42"'
show 'grep Contexts /proc/virtual/info   # the child keeps context 42 alive'
show 'sleep 3; grep Contexts /proc/virtual/info   # its last task exited'
echo
echo "== a task inside a context cannot create or enter another one"
show '/vserver/progs/vs-ctx create 43 /vserver/progs/vs-ctx create 44 true'
echo
echo "== the module's KUnit suites ran at load"
show 'for s in /sys/kernel/debug/kunit/vserver_*; do tail -n1 $s/results; done'
echo
echo "== and it unloads cleanly once no context is left"
show 'rmmod vserver && echo unloaded; ls /proc/virtual 2>&1'
