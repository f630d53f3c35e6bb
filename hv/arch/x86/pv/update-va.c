/* SPDX-License-Identifier: MIT */
/*
 * update_va_mapping and update_va_mapping_otherdomain: replace the L1
 * entry that maps linear address va in the calling vCPU's current (kernel)
 * page tables, then flush as the flags ask. As in Xen: va in the
 * hypervisor's range, or an L4/L3/L2 entry on the way that is not present
 * (or a superpage), or an L1 that is not a validated table of the
 * caller, is -EINVAL; the new entry is checked like any L1 entry and may
 * map the other domain's frames (otherdomain; privileged callers only).
 * The guest's tables are read through the direct map with the lock held,
 * so no guest entry is trusted beyond the frame-type rules.
 */
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/perfc.h>

#include <asm/cpu-ops.h>
#include <asm/page-type.h>
#include <asm/pv-mm.h>
#include <asm/tlb-clock.h>

#include <public/xen.h>

#include "mmu.h"

bool pv_find_l1(uint64_t l4_mfn, uint64_t va, mfn_t *l1)
{
	static const unsigned int shifts[3] = { L4_PAGETABLE_SHIFT,
						L3_PAGETABLE_SHIFT,
						L2_PAGETABLE_SHIFT };
	mfn_t mfn = _mfn(l4_mfn);

	for (unsigned int i = 0; i < 3; i++) {
		const pte_t *t;
		pte_t e;

		if (!mfn_valid(mfn))
			return false;
		t = pt_hook_map(mfn);
		e = __atomic_load_n(&t[PT_INDEX(va, shifts[i])],
				    __ATOMIC_RELAXED);
		pt_hook_unmap(t);
		if ((e & (_PAGE_PRESENT | _PAGE_PSE)) != _PAGE_PRESENT)
			return false;
		mfn = maddr_to_mfn(pte_addr(e));
	}
	*l1 = mfn;
	return mfn_valid(mfn);
}

static int update_l1(struct domain *d, struct domain *pg_owner, uint64_t va,
		     pte_t val)
{
	struct vcpu *v = current;
	struct page_info *pg;
	mfn_t l1;
	int rc = -EINVAL;

	if (!guest_range_ok(va, 1))
		return -EINVAL;
	pt_lock_two(d, pg_owner);
	if (!pv_find_l1(v->arch.guest_table, va, &l1))
		goto out;
	pg = mfn_to_page(l1);
	if (!get_page(pg, d))
		goto out;
	/* mod_l1_entry_foreign() also refuses a frame that is not a
	 * validated L1. */
	rc = mod_l1_entry_foreign(
		pg, (unsigned int)PT_INDEX(va, L1_PAGETABLE_SHIFT),
		pv_adjust_guest_entry(val), false, d, pg_owner);
	put_page(pg);
out:
	pt_unlock_two(d, pg_owner);
	return rc;
}

/* The flush part of @flags, after a successful update. */
static int flush_after(struct domain *d, uint64_t va, uint64_t flags)
{
	uint64_t type = flags & UVMF_FLUSHTYPE_MASK;
	uint64_t scope = flags & ~UVMF_FLUSHTYPE_MASK;
	cpumask_t mask;
	int rc;

	if (type != UVMF_TLB_FLUSH && type != UVMF_INVLPG)
		return 0;
	if (scope == UVMF_LOCAL) {
		if (type == UVMF_INVLPG)
			perfc_incr(guest_flush_one);
		else
			perfc_incr(guest_flush_full);
		if (type == UVMF_INVLPG)
			invlpg((const void *)va);
		else
			tlb_clock_flush_local();
		return 0;
	}
	if (scope == UVMF_ALL)
		pv_domain_cpus(d, &mask);
	else {
		rc = pv_vcpumask_to_pcpus(d, scope, &mask);
		if (rc)
			return rc;
	}
	pv_flush_tlb_mask(&mask, va, type == UVMF_INVLPG);
	return 0;
}

static __hot_mmu_first long update_va(uint64_t va, uint64_t val, uint64_t flags,
				      struct domain *pg_owner)
{
	struct domain *d = current->domain;
	int rc;

	/* Mapping another domain's frame needs privilege (Xen's XSM
	 * default); removing a mapping does not. */
	if ((val & _PAGE_PRESENT) && !pv_may_act_on(pg_owner))
		return -EPERM;
	rc = update_l1(d, pg_owner, va, val);
	if (!rc)
		rc = flush_after(d, va, flags);
	pv_mmu_hypercall_done(d);
	return rc;
}

long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags)
{
	return update_va(va, val, flags, current->domain);
}

long do_update_va_mapping_otherdomain(uint64_t va, uint64_t val, uint64_t flags,
				      uint64_t domid)
{
	struct domain *pg_owner = pv_get_pg_owner((uint16_t)domid);
	long rc;

	if (!pg_owner)
		return -ESRCH;
	rc = update_va(va, val, flags, pg_owner);
	pv_put_owner(pg_owner);
	return rc;
}
