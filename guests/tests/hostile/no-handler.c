/* SPDX-License-Identifier: MIT */
/*
 * hostile/no-handler: an exception the guest cannot take must end the
 * guest, never the hypervisor.
 *
 * Rule: an exception is delivered through the guest's trap table; with no
 * entry for the vector there is nowhere to deliver it, and the hypervisor
 * crashes the domain (Xen: domain_crash, and for dom0 the "Hardware Dom0
 * crashed" path).
 * Attack: execute ud2 with an empty trap table. The guest must not print
 * a verdict: the manifest expects the hypervisor's own lines instead.
 */
#include <guest/test.h>

const char test_name[] = "hostile/no-handler";

void test_main(void)
{
	CHECK_EQ("clearing the trap table", hc_set_trap_table(NULL), 0);
	printf("hostile/no-handler: executing ud2 without a trap table\n");
	__asm__ volatile("ud2");
	test_fail("execution continued after ud2 with no handler");
}
