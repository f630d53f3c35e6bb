/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-writable-pt: a page-table frame never gets a writable
 * mapping through a hypercall.
 *
 * Rule: a frame typed as a page table (L1-L4, here the domain's own live
 * tables and a freshly pinned L1) may be mapped read-only, never
 * read-write; a request for a writable mapping is refused with -EBUSY
 * (Xen 4.17) and leaves the entry as it was.
 * Attack: point a window page's L1 entry read-write at each of its own
 * L4, L3, L2 and L1 and at a pinned spare L1, once with mmu_update
 * (MMU_NORMAL_PT_UPDATE and MMU_PT_UPDATE_PRESERVE_AD) and once with
 * update_va_mapping. Read-only mappings of the same frames must work.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "hostile/mmu-writable-pt";

static void attack(const char *what, uint64_t mfn)
{
	uint64_t va = (uint64_t)mmu_window(0), before = 0, after = 0;
	uint64_t ptr = mmu_entry_maddr(va, 1, &before);
	uint64_t rw = (mfn << 12) | PTE_FLAGS_RW;
	const uint64_t *view;
	char buf[80];

	(void)snprintf(buf, sizeof(buf), "mmu_update RW map of %s", what);
	CHECK_EQ(buf, mmu_update1(ptr, rw), -XEN_EBUSY);
	(void)snprintf(buf, sizeof(buf), "mmu_update PRESERVE_AD RW map of %s",
		       what);
	CHECK_EQ(buf, mmu_update1(ptr | MMU_PT_UPDATE_PRESERVE_AD, rw),
		 -XEN_EBUSY);
	(void)snprintf(buf, sizeof(buf), "update_va_mapping RW map of %s",
		       what);
	CHECK_EQ(buf, hc_update_va_mapping(va, rw, UVMF_INVLPG), -XEN_EBUSY);
	mmu_entry_maddr(va, 1, &after);
	if (after != before)
		test_fail(
			"entry changed by refused updates of %s: %#lx -> %#lx",
			what, before, after);
	(void)snprintf(buf, sizeof(buf), "read-only map of %s", what);
	CHECK_EQ(buf, mmu_window_map(0, mfn, PTE_FLAGS_RO), 0);
	view = mmu_table_view(mfn);
	if (view && *(const volatile uint64_t *)mmu_window(0) != view[0])
		test_fail("read-only view of %s differs", what);
	CHECK_EQ("unmap", mmu_window_map(0, 0, 0), 0);
}

void test_main(void)
{
	static const char *const names[] = { "", "its L1", "its L2", "its L3",
					     "its L4" };
	uint64_t t[5], spare = mmu_frame_alloc();
	unsigned int lvl;

	if (mmu_boot_walk((uint64_t)mmu_window(0), t) || !spare)
		test_error("cannot find the boot tables or a spare frame");
	for (lvl = 1; lvl <= 4; lvl++)
		attack(names[lvl], t[lvl]);
	CHECK_EQ("build spare L1", mmu_table_fill(1, spare, NULL, 0), 0);
	CHECK_EQ("pin spare L1", mmu_pin(1, spare), 0);
	attack("a pinned L1", spare);
	CHECK_EQ("unpin spare L1", mmu_unpin(spare), 0);
	CHECK_EQ("unmap spare", mmu_window_map(1, 0, 0), 0);
	CHECK_EQ("spare writable after unpin", mmu_check_untyped(0, spare), 0);
	test_success();
}
