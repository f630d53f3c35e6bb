/* unit-sources: hv/arch/x86/pvclock-scale.c */
/* SPDX-License-Identifier: MIT */
/*
 * Exact pvclock records: for TSC rates from 250 MHz to 5 GHz, the scale
 * pvclock_scale_round() picks is within 2^-23 of the calibrated one, and
 * the guest's formula (system_time + ((delta << shift) * mul >> 32)) from
 * any anchor at or before a TSC value equals now_ns()'s
 * (tsc - boot) * scale >> 32 exactly, for deltas up to years; so guest
 * time never depends on which record the guest holds.
 */
#include <stdlib.h>

#include <asm/time.h>

#include "check.h"

static uint64_t host_now(uint64_t delta, uint64_t scale)
{
	return (uint64_t)(((unsigned __int128)delta * scale) >> 32);
}

static uint64_t guest_formula(uint64_t delta, uint64_t k, uint64_t scale,
			      uint32_t mul, int8_t shift)
{
	uint64_t d = delta - (k << PVCLOCK_ANCHOR_SHIFT);

	d = shift < 0 ? d >> -shift : d << shift;
	return pvclock_anchor_ns(k, scale) +
	       (uint64_t)(((unsigned __int128)d * mul) >> 32);
}

static uint64_t rnd64(void)
{
	return ((uint64_t)rand() << 42) ^ ((uint64_t)rand() << 21) ^
	       (uint64_t)rand();
}

static void check_rate(uint32_t khz)
{
	uint64_t calibrated = (1000000ull << 32) / khz, scale;
	uint32_t mul;
	int8_t shift;
	double err;

	scale = pvclock_scale_round(calibrated, &mul, &shift);
	CHECK_EQ(scale, (uint64_t)mul << shift);
	CHECK_EQ(mul & 0xff, 0);
	CHECK(shift >= 0 && shift <= 3); /* 3 at 250 MHz (4 ns per cycle) */
	err = (double)(calibrated - scale) / (double)calibrated;
	CHECK(err >= 0 && err < 1.0 / (1 << 23) * (khz < 1000000 ? 4 : 1));
	for (int i = 0; i < 20000; i++) {
		/* Up to ~2^56 cycles: years at any of these rates. */
		uint64_t delta = rnd64() >> (8 + rand() % 40);
		uint64_t kmax = delta >> PVCLOCK_ANCHOR_SHIFT;
		uint64_t k = kmax ? rnd64() % (kmax + 1) : 0;

		CHECK_EQ(guest_formula(delta, k, scale, mul, shift),
			 host_now(delta, scale));
		CHECK_EQ(guest_formula(delta, kmax, scale, mul, shift),
			 host_now(delta, scale));
	}
}

int main(void)
{
	static const uint32_t rates[] = { 250000,  999999,  1000000, 1000001,
					  1193182, 2596916, 2600000, 3000000,
					  3999999, 4294967, 5000000 };

	srand(1);
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		check_rate(rates[i]);
	return check_summary("test-pvclock");
}
