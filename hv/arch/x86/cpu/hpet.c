/* SPDX-License-Identifier: MIT */
/*
 * The HPET main counter as a calibration reference. satori does not use
 * HPET interrupts; it only reads the free-running counter, whose period
 * (in femtoseconds) the hardware reports in its capabilities register.
 */
#include <asm/time.h>
#include <satori/errno.h>
#include <satori/log.h>

#include <asm/cpu-ops.h>
#include <asm/ioremap.h>

#define HPET_MMIO_SIZE 0x400
#define HPET_CAPS 0x000
#define HPET_CONFIG 0x010
#define HPET_COUNTER 0x0f0
#define HPET_CONFIG_ENABLE 1u
#define HPET_CAPS_COUNT_64 (1u << 13)
/* The spec caps the period at 100 ns (10 MHz minimum). */
#define HPET_MAX_PERIOD_FS 100000000u
#define FS_PER_NS 1000000u

static volatile uint64_t *hpet;
static uint32_t hpet_period_fs;
static uint64_t hpet_counter_mask; /* 32- or 64-bit main counter */

static uint64_t hpet_read(unsigned int reg)
{
	return hpet[reg / 8];
}

int hpet_init(paddr_t pa)
{
	hpet = ioremap(pa, HPET_MMIO_SIZE);
	if (!hpet)
		return -ENODEV;
	hpet_period_fs = (uint32_t)(hpet_read(HPET_CAPS) >> 32);
	hpet_counter_mask = (hpet_read(HPET_CAPS) & HPET_CAPS_COUNT_64)
				    ? ~0ull
				    : 0xffffffffull;
	if (!hpet_period_fs || hpet_period_fs > HPET_MAX_PERIOD_FS) {
		log_warn("HPET: invalid period %u fs\n", hpet_period_fs);
		hpet = NULL;
		return -ENODEV;
	}
	hpet[HPET_CONFIG / 8] = hpet_read(HPET_CONFIG) | HPET_CONFIG_ENABLE;
	log_info("HPET: %u.%06u ns period\n", hpet_period_fs / FS_PER_NS,
		 hpet_period_fs % FS_PER_NS);
	return 0;
}

/* Read the HPET counter between two TSC reads; @spread: how far apart. */
static uint64_t hpet_read_bracketed(uint64_t *tsc_mid, uint64_t *spread)
{
	uint64_t before = rdtsc_ordered();
	uint64_t count = hpet_read(HPET_COUNTER);
	uint64_t after = rdtsc_ordered();

	*tsc_mid = before + (after - before) / 2;
	*spread = after - before;
	return count;
}

uint64_t hpet_measure_tsc(uint64_t ns, bool *noisy)
{
	uint64_t ticks = ns * FS_PER_NS / hpet_period_fs;
	uint64_t c0, c1, t0, t1, spread0, spread1, elapsed_ticks;

	/* Each end is a counter read pinned between two TSC reads, so a CPU
	 * that was away during a read shows up as a wide bracket. */
	c0 = hpet_read_bracketed(&t0, &spread0);
	do {
		c1 = hpet_read_bracketed(&t1, &spread1);
		elapsed_ticks = (c1 - c0) & hpet_counter_mask;
	} while (elapsed_ticks < ticks && t1 - t0 < CALIBRATE_GIVE_UP_CYCLES);
	if (t1 - t0 >= CALIBRATE_GIVE_UP_CYCLES || !elapsed_ticks)
		return 0;
	*noisy = spread0 + spread1 > (t1 - t0) / 100;
	/* Scale to exactly @ns: the last read may have overshot. */
	return (t1 - t0) * ticks / elapsed_ticks;
}
