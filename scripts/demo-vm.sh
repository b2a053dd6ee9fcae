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
echo "== build two guests: a busybox skeleton, and a clone of it"
show 'vserver web build -m skeleton --context 42 --hostname web'
show 'cp /bin/busybox /vservers/web/bin/ && chroot /vservers/web /bin/busybox --install -s /bin && ln -s ../bin/busybox /vservers/web/sbin/init'
show 'printf "::sysinit:/bin/hostname -F /etc/hostname\n::respawn:/bin/httpd -f -p 8042 -h /tmp\n" >/vservers/web/etc/inittab'
show 'vserver db build -m clone --context 43 --hostname db -- --source web'
show 'sed -i s/8042/8043/ /vservers/db/etc/inittab'
show 'ls /etc/vservers/web; cat /etc/vservers/web/context /etc/vservers/web/uts/nodename'
echo
echo "== start them: each gets its own init, hostname, process view and uptime"
show 'vserver web start && vserver db start'
show 'vserver list'
show 'vserver-stat'
show 'vserver web exec hostname; vserver db exec hostname'
show 'vserver web exec ps'
show 'vserver db exec cat /proc/uptime; cut -d" " -f1 /proc/uptime   # guest vs host'
show 'cat /proc/virtual/42/status'
echo
echo "== a guest cannot reach the host or the other guest"
show 'vserver web exec kill -9 1 ; vserver web running && echo web still running'
show 'vserver web exec ls /proc/virtual'
show 'vserver web exec sh -c "echo x >/proc/sys/kernel/hostname"'
show 'vserver web exec mknod /tmp/sda b 8 0'
show 'vserver web exec sh -c "exit 7"; echo "exit status $?"'
echo
echo "== network: both guests serve port 80 of the wildcard, each on its own address"
show 'ip link add vs-demo0 type dummy && ip link set vs-demo0 up && ip link set lo up && ip addr add 192.0.2.1/24 dev vs-demo0'
show 'vserver web ip add 192.0.2.42/24 dev vs-demo0 && vserver db ip add 192.0.2.43/24 dev vs-demo0'
show 'vserver web ip'
show 'for g in web db; do mkdir -p /vservers/$g/www && echo "port 80 of $g" >/vservers/$g/www/index.html; done'
show 'vserver web exec httpd -p 80 -h /www && vserver db exec httpd -p 80 -h /www'
show 'for a in 192.0.2.42 192.0.2.43 192.0.2.1; do printf "GET / HTTP/1.0\r\n\r\n" | nc -w 3 $a 80 | tail -n1; done   # the host'"'"'s own address: nothing'
show 'vserver web exec ip addr   # lo and its own address only'
echo
echo "== ... each with its own 127.0.0.1"
show 'for g in web db; do echo "127.0.0.1 of $g" >/vservers/$g/www/local.html; vserver $g exec httpd -p 127.0.0.1:8080 -h /www; done'
show 'mkdir -p /tmp/hostwww && echo "127.0.0.1 of the host" >/tmp/hostwww/local.html && httpd -p 127.0.0.1:8080 -h /tmp/hostwww'
show 'for g in web db; do vserver $g exec sh -c "printf \"GET /local.html HTTP/1.0\r\n\r\n\" | nc 127.0.0.1 8080 | tail -n1"; done'
show 'printf "GET /local.html HTTP/1.0\r\n\r\n" | nc 127.0.0.1 8080 | tail -n1'
show 'vserver web exec netstat -tln   # its own sockets only'
show 'netstat -tln | grep -c LISTEN   # the host sees every one'
echo
echo "== limits: each guest is held to its own, and sees them as its machine"
show 'vserver web limit memory=64M tasks=50 cpus=0'
show 'vserver web exec free; free | head -n2   # guest vs host'
show 'vserver web exec nproc; nproc   # guest vs host'
show 'vserver web exec cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max'
show 'vserver web exec sh -c "for i in \$(seq 100); do sleep 20 & done" 2>&1 | sort | uniq -c'
show 'vserver db exec echo db still answers'
show 'vserver web limit'
show 'vserver list'
echo
echo "== stop them: no task, context or mount is left"
show 'vserver web stop && vserver db stop'
show 'vserver list'
show 'grep Contexts /proc/virtual/info; grep -c vservers /proc/mounts; ip -o -4 addr show vs-demo0 | wc -l   # only the host'"'"'s address is left'
echo
if [ -b /dev/vda ]; then
	echo "== two Debian guests share their identical files: hashify"
	mkdir -p /tmp/guests && mount -t ext4 /dev/vda /tmp/guests
	export VSERVER_CONFDIR=/tmp/guests/etc/vservers VSERVER_ROOTDIR=/tmp/guests/vservers
	r=/tmp/guests/vservers
	show "df -h /tmp/guests | tail -n1   # before"
	show "stat -c '%i %h %n' $r/deb1/usr/bin/perl $r/deb2/usr/bin/perl"
	show 'vserver deb1 hashify --stats'
	show 'vserver deb2 hashify --stats'
	show "df -h /tmp/guests | tail -n1   # after"
	show "stat -c '%i %h %n' $r/deb1/usr/bin/perl $r/deb2/usr/bin/perl"
	show "showattr $r/deb2/usr/bin/perl; lsattr $r/deb2/usr/bin/perl"
	echo
	echo "== root in deb1 changes a shared file: deb1 gets its own copy, deb2 keeps the old one"
	show 'vserver deb1 start && vserver deb2 start'
	show 'vserver deb1 exec sh -c "echo deb1 was here >>/usr/share/common-licenses/GPL-2"'
	show 'vserver deb1 exec tail -n1 /usr/share/common-licenses/GPL-2'
	show 'vserver deb2 exec tail -n1 /usr/share/common-licenses/GPL-2'
	show "stat -c '%i %h %n' $r/deb1/usr/share/common-licenses/GPL-2 $r/deb2/usr/share/common-licenses/GPL-2"
	show 'vserver deb1 exec chattr -i /usr/bin/perl   # a guest cannot unshare by hand'
	show 'vserver deb1 stop && vserver deb2 stop'
	echo
	echo "== a Debian guest with systemd as its init, the build's default, beside a sysvinit one"
	show 'cat $VSERVER_CONFDIR/sd1/apps/init/style'
	show 'vserver deb2 start'
	show 'vserver sd1 start --wait && vserver sd1 exec systemctl is-system-running'
	show 'vserver sd1 exec systemctl --no-pager status | head -n 7'
	show 'vserver sd1 exec systemctl --no-pager --failed'
	show 'vserver sd1 exec journalctl -b --no-pager | grep -m1 "Startup finished"'
	show 'vserver list'
	echo
	echo "== systemctl poweroff in sd1 stops sd1 alone"
	show 'vserver sd1 exec systemctl poweroff; while vserver sd1 running; do sleep 1; done; vserver list'
	show 'vserver deb2 stop'
	cd / && umount /tmp/guests
	unset VSERVER_CONFDIR VSERVER_ROOTDIR
	echo
fi
echo "== the module's KUnit suites ran at load"
show 'for s in /sys/kernel/debug/kunit/vserver_*; do tail -n1 $s/results; done'
echo
echo "== and it unloads cleanly once no context is left"
show 'rmmod vserver && echo unloaded; ls /proc/virtual 2>&1'
