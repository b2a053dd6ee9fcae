# SPDX-License-Identifier: GPL-2.0
#
# vserver: the thin driver.  The module's sources are listed in Kbuild, the
# tools' in util/Makefile; the long steps live in scripts/ and tests/vm/.
# `make help` lists the targets.  Building and installing never installs
# packages; `make deps` does, and so do the test-bed targets (check, demo,
# vm-shell, vm-image, guest-image, bench*), so that they work on a fresh
# machine.

BUILD := $(CURDIR)/build
VM := $(BUILD)/vm
PREFIX ?= /usr
DESTDIR ?=
V ?= 0
FLAVOUR ?= test
# The kernel tree vserver.ko builds against (what `make -C` is given, as
# WireGuard's KERNELDIR): any prepared tree, e.g. KDIR=/lib/modules/$$(uname
# -r)/build.  Empty: the project's cached test kernel (scripts/build-kernel).
KDIR ?=

ifeq ($(V),1)
Q :=
else
Q := @
MAKEFLAGS += --no-print-directory
endif

PROGS := $(patsubst tests/vm/progs/%.c,$(VM)/progs/%,$(wildcard tests/vm/progs/*.c))
MODULE := vserver.ko

.PHONY: all help deps deb check-deb kernel module tools progs vm-image guest-image vm-shell check style \
	demo install modules_install bench bench-guests bench-limits bench-net bench-cow bench-hashify bench-systemd clean FORCE

all: tools module

help:
	@echo 'Targets (V=1 shows the commands):'
	@echo '  all (default)  the tools and vserver.ko'
	@echo '  tools          util/ (vserver, vserver-stat, setattr, showattr) and hashify/'
	@echo '  module         vserver.ko against KDIR (default: the cached test kernel)'
	@echo '  kernel         build, or find in the cache, the test kernel (FLAVOUR=test|plain|unpatched)'
	@echo '  install        the tools and man pages (DESTDIR, PREFIX)'
	@echo '  modules_install  vserver.ko into the modules of the KDIR kernel'
	@echo '  deps           install the Debian packages the build and the test bed need'
	@echo '  check          style, series, unit, VM and harness tests; closing line "N passed, N failed"'
	@echo '  style          checkpatch, sparse, kernel-doc, ShellCheck, cppcheck'
	@echo '  demo           build everything and show it working in the VM'
	@echo '  vm-shell       a root shell in the test VM with the module loaded'
	@echo '  vm-image       the test VM initramfs;  guest-image: the Debian guests disk'
	@echo '  bench          syscall overhead of the series (Documentation/benchmarks.md)'
	@echo '  bench-guests   guest start/exec and per-context memory'
	@echo '  bench-limits   CPU cap accuracy, the host beside guests at limits, memory view'
	@echo '  bench-net      TCP throughput, connections, round trips of guests on the shared stack'
	@echo '  bench-hashify  hashify against hardlink, rdfind, jdupes'
	@echo '  bench-cow      the first write to a unified file, and the open hook'
	@echo '  bench-systemd  a systemd guest against a sysvinit one; 20 guests at host boot'
	@echo '  deb            Debian packages in build/deb: vserver, vserver-dkms, vserver-kernel-patches'
	@echo '  check-deb      install them in a chroot, build the module with DKMS, load it in the VM, purge'
	@echo '  clean          remove what the build made'

deps:
	$(Q)scripts/install-deps

# The kernel build is cached outside the tree (scripts/build-kernel), so
# asking again costs a checksum when nothing changed.
kernel:
	@mkdir -p $(VM)
	$(Q)scripts/build-kernel --flavour $(FLAVOUR) --print-dir > $(VM)/kernel-dir.tmp
	$(Q)mv $(VM)/kernel-dir.tmp $(VM)/kernel-dir

ifeq ($(KDIR),)
module: kernel
MODULE_KDIR = $$(cat $(VM)/kernel-dir)/out
else
MODULE_KDIR = $(KDIR)
endif

module:
	@[ "$(V)" = 1 ] || echo "  MODULE  $(MODULE)"
	$(Q)$(MAKE) -C $(MODULE_KDIR) M=$(CURDIR) KBUILD_VERBOSE=$(V) modules $(if $(filter 1,$(V)),,>$(BUILD)/module.log 2>&1 || { cat $(BUILD)/module.log; exit 1; })

tools:
	$(Q)$(MAKE) -C util V=$(V)
	$(Q)$(MAKE) -C hashify V=$(V)

progs: $(PROGS)

$(VM)/progs/%: tests/vm/progs/%.c include/uapi/linux/vserver.h
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $@"
	$(Q)$(CC) -Wall -Wextra -Werror -O2 -g -Iinclude/uapi $(PROG_LDFLAGS) -o $@ $<

# The escape and limits tests copy these into busybox guests, which have no libc.
$(VM)/progs/vs-escape $(VM)/progs/vs-cow $(VM)/progs/vs-try $(VM)/progs/vs-net: PROG_LDFLAGS := -static

vm-image: deps module tools progs
	@[ "$(V)" = 1 ] || echo "  INITRD  $(VM)/initramfs.cpio"
	$(Q)tests/vm/mkinitramfs $(VM)/initramfs.cpio $(MODULE) util/vserver util/vserver-stat \
		util/setattr util/showattr util/vserver-generator hashify/hashify $(PROGS)

# The Debian guests' disk for the VM tests, cached like the kernel
# (tests/vm/guest-image); its path goes to $(VM)/guest-image for VM_DISK.
guest-image: deps tools
	@mkdir -p $(VM)
	$(Q)tests/vm/guest-image --print-path > $(VM)/guest-image.tmp
	$(Q)mv $(VM)/guest-image.tmp $(VM)/guest-image

vm-shell: deps
	$(Q)tests/vm/shell

check: deps
	$(Q)scripts/check

style: deps
	$(Q)scripts/style

demo: deps
	$(Q)scripts/demo

bench: deps
	$(Q)scripts/bench

bench-guests: deps
	$(Q)scripts/bench-guests

bench-limits: deps
	$(Q)scripts/bench-limits

bench-net: deps
	$(Q)scripts/bench-net

bench-hashify: deps tools
	$(Q)scripts/bench-hashify

bench-cow: deps
	$(Q)scripts/bench-cow

bench-systemd: deps
	$(Q)scripts/bench-systemd

deb: deps
	$(Q)scripts/make-deb

# The packages installed in a debootstrapped chroot, DKMS, purge, and the
# DKMS-built module in the VM (scripts/check-deb).
check-deb: deb
	$(Q)scripts/check-deb

install: tools
	$(Q)$(MAKE) -C util install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(Q)$(MAKE) -C hashify install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

# Installs for the KDIR kernel: on a real host, KDIR=/lib/modules/$$(uname -r)/build.
modules_install: module
	$(Q)$(MAKE) -C $(MODULE_KDIR) M=$(CURDIR) modules_install

clean:
	$(Q)$(MAKE) -C util clean
	$(Q)$(MAKE) -C hashify clean
	$(Q)rm -rf $(BUILD) $(MODULE) *.o *.mod *.mod.c .*.cmd Module.symvers \
		modules.order kmod/*.o kmod/.*.cmd
