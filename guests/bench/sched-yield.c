/* SPDX-License-Identifier: MIT */
/*
 * Scheduler benchmark kernel: SCHEDOP_yield in a loop, timed with the
 * TSC. Alone on a pCPU a yield returns to the caller (the hypercall and a
 * schedule() that keeps it); with a second copy of this kernel on the
 * same pCPU each yield switches to the other domain and back, so a yield
 * is a round trip of two vCPU context switches. bench/run-sched.py
 * compares the two. Prints "bench: sched-yield <cycles> cycles per yield"
 * (median of 9 batches of yields=<n>, default 2000) and "bench: done".
 */
#include <guest/sched.h>
#include <guest/sort.h>
#include <guest/test.h>

const char test_name[] = "bench/sched-yield";

#define BATCHES 9u

void test_main(void)
{
	uint64_t n = cmdline_uint("yields", 2000), per[BATCHES];

	if (!n)
		n = 1; /* yields=0 would divide by zero */
	for (unsigned int b = 0; b < BATCHES; b++) {
		uint64_t start = tsc_now();

		for (uint64_t i = 0; i < n; i++)
			hc_sched_op(SCHEDOP_yield, NULL);
		per[b] = (tsc_now() - start) / n;
	}
	sort_u64(per, BATCHES);
	printf("bench: sched-yield %lu cycles per yield (min %lu max %lu, "
	       "%lu yields x %u)\n",
	       (unsigned long)per[BATCHES / 2], (unsigned long)per[0],
	       (unsigned long)per[BATCHES - 1], (unsigned long)n, BATCHES);
	printf("bench: done\n");
	test_success();
}
