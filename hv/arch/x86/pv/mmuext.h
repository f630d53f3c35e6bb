/* SPDX-License-Identifier: MIT */
/*
 * Internal interfaces of mmuext_op (hv/arch/x86/pv/mmuext*.c, baseptr.c):
 * the TLB-flush subops and the base-pointer switches.
 */
#ifndef PV_MMUEXT_H
#define PV_MMUEXT_H

#include <satori/domain.h>

/* Flush the TLBs of the CPUs that run vCPUs of @d: all of them, or those
 * whose bit is set in the guest bitmap at @vcpumask (an array of 64-bit
 * words). With @one, only the translation of @va (if it is a guest
 * address). 0, or -EINVAL if the bitmap cannot be read. */
int pv_flush_vcpus(struct domain *d, bool all, uint64_t vcpumask, bool one,
		   uint64_t va);

/* Flush this CPU's TLB, or one guest @va of it (ignored unless it is a
 * canonical guest address). */
void pv_flush_local(bool one, uint64_t va);

/* MMUEXT_NEW_BASEPTR / NEW_USER_BASEPTR for the current vCPU @v: take a
 * general and an L4 type reference on @mfn (validating it), install it,
 * reload CR3 if it is the active root, drop the old root's references.
 * 0 or get_page_and_type()'s -errno (not @v's frame, not a valid L4),
 * or -ERESTART if validating @mfn stopped (re-issue to carry on). A
 * devalidation of the old root that stops is left in
 * v->arch.pin_resume. The user root may be 0 (none). Page-table lock
 * held, no old table pending. */
int pv_new_baseptr(struct vcpu *v, uint64_t mfn);
int pv_new_user_baseptr(struct vcpu *v, uint64_t mfn);

#endif
