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

/*
 * True if [@va, @va + @n) may be accessed on a guest's behalf: it does not
 * wrap, lies entirely in one canonical half (48-bit addresses) and does not
 * touch the hypervisor hole. An empty range is always acceptable. Address
 * 0 is a legitimate guest address (the access itself decides).
 */
bool guest_range_ok(uint64_t va, size_t n);

/* Copy @n bytes; @return 0, or -EFAULT (range refused or access faulted;
 * on a fault a prefix may have been copied). */
int copy_from_guest_raw(void *dst, uint64_t guest_va, size_t n);
int copy_to_guest_raw(uint64_t guest_va, const void *src, size_t n);
int clear_guest_raw(uint64_t guest_va, size_t n);

#endif
