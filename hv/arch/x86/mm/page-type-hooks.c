/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's side of the frame-type core's hooks: frames are read
 * through the direct map, the hypervisor L4 slots come from the idle L4,
 * and the TLB-flush clock is asm/tlb-clock.h (flush only CPUs that have
 * not flushed since the frame's last type-dependent mapping went). A
 * freed frame leaves its owner's page list here. No I/O or
 * cache-attribute privilege exists yet, so those are refused; descriptor
 * pages get Xen's descriptor check.
 */
#include <asm/page-type.h>

#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/smp.h>

#include <asm/layout.h>
#include <asm/m2p.h>
#include <asm/mm.h>
#include <asm/pv-desc.h>
#include <asm/tlb-clock.h>

_Static_assert(PT_HV_FIRST_L4_SLOT == HV_FIRST_L4_SLOT &&
		       PT_HV_LAST_L4_SLOT == HV_LAST_L4_SLOT,
	       "hypervisor L4 slots");

pte_t *pt_hook_map(mfn_t mfn)
{
	return page_to_virt(mfn_to_page(mfn));
}

void pt_hook_unmap(const pte_t *table)
{
	(void)table; /* The direct map stays. */
}

bool pt_hook_iomem_allowed(const struct domain *d, mfn_t mfn)
{
	(void)d;
	(void)mfn;
	return false; /* No iomem permissions exist yet. */
}

bool pt_hook_cache_attrs_allowed(const struct domain *d)
{
	(void)d;
	return false;
}

void pt_hook_type_released(struct page_info *pg)
{
	tlb_clock_stamp(pg);
}

void pt_hook_type_change_flush(struct page_info *pg)
{
	tlb_clock_flush_for(pg);
}

void pt_hook_fill_hv_l4_slots(pte_t *l4, mfn_t mfn)
{
	(void)mfn;
	for (unsigned int i = HV_FIRST_L4_SLOT; i <= HV_LAST_L4_SLOT; i++)
		l4[i] = idle_pg_table[i];
}

int pt_hook_check_desc_page(mfn_t mfn)
{
	/* Fixes DPLs up in place, as Xen does (asm/pv-desc.h). */
	return pv_check_desc_table(page_to_virt(mfn_to_page(mfn)));
}

void pt_hook_free_page(struct page_info *pg)
{
	if (pg->count_info & PGC_xen_heap) {
		/* A hypervisor page shared with its domain (shared_info): it
		 * goes back to the domain code, which frees it. */
		return;
	}
	/* A domain's frame also leaves its owner's list and tot_pages. */
	if (pg->owner) {
		domain_free_page(pg);
		return;
	}
	/* An orphan (its domain is gone): a foreign table held the last
	 * reference, and a CPU may still cache that mapping. */
	tlb_clock_stamp(pg);
	tlb_clock_flush_for(pg);
	m2p_set(page_to_mfn(pg), INVALID_M2P_ENTRY);
	/* free_domheap_pages() takes frames still marked allocated; here the
	 * allocation's own reference (the last one) has already gone. */
	pg->count_info |= PGC_allocated;
	free_domheap_pages(pg, 0);
}
