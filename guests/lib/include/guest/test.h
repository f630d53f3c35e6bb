/* SPDX-License-Identifier: MIT */
/*
 * What a test kernel provides and what it gets. A test defines
 * `const char test_name[]` ("family/name") and `void test_main(void)`,
 * which ends with exactly one verdict. Each verdict prints one line,
 *   satori-test: <name>: SUCCESS | FAILURE: <detail> | SKIP: <reason> |
 *                        ERROR: <detail>
 * and shuts the domain down (poweroff; crash for ERROR). FAILURE: the
 * hypervisor got something wrong; ERROR: the test itself could not run.
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include <guest/abi.h>
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/string.h>

extern const char test_name[];
void test_main(void);

/* From the domain builder, saved before test_main() runs. */
extern const struct start_info *start_info;
/* vCPU 0's vcpu_info in the mapped shared_info page; NULL if not mapped. */
extern volatile struct vcpu_info *vcpu0_info;
/* Page 0 was unmapped at start of day: NULL accesses fault. */
extern int null_page_unmapped;

__attribute__((noreturn)) void test_success(void);
__attribute__((noreturn, format(printf, 1, 2))) void test_fail(const char *fmt,
							       ...);
__attribute__((noreturn, format(printf, 1, 2))) void test_skip(const char *fmt,
							       ...);
__attribute__((noreturn, format(printf, 1, 2))) void test_error(const char *fmt,
								...);

/* SCHEDOP_shutdown with @reason; if that returns, spins forever. */
__attribute__((noreturn)) void shutdown(unsigned int reason);

/* Fail unless @got == @want, naming @what (printed in decimal and hex). */
#define CHECK_EQ(what, got, want)                                             \
	do {                                                                  \
		long long got_ = (long long)(got);                            \
		long long want_ = (long long)(want);                          \
		if (got_ != want_)                                            \
			test_fail("%s: got %lld (0x%llx), want %lld", (what), \
				  got_, got_, want_);                         \
	} while (0)

#endif /* GUEST_TEST_H */
