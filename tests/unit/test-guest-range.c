/* unit-sources: */
/* SPDX-License-Identifier: MIT */
/*
 * guest_range_ok(): the check that stops a guest from pointing the
 * hypervisor's copy_*_guest at non-canonical addresses, wrapping ranges or
 * the hypervisor's own slots.
 */
#include <satori/guest-access.h>

#include "check.h"

int main(void)
{
	/* Empty ranges never touch memory. */
	CHECK(guest_range_ok(0, 0));
	CHECK(guest_range_ok(GUEST_HV_HOLE_START, 0));
	CHECK(guest_range_ok(0x0000800000000000ULL, 0));
	/* Null is a guest address like any other; the access decides. */
	CHECK(guest_range_ok(0, 1));
	CHECK(guest_range_ok(0, 4096));
	/* Ordinary user and guest-kernel ranges. */
	CHECK(guest_range_ok(0x400000, 8192));
	CHECK(guest_range_ok(0x00007ffffffff000ULL, 0x1000));
	CHECK(guest_range_ok(GUEST_HV_HOLE_END, 8));
	CHECK(guest_range_ok(0xffffffff80000000ULL, 0x1000));
	CHECK(guest_range_ok(0xfffffffffffffff0ULL, 16));
	/* Wrapping. */
	CHECK(!guest_range_ok(0xfffffffffffffff0ULL, 17));
	CHECK(!guest_range_ok(0xffffffffffffffffULL, 2));
	CHECK(!guest_range_ok(1, SIZE_MAX));
	/* Non-canonical, and straddling the canonical boundary. */
	CHECK(!guest_range_ok(0x0000800000000000ULL, 1));
	CHECK(!guest_range_ok(0x00007ffffffffff8ULL, 9));
	CHECK(guest_range_ok(0x00007ffffffffff8ULL, 8));
	CHECK(!guest_range_ok(0xffff7fffffffffffULL, 1));
	CHECK(!guest_range_ok(0x1234000000000000ULL, 8));
	CHECK(!guest_range_ok(0x00007ffffffffff8ULL, 0xffff800000000000ULL));
	/* The hypervisor hole and its edges. */
	CHECK(!guest_range_ok(GUEST_HV_HOLE_START, 1));
	CHECK(!guest_range_ok(GUEST_HV_HOLE_END - 1, 1));
	CHECK(!guest_range_ok(0xffff830000000000ULL, 4096));
	/* The hole starts the canonical upper half: just below it is the
	 * non-canonical gap, so no range can enter it from below. */
	CHECK(!guest_range_ok(GUEST_HV_HOLE_START - 8, 8));
	CHECK(!guest_range_ok(GUEST_HV_HOLE_START - 8, 9));
	CHECK(!guest_range_ok(GUEST_HV_HOLE_END - 1, 9));
	CHECK(!guest_range_ok(0xffff7ffffffffff8ULL, 0x80000000010ULL));
	/* A range spanning the whole hole from below. */
	CHECK(!guest_range_ok(GUEST_HV_HOLE_START - 4096,
			      GUEST_HV_HOLE_END - GUEST_HV_HOLE_START + 8192));
	return check_summary("test-guest-range");
}
