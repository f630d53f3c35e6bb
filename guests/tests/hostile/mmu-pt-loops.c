/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-pt-loops: tables that reference each other in a loop are
 * refused, not validated forever.
 *
 * Rule: an entry of a level-n table must name a level-(n-1) table, so a
 * loop of tables can only close by asking a frame for a second type
 * while it is being validated as the first; that is -EINVAL (Xen 4.17).
 * The one exception is a read-only entry of an L4 naming that same L4 (a
 * linear page table), which Xen 4.17 accepts. Refusals leave no
 * reference behind.
 * Attack: an L3 naming itself; two L3s naming each other; three L4s in a
 * ring; an L4 naming itself read-write. Then, as a check that the one
 * legitimate form works and unwinds, an L4 naming itself read-only is
 * pinned and unpinned.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "hostile/mmu-pt-loops";

#define LINK (PTE_PRESENT | PTE_RW | PTE_ACCESSED)

static uint64_t frame[3];

static void build(unsigned int i, uint64_t to, uint64_t flags)
{
	uint64_t e = (to << 12) | flags;

	if (mmu_table_fill(i, frame[i], &e, 1))
		test_error("cannot build table %u", i);
}

static void check_all_untyped(const char *after)
{
	unsigned int i;

	for (i = 0; i < 3; i++)
		mmu_window_map(i, 0, 0);
	for (i = 0; i < 3; i++)
		if (mmu_check_untyped(8, frame[i]))
			test_fail("after %s: frame %u is still a table", after,
				  i);
}

void test_main(void)
{
	unsigned int i;

	for (i = 0; i < 3; i++)
		if (!(frame[i] = mmu_frame_alloc()))
			test_error("no spare frames");
	build(0, frame[0], LINK);
	CHECK_EQ("pin an L3 naming itself", mmu_pin(3, frame[0]), -XEN_EINVAL);
	CHECK_EQ("pin it as an L2", mmu_pin(2, frame[0]), -XEN_EINVAL);
	check_all_untyped("the self-loop");

	build(0, frame[1], LINK);
	build(1, frame[0], LINK);
	CHECK_EQ("pin one of two L3s naming each other", mmu_pin(3, frame[0]),
		 -XEN_EINVAL);
	check_all_untyped("the two-loop");

	build(0, frame[1], LINK);
	build(1, frame[2], LINK);
	build(2, frame[0], LINK);
	CHECK_EQ("pin one of three L4s in a ring", mmu_pin(4, frame[0]),
		 -XEN_EINVAL);
	check_all_untyped("the ring");

	build(0, frame[0], LINK);
	CHECK_EQ("pin an L4 naming itself RW", mmu_pin(4, frame[0]),
		 -XEN_EINVAL);
	check_all_untyped("the RW self-loop");

	build(0, frame[0], PTE_PRESENT | PTE_ACCESSED);
	CHECK_EQ("pin an L4 naming itself RO (linear)", mmu_pin(4, frame[0]),
		 0);
	CHECK_EQ("unpin it", mmu_unpin(frame[0]), 0);
	check_all_untyped("the linear L4");
	test_success();
}
