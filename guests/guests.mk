# Test kernels (guests/): freestanding 64-bit PV kernels, each one test.
# Included from the top Makefile. `make guests` builds
# guests/build/tests/<family>/<name>.elf from guests/tests/<family>/<name>.c
# linked with the guest library (guests/lib/). Own flags: nothing is shared
# with the hypervisor's build by accident.

GUEST_OUT := guests/build
GUEST_LIB_SRCS := $(sort $(wildcard guests/lib/*.c guests/lib/*.S))
GUEST_LIB_OBJS := $(patsubst guests/lib/%,$(GUEST_OUT)/lib/%.o,\
	$(basename $(GUEST_LIB_SRCS)))
GUEST_TEST_SRCS := $(sort $(wildcard guests/tests/*/*.c))
GUEST_TESTS := $(patsubst guests/tests/%.c,$(GUEST_OUT)/tests/%.elf,\
	$(GUEST_TEST_SRCS))
# Benchmark kernels (guests/bench/*.c): the same library, no verdict;
# bench/run-pv-paths.py runs them (`make bench-pv`).
GUEST_BENCH_SRCS := $(sort $(wildcard guests/bench/*.c))
GUEST_BENCHES := $(patsubst guests/bench/%.c,$(GUEST_OUT)/bench/%.elf,\
	$(GUEST_BENCH_SRCS))

GUEST_CPPFLAGS := -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Iguests/lib/include -Ihv/include/public
GUEST_CFLAGS := -std=gnu11 -ffreestanding -fno-builtin -nostdlib \
	-mno-red-zone -fno-pic -fno-pie -mcmodel=small -mno-sse -mno-mmx \
	-mno-sse2 -mno-avx -mgeneral-regs-only -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fcf-protection=none \
	-fno-omit-frame-pointer -O2 -g $(HV_WARN)
GUEST_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 \
	-z noexecstack --no-warn-rwx-segments --build-id=none -T guests/lib/link.lds

.PHONY: guests guest-tests guest-tests-xen

guests: $(GUEST_TESTS) $(GUEST_BENCHES)

$(GUEST_OUT)/%.o: guests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"; $(CC) $(GUEST_CPPFLAGS) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(GUEST_OUT)/%.o: guests/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"; $(CC) $(GUEST_CPPFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

$(GUEST_OUT)/tests/%.elf: $(GUEST_OUT)/tests/%.o $(GUEST_LIB_OBJS) guests/lib/link.lds
	@echo "  LD      $@"; ld $(GUEST_LDFLAGS) -o $@ $< $(GUEST_LIB_OBJS)

$(GUEST_OUT)/bench/%.elf: $(GUEST_OUT)/bench/%.o $(GUEST_LIB_OBJS) guests/lib/link.lds
	@echo "  LD      $@"; ld $(GUEST_LDFLAGS) -o $@ $< $(GUEST_LIB_OBJS)

.SECONDARY: $(GUEST_TESTS:.elf=.o) $(GUEST_BENCHES:.elf=.o)

-include $(GUEST_LIB_OBJS:.o=.d) $(GUEST_TESTS:.elf=.d) $(GUEST_BENCHES:.elf=.d)

# Guest tests (tests/guest/*.test) on Xen 4.17, the reference, and on
# satori. T=<name or glob>[,...] runs a subset.
guest-tests-xen: guests
	@scripts/get-xen.sh >/dev/null
	@tests/runner/boot_tests.py --hv=xen -j 2 $(subst $(comma),$(space),$(T))

guest-tests: guests hv
	@tests/runner/boot_tests.py --hv=satori -j 2 $(subst $(comma),$(space),$(T))

# Static checks of the guest sources with the guests' own view (their
# include paths, no hypervisor headers); `make check` runs both.
GUEST_C_FILES := $(GUEST_LIB_SRCS:%.S=) $(GUEST_TEST_SRCS) $(GUEST_BENCH_SRCS)
GUEST_C_FILES := $(filter %.c,$(GUEST_C_FILES))
# The public headers are the ABI team's and checked with the hypervisor;
# as -isystem here, tidy judges only the guests' own code.
GUEST_TIDY_FLAGS = --target=x86_64-linux-gnu -nostdinc \
	-isystem $(CLANG_RESOURCE_DIR)/include -Iguests/lib/include \
	-isystem hv/include/public -std=gnu11 -ffreestanding -fno-builtin \
	-mno-red-zone -fno-pic -mno-sse -mno-mmx -mno-sse2 -mno-avx \
	-mgeneral-regs-only $(HV_WARN)

.PHONY: guest-cppcheck guest-tidy

guest-cppcheck:
	@cppcheck --std=c11 -D__x86_64__ -D__GNUC__ \
		-Iguests/lib/include -Ihv/include/public \
		--enable=warning,style,performance,portability \
		--inline-suppr --error-exitcode=1 --quiet \
		--suppressions-list=scripts/check/cppcheck-suppressions.txt \
		$(GUEST_C_FILES)
	@echo "guest-cppcheck: $(words $(GUEST_C_FILES)) files clean"

guest-tidy:
	@printf '%s\n' $(GUEST_C_FILES) | xargs -P 2 -I{} sh -c \
		'out=$$($(CLANG_TIDY) --quiet "$$1" -- $(GUEST_TIDY_FLAGS) 2>&1); \
		 rc=$$?; printf "%s\n" "$$out" | grep -v "warnings generated$$" \
		 | grep -v "^$$"; \
		 exit $$rc' _ {}
	@echo "guest-tidy: $(words $(GUEST_C_FILES)) files clean"
