/* SPDX-License-Identifier: MIT */
/*
 * System time: nanoseconds since boot, read from the TSC.
 *
 * now_ns() scales (rdtsc - boot TSC) with a 32.32 fixed-point multiply, so
 * reading the time costs one rdtsc and one multiply. This assumes the TSCs
 * of all CPUs tick at one constant rate and were reset together, which
 * holds for an invariant TSC on one-socket machines (CPUID 0x80000007
 * EDX[8]) and for QEMU, whose TCG TSC follows the host's TSC on every vCPU.
 * The frequency is calibrated once against the HPET if the firmware
 * describes one, since it has a known period and can be read at any time
 * without reprogramming; otherwise against PIT channel 2.
 */
#include <satori/time.h>
#include <satori/log.h>
#include <satori/shutdown.h>

#include <asm/acpi.h>
#include <asm/cpu-ops.h>
#include <asm/time.h>

#define CALIBRATE_MS 20
#define CPUID_INVARIANT_TSC (1u << 8)

uint32_t tsc_khz;
bool tsc_invariant;
static uint64_t boot_tsc;
static uint64_t ns_per_tsc_32; /* ns per TSC cycle, 32.32 fixed point */
static uint64_t tsc_per_ns_32; /* TSC cycles per ns, 32.32 fixed point */

uint64_t now_ns(void)
{
	uint64_t delta;

	if (!ns_per_tsc_32)
		return 0;
	delta = rdtsc_ordered() - boot_tsc;
	return (uint64_t)(((unsigned __int128)delta * ns_per_tsc_32) >> 32);
}

uint64_t ns_to_tsc(uint64_t ns)
{
	return boot_tsc +
	       (uint64_t)(((unsigned __int128)ns * tsc_per_ns_32) >> 32);
}

#define CALIBRATE_TRIES 8

/*
 * Time an interval on the HPET until one measurement was not disturbed
 * (the CPU away during a counter read, as happens to a vCPU under
 * emulation on a busy host). A disturbed read shifts its end of the
 * interval by up to its bracket, which on a loaded host is a sizeable
 * part of CALIBRATE_MS (boots 20-25 % off were seen), so every retry
 * doubles the interval: the error shrinks in proportion and a quiet
 * window gets likelier. @return TSC cycles per ms, 0 if the counter
 * stalls.
 */
static uint64_t calibrate_hpet(void)
{
	uint64_t ms = CALIBRATE_MS, cycles = 0;

	for (int i = 0; i < CALIBRATE_TRIES; i++) {
		bool noisy = false;

		if (i)
			ms *= 2;
		cycles = hpet_measure_tsc(ms * 1000000ull, &noisy);
		if (!cycles || !noisy)
			return cycles / ms;
	}
	log_warn("time: every HPET calibration was disturbed; using the "
		 "longest (%lu ms)\n",
		 (unsigned long)ms);
	return cycles / ms;
}

/* The same on the PIT. @return TSC cycles, 0 if there is no PIT. */
static uint64_t calibrate_pit(uint16_t pit_ticks)
{
	uint64_t cycles = 0;

	for (int i = 0; i < CALIBRATE_TRIES; i++) {
		bool noisy = false;

		cycles = pit_measure_tsc(pit_ticks, &noisy);
		if (!cycles || !noisy)
			return cycles;
	}
	log_warn("time: every PIT calibration was disturbed; using the last\n");
	return cycles;
}

/* @return the TSC rate in kHz, 0 if no reference clock works. */
static uint32_t calibrate(const char **source)
{
	const uint16_t pit_ticks = PIT_HZ * CALIBRATE_MS / 1000;
	uint64_t cycles;

	if (acpi_hpet_address && !hpet_init(acpi_hpet_address)) {
		*source = "HPET";
		cycles = calibrate_hpet();
		if (cycles)
			return (uint32_t)cycles;
		log_warn("time: HPET counter stalled, trying the PIT\n");
	}
	/* The PIT counts whole ticks: scale by the interval it really timed. */
	*source = "PIT";
	cycles = calibrate_pit(pit_ticks);
	return (uint32_t)(cycles * PIT_HZ / pit_ticks / 1000);
}

/*
 * The pvclock scale (docs/hacking/time.md). A guest computes its time as
 * system_time + (((tsc - tsc_timestamp) << shift) * mul >> 32). Rounding
 * ns_per_tsc_32 to mul << shift with the low PVCLOCK_ANCHOR_ROUND_BITS of
 * mul clear (a relative error below 2^-23 at 1 GHz and above) makes the
 * product of any multiple of 2^PVCLOCK_ANCHOR_SHIFT cycles an exact number
 * of ns, so a record anchored at such a TSC reproduces now_ns() exactly.
 */
static uint32_t pvclock_mul;
static int8_t pvclock_shift;

static void pvclock_scale_init(void)
{
	ns_per_tsc_32 = pvclock_scale_round(ns_per_tsc_32, &pvclock_mul,
					    &pvclock_shift);
}

void time_pvclock_record(uint64_t *tsc_stamp, uint64_t *system_ns,
			 uint32_t *mul, int8_t *shift)
{
	uint64_t k = (rdtsc_ordered() - boot_tsc) >> PVCLOCK_ANCHOR_SHIFT;

	*tsc_stamp = boot_tsc + (k << PVCLOCK_ANCHOR_SHIFT);
	*system_ns = pvclock_anchor_ns(k, ns_per_tsc_32);
	*mul = pvclock_mul;
	*shift = pvclock_shift;
}

static bool tsc_is_invariant(void)
{
	return cpuid(0x80000000).eax >= 0x80000007 &&
	       (cpuid(0x80000007).edx & CPUID_INVARIANT_TSC);
}

void time_init(void)
{
	const char *source;

	tsc_khz = calibrate(&source);
	if (!tsc_khz) {
		/* Early boot: without a clock there are no timers. */
		log_err("time: cannot calibrate the TSC: no %s\n", source);
		machine_halt(1);
	}
	ns_per_tsc_32 = (1000000ull << 32) / tsc_khz;
	pvclock_scale_init();
	tsc_per_ns_32 = ((uint64_t)tsc_khz << 32) / 1000000;
	boot_tsc = rdtsc_ordered();
	printk("time: TSC %u kHz (calibrated against %s)\n", tsc_khz, source);
	tsc_invariant = tsc_is_invariant();
	if (!tsc_invariant)
		log_warn("time: TSC not invariant: time assumes a constant "
			 "rate and synchronised TSCs\n");
}
