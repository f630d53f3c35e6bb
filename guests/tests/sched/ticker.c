/* SPDX-License-Identifier: MIT */
/*
 * sched/ticker: a bystander that keeps printing. It prints "tick N" lines
 * TICKS times, each after TICK_CYCLES of TSC time spent spinning in guest
 * kernel mode, then succeeds. Alone it checks only that a spinning guest
 * gets its time; next to a domain in a long hypercall (the boot test
 * bootdoms-mmu-batch) tick lines that appear while the call is running
 * show that the hypervisor preempted the call for other domains.
 */
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "sched/ticker";

#define TICKS 100U
#define TICK_CYCLES 20000000UL

void test_main(void)
{
	uint64_t start = guest_rdtsc(), last = start;
	unsigned int tick;

	for (tick = 1; tick <= TICKS; tick++) {
		while (guest_rdtsc() - last < TICK_CYCLES)
			;
		last = guest_rdtsc();
		printf("sched/ticker: tick %u\n", tick);
	}
	if (last - start < TICKS * TICK_CYCLES)
		test_fail("the TSC ran backwards: %lu cycles for %u ticks",
			  last - start, TICKS);
	test_success();
}
