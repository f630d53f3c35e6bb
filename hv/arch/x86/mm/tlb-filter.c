/* SPDX-License-Identifier: MIT */
/*
 * The pure part of the TLB-flush clock (asm/tlb-clock.h): narrowing a set
 * of CPUs to those that may still hold a stale translation. Kept apart
 * so that the host unit test compiles it unchanged.
 */
#include <asm/tlb-clock.h>

void tlb_clock_filter(cpumask_t *mask, uint64_t stamp, const uint64_t *cpu_time)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpumask_test(cpu, mask) &&
		    !tlb_clock_may_hold(cpu_time[cpu], stamp))
			cpumask_clear_cpu(cpu, mask);
}
