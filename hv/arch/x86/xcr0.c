/* SPDX-License-Identifier: MIT */
/*
 * The rules for XCR0 values: what the architecture requires of any value
 * (SDM vol. 1, 13.3) and what a PV guest may load with XSETBV on top of
 * that. Pure logic, unit-tested on the host (tests/unit/test-xcr0.c).
 */
#include <asm/xcr0.h>

bool xcr0_valid(uint64_t xcr0)
{
	if (!(xcr0 & XSTATE_X87))
		return false;
	if ((xcr0 & XSTATE_YMM) && !(xcr0 & XSTATE_SSE))
		return false;
	if (xcr0 & XSTATE_AVX512) {
		if (!(xcr0 & XSTATE_YMM))
			return false;
		if ((xcr0 & XSTATE_AVX512) != XSTATE_AVX512)
			return false;
	}
	/* BNDREGS and BNDCSR: both or neither. */
	return !(xcr0 & XSTATE_BNDREGS) == !(xcr0 & XSTATE_BNDCSR);
}

bool xcr0_guest_accept(uint32_t index, uint64_t val, uint64_t guest_max)
{
	if (index != XCR_XFEATURE_ENABLED_MASK)
		return false;
	if (val & ~guest_max)
		return false;
	return xcr0_valid(val);
}
