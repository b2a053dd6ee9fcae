# SPDX-License-Identifier: GPL-2.0
# Shared by tests/vm/{run,check,shell} and scripts/bench*: find the
# artifacts and boot the VM.
# shellcheck shell=bash

vm_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
vm_build=$vm_top/build/vm

vm_die() { echo "${vm_prog:-vm}: $*" >&2; exit 125; }

# Build whatever is out of date (kernel, module, tools, initramfs); quiet
# when everything is current, with progress when the kernel is built.
vm_prepare() {
	make -s -C "$vm_top" vm-image >&2 || vm_die "cannot build the VM image (see above)"
	vm_kdir=$(cat "$vm_build/kernel-dir")
	vm_kernel=$vm_kdir/bzImage
	vm_initrd=$vm_build/initramfs.cpio
	[ -r "$vm_kernel" ] || vm_die "cannot find the kernel at $vm_kernel"
	[ -r "$vm_initrd" ] || vm_die "cannot find the initramfs at $vm_initrd"
	command -v qemu-system-x86_64 >/dev/null ||
		vm_die "cannot find qemu-system-x86_64 (make deps installs it)"
}

# vm_module_for KDIR OUTDIR: build vserver.ko against the kernel build in
# KDIR from a copy of the sources in OUTDIR/src (the tree's own build is
# for the test kernel), and print its path.
vm_module_for() {
	local kdir=$1 out=$2
	rm -rf "$out/src"
	mkdir -p "$out/src"
	cp -r "$vm_top/Kbuild" "$vm_top/kmod" "$vm_top/include" "$out/src/"
	make -s -C "$kdir/out" M="$out/src" modules >"$out/module.log" 2>&1 ||
		{ cat "$out/module.log" >&2; vm_die "cannot build vserver.ko for $kdir"; }
	echo "$out/src/vserver.ko"
}

# vm_initrd_with_script OUTDIR BASE SCRIPT [ARG...]
# Writes OUTDIR/initrd.cpio: BASE with SCRIPT and its arguments on top, where
# /init's run mode finds them.  The kernel unpacks concatenated archives in
# turn, so the base image is never rebuilt for a script.
vm_initrd_with_script() {
	local out=$1 base=$2 script=$3 a
	shift 3
	rm -rf "$out/extra"
	mkdir -p "$out/extra/vserver/run"
	install -m 0755 "$script" "$out/extra/vserver/run/script"
	{
		printf 'set --'
		for a in "$@"; do printf " '%s'" "${a//\'/\'\\\'\'}"; done
		echo
	} >"$out/extra/vserver/run/args"
	(cd "$out/extra" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out/extra.cpio"
	cat "$base" "$out/extra.cpio" >"$out/initrd.cpio"
}

# vm_boot MODE OUTDIR TIMEOUT [INITRD] [interactive]
# Boots the VM until it powers off or TIMEOUT seconds pass.  Leaves
# console.log, result and output in OUTDIR (output goes to $VM_OUTPUT
# instead if set, e.g. a FIFO); returns qemu's status (124 for the timeout).
vm_boot() {
	local mode=$1 out=$2 limit=$3 initrd=${4:-$vm_initrd} interactive=${5:-}
	local console=(-serial "file:$out/console.log") fg=()
	# acpi=noirq: ACPI PCI interrupt links take 5 s each to set up under
	# software emulation with KASAN; the legacy routing tables are instant.
	local append="console=ttyS0 loglevel=5 printk.time=1 panic=-1 acpi=noirq vs.mode=$mode vs.timeout=${VM_TEST_TIMEOUT:-600} vs.top=$vm_top ${VM_APPEND:-}"
	local output=${VM_OUTPUT:-$out/output}

	mkdir -p "$out"
	: >"$out/result"
	[ -p "$output" ] || : >"$output"
	: >"$out/console.log"
	if [ -n "$interactive" ]; then
		console=(-serial mon:stdio)
		append="$append quiet"
		# In its own process group qemu would be stopped reading the tty.
		fg=(--foreground)
	fi
	# Software emulation: no KVM on the machines this runs on.  Two vCPUs
	# on one TCG thread: multi-threaded TCG in Debian 12's qemu (7.2) can
	# run a stale translation of code another vCPU just patched, and a
	# static key flipped by module load or unload then dies on the int3 of
	# text_poke_bp (seen in tests/vm/tests/040-unload-safety; stock kernels
	# hit it too).  With VM_ICOUNT=1 the guest clock counts executed
	# instructions instead (one vCPU): deterministic benchmark timings.
	local cpu=(-smp 2 -accel "tcg,thread=single")
	[ "${VM_ICOUNT:-0}" = 1 ] && cpu=(-smp 1 -accel "tcg,thread=single" -icount "shift=0,sleep=off")
	# VM_DISK=IMAGE: a raw disk as /dev/vda (tests/vm/guest-image makes
	# one); the VM's writes go to a throw-away overlay, never to IMAGE.
	local disk=()
	if [ -n "${VM_DISK:-}" ]; then
		[ -r "$VM_DISK" ] || vm_die "cannot read the disk image VM_DISK=$VM_DISK"
		disk=(-drive "file=$VM_DISK,format=raw,if=virtio,snapshot=on,cache=unsafe")
	fi
	timeout "${fg[@]}" -k 10 "$limit" qemu-system-x86_64 \
		-nodefaults -no-user-config -no-reboot -display none \
		-machine pc -cpu max -m "${VM_MEMORY:-1G}" "${cpu[@]}" \
		-kernel "$vm_kernel" -initrd "$initrd" -append "$append" \
		"${console[@]}" \
		-device virtio-serial-pci \
		-chardev "file,id=result,path=$out/result" \
		-device virtserialport,chardev=result,name=vserver.result \
		-chardev "file,id=output,path=$output" \
		-device virtserialport,chardev=output,name=vserver.output \
		-virtfs "local,path=$vm_top,mount_tag=repo,security_model=none,readonly=on" \
		-device virtio-rng-pci "${disk[@]}"
}

# vm_verdict OUTDIR QEMU-STATUS LIMIT: fail (exit 125) unless the VM
# reported "done" with no kernel report.
vm_verdict() {
	local out=$1 status=$2 limit=$3 line
	if [ "$status" = 124 ] || [ "$status" = 137 ]; then
		vm_die "the VM did not finish within ${limit}s (console: $out/console.log)"
	fi
	line=$(grep -m1 '^module-load-failed' "$out/result") &&
		vm_die "cannot load vserver.ko in the VM: ${line#module-load-failed }"
	line=$(grep -m1 '^kernel-report' "$out/result") &&
		vm_die "the kernel reported a problem: ${line#kernel-report } (console: $out/console.log)"
	grep -qx 'done' "$out/result" ||
		vm_die "the VM stopped without a verdict (qemu status $status; console: $out/console.log)"
	return 0
}

# The benchmarks' VM (scripts/bench*): the plain kernel, no debugging, with
# qemu's -icount so that guest time measures work done, not host load.

# vm_bench_setup NAME: for scripts/NAME; sets vm_prog, out (build/bench),
# exports VM_ICOUNT (default 1).
vm_bench_setup() {
	vm_prog=$1
	out=$vm_top/build/bench
	mkdir -p "$out"
	export VM_ICOUNT=${VM_ICOUNT:-1}
}

# vm_bench_kernel FLAVOUR: build (or find in the cache) that kernel and
# print its build directory.
vm_bench_kernel() {
	"$vm_top/scripts/build-kernel" --flavour "$1" --print-dir | tail -n1
}

# vm_bench_initrd KERNEL-DIR INITRD SCRIPT [ARG...] -- [BINARY...]
# vserver.ko built for KERNEL-DIR, the vserver tool and BINARYs in INITRD,
# with SCRIPT ARGs on top in $out/initrd.cpio; sets vm_kernel.
vm_bench_initrd() {
	local kdir=$1 initrd=$2 script=$3 module
	local args=()
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	module=$(vm_module_for "$kdir" "$out")
	"$vm_top/tests/vm/mkinitramfs" "$initrd" "$module" "$vm_top/util/vserver" "$@"
	vm_initrd_with_script "$out" "$initrd" "$script" "${args[@]}"
	vm_kernel=$kdir/bzImage
}

# vm_bench_boot RUNDIR LIMIT: boot $out/initrd.cpio, fail unless the VM
# finished cleanly, and fail on an "error" line of the script's output.
vm_bench_boot() {
	local run=$1 limit=$2 status=0
	vm_boot run "$run" "$limit" "$out/initrd.cpio" || status=$?
	vm_verdict "$run" "$status" "$limit"
	if grep -q '^error' "$run/output"; then
		cat "$run/output"
		vm_die "the benchmark reported an error"
	fi
}
