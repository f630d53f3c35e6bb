/* SPDX-License-Identifier: MIT */
/*
 * The local APIC timer as a one-shot interrupt source. TSC-deadline mode
 * is preferred: the deadline is an absolute TSC value, so programming it
 * needs no conversion error or "now" read. Without it, one-shot mode counts
 * down from a value computed from the APIC timer rate, measured once
 * against the TSC on the boot CPU (all CPUs share the bus clock).
 */
#include <asm/apic.h>
#include <satori/log.h>
#include <satori/perfc.h>
#include <satori/softirq.h>
#include <satori/time.h>
#include <satori/timer.h>

#include <asm/cpu-ops.h>
#include <asm/irq.h>
#include <asm/time.h>

#define MSR_TSC_DEADLINE 0x6e0
#define CPUID1_ECX_TSC_DEADLINE (1u << 24)
#define CALIBRATE_TSC_KCYCLES 10000 /* 10M cycles: a few ms */

static bool tsc_deadline;
static uint64_t apic_ticks_per_ns_32; /* one-shot mode, 32.32 fixed point */

static void apic_timer_interrupt(struct cpu_user_regs *regs)
{
	(void)regs;
	perfc_incr(timer_irq);
	apic_eoi();
	raise_softirq(TIMER_SOFTIRQ);
}

/* Let the APIC timer count down (divide by 1) for a fixed TSC interval. */
/* The current count, read between two TSC reads (their midpoint and
 * spread tell when, and how precisely). */
static uint32_t read_count_bracketed(uint64_t *tsc_mid, uint64_t *spread)
{
	uint64_t before = rdtsc_ordered();
	uint32_t count = apic_read(APIC_TMCCT);
	uint64_t after = rdtsc_ordered();

	*tsc_mid = before + (after - before) / 2;
	*spread = after - before;
	return count;
}

/*
 * Count APIC timer ticks over about @cycles TSC cycles. *@noisy is set if
 * the CPU was away during one of the two counter reads (a descheduled
 * vCPU under emulation), which would skew the rate either way.
 */
static uint32_t measure_ticks(uint64_t cycles, uint64_t *elapsed, bool *noisy)
{
	uint64_t t0, t1, s0, s1;
	uint32_t c0, c1;

	apic_write(APIC_TMICT, 0xffffffff);
	c0 = read_count_bracketed(&t0, &s0);
	while (rdtsc_ordered() - t0 < cycles)
		cpu_relax();
	c1 = read_count_bracketed(&t1, &s1);
	apic_write(APIC_TMICT, 0);
	*elapsed = t1 - t0;
	*noisy = s0 + s1 > *elapsed / 100;
	return c0 - c1;
}

static void calibrate_oneshot(void)
{
	uint64_t cycles = CALIBRATE_TSC_KCYCLES * 1000ull;
	uint32_t ticks = 0;
	bool noisy = true;

	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | TIMER_APIC_VECTOR);
	apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
	for (int i = 0; i < 8 && noisy; i++) {
		uint64_t elapsed;

		ticks = measure_ticks(CALIBRATE_TSC_KCYCLES * 1000ull, &elapsed,
				      &noisy);
		cycles = elapsed;
	}
	if (noisy)
		log_warn("APIC timer: every calibration was disturbed\n");
	/* ticks/ns = ticks / cycles * tsc_khz / 10^6 */
	apic_ticks_per_ns_32 =
		((uint64_t)ticks << 32) / cycles * tsc_khz / 1000000;
	log_info("APIC timer: %lu kHz bus clock\n",
		 (unsigned long)((uint64_t)ticks * tsc_khz / cycles));
}

void apic_timer_init(bool bsp)
{
	if (bsp) {
		tsc_deadline = cpuid(1).ecx & CPUID1_ECX_TSC_DEADLINE;
		if (!tsc_deadline)
			calibrate_oneshot();
		set_irq_vector_handler(TIMER_APIC_VECTOR, apic_timer_interrupt);
		printk("APIC timer: %s mode\n",
		       tsc_deadline ? "TSC-deadline" : "one-shot");
	}
	if (tsc_deadline) {
		apic_write(APIC_LVT_TIMER,
			   APIC_TIMER_TSC_DEADLINE | TIMER_APIC_VECTOR);
		/* The SDM asks for a fence between the LVT write and the
		 * first deadline write. */
		mfence();
		wrmsr(MSR_TSC_DEADLINE, 0);
	} else {
		apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
		apic_write(APIC_LVT_TIMER,
			   APIC_TIMER_ONESHOT | TIMER_APIC_VECTOR);
		apic_write(APIC_TMICT, 0);
	}
}

static void program_oneshot(uint64_t deadline_ns)
{
	uint64_t now = now_ns(), ticks = 1;

	if (deadline_ns > now)
		ticks = (uint64_t)(((unsigned __int128)(deadline_ns - now) *
				    apic_ticks_per_ns_32) >>
				   32);
	apic_write(APIC_TMICT, (uint32_t)MIN(MAX(ticks, 1ull), 0xffffffffull));
}

void arch_timer_program(uint64_t deadline_ns)
{
	perfc_incr(timer_program);
	if (tsc_deadline)
		wrmsr(MSR_TSC_DEADLINE,
		      deadline_ns ? ns_to_tsc(deadline_ns) : 0);
	else if (deadline_ns)
		program_oneshot(deadline_ns);
	else
		apic_write(APIC_TMICT, 0);
}
