/* SPDX-License-Identifier: MIT */
/*
 * Which guest virtual ranges the hypervisor may touch on a guest's behalf.
 * Pure arithmetic, shared by the accessors and the host unit test. The
 * hole check matters most: without it a guest could make the hypervisor
 * read or write its own memory through a copy_*_guest call.
 */
#include <satori/guest-access.h>

/* Canonical with 48-bit virtual addresses: bits 63..47 all equal. */
static bool is_canonical(uint64_t va)
{
	return ((int64_t)(va << 16) >> 16) == (int64_t)va;
}

bool guest_range_ok(uint64_t va, size_t n)
{
	uint64_t last;

	if (n == 0)
		return true;
	last = va + (n - 1);
	if (last < va)
		return false; /* Wraps around the address space. */
	if (!is_canonical(va) || !is_canonical(last))
		return false;
	if ((va ^ last) >> 63)
		return false; /* Spans the non-canonical gap. */
	return last < GUEST_HV_HOLE_START || va >= GUEST_HV_HOLE_END;
}
