/* SPDX-License-Identifier: MIT */
/*
 * x86 time sources: the TSC (system time), the PIT and HPET (reference
 * clocks used only to calibrate the TSC) and the local APIC timer (the
 * one-shot interrupt behind satori's timers).
 */
#ifndef ASM_X86_TIME_H
#define ASM_X86_TIME_H

#include <satori/types.h>

#define PIT_HZ 1193182u
/* A reference clock that has not advanced after this many TSC cycles
 * (seconds at any plausible TSC rate) is taken to be absent. */
#define CALIBRATE_GIVE_UP_CYCLES (1ull << 35)

/* TSC frequency, known after time_init(). */
extern uint32_t tsc_khz;

/* CPUID says the TSC is invariant (pvclock's TSC_STABLE flag). */
extern bool tsc_invariant;

/*
 * pvclock records are anchored at TSC values boot_tsc + k * 2^24 (a few
 * ms apart); the scale's low 8 bits are zero so that each anchor's
 * system time is exact (time.c, docs/hacking/time.md).
 */
#define PVCLOCK_ANCHOR_SHIFT 24
#define PVCLOCK_ANCHOR_ROUND_BITS 8

/*
 * A vcpu_time_info record valid now: the latest anchor at or before the
 * current TSC and its system time, and the scale. From any such record
 * the guest's formula gives exactly now_ns() for every later TSC, on
 * every CPU (the TSCs are synchronised), so guest time never goes back.
 */
void time_pvclock_record(uint64_t *tsc_stamp, uint64_t *system_ns,
			 uint32_t *mul, int8_t *shift);

/* Pure (arch/x86/pvclock-scale.c): round @ns_per_tsc_32 (ns per cycle,
 * 32.32) to *@mul << *@shift with the low PVCLOCK_ANCHOR_ROUND_BITS of
 * the 32-bit *@mul clear; @return the rounded scale. */
uint64_t pvclock_scale_round(uint64_t ns_per_tsc_32, uint32_t *mul,
			     int8_t *shift);

/* Pure: the exact system time of anchor @k (k << PVCLOCK_ANCHOR_SHIFT
 * cycles after boot) under a scale pvclock_scale_round() returned. */
uint64_t pvclock_anchor_ns(uint64_t k, uint64_t ns_per_tsc_32);

/*
 * Boot CPU: calibrate the TSC against the HPET (if the ACPI HPET table
 * names one) or else the PIT, and start system time at 0. Call after
 * acpi_init() and the console, before apic_timer_init().
 */
void time_init(void);

/* The TSC value at system time @ns (for TSC-deadline programming). */
uint64_t ns_to_tsc(uint64_t ns);

/*
 * Busy-wait @pit_ticks (< 65536) on PIT channel 2 and return the TSC
 * cycles that passed, or 0 if channel 2 never finished (no PIT). Boot time
 * only: it reprograms channel 2. *@noisy is set if the two end readings
 * of the count took more than 1% of the interval together (the CPU was
 * away during one, e.g. a descheduled vCPU under emulation): then the
 * result may be off either way.
 */
uint64_t pit_measure_tsc(uint16_t pit_ticks, bool *noisy);

/*
 * Program PIT channel 0 to raise ISA IRQ 0 once, @pit_ticks from now (mode
 * 0). This replaces the firmware's periodic tick; satori has no other use
 * for channel 0.
 */
void pit_oneshot_irq0(uint16_t pit_ticks);

/*
 * Map and start the HPET at @pa. @return 0, or -ENODEV if it cannot be
 * mapped or reports an invalid period.
 */
int hpet_init(paddr_t pa);

/* Busy-wait @ns on the HPET and return the TSC cycles that passed, or 0
 * if the counter stalls. Only after hpet_init() succeeded. */
uint64_t hpet_measure_tsc(uint64_t ns, bool *noisy);

/*
 * This CPU's APIC timer: TSC-deadline mode if CPUID.1:ECX[24], else
 * one-shot mode (rate calibrated against the TSC on the boot CPU). Every
 * CPU calls it once, after apic_init_local() and time_init(), with
 * interrupts off; the boot CPU passes @bsp = true.
 */
void apic_timer_init(bool bsp);

#endif
