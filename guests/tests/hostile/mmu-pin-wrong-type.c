/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-pin-wrong-type: a frame is pinned only as the type it can
 * be.
 *
 * Rule: MMUEXT_PIN_Ln_TABLE takes a type reference of level n; a frame
 * already in use as another type (a live table of another level, a page
 * mapped read-write) cannot change type and the pin is -EINVAL (Xen 4.17),
 * leaving the frame as it was.
 * Attack: pin the live L1 as an L2, the live L4 as an L3, the live L2 as
 * an L1, a writable data page as an L1, and a spare L1 pinned as L1 again
 * as an L2; then check that the data page is still writable and the spare
 * is freed by one unpin.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "hostile/mmu-pin-wrong-type";

static uint8_t data[4096] __attribute__((aligned(4096)));

void test_main(void)
{
	uint64_t t[5], spare = mmu_frame_alloc();

	if (mmu_boot_walk((uint64_t)mmu_window(0), t) || !spare)
		test_error("cannot find the boot tables or a spare frame");
	data[0] = 1;
	CHECK_EQ("pin live L1 as L2", mmu_pin(2, t[1]), -XEN_EINVAL);
	CHECK_EQ("pin live L4 as L3", mmu_pin(3, t[4]), -XEN_EINVAL);
	CHECK_EQ("pin live L2 as L1", mmu_pin(1, t[2]), -XEN_EINVAL);
	CHECK_EQ("pin live L3 as L4", mmu_pin(4, t[3]), -XEN_EINVAL);
	CHECK_EQ("pin writable data as L1", mmu_pin(1, mmu_virt_to_mfn(data)),
		 -XEN_EINVAL);
	data[0] = 2; /* still writable: a fault here ends the test */
	CHECK_EQ("build spare L1", mmu_table_fill(0, spare, NULL, 0), 0);
	CHECK_EQ("pin spare as L1", mmu_pin(1, spare), 0);
	CHECK_EQ("pin pinned L1 as L2", mmu_pin(2, spare), -XEN_EINVAL);
	CHECK_EQ("pin pinned L1 as L4", mmu_pin(4, spare), -XEN_EINVAL);
	CHECK_EQ("unpin spare", mmu_unpin(spare), 0);
	CHECK_EQ("unmap spare", mmu_window_map(0, 0, 0), 0);
	CHECK_EQ("spare writable after one unpin", mmu_check_untyped(0, spare),
		 0);
	test_success();
}
