/* SPDX-License-Identifier: MIT */
/*
 * hostile/spin-forever: a guest that never yields must not take the
 * hypervisor with it.
 *
 * Rule: the hypervisor preempts a spinning vCPU (timer interrupts reach
 * it while the guest runs) and keeps serving its console and other
 * domains.
 * Attack: print one line, then loop forever without a hypercall. The
 * manifest checks that the hypervisor still answers its debug keys.
 */
#include <guest/test.h>

const char test_name[] = "hostile/spin-forever";

void test_main(void)
{
	printf("hostile/spin-forever: spinning\n");
	for (;;)
		__asm__ volatile("" ::: "memory");
}
