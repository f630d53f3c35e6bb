# `make fuzz`: libFuzzer targets for the loader's parsers: xen-elf (ELF,
# notes, bzImage header), xz (the whole decoder) and lzma2 (the LZMA2
# decoder and BCJ filter without the container's CRCs). Not part of
# `make test`. Each runs for FUZZ_TIME seconds (default 120) from a seed
# corpus made here with the host tools: tiny PV images linked by ld
# (tests/unit/files/pv-tiny.*) and small files compressed by xz. Findings
# land in build/fuzz/<target>/crash-*; rerun one with
# build/fuzz/<target>/fuzz <file>.

FUZZ_TIME ?= 120
FUZZ_OUT := $(BUILD)/fuzz
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -U_FORTIFY_SOURCE -DCONFIG_DEBUG=1 \
	-I$(UNIT_DIR)/shim -Ihv/include -I$(HV_ARCH)/include
FUZZ_ELF_SRCS := tests/fuzz/fuzz-xen-elf.c hv/common/loader/elf.c \
	hv/common/loader/elf-notes.c hv/common/loader/elf-guest-info.c \
	hv/common/loader/xen-elf.c hv/common/loader/bzimage.c \
	hv/common/loader/xz/stream.c hv/common/loader/xz/lzma2.c \
	hv/common/loader/xz/bcj-x86.c hv/common/loader/xz/crc.c
FUZZ_XZ_SRCS := tests/fuzz/fuzz-xz.c hv/common/loader/xz/stream.c \
	hv/common/loader/xz/lzma2.c hv/common/loader/xz/bcj-x86.c \
	hv/common/loader/xz/crc.c
FUZZ_LZMA2_SRCS := tests/fuzz/fuzz-lzma2.c hv/common/loader/xz/lzma2.c \
	hv/common/loader/xz/bcj-x86.c hv/common/loader/xz/crc.c
FUZZ_LD_FLAGS := -z noexecstack --no-warn-rwx-segments --build-id=none

$(FUZZ_OUT)/xen-elf/fuzz: $(FUZZ_ELF_SRCS) $(UNIT_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CLANG   $@"; clang $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

$(FUZZ_OUT)/xz/fuzz: $(FUZZ_XZ_SRCS) $(UNIT_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CLANG   $@"; clang $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

$(FUZZ_OUT)/lzma2/fuzz: $(FUZZ_LZMA2_SRCS) $(UNIT_HEADERS) \
		hv/common/loader/xz/private.h
	@mkdir -p $(dir $@)
	@echo "  CLANG   $@"; clang $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# Raw LZMA2 seeds: the xz seeds' block data (offset 24 after the 12-byte
# stream header and a 12-byte block header), behind a dictionary byte.
$(FUZZ_OUT)/lzma2/seeds: $(FUZZ_OUT)/xz/seeds
	@mkdir -p $@ $(FUZZ_OUT)/lzma2/corpus
	@for f in $</*.xz; do \
		{ printf '\012'; tail -c +25 $$f; } > $@/$$(basename $$f .xz); \
	done
	@touch $@

$(FUZZ_OUT)/xen-elf/seeds: tests/unit/files/pv-tiny.S tests/unit/files/pv-tiny.lds
	@mkdir -p $@ $(FUZZ_OUT)/xen-elf/corpus
	@cc -c $< -o $@/notes.o && ld -T $(word 2,$^) $(FUZZ_LD_FLAGS) \
		$@/notes.o -o $@/notes.elf && rm $@/notes.o
	@cc -DLEGACY -c $< -o $@/legacy.o && ld -T $(word 2,$^) \
		--defsym BASE=0 $(FUZZ_LD_FLAGS) $@/legacy.o -o $@/legacy.elf \
		&& rm $@/legacy.o
	@touch $@

$(FUZZ_OUT)/xz/seeds: tests/unit/files/pv-tiny.S
	@mkdir -p $@ $(FUZZ_OUT)/xz/corpus
	@head -c 3000 /bin/sh > $@/code
	@xz -c --x86 --lzma2 $@/code > $@/x86.xz
	@xz -c --check=crc32 $< > $@/crc32.xz
	@xz -c --check=none --block-size=500 $< > $@/blocks.xz
	@head -c 2000 /dev/urandom | xz -c > $@/stored.xz
	@printf '' | xz -c > $@/empty.xz
	@rm $@/code
	@touch $@

fuzz: $(FUZZ_OUT)/xen-elf/fuzz $(FUZZ_OUT)/xz/fuzz $(FUZZ_OUT)/lzma2/fuzz \
		$(FUZZ_OUT)/xen-elf/seeds $(FUZZ_OUT)/xz/seeds \
		$(FUZZ_OUT)/lzma2/seeds
	@for t in xen-elf xz lzma2; do \
		echo "==> fuzz $$t for $(FUZZ_TIME) s"; \
		cd $(FUZZ_OUT)/$$t; \
		./fuzz -max_total_time=$(FUZZ_TIME) -max_len=65536 \
			-print_final_stats=1 corpus seeds > fuzz.log 2>&1; \
		rc=$$?; cd - > /dev/null; \
		grep -E 'stat::|ERROR|SUMMARY|Done|crash-' \
			$(FUZZ_OUT)/$$t/fuzz.log; \
		test $$rc -eq 0 || exit 1; \
	done
