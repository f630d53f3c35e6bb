/* SPDX-License-Identifier: MIT */
/*
 * emul/msr: a PV kernel's rdmsr and wrmsr are emulated. Writing GS_BASE
 * (0xc0000101) sets the kernel GS base (read back with rdmsr and seen by
 * %gs:0); writing SHADOW_GS_BASE (0xc0000102) sets the user one. A
 * non-canonical GS base, and rdmsr of an MSR the guest may not see, raise
 * #GP(0) in the guest.
 */
#include <guest/msr.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "emul/msr";

#define MSR_GS_BASE 0xc0000101U
#define MSR_SHADOW_GS_BASE 0xc0000102U

static uint64_t target = 0x5a5a5a5a12345678UL;

void test_main(void)
{
	uint64_t v = 0;

	CHECK_EQ("set_trap_table", install_traps(0), 0);
	CHECK_EQ("wrmsr GS_BASE: exception",
		 wrmsr_checked(MSR_GS_BASE, (uint64_t)&target), ~0UL);
	CHECK_EQ("rdmsr GS_BASE: exception", rdmsr_checked(MSR_GS_BASE, &v),
		 ~0UL);
	CHECK_EQ("rdmsr GS_BASE", v, (uint64_t)&target);
	__asm__ volatile("mov %%gs:0, %0" : "=r"(v));
	CHECK_EQ("%gs:0", v, target);

	CHECK_EQ("wrmsr SHADOW_GS_BASE: exception",
		 wrmsr_checked(MSR_SHADOW_GS_BASE, 0x2000), ~0UL);
	CHECK_EQ("rdmsr SHADOW_GS_BASE: exception",
		 rdmsr_checked(MSR_SHADOW_GS_BASE, &v), ~0UL);
	CHECK_EQ("rdmsr SHADOW_GS_BASE", v, 0x2000);

	CHECK_EQ("wrmsr GS_BASE non-canonical",
		 wrmsr_checked(MSR_GS_BASE, 0x8000000000000000UL), 13);
	CHECK_EQ("#GP error code", trap_last.frame.error_code, 0);
	CHECK_EQ("rdmsr GS_BASE after the refused write: exception",
		 rdmsr_checked(MSR_GS_BASE, &v), ~0UL);
	CHECK_EQ("rdmsr GS_BASE after the refused write", v, (uint64_t)&target);
	CHECK_EQ("rdmsr 0x12345 (no such MSR)", rdmsr_checked(0x12345, &v), 13);
	test_success();
}
