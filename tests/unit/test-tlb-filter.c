/* unit-sources: hv/arch/x86/mm/tlb-filter.c */
/* SPDX-License-Identifier: MIT */
/*
 * The TLB-flush clock's filter: which CPUs may still hold a translation
 * older than a frame's stamp. A CPU whose last full flush took a tick
 * after the stamp is dropped from the set; one that flushed at or before
 * it, or never, stays; a frame never released since boot needs no flush
 * anywhere; a CPU on the idle tables since its last flush (TLB_CPU_CLEAN)
 * needs none either; CPUs outside the set are never added.
 */
#include <asm/tlb-clock.h>

#include "check.h"

unsigned int smp_processor_id(void)
{
	return 0;
}

static cpumask_t mask_of(unsigned int n, const unsigned int *cpus)
{
	cpumask_t m = { { 0 } };

	for (unsigned int i = 0; i < n; i++)
		cpumask_set(cpus[i], &m);
	return m;
}

static void test_may_hold(void)
{
	CHECK(!tlb_clock_may_hold(0, TLB_STAMP_NONE));
	CHECK(!tlb_clock_may_hold(100, TLB_STAMP_NONE));
	CHECK(tlb_clock_may_hold(0, 5));  /* never flushed */
	CHECK(tlb_clock_may_hold(4, 5));  /* flushed before the release */
	CHECK(tlb_clock_may_hold(5, 5));  /* tick taken at the same time */
	CHECK(!tlb_clock_may_hold(6, 5)); /* began after the release */
	CHECK(!tlb_clock_may_hold(~0ULL, ~0ULL - 1));
	/* On the idle tables since its last flush: holds nothing. */
	CHECK(!tlb_clock_may_hold(TLB_CPU_CLEAN, 1));
	CHECK(!tlb_clock_may_hold(TLB_CPU_CLEAN, 1ULL << 62));
}

static void test_filter(void)
{
	uint64_t time[NR_CPUS] = { 0 };
	const unsigned int all[] = { 0, 1, 2, 3, 63 };
	cpumask_t m = mask_of(5, all);

	time[0] = 10; /* flushed after stamp 7: dropped */
	time[1] = 7;  /* at the stamp: kept */
	time[2] = 3;  /* before: kept */
	time[3] = 0;  /* never: kept */
	time[63] = 8; /* after: dropped */
	time[5] = 0;  /* not in the set: stays out */
	tlb_clock_filter(&m, 7, time);
	CHECK(!cpumask_test(0, &m));
	CHECK(cpumask_test(1, &m));
	CHECK(cpumask_test(2, &m));
	CHECK(cpumask_test(3, &m));
	CHECK(!cpumask_test(63, &m));
	CHECK(!cpumask_test(5, &m));
	CHECK_EQ(cpumask_weight(&m), 3);

	/* A frame with no stamp: nobody. */
	m = mask_of(5, all);
	tlb_clock_filter(&m, TLB_STAMP_NONE, time);
	CHECK(cpumask_empty(&m));

	/* A clean CPU (idle tables, no guest since) is dropped whatever
	 * the stamp; the others as before. */
	m = mask_of(5, all);
	time[2] = TLB_CPU_CLEAN;
	tlb_clock_filter(&m, 1000, time);
	CHECK(!cpumask_test(2, &m));
	CHECK(cpumask_test(1, &m));
	CHECK(cpumask_test(3, &m));
	CHECK_EQ(cpumask_weight(&m), 4);

	/* Everyone flushed since: nobody. */
	m = mask_of(5, all);
	for (unsigned int i = 0; i < NR_CPUS; i++)
		time[i] = 100;
	tlb_clock_filter(&m, 99, time);
	CHECK(cpumask_empty(&m));
}

int main(void)
{
	test_may_hold();
	test_filter();
	return check_summary("tlb-filter");
}
