/* SPDX-License-Identifier: MIT */
/*
 * emul/cpuid: the forced-emulation prefix (ud2; .ascii "xen"; cpuid)
 * makes the hypervisor emulate CPUID with the guest's policy: leaf
 * 0x40000000 names "XenVMMXenVMM" with a maximum leaf of at least
 * 0x40000002, and leaf 0x40000002 gives the hypercall-page MSR and one
 * hypercall page. Leaf 0 reports the vendor as the hardware does.
 */
#include <guest/cpuid.h>
#include <guest/test.h>

const char test_name[] = "emul/cpuid";

void test_main(void)
{
	struct cpuid_out r = xen_cpuid(0x40000000, 0);
	char sig[13];

	memcpy(sig, &r.b, 4);
	memcpy(sig + 4, &r.c, 4);
	memcpy(sig + 8, &r.d, 4);
	sig[12] = '\0';
	printf("leaf 0x40000000: max %#x, '%s'\n", r.a, sig);
	if (strcmp(sig, "XenVMMXenVMM") != 0)
		test_fail("leaf 0x40000000 signature '%s'", sig);
	if (r.a < 0x40000002 || r.a > 0x400000ff)
		test_fail("leaf 0x40000000 max leaf %#x", r.a);

	r = xen_cpuid(0x40000002, 0);
	printf("leaf 0x40000002: pages %u, msr %#x\n", r.a, r.b);
	CHECK_EQ("hypercall pages", r.a, 1);
	CHECK_EQ("hypercall-page MSR", r.b, 0x40000000);

	r = xen_cpuid(0, 0);
	if (r.a == 0)
		test_fail("leaf 0: max basic leaf 0");
	test_success();
}
