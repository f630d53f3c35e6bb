/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-self-map: a table cannot map itself, or a table above it,
 * writable.
 *
 * Rule: validating a table takes a writable reference for every
 * read-write L1 entry; if one names a frame that is being made a page
 * table (the table itself, or its parent through another level) the
 * writable type cannot be had and the pin is refused, -EBUSY (Xen 4.17).
 * The refusal leaves no reference behind: every frame can be mapped
 * writable afterwards.
 * Attack: an L1 whose entry maps itself read-write; an L2 whose L1 maps
 * the L2 read-write; an L4 -> L3 -> L2 -> L1 chain whose L1 maps the L4
 * read-write. Pin each top table.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "hostile/mmu-self-map";

static uint64_t frame[4];

/* Table @i (slot @i) gets one entry: frame @to with @flags, at @index. */
static void build(unsigned int i, unsigned int index, uint64_t to,
		  uint64_t flags)
{
	static uint64_t e[512];

	memset(e, 0, sizeof(e));
	e[index] = (to << 12) | flags;
	if (mmu_table_fill(i, frame[i], e, index + 1))
		test_error("cannot build table %u", i);
}

static void check_all_untyped(const char *after, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		mmu_window_map(i, 0, 0);
	for (i = 0; i < n; i++)
		if (mmu_check_untyped(8, frame[i]))
			test_fail("after %s: frame %u is still a table", after,
				  i);
}

void test_main(void)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (!(frame[i] = mmu_frame_alloc()))
			test_error("no spare frames");
	build(0, 7, frame[0], PTE_FLAGS_RW);
	CHECK_EQ("pin an L1 mapping itself RW", mmu_pin(1, frame[0]),
		 -XEN_EBUSY);
	check_all_untyped("the L1", 1);

	build(0, 0, frame[1], PTE_FLAGS_RW);
	build(1, 3, frame[0], PTE_FLAGS_RW);
	CHECK_EQ("pin an L2 whose L1 maps it RW", mmu_pin(2, frame[0]),
		 -XEN_EBUSY);
	check_all_untyped("the L2", 2);

	/* frame 0 = L4 -> 1 = L3 -> 2 = L2 -> 3 = L1 -> frame 0 RW. */
	build(0, 0, frame[1], PTE_FLAGS_RW);
	build(1, 0, frame[2], PTE_FLAGS_RW);
	build(2, 0, frame[3], PTE_FLAGS_RW);
	build(3, 5, frame[0], PTE_FLAGS_RW);
	CHECK_EQ("pin an L4 whose L1 maps it RW", mmu_pin(4, frame[0]),
		 -XEN_EBUSY);
	check_all_untyped("the L4", 4);
	test_success();
}
