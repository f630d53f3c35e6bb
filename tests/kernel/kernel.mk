# `make kernel-test`: the loader on a real Debian kernel package, if one
# is in KERNEL_CACHE or in cache/linux/deb (scripts/get-linux.sh puts it
# there; .ci/run runs it first); nothing is downloaded here.
# Without a package it prints SKIP and a zero count. The program is built
# twice: with ASan/UBSan (correctness) and -O2 (the speed it prints).

KERNEL_CACHE ?= /work/cache
KERNEL_DEB := $(lastword $(sort $(wildcard \
	$(KERNEL_CACHE)/linux-image-6.1.0-*-amd64_*.deb \
	cache/linux/deb/linux-image-6.1.0-*-amd64_*.deb)))
KERNEL_OUT := $(BUILD)/tests/kernel
KERNEL_SRCS := tests/kernel/real-kernel.c hv/common/loader/bzimage.c \
	hv/common/loader/elf.c hv/common/loader/elf-notes.c \
	hv/common/loader/elf-guest-info.c hv/common/loader/xen-elf.c \
	hv/common/loader/xz/stream.c hv/common/loader/xz/lzma2.c \
	hv/common/loader/xz/bcj-x86.c hv/common/loader/xz/crc.c
KERNEL_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -U_FORTIFY_SOURCE \
	-DCONFIG_DEBUG=1 -I$(UNIT_DIR)/shim -Ihv/include -I$(HV_ARCH)/include

$(KERNEL_OUT)/real-kernel-asan: $(KERNEL_SRCS) $(UNIT_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"; $(HOSTCC) $(KERNEL_CFLAGS) -g -O1 \
		-fsanitize=address,undefined -fno-sanitize-recover=all \
		-o $@ $(filter %.c,$^)

$(KERNEL_OUT)/real-kernel-fast: $(KERNEL_SRCS) $(UNIT_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"; $(HOSTCC) $(KERNEL_CFLAGS) -O2 -o $@ \
		$(filter %.c,$^)

ifeq ($(KERNEL_DEB),)
kernel-test:
	@echo "SKIP  kernel/real-kernel (no linux-image-6.1.0-*-amd64 .deb in $(KERNEL_CACHE))"
	@echo "kernel: 0 passed, 0 failed, 1 skipped"
else
# The reference: the host xz on the payload, found like extract-vmlinux
# does (the first XZ magic); xz complains about Linux's 4-byte size
# trailer after the stream, so its status is ignored.
kernel-test: $(KERNEL_OUT)/real-kernel-asan $(KERNEL_OUT)/real-kernel-fast
	@rm -rf $(KERNEL_OUT)/pkg && mkdir -p $(KERNEL_OUT)/pkg
	@dpkg -x $(KERNEL_DEB) $(KERNEL_OUT)/pkg
	@set -e; img=$$(ls $(KERNEL_OUT)/pkg/boot/vmlinuz-* | head -n 1); \
	off=$$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' $$img | head -n 1 | cut -d: -f1); \
	tail -c +$$((off + 1)) $$img | xz -dcq > $(KERNEL_OUT)/vmlinux.ref \
		|| true; \
	echo "kernel: $$img"; \
	pass=0; fail=0; \
	for v in asan fast; do \
		if $(KERNEL_OUT)/real-kernel-$$v $$img \
			$(KERNEL_OUT)/vmlinux.ref > $(KERNEL_OUT)/$$v.log 2>&1; \
		then echo "PASS  kernel/real-kernel-$$v"; pass=$$((pass + 1)); \
		else echo "FAIL  kernel/real-kernel-$$v"; fail=$$((fail + 1)); fi; \
		sed 's/^/    /' $(KERNEL_OUT)/$$v.log; \
	done; \
	echo "kernel: $$pass passed, $$fail failed"; test $$fail -eq 0
endif
