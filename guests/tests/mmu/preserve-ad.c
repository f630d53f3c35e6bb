/* SPDX-License-Identifier: MIT */
/*
 * mmu/preserve-ad: MMU_PT_UPDATE_PRESERVE_AD keeps the Accessed and Dirty
 * bits the CPU set.
 *
 * Map a spare frame read-write without A and D, write through the
 * mapping (the CPU sets both), then make it read-only: with
 * MMU_PT_UPDATE_PRESERVE_AD the new entry keeps A and D, with
 * MMU_NORMAL_PT_UPDATE it has exactly what was written (plus the US bit
 * the hypervisor adds). The feature is
 * advertised (XENFEAT_mmu_pt_update_preserve_ad).
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "mmu/preserve-ad";

#define AD (PTE_ACCESSED | PTE_DIRTY)

static uint64_t pte_of(uint64_t va)
{
	uint64_t pte = 0;

	mmu_entry_maddr(va, 1, &pte);
	return pte;
}

static void dirty(uint64_t ptr, uint64_t va, uint64_t mfn)
{
	CHECK_EQ("map without A/D",
		 mmu_update1(ptr, (mfn << 12) | PTE_PRESENT | PTE_RW), 0);
	/* mmu_update does not flush: drop the old translation first. */
	CHECK_EQ("invlpg", mmuext1(MMUEXT_INVLPG_LOCAL, va, 0), 0);
	if (pte_of(va) & AD)
		test_fail("A/D set before any access: %#lx", pte_of(va));
	*(volatile uint64_t *)va = 1;
	if ((pte_of(va) & AD) != AD)
		test_fail("the CPU did not set A/D: %#lx", pte_of(va));
}

void test_main(void)
{
	uint64_t va = (uint64_t)mmu_window(0), mfn = mmu_frame_alloc();
	uint64_t ptr = mmu_entry_maddr(va, 1, NULL);
	struct xen_feature_info fi = { .submap_idx = 0 };

	if (!mfn || !ptr)
		test_error("no spare frame or no window entry");
	CHECK_EQ("get_features", hc_xen_version(XENVER_get_features, &fi), 0);
	if (!(fi.submap & (1U << XENFEAT_mmu_pt_update_preserve_ad)))
		test_fail("XENFEAT_mmu_pt_update_preserve_ad not advertised");

	dirty(ptr, va, mfn);
	CHECK_EQ("PRESERVE_AD to read-only",
		 mmu_update1(ptr | MMU_PT_UPDATE_PRESERVE_AD,
			     (mfn << 12) | PTE_PRESENT),
		 0);
	if ((pte_of(va) & (AD | PTE_RW | PTE_PRESENT)) != (AD | PTE_PRESENT))
		test_fail("after PRESERVE_AD: %#lx, want P, A, D, not RW",
			  pte_of(va));
	CHECK_EQ("frame after PRESERVE_AD", PTE_MFN(pte_of(va)), mfn);

	dirty(ptr, va, mfn);
	CHECK_EQ("NORMAL to read-only",
		 mmu_update1(ptr, (mfn << 12) | PTE_PRESENT), 0);
	if ((pte_of(va) & (AD | PTE_RW | PTE_PRESENT)) != PTE_PRESENT)
		test_fail("after NORMAL: %#lx, want P only", pte_of(va));
	CHECK_EQ("unmap", mmu_window_map(0, 0, 0), 0);
	test_success();
}
