/* SPDX-License-Identifier: MIT */
/*
 * Softirqs: deferred work that an interrupt handler asks for and that runs
 * later on the same CPU with interrupts enabled, at a point where nothing
 * else is in progress (the idle loop; the return-to-guest path once there
 * are guests). Lower numbers run first.
 */
#ifndef SATORI_SOFTIRQ_H
#define SATORI_SOFTIRQ_H

#include <satori/smp.h>
#include <satori/types.h>

enum softirq_nr {
	TIMER_SOFTIRQ,
	CONSOLE_INPUT_SOFTIRQ, /* Serial bytes received: keys, dom0 input. */
	SCHEDULE_SOFTIRQ,      /* Pick the next vCPU (sched/core.c). */
	NMI_SOFTIRQ,	       /* A hardware NMI for dom0 (arch/x86/nmi.c). */
	/* Other subsystems add theirs here (scheduler, keypress, ...). */
	NR_SOFTIRQS
};

typedef void softirq_fn(void);

/* Install the handler for softirq @nr; once, at boot. */
void open_softirq(unsigned int nr, softirq_fn *fn);

/* Mark @nr pending on this CPU. Safe from interrupt context. */
void raise_softirq(unsigned int nr);

/*
 * Mark @nr pending on CPU @cpu and, if it is another CPU, kick it with an
 * event-check IPI so that an idle CPU wakes up to run it.
 */
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);

/* Each CPU's pending softirq bits: written only by softirq.c, read by
 * softirq_pending(). */
extern unsigned long softirq_pending_bits[];

/* True if this CPU has softirqs pending. Inline: tested twice on every
 * exit to a guest. */
static inline bool softirq_pending(void)
{
	return __atomic_load_n(&softirq_pending_bits[smp_processor_id()],
			       __ATOMIC_SEQ_CST);
}

/*
 * Run this CPU's pending softirqs until none is left. Call with interrupts
 * enabled, outside interrupt context, holding no locks.
 */
void do_softirq(void);

/* Run softirqs, then halt until the next interrupt; forever. Never
 * halts with a softirq pending. */
__noreturn void idle_loop(void);

/* Arch hook: send CPU @cpu an interrupt that only wakes it up. */
void arch_send_event_check(unsigned int cpu);

#endif
