/* SPDX-License-Identifier: MIT */
/*
 * Cross-CPU function calls, TLB shootdown and stopping CPUs.
 *
 * One call is in flight at a time (call_lock). The caller publishes the
 * function and the set of target CPUs, sends CALL_FUNCTION_VECTOR to each,
 * and waits until every target has cleared its bit: before running the
 * function when the caller does not wait for it, after otherwise. The
 * caller keeps interrupts enabled while it spins for the lock, so that two
 * CPUs calling each other at once both make progress.
 *
 * Stopping CPUs (panic) cannot rely on interrupts being enabled on the
 * targets, so it uses NMIs and a flag that the NMI handler checks.
 */
#include <satori/bug.h>
#include <satori/cpumask.h>
#include <satori/log.h>
#include <satori/smp.h>
#include <satori/spinlock.h>

#include <asm/apic.h>
#include <asm/cpu-ops.h>
#include <asm/irq.h>
#include <asm/smp.h>
#include <asm/stack.h>
#include <asm/tlb-clock.h>

static DEFINE_SPINLOCK(call_lock);

static struct {
	void (*fn)(void *);
	void *data;
	bool wait;
	cpumask_t pending;
} call;

bool smp_stopping;

/* The interrupted state of each CPU while it runs a called function. */
static const struct cpu_user_regs *call_regs[NR_CPUS];

const struct cpu_user_regs *smp_call_regs(void)
{
	return call_regs[smp_processor_id()];
}

static void call_function_interrupt(struct cpu_user_regs *regs)
{
	unsigned int cpu = smp_processor_id();
	void (*fn)(void *) = call.fn;
	void *data = call.data;

	apic_eoi();
	if (!cpumask_test(cpu, &call.pending))
		return;
	call_regs[cpu] = regs;
	if (!call.wait) {
		cpumask_clear_cpu(cpu, &call.pending);
		fn(data);
	} else {
		fn(data);
		cpumask_clear_cpu(cpu, &call.pending);
	}
	call_regs[cpu] = NULL;
}

static void call_on_mask(const cpumask_t *mask, void (*fn)(void *), void *data,
			 bool wait)
{
	unsigned int cpu;

	ASSERT(local_irq_is_enabled());
	spin_lock(&call_lock);
	call.fn = fn;
	call.data = data;
	call.wait = wait;
	call.pending = *mask;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for_each_cpu(cpu, mask)
		apic_send_ipi(cpu_apic_id[cpu], CALL_FUNCTION_VECTOR);
	while (!cpumask_empty(&call.pending))
		cpu_relax();
	spin_unlock(&call_lock);
}

void smp_call_function(void (*fn)(void *), void *data, bool wait)
{
	cpumask_t mask = cpu_online_map;

	cpumask_clear_cpu(smp_processor_id(), &mask);
	if (!cpumask_empty(&mask))
		call_on_mask(&mask, fn, data, wait);
}

void smp_call_function_single(unsigned int cpu, void (*fn)(void *), void *data,
			      bool wait)
{
	cpumask_t mask = { { 0 } };

	if (cpu == smp_processor_id()) {
		uint64_t flags = local_irq_save();

		fn(data);
		local_irq_restore(flags);
		return;
	}
	if (cpu >= NR_CPUS || !cpumask_test(cpu, &cpu_online_map))
		return;
	cpumask_set(cpu, &mask);
	call_on_mask(&mask, fn, data, wait);
}

static void flush_local(void *unused)
{
	(void)unused;
	tlb_clock_flush_local();
}

void flush_tlb_all(void)
{
	uint64_t flags = local_irq_save();

	tlb_clock_flush_local();
	local_irq_restore(flags);
	smp_call_function(flush_local, NULL, true);
}

void smp_send_stop(void)
{
	unsigned int cpu, me = smp_processor_id();

	/* A second CPU stopping the machine at the same time parks: the
	 * first one finishes (and may be printing a crash report). */
	if (__atomic_exchange_n(&smp_stopping, true, __ATOMIC_SEQ_CST))
		for (;;)
			halt();
	for_each_online_cpu(cpu) if (cpu != me) apic_send_nmi(cpu_apic_id[cpu]);
}

void smp_call_init(void)
{
	BUG_ON(set_irq_vector_handler(CALL_FUNCTION_VECTOR,
				      call_function_interrupt));
}
