/* SPDX-License-Identifier: MIT */
/*
 * sched/hog: a CPU-bound domain for the scheduler boot tests. It spins
 * without a hypercall until cycles=<n> TSC cycles of wall time have
 * passed (default 4e9), prints how many loop rounds it got, and powers
 * off; satori then logs the CPU time it was given ("sched: dN 'name' ran
 * X us of Y us"), which the tests compare between domains.
 */
#include <guest/sched.h>
#include <guest/test.h>

const char test_name[] = "sched/hog";

void test_main(void)
{
	uint64_t cycles = cmdline_uint("cycles", 4000000000ull);
	uint64_t start = tsc_now(), rounds = 0;

	printf("hog: start at TSC %lu\n", (unsigned long)start);

	while (tsc_now() - start < cycles)
		rounds++;
	printf("hog: %lu rounds in %lu cycles\n", (unsigned long)rounds,
	       (unsigned long)cycles);
	test_success();
}
