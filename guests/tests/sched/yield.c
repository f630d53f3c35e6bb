/* SPDX-License-Identifier: MIT */
/*
 * sched/yield: SCHEDOP_yield returns 0, many times in a row, through both
 * transports; the domain keeps running afterwards.
 */
#include <guest/test.h>

const char test_name[] = "sched/yield";

void test_main(void)
{
	int i;

	for (i = 0; i < 100; i++) {
		CHECK_EQ("SCHEDOP_yield", hc_sched_op(SCHEDOP_yield, NULL), 0);
		CHECK_EQ("SCHEDOP_yield by syscall",
			 hypercall_syscall(__HYPERVISOR_sched_op, SCHEDOP_yield,
					   0, 0, 0, 0),
			 0);
	}
	test_success();
}
