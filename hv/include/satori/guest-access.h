/* SPDX-License-Identifier: MIT */
/*
 * Raw access to guest virtual memory through the current page tables.
 *
 * Every access is first checked by guest_range_ok() (a pure function), then
 * performed with SMAP lifted (stac/clac, when the CPU has SMAP) by code
 * covered by an exception-table fixup: a fault in the middle ends the copy
 * and the accessor returns -EFAULT. Nothing is retried or logged: a bad
 * pointer from a guest is the guest's error, reported to it.
 */
#ifndef SATORI_GUEST_ACCESS_H
#define SATORI_GUEST_ACCESS_H

#include <satori/types.h>

/* The range reserved for the hypervisor in every PV address space
 * (Xen's HYPERVISOR_VIRT_START/END for x86-64, L4 slots 256-271). */
#define GUEST_HV_HOLE_START 0xffff800000000000ULL
#define GUEST_HV_HOLE_END 0xffff880000000000ULL

/* Canonical with 48-bit virtual addresses: bits 63..47 all equal. */
static inline bool guest_va_canonical(uint64_t va)
{
	return ((int64_t)(va << 16) >> 16) == (int64_t)va;
}

/*
 * True if [@va, @va + @n) may be accessed on a guest's behalf: it does not
 * wrap, lies entirely in one canonical half (48-bit addresses) and does not
 * touch the hypervisor hole. An empty range is always acceptable. Address
 * 0 is a legitimate guest address (the access itself decides). Pure
 * arithmetic, inline because every guest copy runs it; the hole check
 * matters most: without it a guest could make the hypervisor read or
 * write its own memory through a copy_*_guest call.
 */
static inline bool guest_range_ok(uint64_t va, size_t n)
{
	uint64_t last;

	if (n == 0)
		return true;
	last = va + (n - 1);
	if (last < va)
		return false; /* Wraps around the address space. */
	if (!guest_va_canonical(va) || !guest_va_canonical(last))
		return false;
	if ((va ^ last) >> 63)
		return false; /* Spans the non-canonical gap. */
	return last < GUEST_HV_HOLE_START || va >= GUEST_HV_HOLE_END;
}

/* Copy @n bytes; @return 0, or -EFAULT (range refused or access faulted;
 * on a fault a prefix may have been copied). */
int copy_from_guest_raw(void *dst, uint64_t guest_va, size_t n);
int copy_to_guest_raw(uint64_t guest_va, const void *src, size_t n);
int clear_guest_raw(uint64_t guest_va, size_t n);

#endif
