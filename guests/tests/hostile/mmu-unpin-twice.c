/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-unpin-twice: pins and unpins are counted exactly.
 *
 * Rule: a table is pinned at most once (a second pin is -EINVAL) and
 * unpinned only while pinned (an unpin of an unpinned frame is -EINVAL,
 * Xen 4.17); a refused unpin drops no reference, so a table still in use
 * stays a table.
 * Attack: pin a spare L1, pin it again, unpin it twice; unpin a data page
 * that was never pinned; pin a spare L1 and link it into a spare L2, pin
 * the L2, unpin the L1 twice: the L1 must stay a table (no writable
 * mapping) until the L2 lets go of it.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "hostile/mmu-unpin-twice";

static uint8_t data[4096] __attribute__((aligned(4096)));

void test_main(void)
{
	uint64_t l1 = mmu_frame_alloc(), l2 = mmu_frame_alloc(), e;

	if (!l1 || !l2)
		test_error("no spare frames");
	CHECK_EQ("build L1", mmu_table_fill(0, l1, NULL, 0), 0);
	CHECK_EQ("pin L1", mmu_pin(1, l1), 0);
	CHECK_EQ("pin L1 again", mmu_pin(1, l1), -XEN_EINVAL);
	CHECK_EQ("unpin L1", mmu_unpin(l1), 0);
	CHECK_EQ("unpin L1 again", mmu_unpin(l1), -XEN_EINVAL);
	CHECK_EQ("unpin never-pinned data", mmu_unpin(mmu_virt_to_mfn(data)),
		 -XEN_EINVAL);
	data[0] = 1;

	CHECK_EQ("pin L1", mmu_pin(1, l1), 0);
	e = (l1 << 12) | PTE_PRESENT | PTE_RW | PTE_ACCESSED;
	CHECK_EQ("build L2", mmu_table_fill(1, l2, &e, 1), 0);
	CHECK_EQ("pin L2", mmu_pin(2, l2), 0);
	CHECK_EQ("unpin L1", mmu_unpin(l1), 0);
	CHECK_EQ("unpin L1 again", mmu_unpin(l1), -XEN_EINVAL);
	CHECK_EQ("unpin L1 a third time", mmu_unpin(l1), -XEN_EINVAL);
	CHECK_EQ("RW map of the L1 the L2 holds", mmu_check_untyped(2, l1),
		 -XEN_EBUSY);
	CHECK_EQ("unpin L2", mmu_unpin(l2), 0);
	CHECK_EQ("unpin L2 again", mmu_unpin(l2), -XEN_EINVAL);
	CHECK_EQ("unmap L1", mmu_window_map(0, 0, 0), 0);
	CHECK_EQ("unmap L2", mmu_window_map(1, 0, 0), 0);
	CHECK_EQ("L1 writable at the end", mmu_check_untyped(2, l1), 0);
	CHECK_EQ("L2 writable at the end", mmu_check_untyped(2, l2), 0);
	test_success();
}
