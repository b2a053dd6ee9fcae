# SPDX-License-Identifier: GPL-2.0
#
# vserver: the thin driver.  The module's sources are listed in Kbuild, the
# tools' in util/Makefile; the long steps live in scripts/ and tests/vm/.
#
#   make            build the tools and vserver.ko (building the kernel first)
#   make check      style, unit tests, and the VM run; closing line "N passed, N failed"
#   make demo       build everything and show it working in the VM
#   make vm-shell   a root shell in the test VM with the module loaded
#   make style      checkpatch, shellcheck, cppcheck
#   make install    install the tools and man pages (DESTDIR, PREFIX)
#   make bench      the syscall overhead benchmark (Documentation/benchmarks.md)
#   make bench-guests  guest start/exec and per-context memory (same document)
#   make bench-hashify  hashify against hardlink, rdfind, jdupes (same document)
#   make bench-cow  the first write to a unified file, and the open hook (same)
#   make deps       install the Debian packages all this needs
#   V=1             show the commands

BUILD := $(CURDIR)/build
VM := $(BUILD)/vm
PREFIX ?= /usr
DESTDIR ?=
V ?= 0
FLAVOUR ?= test

ifeq ($(V),1)
Q :=
else
Q := @
MAKEFLAGS += --no-print-directory
endif

PROGS := $(patsubst tests/vm/progs/%.c,$(VM)/progs/%,$(wildcard tests/vm/progs/*.c))
MODULE := vserver.ko

.PHONY: all deps kernel module tools progs vm-image guest-image vm-shell check style \
	demo install modules_install bench bench-guests bench-cow bench-hashify clean FORCE

all: tools module

deps:
	$(Q)scripts/install-deps

# The kernel build is cached outside the tree (scripts/build-kernel), so
# asking again costs a checksum when nothing changed.
kernel: deps
	@mkdir -p $(VM)
	$(Q)scripts/build-kernel --flavour $(FLAVOUR) --print-dir > $(VM)/kernel-dir.tmp
	$(Q)mv $(VM)/kernel-dir.tmp $(VM)/kernel-dir

module: kernel
	@[ "$(V)" = 1 ] || echo "  MODULE  $(MODULE)"
	$(Q)$(MAKE) -C $$(cat $(VM)/kernel-dir)/out M=$(CURDIR) KBUILD_VERBOSE=$(V) modules $(if $(filter 1,$(V)),,>$(BUILD)/module.log 2>&1 || { cat $(BUILD)/module.log; exit 1; })

tools: deps
	$(Q)$(MAKE) -C util V=$(V)
	$(Q)$(MAKE) -C hashify V=$(V)

progs: $(PROGS)

$(VM)/progs/%: tests/vm/progs/%.c include/uapi/linux/vserver.h
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $@"
	$(Q)$(CC) -Wall -Wextra -Werror -O2 -g -Iinclude/uapi $(PROG_LDFLAGS) -o $@ $<

# The escape tests copy vs-escape into busybox guests, which have no libc.
$(VM)/progs/vs-escape $(VM)/progs/vs-cow: PROG_LDFLAGS := -static

vm-image: module tools progs
	@[ "$(V)" = 1 ] || echo "  INITRD  $(VM)/initramfs.cpio"
	$(Q)tests/vm/mkinitramfs $(VM)/initramfs.cpio $(MODULE) util/vserver util/vserver-stat \
		util/setattr util/showattr hashify/hashify $(PROGS)

# The Debian guests' disk for the VM tests, cached like the kernel
# (tests/vm/guest-image); its path goes to $(VM)/guest-image for VM_DISK.
guest-image: tools
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

bench-hashify: tools
	$(Q)scripts/bench-hashify

bench-cow: deps
	$(Q)scripts/bench-cow

install: tools
	$(Q)$(MAKE) -C util install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(Q)$(MAKE) -C hashify install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

# Only meaningful on a machine running the kernel in $(VM)/kernel-dir.
modules_install: module
	$(Q)$(MAKE) -C $$(cat $(VM)/kernel-dir)/out M=$(CURDIR) modules_install

clean:
	$(Q)$(MAKE) -C util clean
	$(Q)$(MAKE) -C hashify clean
	$(Q)rm -rf $(BUILD) $(MODULE) *.o *.mod *.mod.c .*.cmd Module.symvers \
		modules.order kmod/*.o kmod/.*.cmd
