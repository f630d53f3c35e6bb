# satori top-level Makefile. `make` builds the hypervisor; `make test` runs
# every test (host unit tests, then boot tests in QEMU); `make run` boots it.
include config.mk

BUILD := build
HV_OUT := $(BUILD)/hv

HV_ARCH := hv/arch/x86
HV_SRCS := $(shell find hv -name '*.c' -o -name '*.S' | \
	grep -v -e '\.lds\.S$$' -e 'asm-offsets\.c$$' | sort)
HV_OBJS := $(patsubst %,$(HV_OUT)/%.o,$(basename $(HV_SRCS)))
HV_LDS := $(HV_OUT)/satori.lds

# __SATORI_HV__: the public headers (hv/include/public) give the guest's
# register frame the name guest_cpu_user_regs and guest handles as bare
# addresses; see hv/include/public/README.md.
HV_CPPFLAGS := -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-I$(HV_OUT)/include -Ihv/include -I$(HV_ARCH)/include \
	-include hv/include/satori/visibility.h -D__SATORI_HV__
HV_WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wmissing-declarations -Wvla -Wpointer-arith \
	-Wcast-qual -Wwrite-strings -Wundef -Wimplicit-fallthrough -Wformat=2
# The image runs at 0xffff828000200000 (asm/layout.h), outside the top 2 GiB
# that -mcmodel=kernel needs: position-independent code with hidden
# visibility gives RIP-relative accesses, and a non-PIE link resolves the
# few absolute addresses. No call becomes a jump (sibling-call
# optimisation), so rbp-chain backtraces show every caller.
HV_CFLAGS := -std=gnu11 -ffreestanding -fno-builtin -mno-red-zone -fpie \
	-mno-sse -mno-mmx -mno-sse2 -mno-avx -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-fno-optimize-sibling-calls \
	-fno-strict-aliasing -fno-common -mgeneral-regs-only -O2 -g $(HV_WARN)
ifeq ($(DEBUG),y)
HV_CPPFLAGS += -DCONFIG_DEBUG=1
else
HV_CPPFLAGS += -DCONFIG_DEBUG=0
endif
# make PERFC=y: the event and hypercall counters of satori/perfc.h (debug
# keys 'p' and 'P'); off by default, they cost nothing then.
PERFC ?= n
ifeq ($(PERFC),y)
HV_CPPFLAGS += -DCONFIG_PERFC=1
else
HV_CPPFLAGS += -DCONFIG_PERFC=0
endif
HV_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 \
	-z noexecstack --no-warn-rwx-segments --build-id=sha1

.PHONY: all hv clean run test unit abi boot-tests check format \
	format-check tidy cppcheck iso gdb kernel-test fuzz

all: hv

hv: $(BUILD)/satori

$(HV_OUT)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"; $(CC) $(HV_CPPFLAGS) $(HV_CFLAGS) -MMD -MP -c $< -o $@

# The hypercall switch (pv/hypercall-switch.h, compiled into hypercall.c
# and the SYSCALL entry in exceptions.c) as compares and direct calls, not
# a jump table: no indirect branch on the hypercall path (as Xen's
# direct-call dispatch), and one translated-block lookup fewer per
# hypercall under TCG.
$(HV_OUT)/hv/arch/x86/pv/hypercall.o: HV_CFLAGS += -fno-jump-tables
$(HV_OUT)/hv/arch/x86/pv/exceptions.o: HV_CFLAGS += -fno-jump-tables
# The same for xen_version's subop switch: XENVER_version is Linux's
# forced event upcall (xen_force_evtchn_callback) and the null hypercall.
$(HV_OUT)/hv/common/xen-version.o: HV_CFLAGS += -fno-jump-tables

# The commit xen_version(XENVER_changeset) reports, as Xen formats it
# ("git:<hash>", "-dirty" with uncommitted changes). The header is
# rewritten only when the text changes, so an unchanged tree relinks
# nothing; outside a git checkout it says "unavailable".
CHANGESET_H := $(HV_OUT)/changeset.h
$(CHANGESET_H): FORCE
	@mkdir -p $(dir $@)
	@cs=$$(git rev-parse --short=12 HEAD 2>/dev/null) && cs="git:$$cs" && \
	 { git diff --quiet HEAD 2>/dev/null || cs="$$cs-dirty"; } \
	 || cs=unavailable; \
	 line="#define SATORI_CHANGESET \"$$cs\""; \
	 grep -qxF "$$line" $@ 2>/dev/null || echo "$$line" > $@
$(HV_OUT)/hv/common/xen-version.o: $(CHANGESET_H)
$(HV_OUT)/hv/common/xen-version.o: HV_CPPFLAGS += -include $(CHANGESET_H)

$(HV_OUT)/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"; $(CC) $(HV_CPPFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

# Structure offsets for the entry code, generated from asm-offsets.c.
ASM_OFFSETS := $(HV_OUT)/include/asm/asm-offsets.h
$(ASM_OFFSETS): $(HV_ARCH)/asm-offsets.c hv/include/satori/domain.h \
		$(HV_ARCH)/include/asm/regs.h $(HV_ARCH)/include/asm/domain.h
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@$(CC) $(HV_CPPFLAGS) $(HV_CFLAGS) -S -o - $< | \
		sed -n 's/.*"->\([A-Za-z_0-9]*\) \([0-9]*\)".*/#define \1 \2/p' \
		> $@.tmp && mv $@.tmp $@

$(filter %.o,$(patsubst %,$(HV_OUT)/%.o,$(basename $(filter %.S,$(HV_SRCS))))): \
	$(ASM_OFFSETS)

$(HV_LDS): $(HV_ARCH)/satori.lds.S
	@mkdir -p $(dir $@)
	$(CC) -E -P -D__ASSEMBLY__ -I$(HV_ARCH)/include -x c $< -o $@

# satori-syms: ELF64 with symbols, for gdb. satori: the same image
# stripped, loadable by QEMU -kernel (multiboot1) and GRUB (multiboot2).
#
# Two-pass link for the embedded symbol table (hv/scripts/gen-symtab.py):
# pass 1 links an empty table, pass 2 the table of pass 1's text symbols.
# The table follows all code, so text must not move; the check enforces it.
SYMTAB_GEN := python3 hv/scripts/gen-symtab.py
HV_LD = ld $(HV_LDFLAGS) -T $(HV_LDS)

$(BUILD)/satori-syms: $(HV_OBJS) $(HV_LDS) hv/scripts/gen-symtab.py
	@echo "  LD      $@ (pass 1)"
	@$(SYMTAB_GEN) empty > $(HV_OUT)/symtab0.S
	@$(CC) -c $(HV_OUT)/symtab0.S -o $(HV_OUT)/symtab0.o
	@$(HV_LD) -o $(HV_OUT)/satori-pass1 $(HV_OBJS) $(HV_OUT)/symtab0.o
	@nm -n -S $(HV_OUT)/satori-pass1 > $(HV_OUT)/pass1.nm
	@echo "  LD      $@ (pass 2)"
	@$(SYMTAB_GEN) table $(HV_OUT)/pass1.nm > $(HV_OUT)/symtab1.S
	@$(CC) -c $(HV_OUT)/symtab1.S -o $(HV_OUT)/symtab1.o
	@$(HV_LD) -Map=$(BUILD)/satori.ldmap -o $@.tmp $(HV_OBJS) \
		$(HV_OUT)/symtab1.o
	@nm -n -S $@.tmp > $(HV_OUT)/pass2.nm
	@$(SYMTAB_GEN) check $(HV_OUT)/pass1.nm $(HV_OUT)/pass2.nm
	@mv $@.tmp $@

$(BUILD)/satori: $(BUILD)/satori-syms
	objcopy --strip-debug $< $@
	objdump -d -S $< > $(BUILD)/satori.asm
	nm -n $< > $(BUILD)/satori.map

-include $(HV_OBJS:.o=.d)

# `make unit`: build and run the host unit tests (tests/unit/unit.mk).
include tests/unit/unit.mk
# `make kernel-test`: the loader on a cached real kernel (tests/kernel).
include tests/kernel/kernel.mk
# `make fuzz`: libFuzzer targets (tests/fuzz), not part of `make test`.
include tests/fuzz/fuzz.mk

# `make guests`, `make guest-tests-xen`, `make guest-tests` (guests/).
include guests/guests.mk
include linux.mk

clean:
	rm -rf $(BUILD) guests/build

QEMU ?= qemu-system-x86_64
QEMU_MEM ?= 512M
QEMU_SMP ?= 2
CMDLINE ?= console=com1 loglvl=all

# GUEST=<family>/<name> boots that guest test kernel (guests/tests/) as
# dom0, e.g. `make run GUEST=console/hello`.
GUEST_MODULE = $(if $(GUEST),-initrd "guests/build/tests/$(GUEST).elf")
QEMU_BOOT = $(QEMU) -machine q35 -cpu max -m $(QEMU_MEM) -smp $(QEMU_SMP) \
	-nographic -no-reboot -kernel $(BUILD)/satori -append "$(CMDLINE)" \
	$(GUEST_MODULE)

# Without GUEST: Debian's Linux as dom0 (linux.mk).
ifeq ($(GUEST),)
run: run-linux
else
run: hv guests
	$(QEMU_BOOT)
endif

# The same boot, stopped at the first instruction until gdb attaches with
# the generated build/gdbinit (symbols from satori-syms, QEMU's stub on
# :1234). hbreak works before paging is on; see README.md.
gdb: hv
	@printf '%s\n' 'set architecture i386:x86-64' \
		'file $(BUILD)/satori-syms' 'target remote :1234' \
		'# hbreak start_satori, then continue' > $(BUILD)/gdbinit
	@echo "gdb: QEMU waits for gdb; in another terminal: gdb -x $(BUILD)/gdbinit"
	$(QEMU_BOOT) -s -S

# BIOS GRUB ISO booting satori through multiboot2 (for real machines and
# the boot tests). ISO_MODULES="file args,file args" adds module2 lines.
ISO_MODULES ?=
iso: $(BUILD)/satori.iso

$(BUILD)/satori.iso: $(BUILD)/satori scripts/mkiso.sh FORCE
	@echo "  ISO     $@"
	@scripts/mkiso.sh -o $@ -k $< -c "$(CMDLINE)" -M "$(ISO_MODULES)"

FORCE:

# --- Tests -------------------------------------------------------------------
# `make test` runs every level, passes each level's output through and ends
# with one line summing them all: "N passed, N failed" (exit 1 on failure).
# The runner's own tests come first: a runner that passes everything would
# make the boot tests worthless.
test:
	@tests/runner/levels.py "runner=tests/runner/selftest.py" \
		"unit=$(MAKE) --no-print-directory unit" \
		"kernel=$(MAKE) --no-print-directory kernel-test" \
		"abi=$(MAKE) --no-print-directory abi" \
		"boot=$(MAKE) --no-print-directory boot-tests" \
		"guest=$(MAKE) --no-print-directory guest-tests" \
		"linux=$(MAKE) --no-print-directory linux-test"

# --- Benchmarks (not tests: never part of `make test`) -----------------------
# PV path micro-benchmark, satori against Xen 4.17 in the same QEMU; builds
# what it needs itself (docs/performance.md). ROUNDS=<n> boots per hypervisor.
.PHONY: bench-pv bench-evtchn
bench-pv:
	@bench/run-pv-paths.py --rounds $(or $(ROUNDS),3)

# The Xen paper's OS microbenchmarks with Debian's Linux 6.1: native, as
# dom0 of Xen 4.17 and as dom0 of satori, alternating (docs/performance.md).
# ONLY=pipe runs only the pipe_ctx rows (lmb=pipe); ONLY=proc the fork, exec
# and sh -c rows in interleaved batches (lmb=proc).
.PHONY: bench-linux
bench-linux:
	@bench/run-linux-lmbench.py --rounds $(or $(ROUNDS),3) \
		$(if $(PNG),--png $(PNG)) \
		$(if $(SATORI_ARGS),--satori-args "$(SATORI_ARGS)") \
		$(if $(ONLY),--only $(ONLY)) \
		$(if $(MAX_OTHER),--max-other $(MAX_OTHER))

# The CPU-loop row alone (lmb=cpu): host CPU time of the loop's vCPU per
# million iterations, native / Xen 4.17 / satori (bench/run-cpu-loop.py),
# and the time lost to the tick; ICOUNT=0: by instruction count.
.PHONY: bench-cpu-loop
bench-cpu-loop:
	@bench/run-cpu-loop.py --rounds $(or $(ROUNDS),3) \
		$(if $(ICOUNT),--icount $(ICOUNT)) \
		$(if $(SATORI_ARGS),--satori-args "$(SATORI_ARGS)")

# Linux dom0's timer VIRQs per second and per tick, idle and with each vCPU
# busy in turn, satori then Xen 4.17 (bench/run-timer-virqs.py).
.PHONY: bench-timer-virqs
bench-timer-virqs:
	@echo "satori:"; bench/run-timer-virqs.py
	@echo "xen:"; bench/run-timer-virqs.py --xen

# Pipe ping-pong in Linux dom0 on one vCPU, two vCPUs and unpinned, satori
# against Xen 4.17 (bench/run-ctxsw.py; --perfc with a PERFC=y image).
.PHONY: bench-ctxsw
bench-ctxsw:
	@$(MAKE) --no-print-directory -j2 hv DEBUG=n BUILD=build/bench-release
	@$(MAKE) --no-print-directory linux-dom0
	@scripts/get-xen.sh >/dev/null
	@bench/run-ctxsw.py --rounds $(or $(ROUNDS),3)

# PV MMU micro-benchmark (mmu_update, update_va_mapping, pin+unpin), the
# same way: bench/run-mmu-paths.py.
.PHONY: bench-mmu
bench-mmu:
	@bench/run-mmu-paths.py --rounds $(or $(ROUNDS),3)

# Timer lateness (set_timer_op wake vs deadline), satori against Xen 4.17.
.PHONY: bench-timer
bench-timer:
	@bench/run-timer-lateness.py --rounds $(or $(ROUNDS),3)

# Event channels: bench/run-evtchn.py (docs/performance.md).
bench-evtchn:
	@bench/run-evtchn.py --rounds $(or $(ROUNDS),3)

# Scheduler isolation (I/O domain among four hogs: BVT with and without
# warp, credit) and fairness (weights 512:256): bench/run-isolation.py.
.PHONY: bench-isolation
bench-isolation:
	@bench/run-isolation.py --rounds $(or $(ROUNDS),3)

# Public headers against Xen 4.17's (libxen-dev): tests/abi/run.py.
.PHONY: abi
abi:
	@tests/abi/run.py --hv-cflags "$(HV_CPPFLAGS) $(HV_CFLAGS)"

# Boot tests in QEMU, two at a time. T=<name or glob>[,...] runs a subset.
boot-tests: hv guests
	@tests/runner/boot_tests.py -j 2 $(subst $(comma),$(space),$(T))

# --- Static checks -------------------------------------------------------------
# `make check`: formatting, cppcheck and clang-tidy; all must be clean.
comma := ,
space := $(subst ,, )
CHECK_C_FILES = $(shell find $(wildcard hv tests tools guests) \
	-name '*.[ch]' | sort)
HV_C_FILES := $(filter %.c,$(HV_SRCS))

check: format-check cppcheck tidy guest-cppcheck guest-tidy

format:
	@clang-format -i $(CHECK_C_FILES)

format-check:
	@clang-format --dry-run --Werror $(CHECK_C_FILES)
	@echo "format-check: $(words $(CHECK_C_FILES)) files clean"

# The hypervisor's own view: freestanding, x86-64, its include paths.
# Suppressions live in scripts/check/cppcheck-suppressions.txt, each with
# its reason; one-off ones are inline "cppcheck-suppress" comments.
cppcheck:
	@cppcheck --std=c11 -D__x86_64__ -D__GNUC__ -DCONFIG_DEBUG=1 -DCONFIG_PERFC=1 \
		-D__SATORI_HV__ \
		-Ihv/include -I$(HV_ARCH)/include \
		--enable=warning,style,performance,portability \
		--inline-suppr --error-exitcode=1 --quiet \
		--suppressions-list=scripts/check/cppcheck-suppressions.txt \
		$(HV_C_FILES)
	@echo "cppcheck: $(words $(HV_C_FILES)) files clean"

# clang-tidy (checks in .clang-tidy) with the hypervisor's flags, built
# here instead of from a compile_commands.json. clang's own freestanding
# headers replace gcc's; gcc-only options are left out.
CLANG_RESOURCE_DIR = $(shell clang -print-resource-dir)
TIDY_FLAGS = --target=x86_64-linux-gnu -nostdinc \
	-isystem $(CLANG_RESOURCE_DIR)/include -Ihv/include \
	-I$(HV_ARCH)/include -include hv/include/satori/visibility.h \
	-DCONFIG_DEBUG=1 -DCONFIG_PERFC=1 -D__SATORI_HV__ -std=gnu11 -ffreestanding -fno-builtin \
	-mno-red-zone -fpie -mno-sse -mno-mmx -mno-sse2 -mno-avx \
	-mgeneral-regs-only -fno-strict-aliasing -fno-common $(HV_WARN)
CLANG_TIDY ?= clang-tidy-14

tidy:
	@printf '%s\n' $(HV_C_FILES) | xargs -P 2 -I{} sh -c \
		'out=$$($(CLANG_TIDY) --quiet "$$1" -- $(TIDY_FLAGS) 2>&1); \
		 rc=$$?; printf "%s\n" "$$out" | grep -v "warnings generated$$" \
		 | grep -v "^$$"; \
		 exit $$rc' _ {}
	@echo "tidy: $(words $(HV_C_FILES)) files clean"
