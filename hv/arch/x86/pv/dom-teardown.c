/* SPDX-License-Identifier: MIT */
/*
 * Teardown helpers of the PV MMU: the page-table locks of two domains in
 * a fixed order, and the shared_info frame's ownership (a hypervisor
 * page the guest may map read-write). Releasing a dying domain's frames
 * is in dom-relinquish.c.
 */
#include <satori/log.h>

#include <asm/page-type.h>
#include <asm/pv-mm.h>
#include <asm/tlb-clock.h>

void pt_lock_two(struct domain *a, struct domain *b)
{
	if (a == b) {
		pt_lock(a);
		return;
	}
	if (a->domain_id > b->domain_id) {
		struct domain *t = a;

		a = b;
		b = t;
	}
	pt_lock(a);
	pt_lock(b);
}

void pt_unlock_two(struct domain *a, struct domain *b)
{
	pt_unlock(a);
	if (a != b)
		pt_unlock(b);
}

void pv_share_xen_page(struct domain *d, void *va)
{
	struct page_info *pg = virt_to_page(va);

	pg->owner = d;
	pg->count_info = PGC_xen_heap | PGC_allocated | 1;
	/* A permanent writable type reference: it never becomes a table. */
	pg->u.type_info = PGT_writable_page | PGT_validated | 1;
}

bool pv_unshare_xen_page(struct domain *d, void *va)
{
	struct page_info *pg = virt_to_page(va);

	if (pg->count_info != (PGC_xen_heap | PGC_allocated | 1) ||
	    pg->u.type_info != (PGT_writable_page | PGT_validated | 1)) {
		log_err("domain: d%u: shared page %#lx still referenced "
			"(count %#lx type %#lx), not freed\n",
			d->domain_id, mfn_x(page_to_mfn(pg)), pg->count_info,
			pg->u.type_info);
		return false;
	}
	tlb_clock_stamp(pg);
	pg->count_info = PGC_xen_heap;
	pg->u.type_info = 0;
	pg->owner = NULL;
	return true;
}
