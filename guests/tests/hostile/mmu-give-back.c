/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-give-back: a frame given back while still in use stays
 * usable only through the references the guest already holds, and is gone
 * once they are dropped.
 *
 * Rule: decrease_reservation of a pinned or mapped frame succeeds (1
 * extent) and drops only the domain's allocation reference; the frame
 * stays the domain's while a pin or a mapping holds it (Xen 4.17 then
 * still allows unpinning it and reading it through the old mapping), and
 * when the last reference goes it leaves the domain: mapping it again is
 * -EBUSY, pinning it -EINVAL, its M2P entry cannot be set (-EINVAL),
 * giving it back again does nothing (0 extents). The domain's reservation
 * drops by one per frame.
 * Attack: give back a pinned L1 that is also mapped read-only, and a data
 * frame mapped read-write; use them through the old references; drop
 * those; then try to map, pin, re-label and give back each again.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "hostile/mmu-give-back";

static long reservation(void)
{
	domid_t self = DOMID_SELF;

	return hc_memory_op(XENMEM_current_reservation, &self);
}

static void check_gone(const char *what, uint64_t mfn)
{
	char buf[80];

	(void)snprintf(buf, sizeof(buf), "map %s RO after the last reference",
		       what);
	CHECK_EQ(buf, mmu_window_map(2, mfn, PTE_FLAGS_RO), -XEN_EBUSY);
	(void)snprintf(buf, sizeof(buf), "map %s RW after the last reference",
		       what);
	CHECK_EQ(buf, mmu_window_map(2, mfn, PTE_FLAGS_RW), -XEN_EBUSY);
	(void)snprintf(buf, sizeof(buf), "pin %s after the last reference",
		       what);
	CHECK_EQ(buf, mmu_pin(1, mfn), -XEN_EINVAL);
	(void)snprintf(buf, sizeof(buf), "M2P update of %s", what);
	CHECK_EQ(buf, mmu_update1((mfn << 12) | MMU_MACHPHYS_UPDATE, 1),
		 -XEN_EINVAL);
	(void)snprintf(buf, sizeof(buf), "give back %s again", what);
	CHECK_EQ(buf, mmu_give_back(mfn), 0);
}

void test_main(void)
{
	uint64_t table = mmu_frame_alloc(), page = mmu_frame_alloc();
	long before = reservation();

	if (!table || !page || before <= 0)
		test_error("no spare frames or no reservation (%ld)", before);
	CHECK_EQ("build L1", mmu_table_fill(0, table, NULL, 0), 0);
	CHECK_EQ("pin L1", mmu_pin(1, table), 0);
	CHECK_EQ("give back the pinned L1", mmu_give_back(table), 1);
	CHECK_EQ("read it through the old mapping",
		 *(const volatile uint64_t *)mmu_window(0), 0);
	CHECK_EQ("unpin it", mmu_unpin(table), 0);
	CHECK_EQ("unmap it", mmu_window_map(0, 0, 0), 0);

	CHECK_EQ("map a data frame RW", mmu_window_map(1, page, PTE_FLAGS_RW),
		 0);
	*(volatile uint64_t *)mmu_window(1) = 0x5a5a;
	CHECK_EQ("give back the mapped frame", mmu_give_back(page), 1);
	CHECK_EQ("read it through the old mapping",
		 *(const volatile uint64_t *)mmu_window(1), 0x5a5a);
	CHECK_EQ("unmap it", mmu_window_map(1, 0, 0), 0);

	CHECK_EQ("reservation after", reservation(), before - 2);
	check_gone("the given-back L1", table);
	check_gone("the given-back data frame", page);
	CHECK_EQ("reservation at the end", reservation(), before - 2);
	test_success();
}
