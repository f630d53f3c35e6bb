# satori top-level Makefile. `make` builds the hypervisor; `make test` runs
# every test (host unit tests, then boot tests in QEMU); `make run` boots it.
include config.mk

BUILD := build
HV_OUT := $(BUILD)/hv

HV_ARCH := hv/arch/x86
HV_SRCS := $(shell find hv -name '*.c' -o -name '*.S' | grep -v '\.lds\.S$$' | sort)
HV_OBJS := $(patsubst %,$(HV_OUT)/%.o,$(basename $(HV_SRCS)))
HV_LDS := $(HV_OUT)/satori.lds

HV_CPPFLAGS := -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Ihv/include -I$(HV_ARCH)/include -include hv/include/satori/visibility.h
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
HV_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 \
	-z noexecstack --no-warn-rwx-segments --build-id=none

.PHONY: all hv clean run test unit boot-tests check format format-check \
	tidy cppcheck iso gdb

all: hv

hv: $(BUILD)/satori

$(HV_OUT)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"; $(CC) $(HV_CPPFLAGS) $(HV_CFLAGS) -MMD -MP -c $< -o $@

$(HV_OUT)/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"; $(CC) $(HV_CPPFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

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

clean:
	rm -rf $(BUILD)

QEMU ?= qemu-system-x86_64
QEMU_MEM ?= 512M
QEMU_SMP ?= 2
CMDLINE ?= console=com1 loglvl=all

run: hv
	$(QEMU) -machine q35 -cpu max -m $(QEMU_MEM) -smp $(QEMU_SMP) \
		-nographic -no-reboot -kernel $(BUILD)/satori -append "$(CMDLINE)"
