/* SPDX-License-Identifier: MIT */
/*
 * mmu/machphys: MMU_MACHPHYS_UPDATE sets the M2P entry of an own frame.
 *
 * Set a spare frame's M2P entry to a new pfn and read it back through the
 * read-only M2P mapping, then restore it. A frame that is not the
 * domain's (the one just below its lowest) is -EINVAL (Xen 4.17) and its
 * entry does not change.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "mmu/machphys";

void test_main(void)
{
	uint64_t mfn = mmu_frame_alloc(), old, lo = ~0UL, pfn;

	if (!mfn)
		test_error("no spare frame");
	old = mmu_mfn_to_pfn(mfn);
	CHECK_EQ("M2P of the spare frame is its pfn", mmu_pfn_to_mfn(old), mfn);
	CHECK_EQ("MACHPHYS_UPDATE",
		 mmu_update1((mfn << 12) | MMU_MACHPHYS_UPDATE, 0x12345), 0);
	CHECK_EQ("M2P after", mmu_mfn_to_pfn(mfn), 0x12345);
	CHECK_EQ("MACHPHYS_UPDATE back",
		 mmu_update1((mfn << 12) | MMU_MACHPHYS_UPDATE, old), 0);
	CHECK_EQ("M2P restored", mmu_mfn_to_pfn(mfn), old);

	for (pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (mmu_pfn_to_mfn(pfn) < lo)
			lo = mmu_pfn_to_mfn(pfn);
	old = mmu_mfn_to_pfn(lo - 1);
	CHECK_EQ("MACHPHYS_UPDATE of a frame not ours",
		 mmu_update1(((lo - 1) << 12) | MMU_MACHPHYS_UPDATE, 7),
		 -XEN_EINVAL);
	CHECK_EQ("its M2P entry unchanged", mmu_mfn_to_pfn(lo - 1), old);
	test_success();
}
