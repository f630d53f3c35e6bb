/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-pt-loops: tables that reference each other in a loop are
 * refused, not validated forever.
 *
 * Rule: an entry of a level-n table must name a level-(n-1) table, so a
 * loop of tables can only close by asking a frame for a second type
 * while it is being validated as the first; that is -EINVAL (Xen 4.17).
 * The exception is a read-only entry naming a table of its own level
 * (a linear page table): itself, or another already validated one, which
 * Xen 4.17 accepts by default (pv-linear-pt=1) as long as no table both
 * holds such entries and is named by one (XSA-240), so linear links can
 * neither chain nor close a loop. Refusals leave no reference behind.
 * Attack: an L3 naming itself; two L3s naming each other; three L4s in a
 * ring; an L4 naming itself read-write; an L4 naming another pinned L4
 * read-write; a chain of two linear links; the loop A -> B -> A. Then,
 * as a check that the legitimate forms work and unwind, an L4 naming
 * itself read-only and an L4 naming another pinned L4 read-only are
 * pinned and unpinned.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "hostile/mmu-pt-loops";

#define LINK (PTE_PRESENT | PTE_RW | PTE_ACCESSED)
#define RO_LINK (PTE_PRESENT | PTE_ACCESSED)

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

/* B (frame 1) an empty pinned L4, A (frame 0) names it, C (frame 2)
 * names A. */
static void linear_between_tables(void)
{
	uint64_t b_slot1 = (frame[1] << 12) + 8;

	if (mmu_table_fill(1, frame[1], NULL, 0))
		test_error("cannot build table 1");
	CHECK_EQ("pin an empty L4 B", mmu_pin(4, frame[1]), 0);
	build(0, frame[1], LINK);
	CHECK_EQ("pin an L4 naming the pinned L4 B RW", mmu_pin(4, frame[0]),
		 -XEN_EINVAL);
	build(0, frame[1], RO_LINK);
	CHECK_EQ("pin an L4 A naming the pinned L4 B RO (linear)",
		 mmu_pin(4, frame[0]), 0);
	build(2, frame[0], RO_LINK);
	CHECK_EQ("pin an L4 naming A (a chain of two links)",
		 mmu_pin(4, frame[2]), -XEN_EINVAL);
	CHECK_EQ("B names A (a loop)",
		 mmu_update1(b_slot1, (frame[0] << 12) | RO_LINK), -XEN_EINVAL);
	CHECK_EQ("B names itself RO",
		 mmu_update1(b_slot1, (frame[1] << 12) | RO_LINK), 0);
	CHECK_EQ("unpin B (A still holds it)", mmu_unpin(frame[1]), 0);
	CHECK_EQ("unpin A", mmu_unpin(frame[0]), 0);
	check_all_untyped("the linear pair");
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
	linear_between_tables();
	test_success();
}
