/* SPDX-License-Identifier: MIT */
/*
 * Internal helpers shared by the PV MMU hypercalls (mmu_update,
 * update_va_mapping): choosing and checking the domains a request names,
 * and the flag adjustments Xen applies to 64-bit PV guests' entries.
 */
#ifndef PV_MMU_H
#define PV_MMU_H

#include <satori/domain.h>

#include <satori/page-info.h>

#include <asm/pte.h>
#include <asm/pt-resume.h>
#include <asm/pv-mm.h>

/*
 * The owner of the frames a request maps (Xen's get_pg_owner): the caller
 * for DOMID_SELF, else the live domain @domid with a reference taken.
 * NULL (the caller answers -ESRCH) for the caller's own id, DOMID_IO
 * (no I/O domain exists), DOMID_XEN and unknown ids. Release with
 * pv_put_owner().
 */
struct domain *pv_get_pg_owner(uint16_t domid);

/* Drops the reference pv_get_pg_owner() took (none for the caller). Inline,
 * like pv_may_act_on(): every MMU hypercall runs them. */
static inline void pv_put_owner(struct domain *d)
{
	if (d && d != current->domain)
		put_domain(d);
}

/* Whether the current domain may act on @t (itself, or privileged): Xen's
 * default XSM "target" rule. */
static inline bool pv_may_act_on(const struct domain *t)
{
	const struct domain *curr = current->domain;

	return t == curr || curr->is_privileged;
}

/* 64-bit PV guest kernels run in ring 3: present entries are made
 * user-accessible, as Xen's adjust_guest_l*e do. */
static inline pte_t pv_adjust_guest_entry(pte_t e)
{
	return pte_present(e) ? e | _PAGE_USER : e;
}

/* The L1 table frame that maps @va under the L4 @l4_mfn, in *@l1: false
 * if an entry on the way is missing or a superpage. The caller holds the
 * domain's page-table lock. */
bool pv_find_l1(uint64_t l4_mfn, uint64_t va, mfn_t *l1);

/* Run the ptcheck= checker on @d after an MMU hypercall (if asked). */
static inline void pv_mmu_hypercall_done(struct domain *d)
{
	if (pv_ptcheck_each_hypercall)
		pv_ptcheck(d, true);
}

/*
 * The vCPU's pending devalidation (Xen's old_guest_table, asm/pt-resume.h)
 * around the MMU hypercalls @nr (mmu_update, mmuext_op, arguments
 * @a0-@a3), which finish it first. pv_old_table_first() sets the call's
 * work budget and carries the devalidation on: true when the call is
 * over with *@rc (a continuation with the same arguments when it stopped
 * again, or the result a finished batch left in @a3 when called as
 * pv_finish_old_table() arranged). pv_finish_old_table(): a batch that is
 * done with @rc but left a pending devalidation returns @rc only after
 * it (a continuation with no requests and the count
 * MMU_UPDATE_PREEMPTED, as Xen does). Inline: every MMU call asks.
 * (pv/old-table.c)
 */
bool pv_old_table_slow(unsigned int nr, uint64_t a0, uint64_t a1, uint64_t a2,
		       uint64_t a3, long *rc);
long pv_finish_old_table(unsigned int nr, long rc);

static inline bool pv_old_table_first(unsigned int nr, uint64_t a0, uint64_t a1,
				      uint64_t a2, uint64_t a3, long *rc)
{
	struct pt_resume *r = &current->arch.pin_resume;

	r->budget = PT_WORK_BUDGET;
	if (!r->old_active && (a0 || (uint32_t)a1 != MMU_UPDATE_PREEMPTED))
		return false;
	return pv_old_table_slow(nr, a0, a1, a2, a3, rc);
}

#endif
