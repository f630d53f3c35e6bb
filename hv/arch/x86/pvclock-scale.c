/* SPDX-License-Identifier: MIT */
/*
 * The arithmetic behind exact pvclock records (asm/time.h,
 * docs/hacking/time.md): rounding the TSC scale so that anchors every
 * 2^PVCLOCK_ANCHOR_SHIFT cycles have an exact system time. Pure, so that
 * tests/unit/test-pvclock.c can check the guest's formula against
 * now_ns()'s for many rates, anchors and deltas.
 */
#include <asm/time.h>

uint64_t pvclock_scale_round(uint64_t ns_per_tsc_32, uint32_t *mul,
			     int8_t *shift)
{
	int8_t s = 0;

	while ((ns_per_tsc_32 >> s) > 0xffffffffull)
		s++;
	*mul = (uint32_t)(ns_per_tsc_32 >> s) &
	       ~((1u << PVCLOCK_ANCHOR_ROUND_BITS) - 1);
	*shift = s;
	return (uint64_t)*mul << s;
}

uint64_t pvclock_anchor_ns(uint64_t k, uint64_t ns_per_tsc_32)
{
	/* (k << ANCHOR_SHIFT) * ns_per_tsc_32 >> 32, exact because the low
	 * 32 - ANCHOR_SHIFT bits of ns_per_tsc_32 are zero. */
	return k * (ns_per_tsc_32 >> (32 - PVCLOCK_ANCHOR_SHIFT));
}
