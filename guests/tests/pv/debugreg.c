/* SPDX-License-Identifier: MIT */
/*
 * pv/debugreg: set_debugreg and get_debugreg. DR0-DR3 take guest addresses
 * and read back what was set; an address in the hypervisor's range or a
 * non-canonical one is refused with -EPERM; register numbers above 7 are
 * -ENODEV; DR6 and DR7 start at their reset values. A write
 * watchpoint (DR0 on a variable, DR7 L0 with RW=01, LEN=8 bytes) raises
 * #DB after the write, with DR6.B0 set.
 */
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "pv/debugreg";

static volatile uint64_t watched;

static long set_dr(unsigned int reg, uint64_t v)
{
	return hypercall(__HYPERVISOR_set_debugreg, reg, v, 0, 0, 0);
}

static long get_dr(unsigned int reg)
{
	return hypercall(__HYPERVISOR_get_debugreg, reg, 0, 0, 0, 0);
}

#define DR7_L0 (1UL << 0)
#define DR7_RW0_WRITE (1UL << 16)
#define DR7_LEN0_8 (2UL << 18)
#define DR6_B0 (1UL << 0)

static void check_watchpoint(void)
{
	uint64_t after;

	CHECK_EQ("set DR0 to the variable", set_dr(0, (uint64_t)&watched), 0);
	CHECK_EQ("set DR7", set_dr(7, DR7_L0 | DR7_RW0_WRITE | DR7_LEN0_8), 0);
	trap_reset();
	__asm__ volatile("movq $1, (%1)\n"
			 "1:\tlea 1b(%%rip), %0\n\t" EXTABLE(1b, 1b)
			 : "=r"(after)
			 : "r"(&watched)
			 : "memory");
	printf("watchpoint: %u exceptions, vector %lu, dr6 %#lx\n",
	       trap_last.count, trap_last.frame.vector, get_dr(6));
	CHECK_EQ("#DB count", trap_last.count, 1);
	CHECK_EQ("#DB vector", trap_last.frame.vector, 1);
	CHECK_EQ("#DB rip (after the write)", trap_last.frame.rip, after);
	CHECK_EQ("DR6.B0", get_dr(6) & DR6_B0, DR6_B0);
	CHECK_EQ("clear DR7", set_dr(7, 0), 0);
	CHECK_EQ("clear DR6", set_dr(6, 0), 0);
}

void test_main(void)
{
	unsigned int i;

	CHECK_EQ("set_trap_table", install_traps(0), 0);
	for (i = 0; i < 4; i++) {
		uint64_t addr = 0x200000 + i * 8;

		CHECK_EQ("set DR0-3", set_dr(i, addr), 0);
		CHECK_EQ("get DR0-3", get_dr(i), addr);
	}
	CHECK_EQ("DR0 in the hypervisor's range",
		 set_dr(0, __HYPERVISOR_VIRT_START), -XEN_EPERM);
	CHECK_EQ("DR0 non-canonical", set_dr(0, 0x8000000000000000UL),
		 -XEN_EPERM);
	printf("get DR8: %ld\n", get_dr(8));
	CHECK_EQ("set DR8", set_dr(8, 0), -XEN_ENODEV);
	CHECK_EQ("get DR8", get_dr(8), -XEN_ENODEV);
	CHECK_EQ("initial DR6", get_dr(6), 0xffff0ff0);
	CHECK_EQ("initial DR7", get_dr(7), 0x400);
	check_watchpoint();
	test_success();
}
