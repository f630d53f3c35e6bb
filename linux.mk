# Debian's stock Linux 6.1 as dom0 (`make run`, the Linux boot test, the
# lmbench-style benchmark). scripts/get-linux.sh fetches the kernel package
# and busybox-static into cache/linux/ (apt-get download + dpkg -x: nothing
# is installed); scripts/mkinitramfs.py builds the initramfs from them.
#
#   make run                 satori, Linux dom0, shell on the serial console
#   make run-xen             the same kernel and initramfs as dom0 of Xen 4.17
#   make run-native          the same kernel and initramfs without a hypervisor
#
# DOM0_MEM, DOM0_VCPUS and DOM0_ARGS (the kernel's command line) adjust the
# boot; SATORI_ARGS adds hypervisor options (e.g. hcall_trace); QEMU_MEM
# must leave room for the hypervisor.

LINUX_CACHE := cache/linux
LINUX_ROOT_STAMP := $(BUILD)/linux/root
LINUX_INITRD := $(BUILD)/linux/initrd.cpio.gz
DOM0_MEM ?= 512M
DOM0_VCPUS ?= 2
DOM0_ARGS ?= console=hvc0 earlyprintk=xen
LINUX_QEMU_MEM ?= 1G

# The unpacked package tree (its path is the script's last output line).
$(LINUX_ROOT_STAMP): scripts/get-linux.sh
	@mkdir -p $(dir $@)
	@scripts/get-linux.sh | tail -n 1 > $@.tmp && mv $@.tmp $@

# The lmbench-style benchmark program (bench/linux/lmb.c), static, in
# every initramfs as /bin/lmb (run by `satori.run=/bin/lmb`).
LMB := $(BUILD)/linux/lmb
$(LMB): bench/linux/lmb.c bench/linux/pipe-ring.h bench/linux/mmap-op.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"; $(HOSTCC) -std=gnu11 -O2 -Wall -Wextra -Werror \
		-static -o $@ $<

# The stress workload (bench/linux/stress.c), static, as /bin/stress.
STRESS := $(BUILD)/linux/stress
$(STRESS): bench/linux/stress.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"; $(HOSTCC) -std=gnu11 -O2 -Wall -Wextra -Werror \
		-static -o $@ $<

# The LDT check (tests/linux/ldt-check.c), static and not PIE (its
# segment base must be below 4 GiB), as /bin/ldt-check.
LDTCHECK := $(BUILD)/linux/ldt-check
$(LDTCHECK): tests/linux/ldt-check.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"; $(HOSTCC) -std=gnu11 -O2 -Wall -Wextra -Werror \
		-static -no-pie -o $@ $<

# Pipe ping-pong on one or two vCPUs (bench/linux/ctxsw.c), as /bin/ctxsw.
CTXSW := $(BUILD)/linux/ctxsw
$(CTXSW): bench/linux/ctxsw.c bench/linux/pipe-ring.h bench/linux/mmap-op.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"; $(HOSTCC) -std=gnu11 -O2 -Wall -Wextra -Werror \
		-static -o $@ $<

$(LINUX_INITRD): $(LINUX_ROOT_STAMP) scripts/mkinitramfs.py $(LMB) $(STRESS) \
		$(LDTCHECK) $(CTXSW)
	@scripts/mkinitramfs.py "$$(cat $(LINUX_ROOT_STAMP))" $@ \
		$(LMB):/bin/lmb $(STRESS):/bin/stress \
		$(LDTCHECK):/bin/ldt-check $(CTXSW):/bin/ctxsw

.PHONY: linux-dom0 run-xen run-native
linux-dom0: $(LINUX_INITRD)

LINUX_VMLINUZ = $$(ls $$(cat $(LINUX_ROOT_STAMP))/boot/vmlinuz-* | head -n 1)
LINUX_QEMU = $(QEMU) -machine q35 -cpu max -m $(LINUX_QEMU_MEM) \
	-smp $(QEMU_SMP) -nographic -no-reboot
# QEMU separates -initrd modules with commas: none in the arguments.
LINUX_MODULES = -initrd "$(LINUX_VMLINUZ) $(DOM0_ARGS),$(LINUX_INITRD)"
LINUX_HV_ARGS = dom0_mem=$(DOM0_MEM) dom0_max_vcpus=$(DOM0_VCPUS) $(SATORI_ARGS)

run-linux: hv $(LINUX_INITRD)
	$(LINUX_QEMU) -kernel $(BUILD)/satori \
		-append "console=com1 loglvl=all guest_loglvl=all $(LINUX_HV_ARGS)" \
		$(LINUX_MODULES)

run-xen: $(LINUX_INITRD)
	@scripts/get-xen.sh >/dev/null
	$(LINUX_QEMU) -kernel cache/xen/xen \
		-append "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all bootscrub=0 noreboot $(LINUX_HV_ARGS)" \
		$(LINUX_MODULES)

run-native: $(LINUX_INITRD)
	$(LINUX_QEMU) -kernel $(LINUX_VMLINUZ) -initrd $(LINUX_INITRD) \
		-append "console=ttyS0"

# --- The Linux dom0 tests (tests/linux/*.test.in, tests/README.md) ----------
# The kernel is linked as build/linux/vmlinuz so that the definitions name
# a fixed module; @LINUX_RELEASE@ in them becomes the package's release
# (linux-image-<release>, dots escaped for the regexes).
LINUX_TEST_DIR := $(BUILD)/linux/tests
LINUX_TEST_IN := $(wildcard tests/linux/*.test.in)

.PHONY: linux-tests linux-test linux-stress linux-dmesg-diff
linux-tests: hv $(LINUX_INITRD)
	@rm -rf $(LINUX_TEST_DIR) && mkdir -p $(LINUX_TEST_DIR)
	@root=$$(cat $(LINUX_ROOT_STAMP)); \
	ln -sf "$$(ls $$root/boot/vmlinuz-* | head -n 1)" $(BUILD)/linux/vmlinuz; \
	rel=$$(basename $$root | sed -e 's/^root-linux-image-//' -e 's/\./\\\\./g'); \
	for f in $(LINUX_TEST_IN); do \
		sed "s/@LINUX_RELEASE@/$$rel/g" $$f > \
			$(LINUX_TEST_DIR)/$$(basename $$f .in); \
	done

# `make test`'s level: the dom0 boot test (with a 15-second stress).
linux-test: linux-tests
	@tests/runner/boot_tests.py -j 1 --dir $(LINUX_TEST_DIR) linux-dom0

# The 60-second stress on its own (not in `make test`).
linux-stress: linux-tests
	@tests/runner/boot_tests.py -j 1 --dir $(LINUX_TEST_DIR) linux-stress

# dmesg of the same dom0 on Xen 4.17 and on satori, compared
# (scripts/linux-dmesg-diff.py; report in build/linux/dmesg/report.md).
.PHONY: linux-dmesg-diff
linux-dmesg-diff: linux-tests
	@scripts/get-xen.sh >/dev/null
	@scripts/linux-dmesg-diff.py
