/* SPDX-License-Identifier: MIT */
/*
 * hostile/ymm-leak: the AVX state (upper halves of YMM0-15) must not
 * cross domains, and a vCPU's own survives being descheduled.
 *
 * Rule: a vCPU that enables AVX with XSETBV finds its YMM registers in
 * their initial state (zero), whatever another domain left in the CPU;
 * its own values survive yields (Xen 4.17 starts the component clean and
 * switches it with XSAVE/XRSTOR). Attack (two domains on one CPU,
 * tests/boot/ymm-leak.test): each domain enables AVX, reads YMM0-15,
 * fills them with a pattern of its own (from its shared_info address)
 * and yields; the second to start would see the first's pattern. Alone
 * (as dom0 on Xen) the test checks both rules for itself.
 */
#include <guest/cpuid.h>
#include <guest/test.h>
#include <guest/traps.h>
#include <guest/ymm.h>

const char test_name[] = "hostile/ymm-leak";

#define CPUID1_AVX (1u << 28)
#define CR4_OSXSAVE (1ull << 18)

static int has_avx(void)
{
	return (xen_cpuid(1, 0).c & CPUID1_AVX) != 0;
}

static void enable_avx(void)
{
	uint64_t cr4;

	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" ::"r"(cr4 | CR4_OSXSAVE) : "memory");
	__asm__ volatile("1: xsetbv\n2:\n\t" EXTABLE(1b, 2b)::"c"(0), "a"(7),
			 "d"(0)
			 : "memory");
	CHECK_EQ("xsetbv(0, 7) faults", trap_last.count, 0);
}

/* How many YMM quadwords differ from @want; prints them if few. */
static unsigned int ymm_differing(const struct ymm_dump *want)
{
	static struct ymm_dump got;
	unsigned int n = 0;

	save_ymm(&got);
	for (unsigned int i = 0; i < 4 * NR_YMM; i++) {
		if (got.q[i] == want->q[i])
			continue;
		if (n++ < 8)
			printf("hostile/ymm-leak: ymm%u[%u] = %016llx\n", i / 4,
			       i % 4, (unsigned long long)got.q[i]);
	}
	return n;
}

void test_main(void)
{
	static const struct ymm_dump zero;
	static struct ymm_dump mine;
	uint64_t seed = (uint64_t)start_info->shared_info | 1;

	CHECK_EQ("set_trap_table", install_traps(-1), 0);
	trap_reset();
	if (!has_avx())
		test_skip("no AVX in the CPUID policy");
	enable_avx();
	CHECK_EQ("non-zero YMM quadwords after enabling AVX",
		 ymm_differing(&zero), 0);
	for (unsigned int i = 0; i < 4 * NR_YMM; i++)
		mine.q[i] = seed * 0x9e3779b97f4a7c15ull + i;
	load_ymm(&mine);
	for (unsigned int i = 0; i < 20; i++)
		CHECK_EQ("SCHEDOP_yield", hc_sched_op(SCHEDOP_yield, NULL), 0);
	CHECK_EQ("YMM quadwords changed across yields", ymm_differing(&mine),
		 0);
	test_success();
}
