/* SPDX-License-Identifier: MIT */
/*
 * mmu/boot-pt-order: the order of the bootstrap page-table frames
 * [pt_base, pt_base + nr_pt_frames). Xen's dom0 builder hands out the L4
 * first, then for each L1 in address order the L1 itself followed by the
 * L2 and L3 above it when they are new (L4, L1, L2, L3, L1, L1, ...); the
 * toolstack (and satori for a boot-time domU) places each table before
 * the tables below it (L4, L3, L2, L1, L1, ...). Linux depends on it: it frees the copied L4, L3 and L2
 * only where they lie at the start of the range, so on Xen a dom0 keeps
 * two more of its frames reserved than a domU. The tables are walked from
 * pt_base in address order, the expected sequence derived from the walk
 * and compared frame by frame with the range.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "mmu/boot-pt-order";

#define MAX_TABLES 64

static uint64_t want_mfn[MAX_TABLES];
static unsigned int want_level[MAX_TABLES];
static unsigned int nr_want;
static uint64_t new_upper[5]; /* Upper tables met, not yet placed. */
static int dom0_order;

static void place(uint64_t mfn, unsigned int level)
{
	if (nr_want == MAX_TABLES)
		test_error("more than %u bootstrap tables", MAX_TABLES);
	want_mfn[nr_want] = mfn;
	want_level[nr_want++] = level;
}

/* The upper tables entered since the last placement, in Xen's dom0
 * order (lowest level first). */
static void place_new_uppers(void)
{
	for (unsigned int l = 2; l <= 3; l++) {
		if (new_upper[l])
			place(new_upper[l], l);
		new_upper[l] = 0;
	}
}

/* Walk table @mfn of @level (2 or 3) in address order. */
static void walk(uint64_t mfn, unsigned int level)
{
	const uint64_t *t = mmu_table_view(mfn);

	if (!t)
		test_fail(
			"L%u table %#lx lies outside [pt_base, +nr_pt_frames)",
			level, (unsigned long)mfn);
	if (dom0_order)
		new_upper[level] = mfn;
	else
		place(mfn, level);
	for (unsigned int i = 0; i < 512; i++) {
		if (!(t[i] & PTE_PRESENT))
			continue;
		if (t[i] & PTE_PSE)
			test_fail("L%u[%u] is a superpage", level, i);
		if (level > 2) {
			walk(PTE_MFN(t[i]), level - 1);
			continue;
		}
		if (!mmu_table_view(PTE_MFN(t[i])))
			test_fail("L1 table %#lx lies outside the range",
				  (unsigned long)PTE_MFN(t[i]));
		place(PTE_MFN(t[i]), 1);
		if (dom0_order)
			place_new_uppers();
	}
}

void test_main(void)
{
	const uint64_t *l4 = mmu_boot_l4();
	uint64_t first = start_info->pt_base >> 12;
	char seq[MAX_TABLES + 1];

	dom0_order = (start_info->flags & SIF_INITDOMAIN) != 0;
	place(mmu_boot_l4_mfn(), 4);
	for (unsigned int i = 0; i < 256; i++)
		if (l4[i] & PTE_PRESENT)
			walk(PTE_MFN(l4[i]), 3);
	for (unsigned int i = 0; i < nr_want; i++)
		seq[i] = (char)('0' + want_level[i]);
	seq[nr_want] = 0;
	printf("%s: %lu frames from pfn %#lx, levels %s\n",
	       dom0_order ? "dom0" : "domU",
	       (unsigned long)start_info->nr_pt_frames, (unsigned long)first,
	       seq);
	CHECK_EQ("tables reachable from pt_base", nr_want,
		 start_info->nr_pt_frames);
	for (unsigned int i = 0; i < nr_want; i++)
		if (mmu_pfn_to_mfn(first + i) != want_mfn[i])
			test_fail(
				"frame %u of the range (pfn %#lx) is mfn %#lx, "
				"want the L%u at mfn %#lx (order %s)",
				i, (unsigned long)(first + i),
				(unsigned long)mmu_pfn_to_mfn(first + i),
				want_level[i], (unsigned long)want_mfn[i], seq);
	test_success();
}
