/* SPDX-License-Identifier: MIT */
/*
 * traps/fpu-nm: the virtual CR0.TS. After fpu_taskswitch(1) the first FPU
 * instruction raises #NM (vector 7, no error code, RIP at the instruction)
 * and CR0 as the guest reads it has TS set; delivering #NM clears the
 * virtual TS (Xen 4.17), so the instruction then runs; fpu_taskswitch(0)
 * clears it too, and so does the privileged clts (emulated).
 */
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "traps/fpu-nm";

#define CR0_TS (1UL << 3)

/* Runs fninit; returns 1 if it raised #NM (and was skipped). */
static int fninit_faults(void)
{
	uint64_t at;

	trap_reset();
	__asm__ volatile("lea 1f(%%rip), %0\n"
			 "1:\tfninit\n2:\n\t" EXTABLE(1b, 2b)
			 : "=&r"(at)
			 :
			 : "memory");
	if (!trap_last.count)
		return 0;
	CHECK_EQ("#NM vector", trap_last.frame.vector, 7);
	CHECK_EQ("#NM rip", trap_last.frame.rip, at);
	return 1;
}

static uint64_t read_cr0(void)
{
	uint64_t cr0;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	return cr0;
}

void test_main(void)
{
	CHECK_EQ("set_trap_table", install_traps(0), 0);
	CHECK_EQ("fpu_taskswitch(0)",
		 hypercall(__HYPERVISOR_fpu_taskswitch, 0, 0, 0, 0, 0), 0);
	CHECK_EQ("fninit with TS clear faults", fninit_faults(), 0);
	CHECK_EQ("CR0.TS after fpu_taskswitch(0)", read_cr0() & CR0_TS, 0);

	CHECK_EQ("fpu_taskswitch(1)",
		 hypercall(__HYPERVISOR_fpu_taskswitch, 1, 0, 0, 0, 0), 0);
	CHECK_EQ("CR0.TS after fpu_taskswitch(1)", read_cr0() & CR0_TS, CR0_TS);
	CHECK_EQ("fninit with TS set faults", fninit_faults(), 1);
	/* Xen clears the virtual TS as it delivers #NM. */
	CHECK_EQ("CR0.TS after #NM", read_cr0() & CR0_TS, 0);
	CHECK_EQ("fninit again faults", fninit_faults(), 0);

	CHECK_EQ("fpu_taskswitch(1)",
		 hypercall(__HYPERVISOR_fpu_taskswitch, 1, 0, 0, 0, 0), 0);

	__asm__ volatile("clts" ::: "memory");
	CHECK_EQ("CR0.TS after clts", read_cr0() & CR0_TS, 0);
	CHECK_EQ("fninit after clts faults", fninit_faults(), 0);
	test_success();
}
