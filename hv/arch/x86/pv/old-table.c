/* SPDX-License-Identifier: MIT */
/*
 * The vCPU's pending devalidation around the MMU hypercalls (pv/mmu.h):
 * a table whose last type reference went while the devalidation of its
 * hierarchy had to stop (an unpin, a base pointer switch, an entry
 * update) is finished, preemptibly, at the start of the vCPU's next
 * mmu_update or mmuext_op, before anything else; the batch that left it
 * makes sure there is such a call (Xen's old_guest_table).
 */
#include <satori/domain.h>
#include <satori/hypercall.h>

#include <asm/page-type.h>

#include "mmu.h"

bool pv_old_table_slow(unsigned int nr, uint64_t a0, uint64_t a1, uint64_t a2,
		       uint64_t a3, long *rc)
{
	struct vcpu *v = current;
	struct pt_resume *r = &v->arch.pin_resume;
	int put;

	if (r->old_active) {
		pt_lock(v->domain);
		put = pt_put_old_table(r);
		pt_unlock(v->domain);
		if (put) {
			const uint64_t args[HYPERCALL_MAX_ARGS] = { a0, a1, a2,
								    a3, 0 };

			*rc = hypercall_create_continuation(nr, args);
			return true;
		}
	}
	if (!a0 && (uint32_t)a1 == MMU_UPDATE_PREEMPTED) {
		*rc = (int)a3;
		return true;
	}
	return false;
}

long pv_finish_old_table(unsigned int nr, long rc)
{
	const uint64_t args[HYPERCALL_MAX_ARGS] = { 0, MMU_UPDATE_PREEMPTED, 0,
						    (uint32_t)rc, 0 };

	return hypercall_create_continuation(nr, args);
}
