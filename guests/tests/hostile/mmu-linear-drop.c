/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-linear-drop: a read-only same-level ("linear") L4 entry
 * that holds the last type reference of a deep hierarchy, then removed.
 *
 * Rule: a linear entry takes a type reference on the table it maps, and
 * removing the entry drops it. When that was the table's last type
 * reference, its whole hierarchy is devalidated, which may stop part way
 * and continue (Xen 4.17 defers it to the end of the mmu_update and makes
 * it preemptible), as an unpin does. Everything comes back untyped.
 * Attack: L4 T -> L3 -> 2 L2s -> 1024 L1s, each L1 entry mapping a data
 * page read-only; T pinned; a second L4 A pinned with entry 3 mapping T
 * read-only (a linear entry); T unpinned (the linear entry now holds T's
 * only type reference); then one mmu_update clears A's entry 3. Checked:
 * every call 0, T typed while linked, every frame of T's hierarchy
 * untyped afterwards, A unpins. A second vCPU (if there is one) keeps
 * writing T's empty entry 2, which fails only while T is part
 * devalidated; whether it saw that is printed. The same with the
 * linking L4's unpin dropping the link; and the link is left in place
 * for the teardown at the end. Satori's boot test
 * bootdoms-mmu-linear-drop runs this kernel with two vCPUs on one CPU,
 * where it can only if the hypervisor preempts the devalidation.
 */
#include <guest/deep-pt.h>
#include <guest/mmu.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "hostile/mmu-linear-drop";

#define LINEAR_SLOT 3U

static struct deep_pt t;
static uint64_t other_l4, other[512];
static uint8_t data[4096] __attribute__((aligned(4096)));

/* T's hierarchy, and the other L4 with its linear entry to T. */
static void build(void)
{
	uint64_t ro = (mmu_virt_to_mfn(data) << 12) | PTE_FLAGS_RO;

	deep_pt_write(&t, 0, ro, ro);
	memset(other, 0, sizeof(other));
	other[LINEAR_SLOT] = (t.l4 << 12) | PTE_FLAGS_RO;
	pt_table_write_or_die(0, other_l4, other);
}

static long drop_link(void)
{
	uint64_t t0, t1;
	long rc;

	printf("hostile/mmu-linear-drop: drop: start\n");
	t0 = guest_rdtsc();
	rc = mmu_update1((other_l4 << 12) + LINEAR_SLOT * sizeof(uint64_t), 0);
	t1 = guest_rdtsc();
	printf("hostile/mmu-linear-drop: drop: returned %ld after %lu "
	       "Mcycles, vCPU 1 %s\n",
	       rc, (t1 - t0) / 1000000, deep_pt_spinner_saw(0));
	return rc;
}

void test_main(void)
{
	deep_pt_alloc(&t);
	other_l4 = pt_frame_alloc_or_die();
	build();

	CHECK_EQ("pin of the deep L4", mmu_pin(4, t.l4), 0);
	CHECK_EQ("pin of the L4 linking it", mmu_pin(4, other_l4), 0);
	CHECK_EQ("unpin of the deep L4", mmu_unpin(t.l4), 0);
	CHECK_EQ("the deep L4 held by the link alone",
		 mmu_check_untyped(0, t.l4), -XEN_EBUSY);
	CHECK_EQ("an L1 below it",
		 mmu_check_untyped(0, t.l1[DEEP_PT_NR_L1 - 1]), -XEN_EBUSY);
	deep_pt_spinner_start(t.l4);
	CHECK_EQ("clearing the linear entry", drop_link(), 0);
	deep_pt_spinner_stop();
	CHECK_EQ("frames still typed after the link went",
		 deep_pt_typed_frames(&t, 0), 0);
	CHECK_EQ("unpin of the linking L4", mmu_unpin(other_l4), 0);
	CHECK_EQ("the linking L4 untyped", mmu_check_untyped(0, other_l4), 0);

	/* Again, but the linking L4's own unpin drops the link. */
	build();
	CHECK_EQ("second pin of the deep L4", mmu_pin(4, t.l4), 0);
	CHECK_EQ("second pin of the linking L4", mmu_pin(4, other_l4), 0);
	CHECK_EQ("second unpin of the deep L4", mmu_unpin(t.l4), 0);
	CHECK_EQ("unpin of the linking L4 with the link", mmu_unpin(other_l4),
		 0);
	CHECK_EQ("frames still typed after the linking L4 went",
		 deep_pt_typed_frames(&t, 0), 0);
	CHECK_EQ("the linking L4 untyped again", mmu_check_untyped(0, other_l4),
		 0);

	/* Left linked for the domain's teardown to undo. */
	build();
	CHECK_EQ("third pin of the deep L4", mmu_pin(4, t.l4), 0);
	CHECK_EQ("third pin of the linking L4", mmu_pin(4, other_l4), 0);
	CHECK_EQ("third unpin of the deep L4", mmu_unpin(t.l4), 0);
	if (deep_pt_spinner_odd_rc())
		test_fail("vCPU 1's entry write returned %ld",
			  deep_pt_spinner_odd_rc());
	test_success();
}
