/* unit-sources: hv/arch/x86/mm/page-type.c hv/arch/x86/mm/page-type-mod.c hv/arch/x86/mm/page-type-check.c hv/arch/x86/mm/page-type-walk.c hv/arch/x86/mm/page-type-xchg.c hv/arch/x86/mm/page-type-linear.c */
/* SPDX-License-Identifier: MIT */
/*
 * cmpxchg_l1_entry() over host memory: a matching exchange moves the
 * references from the old target to the new one; a mismatch (as when the
 * CPU set an accessed or dirty bit meanwhile) changes nothing and reports
 * the current entry; refused entries and tables that are not validated
 * L1s of the caller change nothing. The consistency checker must find
 * nothing after each case.
 */
#define NR_FRAMES 64
#define OUTSIDE_RAM 5000

#include "page-type-fixture.h"

/* Present entries as the hypervisor stores them for a PV guest: with US
 * (validation adds it in place; the caller adds it before an update). */
#define P (_PAGE_PRESENT | _PAGE_USER)
#define PRW (P | _PAGE_RW)

/* Every frame: allocated to A (B for the top quarter), zeroed, untyped. */
static void reset(void)
{
	ptf_reset_frames(48);
}

/* L1 13 (pinned) maps 20 writable and 21 read-only. */
static void setup(void)
{
	reset();
	tab(13)[0] = pte(20, PRW);
	tab(13)[1] = pte(21, P);
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), 0);
	CHECK_EQ(tcount(20), 1);
	CHECK_EQ(gen(21), 2);
}

static void test_exchange(void)
{
	pte_t old = pte(20, PRW);

	setup();
	/* 20 writable -> 22 writable: references move. */
	CHECK_EQ(cmpxchg_l1_entry(pg(13), 0, &old, pte(22, PRW), DOM_A), 0);
	CHECK_EQ(tab(13)[0], pte(22, PRW));
	CHECK_EQ(gen(20), 1);
	CHECK_EQ(tcount(20), 0);
	CHECK_EQ(gen(22), 2);
	CHECK_EQ(tcount(22), 1);
	CHECK_EQ(check_all(), 0);
	/* Same frame, write permission dropped: the type reference goes. */
	old = pte(22, PRW);
	CHECK_EQ(cmpxchg_l1_entry(pg(13), 0, &old, pte(22, P), DOM_A), 0);
	CHECK_EQ(tcount(22), 0);
	CHECK_EQ(gen(22), 2);
	/* To not present (any value): everything dropped. */
	old = pte(22, P);
	CHECK_EQ(
		cmpxchg_l1_entry(pg(13), 0, &old, 0x7ffffffffffff000ULL, DOM_A),
		0);
	CHECK_EQ(gen(22), 1);
	CHECK_EQ(check_all(), 0);
}

static void test_mismatch(void)
{
	pte_t old = pte(20, PRW);

	setup();
	/* The CPU set D after the emulation read the entry. */
	tab(13)[0] |= _PAGE_DIRTY;
	CHECK_EQ(cmpxchg_l1_entry(pg(13), 0, &old, pte(22, PRW), DOM_A),
		 -EAGAIN);
	CHECK_EQ(old, pte(20, PRW | _PAGE_DIRTY));
	CHECK_EQ(tab(13)[0], pte(20, PRW | _PAGE_DIRTY));
	CHECK_EQ(gen(22), 1);
	CHECK_EQ(tcount(22), 0);
	CHECK_EQ(tcount(20), 1);
	CHECK_EQ(check_all(), 0);
	/* Retried with the value it reported: done. */
	CHECK_EQ(cmpxchg_l1_entry(pg(13), 0, &old, pte(22, PRW), DOM_A), 0);
	CHECK_EQ(tcount(20), 0);
	CHECK_EQ(tcount(22), 1);
	CHECK_EQ(check_all(), 0);
}

static void test_refused(void)
{
	pte_t old = pte(20, PRW);

	setup();
	/* Writable mapping of a table, another owner's frame, non-RAM, a
	 * cache attribute without privilege. */
	CHECK_EQ(cmpxchg_l1_entry(pg(13), 0, &old, pte(13, PRW), DOM_A),
		 -EBUSY);
	CHECK_EQ(cmpxchg_l1_entry(pg(13), 0, &old, pte(50, P), DOM_A), -EBUSY);
	CHECK_EQ(cmpxchg_l1_entry(pg(13), 0, &old, pte(OUTSIDE_RAM, P), DOM_A),
		 -EPERM);
	CHECK_EQ(cmpxchg_l1_entry(pg(13), 0, &old, pte(21, P | _PAGE_PCD),
				  DOM_A),
		 -EINVAL);
	/* Not a validated L1 of the caller; a slot out of range. */
	CHECK_EQ(cmpxchg_l1_entry(pg(14), 0, &old, pte(21, P), DOM_A), -EINVAL);
	CHECK_EQ(cmpxchg_l1_entry(pg(13), 0, &old, pte(21, P), DOM_B), -EINVAL);
	CHECK_EQ(cmpxchg_l1_entry(pg(13), 512, &old, pte(21, P), DOM_A),
		 -EINVAL);
	CHECK_EQ(old, pte(20, PRW));
	CHECK_EQ(tab(13)[0], pte(20, PRW));
	CHECK_EQ(tcount(20), 1);
	CHECK_EQ(gen(13), 2);
	CHECK_EQ(gen(50), 1);
	CHECK_EQ(check_all(), 0);
	/* The table itself, read-only, is fine. */
	CHECK_EQ(cmpxchg_l1_entry(pg(13), 0, &old, pte(13, P), DOM_A), 0);
	CHECK_EQ(gen(13), 3);
	CHECK_EQ(check_all(), 0);
}

int main(void)
{
	host_frames_init(NR_FRAMES);
	test_exchange();
	test_mismatch();
	test_refused();
	return check_summary("test-page-type-xchg");
}
