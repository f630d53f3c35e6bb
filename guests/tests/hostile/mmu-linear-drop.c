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
#include <guest/mmu.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "hostile/mmu-linear-drop";

#define NR_L2 2U
#define NR_L1 (NR_L2 * 512U)
#define LINEAR_SLOT 3U

static uint64_t l4, l3, l2[NR_L2], l1[NR_L1], other_l4;
static uint64_t buf[512];
static uint8_t data[4096] __attribute__((aligned(4096)));

static uint64_t alloc_or_die(void)
{
	uint64_t mfn = mmu_frame_alloc();

	if (!mfn)
		test_error("out of spare frames");
	return mfn;
}

/* Write a table in window slot 0 and leave it mapped nowhere. */
static void fill(uint64_t mfn, const uint64_t *entries)
{
	if (mmu_table_fill(0, mfn, entries, 512) || mmu_window_map(0, 0, 0))
		test_error("cannot write table frame %lx", mfn);
}

static void build(void)
{
	uint64_t ro = (mmu_virt_to_mfn(data) << 12) | PTE_FLAGS_RO;
	unsigned int i, j;

	for (i = 0; i < 512; i++)
		buf[i] = ro;
	for (i = 0; i < NR_L1; i++)
		fill(l1[i], buf);
	for (j = 0; j < NR_L2; j++) {
		for (i = 0; i < 512; i++)
			buf[i] = (l1[j * 512 + i] << 12) | PTE_FLAGS_RW;
		fill(l2[j], buf);
	}
	memset(buf, 0, sizeof(buf));
	for (j = 0; j < NR_L2; j++)
		buf[j] = (l2[j] << 12) | PTE_FLAGS_RW;
	fill(l3, buf);
	memset(buf, 0, sizeof(buf));
	buf[1] = (l3 << 12) | PTE_FLAGS_RW;
	fill(l4, buf);
	memset(buf, 0, sizeof(buf));
	buf[LINEAR_SLOT] = (l4 << 12) | PTE_FLAGS_RO;
	fill(other_l4, buf);
}

/* How many frames of T's hierarchy still hold a type. */
static unsigned int still_typed(void)
{
	unsigned int i, n = 0;

	n += mmu_check_untyped(0, l4) != 0;
	n += mmu_check_untyped(0, l3) != 0;
	for (i = 0; i < NR_L2; i++)
		n += mmu_check_untyped(0, l2[i]) != 0;
	for (i = 0; i < NR_L1; i++)
		n += mmu_check_untyped(0, l1[i]) != 0;
	return n;
}

/* vCPU 1: T's empty entry 2, over and over (see the header). */
static volatile unsigned int partial_seen;
static volatile long odd_rc;
static volatile int have_spinner, stop_spinner;

static void spinner(unsigned int id)
{
	(void)id;
	have_spinner = 1;
	while (!stop_spinner) {
		long rc = mmu_update1((l4 << 12) + 2UL * sizeof(uint64_t), 0);

		if (rc == -XEN_EINVAL)
			partial_seen++;
		else if (rc)
			odd_rc = rc;
	}
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
	       rc, (t1 - t0) / 1000000,
	       !have_spinner  ? "absent"
	       : partial_seen ? "saw the L4 partial"
			      : "did not see the L4 partial");
	return rc;
}

void test_main(void)
{
	unsigned int i;

	l4 = alloc_or_die();
	l3 = alloc_or_die();
	for (i = 0; i < NR_L2; i++)
		l2[i] = alloc_or_die();
	for (i = 0; i < NR_L1; i++)
		l1[i] = alloc_or_die();
	other_l4 = alloc_or_die();
	build();

	CHECK_EQ("pin of the deep L4", mmu_pin(4, l4), 0);
	CHECK_EQ("pin of the L4 linking it", mmu_pin(4, other_l4), 0);
	CHECK_EQ("unpin of the deep L4", mmu_unpin(l4), 0);
	CHECK_EQ("the deep L4 held by the link alone", mmu_check_untyped(0, l4),
		 -XEN_EBUSY);
	CHECK_EQ("an L1 below it", mmu_check_untyped(0, l1[NR_L1 - 1]),
		 -XEN_EBUSY);
	if (vcpu_start(1, spinner) == 0)
		while (!have_spinner)
			;
	CHECK_EQ("clearing the linear entry", drop_link(), 0);
	stop_spinner = 1;
	CHECK_EQ("frames still typed after the link went", still_typed(), 0);
	CHECK_EQ("unpin of the linking L4", mmu_unpin(other_l4), 0);
	CHECK_EQ("the linking L4 untyped", mmu_check_untyped(0, other_l4), 0);

	/* Again, but the linking L4's own unpin drops the link. */
	build();
	CHECK_EQ("second pin of the deep L4", mmu_pin(4, l4), 0);
	CHECK_EQ("second pin of the linking L4", mmu_pin(4, other_l4), 0);
	CHECK_EQ("second unpin of the deep L4", mmu_unpin(l4), 0);
	CHECK_EQ("unpin of the linking L4 with the link", mmu_unpin(other_l4),
		 0);
	CHECK_EQ("frames still typed after the linking L4 went", still_typed(),
		 0);
	CHECK_EQ("the linking L4 untyped again", mmu_check_untyped(0, other_l4),
		 0);

	/* Left linked for the domain's teardown to undo. */
	build();
	CHECK_EQ("third pin of the deep L4", mmu_pin(4, l4), 0);
	CHECK_EQ("third pin of the linking L4", mmu_pin(4, other_l4), 0);
	CHECK_EQ("third unpin of the deep L4", mmu_unpin(l4), 0);
	if (odd_rc)
		test_fail("vCPU 1's entry write returned %ld", odd_rc);
	test_success();
}
