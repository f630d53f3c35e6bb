/* unit-sources: hv/arch/x86/xcr0.c */
/* SPDX-License-Identifier: MIT */
/*
 * The XCR0 rules: every value the architecture accepts and refuses over
 * the low eight components (MPX pairs, AVX-512 triples, AVX needs SSE,
 * x87 always), and what a PV guest may load with XSETBV: only XCR0, only
 * policy bits, only valid values (Xen's handle_xsetbv).
 */
#include <asm/xcr0.h>

#include "check.h"

/* The architectural rule, written out independently over bits 0-7. */
static bool reference_valid(uint64_t x)
{
	bool x87 = x & 1, sse = x & 2, ymm = x & 4, bndr = x & 8, bndc = x & 16;
	uint64_t avx512 = x & 0xe0;

	if (!x87 || (ymm && !sse) || bndr != bndc)
		return false;
	if (avx512 && (avx512 != 0xe0 || !ymm))
		return false;
	return true;
}

static void test_valid_exhaustive(void)
{
	unsigned int n = 0;

	for (uint64_t x = 0; x < 256; x++) {
		CHECK_EQ(xcr0_valid(x), reference_valid(x));
		n += xcr0_valid(x);
	}
	/* x87 with SSE free and: YMM off (2) or on with SSE (1), each with
	 * MPX both/neither (x2), AVX-512 only with YMM all/none. */
	CHECK_EQ(n, 2 * 2 + 1 * 2 * 2);
	CHECK(xcr0_valid(1));
	CHECK(xcr0_valid(3));
	CHECK(xcr0_valid(7));
	CHECK(xcr0_valid(0xe7));
	CHECK(xcr0_valid(7 | (1ULL << 9))); /* PKRU: no rule of its own */
	CHECK(!xcr0_valid(0));
	CHECK(!xcr0_valid(2));
	CHECK(!xcr0_valid(5));
	CHECK(!xcr0_valid(0x67));
	CHECK(!xcr0_valid(0x0f));
}

static void test_guest_accept(void)
{
	const uint64_t max = XSTATE_SATORI_MASK;

	CHECK(xcr0_guest_accept(0, 1, max));
	CHECK(xcr0_guest_accept(0, 3, max));
	CHECK(xcr0_guest_accept(0, 7, max));
	CHECK(!xcr0_guest_accept(0, 0, max));
	CHECK(!xcr0_guest_accept(0, 2, max));
	CHECK(!xcr0_guest_accept(0, 5, max));
	CHECK(!xcr0_guest_accept(0, 6, max));
	/* Valid for the CPU, but not in the policy. */
	CHECK(!xcr0_guest_accept(0, 0x1f, max));
	CHECK(!xcr0_guest_accept(0, 0xe7, max));
	CHECK(!xcr0_guest_accept(0, 7 | (1ULL << 9), max));
	CHECK(!xcr0_guest_accept(0, 7 | (1ULL << 63), max));
	/* Only XCR0: XCR1 (XINUSE, read-only) and others are #GP. */
	CHECK(!xcr0_guest_accept(1, 7, max));
	CHECK(!xcr0_guest_accept(0xffffffffu, 7, max));
	/* A policy without AVX (an older host). */
	CHECK(xcr0_guest_accept(0, 3, XSTATE_FP_SSE));
	CHECK(!xcr0_guest_accept(0, 7, XSTATE_FP_SSE));
	/* No XSAVE at all: nothing. */
	CHECK(!xcr0_guest_accept(0, 1, 0));
}

int main(void)
{
	test_valid_exhaustive();
	test_guest_accept();
	return check_summary("test-xcr0");
}
