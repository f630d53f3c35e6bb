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
#include <guest/deep-pt.h>
#include <guest/mmu.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "hostile/mmu-deep-pin";

static struct deep_pt t;
static uint8_t data[4096] __attribute__((aligned(4096)));

/* The hierarchy; the last L1's last entry is @last. */
static void build(uint64_t last)
{
	deep_pt_write(&t, 0, (mmu_virt_to_mfn(data) << 12) | PTE_FLAGS_RO,
		      last);
}

static long timed(const char *what, long (*op)(uint64_t), uint64_t mfn)
{
	unsigned int p0 = deep_pt_spinner_partials();
	uint64_t t0, t1;
	long rc;

	printf("hostile/mmu-deep-pin: %s: start\n", what);
	t0 = guest_rdtsc();
	rc = op(mfn);
	t1 = guest_rdtsc();
	printf("hostile/mmu-deep-pin: %s: returned %ld after %lu Mcycles, "
	       "vCPU 1 %s\n",
	       what, rc, (t1 - t0) / 1000000, deep_pt_spinner_saw(p0));
	return rc;
}

static long pin4(uint64_t mfn)
{
	return mmu_pin(4, mfn);
}

void test_main(void)
{
	deep_pt_alloc(&t);
	build((mmu_virt_to_mfn(data) << 12) | PTE_FLAGS_RO);
	/* vCPU 1 (if any) meanwhile sees the L4 part validated, or not. */
	deep_pt_spinner_start(t.l4);

	CHECK_EQ("pin of the deep L4", timed("pin", pin4, t.l4), 0);
	CHECK_EQ("an L1 mapped writable",
		 mmu_check_untyped(0, t.l1[DEEP_PT_NR_L1 - 1]), -XEN_EBUSY);
	CHECK_EQ("an L2 mapped writable", mmu_check_untyped(0, t.l2[0]),
		 -XEN_EBUSY);
	CHECK_EQ("pin twice", mmu_pin(4, t.l4), -XEN_EINVAL);
	CHECK_EQ("unpin of the deep L4", timed("unpin", mmu_unpin, t.l4), 0);
	CHECK_EQ("table frames still typed after unpin",
		 deep_pt_typed_frames(&t, 0), 0);

	build((t.l2[0] << 12) | PTE_FLAGS_RW);
	CHECK_EQ("pin failing in the last entry", timed("bad pin", pin4, t.l4),
		 -XEN_EBUSY);
	CHECK_EQ("table frames still typed after the failure",
		 deep_pt_typed_frames(&t, 0), 0);
	CHECK_EQ("unpin of the refused L4", mmu_unpin(t.l4), -XEN_EINVAL);
	deep_pt_spinner_stop();
	if (deep_pt_spinner_odd_rc())
		test_fail("vCPU 1's entry write returned %ld",
			  deep_pt_spinner_odd_rc());
	test_success();
}
