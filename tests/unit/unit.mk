# Host unit tests, included by the top-level Makefile (`make unit`).
#
# Every tests/unit/test-<name>.c is a test program. Its first lines hold a
# comment naming, on one line, the hypervisor sources it is built with:
#     /* unit-sources: hv/lib/vsnprintf.c hv/common/cmdline.c */
# The program and those sources are compiled together for the host with
# ASan and UBSan into build/tests/unit/test-<name>, which must exit 0.
# tests/unit/shim comes first on the include path: it holds host stand-ins
# for hypervisor-only headers (locks, CPU operations). SATORI_UNIT_TEST
# selects the out-of-line forms of the per-CPU accessors (smp.h, domain.h),
# which the tests define themselves.

HOSTCC ?= gcc
UNIT_DIR := tests/unit
UNIT_OUT := $(BUILD)/tests/unit
UNIT_TESTS := $(sort $(wildcard $(UNIT_DIR)/test-*.c))
UNIT_NAMES := $(patsubst $(UNIT_DIR)/%.c,%,$(UNIT_TESTS))
UNIT_BINS := $(addprefix $(UNIT_OUT)/,$(UNIT_NAMES))
UNIT_HEADERS := $(shell find hv/include hv/arch/x86/include $(UNIT_DIR) \
	-name '*.h' 2>/dev/null)

# _FORTIFY_SOURCE would turn the test's own calls to snprintf & co. into
# calls to the C library's checking variants, bypassing hv/lib.
UNIT_CFLAGS := -std=gnu11 -fsanitize=address,undefined \
	-fno-sanitize-recover=all -g -O1 -Wall -Wextra -Werror \
	-U_FORTIFY_SOURCE -DCONFIG_DEBUG=1 -D__SATORI_HV__ -DSATORI_UNIT_TEST \
	-I$(UNIT_DIR)/shim -Ihv/include -I$(HV_ARCH)/include

# The sources listed in a test file's unit-sources comment.
unit_sources = $(shell sed -n \
	's|.*/\*[[:space:]]*unit-sources:\(.*\)\*/.*|\1|p' $(1) | head -n 1)

define UNIT_RULE
$(UNIT_OUT)/$(1): $(UNIT_DIR)/$(1).c $(call unit_sources,$(UNIT_DIR)/$(1).c) \
		$(UNIT_HEADERS)
	@mkdir -p $$(dir $$@)
	@echo "  HOSTCC  $$@"; $(HOSTCC) $(UNIT_CFLAGS) -o $$@ $$(filter %.c,$$^)
endef
$(foreach t,$(UNIT_NAMES),$(eval $(call UNIT_RULE,$(t))))

# Run every test (even after a failure), print PASS/FAIL per test and a
# summary line, and fail if any test failed. A failing test's output is
# shown; all of it is kept in build/tests/unit/<test>.log.
unit: $(UNIT_BINS)
	@pass=0; fail=0; \
	for t in $(UNIT_NAMES); do \
		if $(UNIT_OUT)/$$t > $(UNIT_OUT)/$$t.log 2>&1; then \
			echo "PASS  unit/$$t"; pass=$$((pass + 1)); \
		else \
			echo "FAIL  unit/$$t"; fail=$$((fail + 1)); \
			sed 's/^/    /' $(UNIT_OUT)/$$t.log; \
		fi; \
	done; \
	echo "unit: $$pass passed, $$fail failed"; \
	test $$fail -eq 0
