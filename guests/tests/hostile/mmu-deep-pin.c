/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-deep-pin: pinning and unpinning a full four-level hierarchy
 * of 1024 L1s (524,288 L1 entries) gives the result of a small one, and
 * a failure at its very end leaves nothing behind.
 *
 * Rule: validating (pin) and devalidating (unpin) a deep hierarchy is
 * the guest's right, but must not hold the CPU for the whole of it: the
 * hypervisor stops part way at any level and continues through hypercall
 * continuations (Xen's PGT_partial), and the guest sees one call with the
 * result of an uninterrupted one. A failure after much progress is
 * unwound completely before the call returns its error.
 * Attack: one mmuext_op pinning an L4 -> L3 -> 2 L2s -> 1024 L1s, each
 * entry of every L1 mapping a data page read-only; checked: 0, the
 * tables cannot be mapped writable, a second pin is -EINVAL, one unpin
 * makes every table frame writable again. Then the last L1's last entry
 * maps an L2 read-write: the pin is -EBUSY (Xen 4.17) and every frame is
 * writable at once. A second vCPU (if there is one) meanwhile writes an
 * empty L4 entry, which fails only while the L4 is part validated (0
 * or -EINVAL, nothing else). The calls' durations in TSC cycles are
 * printed, and whether vCPU 1 saw the L4 partial: satori's boot test
 * bootdoms-mmu-deep-pin runs this kernel with two vCPUs on one CPU,
 * where it can only if the hypervisor preempts the pin and the unpin.
 */
#include <guest/mmu.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "hostile/mmu-deep-pin";

#define NR_L2 2U
#define NR_L1 (NR_L2 * 512U)

static uint64_t l4, l3, l2[NR_L2], l1[NR_L1];
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

/* The hierarchy; the last L1's last entry is @last. */
static void build(uint64_t last)
{
	uint64_t ro = (mmu_virt_to_mfn(data) << 12) | PTE_FLAGS_RO;
	unsigned int i, j;

	for (i = 0; i < 512; i++)
		buf[i] = ro;
	for (i = 0; i < NR_L1; i++) {
		if (i == NR_L1 - 1)
			buf[511] = last;
		fill(l1[i], buf);
	}
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
}

/* Every table frame can be mapped writable: nothing holds a type. */
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

/*
 * vCPU 1 (if the domain has one) keeps writing 0 over the L4's empty
 * entry 2 while vCPU 0 works: a plain write while the L4 is untyped, an
 * entry update once it is a validated L4, -EINVAL only while it is part
 * validated. On a single CPU it can see that only between two legs of a
 * call the hypervisor preempted.
 */
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

static long timed(const char *what, long (*op)(uint64_t), uint64_t mfn)
{
	unsigned int p0 = partial_seen;
	uint64_t t0, t1;
	long rc;

	printf("hostile/mmu-deep-pin: %s: start\n", what);
	t0 = guest_rdtsc();
	rc = op(mfn);
	t1 = guest_rdtsc();
	printf("hostile/mmu-deep-pin: %s: returned %ld after %lu Mcycles, "
	       "vCPU 1 %s\n",
	       what, rc, (t1 - t0) / 1000000,
	       !have_spinner	    ? "absent"
	       : partial_seen != p0 ? "saw the L4 partial"
				    : "did not see the L4 partial");
	return rc;
}

static long pin4(uint64_t mfn)
{
	return mmu_pin(4, mfn);
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
	build((mmu_virt_to_mfn(data) << 12) | PTE_FLAGS_RO);
	if (vcpu_start(1, spinner) == 0)
		while (!have_spinner)
			;

	CHECK_EQ("pin of the deep L4", timed("pin", pin4, l4), 0);
	CHECK_EQ("an L1 mapped writable", mmu_check_untyped(0, l1[NR_L1 - 1]),
		 -XEN_EBUSY);
	CHECK_EQ("an L2 mapped writable", mmu_check_untyped(0, l2[0]),
		 -XEN_EBUSY);
	CHECK_EQ("pin twice", mmu_pin(4, l4), -XEN_EINVAL);
	CHECK_EQ("unpin of the deep L4", timed("unpin", mmu_unpin, l4), 0);
	CHECK_EQ("table frames still typed after unpin", still_typed(), 0);

	build((l2[0] << 12) | PTE_FLAGS_RW);
	CHECK_EQ("pin failing in the last entry", timed("bad pin", pin4, l4),
		 -XEN_EBUSY);
	CHECK_EQ("table frames still typed after the failure", still_typed(),
		 0);
	CHECK_EQ("unpin of the refused L4", mmu_unpin(l4), -XEN_EINVAL);
	stop_spinner = 1;
	if (odd_rc)
		test_fail("vCPU 1's entry write returned %ld", odd_rc);
	test_success();
}
