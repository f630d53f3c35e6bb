/* SPDX-License-Identifier: MIT */
/*
 * Softirqs: per-CPU pending bits set by raise_softirq() and consumed by
 * do_softirq(), and the idle loop that runs them. Pending bits are updated
 * with atomic operations because another CPU may raise one at any time.
 */
#include <satori/softirq.h>
#include <satori/log.h>
#include <satori/perfc.h>
#include <satori/smp.h>

#include <asm/cpu-ops.h>

static softirq_fn *handlers[NR_SOFTIRQS];
unsigned long softirq_pending_bits[NR_CPUS];

void open_softirq(unsigned int nr, softirq_fn *fn)
{
	if (nr < NR_SOFTIRQS)
		handlers[nr] = fn;
}

void raise_softirq(unsigned int nr)
{
	__atomic_fetch_or(&softirq_pending_bits[smp_processor_id()], 1ul << nr,
			  __ATOMIC_SEQ_CST);
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
	unsigned long old = __atomic_fetch_or(&softirq_pending_bits[cpu],
					      1ul << nr, __ATOMIC_SEQ_CST);

	/* A bit already set means the CPU has been kicked already. */
	if (cpu != smp_processor_id() && !(old & (1ul << nr)))
		arch_send_event_check(cpu);
}

void do_softirq(void)
{
	unsigned long *mine = &softirq_pending_bits[smp_processor_id()];
	unsigned long bits;

	while ((bits = __atomic_load_n(mine, __ATOMIC_SEQ_CST))) {
		unsigned int nr = __builtin_ctzl(bits);

		__atomic_fetch_and(mine, ~(1ul << nr), __ATOMIC_SEQ_CST);
		if (handlers[nr])
			handlers[nr]();
		else
			log_once(LOG_ERR, "softirq %u raised, no handler\n",
				 nr);
	}
}

__noreturn void idle_loop(void)
{
	/* A context switch to idle arrives here with interrupts off; softirq
	 * handlers (timer callbacks such as the domain reaper, which may send
	 * TLB-flush IPIs) must run with them on. */
	local_irq_enable();
	for (;;) {
		do_softirq();
		/* An interrupt between the check and the hlt would raise a
		 * softirq and then sleep on it: check with interrupts off,
		 * and let sti's one-instruction shadow cover the hlt. */
		local_irq_disable();
		if (softirq_pending())
			local_irq_enable();
		else {
			perfc_incr(halt);
			safe_halt();
		}
	}
}
