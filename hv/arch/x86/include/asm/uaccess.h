/* SPDX-License-Identifier: MIT */
/*
 * Byte copies that survive faults (hv/arch/x86/mm/probe.S). Each returns
 * the number of bytes not transferred: 0 means all of them. Callers check
 * the range and lift SMAP first (see <satori/guest-access.h>).
 * The quadword copies below are the inline variants for the trap-bounce
 * and HYPERVISOR_iret paths, whose frames are whole quadwords: the same
 * range check, SMAP window and fault fixup, without two calls.
 */
#ifndef ASM_X86_UACCESS_H
#define ASM_X86_UACCESS_H

#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/string.h>
#include <satori/types.h>

#include <asm/cpu-ops.h>
#include <asm/cpufeature.h>
#include <asm/extable.h>

size_t raw_copy_bytes(void *dst, const void *src, size_t n);
size_t raw_clear_bytes(void *dst, size_t n);

/* Copy @nq quadwords with rep movsq; a fault ends the copy (the fixup
 * resumes after it with RCX = what is left). @return quadwords not
 * copied. Callers check the range and lift SMAP. */
static inline size_t raw_copy_qwords(void *dst, const void *src, size_t nq)
{
#ifdef __clang_analyzer__
	/* What the asm does, for the static analyzer, which cannot see
	 * stores made by rep movsq. */
	memcpy(dst, src, nq * sizeof(uint64_t));
	return 0;
#endif
	__asm__ __volatile__("1: rep movsq\n"
			     "2:\n" ASM_EXTABLE(1b, 2b)
			     : "+D"(dst), "+S"(src), "+c"(nq)
			     :
			     : "memory");
	return nq;
}

/* copy_to_guest_raw() for @nq quadwords: 0, or -EFAULT (range refused,
 * or a fault; then a prefix may have been written). */
static inline int copy_qwords_to_guest(uint64_t guest_va, const uint64_t *src,
				       size_t nq)
{
	size_t left;

	if (!guest_range_ok(guest_va, nq * sizeof(uint64_t)))
		return -EFAULT;
	if (cpu_has_smap)
		stac();
	left = raw_copy_qwords((void *)(uintptr_t)guest_va, src, nq);
	if (cpu_has_smap)
		clac();
	return left ? -EFAULT : 0;
}

/* copy_from_guest_raw() for @nq quadwords, the same way. */
static inline int copy_qwords_from_guest(uint64_t *dst, uint64_t guest_va,
					 size_t nq)
{
	size_t left;

	if (!guest_range_ok(guest_va, nq * sizeof(uint64_t)))
		return -EFAULT;
	if (cpu_has_smap)
		stac();
	left = raw_copy_qwords(dst, (const void *)(uintptr_t)guest_va, nq);
	if (cpu_has_smap)
		clac();
	return left ? -EFAULT : 0;
}

#endif
