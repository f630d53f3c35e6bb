/* SPDX-License-Identifier: MIT */
/*
 * Releasing a dying PV domain's memory through the frame-type core, so
 * that no frame is freed while anything still references it: first the
 * references that keep tables validated (CR3s, pins), whose release
 * devalidates the tables and drops everything their entries held, and
 * the GDT frames' descriptor references, then tables left partial by
 * preemptible hypercalls (page-type.c), then
 * each frame's allocation reference. Also the shared_info frame's
 * ownership (a hypervisor page the guest may map read-write).
 */
#include <satori/log.h>
#include <satori/page-list.h>

#include <asm/page-type.h>
#include <asm/pv-desc.h>
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

/* Drop the CR3 reference @mfn stands for, if it is one of @d's L4s (a
 * selftest may point a vCPU at hypervisor-owned tables, holding none). */
static void drop_base(const struct domain *d, uint64_t *mfn)
{
	struct page_info *pg;

	if (!*mfn || !mfn_valid(_mfn(*mfn)))
		goto out;
	pg = mfn_to_page(_mfn(*mfn));
	if (pg->owner == d &&
	    (pg->u.type_info & PGT_type_mask) == PGT_l4_page_table &&
	    (pg->u.type_info & PGT_count_mask))
		put_page_and_type(pg);
out:
	*mfn = 0;
}

static void drop_bases_and_pins(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];

		if (!v)
			continue;
		/* A devalidation an MMU hypercall left to finish. */
		pt_put_old_table_now(&v->arch.pin_resume);
		drop_base(d, &v->arch.guest_table);
		drop_base(d, &v->arch.guest_table_user);
		pv_gdt_destroy(v); /* set_gdt's descriptor-page references */
		(void)pv_ldt_destroy(v); /* the LDT pages mapped */
	}
	/* Unpinning frees nothing: every frame still has its allocation
	 * reference. */
	for (struct page_info *pg = page_list_first(&d->page_list); pg;
	     pg = page_list_next(pg))
		if (pg->u.type_info & PGT_pinned)
			(void)unpin_table(pg, d);
	/* Tables whose validation or devalidation stopped part way and was
	 * never carried on hold their entries' references and their own. */
	for (struct page_info *pg = page_list_first(&d->page_list); pg;
	     pg = page_list_next(pg))
		if (pg->u.type_info & PGT_partial)
			pt_release_partial(pg);
}

/* Frames still referenced after their allocation reference went. */
static unsigned long orphan_leftovers(struct domain *d)
{
	struct page_info *pg;
	unsigned long n = 0;

	spin_lock(&d->page_alloc_lock);
	while ((pg = page_list_first(&d->page_list))) {
		page_list_del(pg, &d->page_list);
		pg->owner = NULL;
		d->tot_pages--;
		n++;
	}
	spin_unlock(&d->page_alloc_lock);
	return n;
}

void pv_domain_relinquish(struct domain *d)
{
	struct page_info *pg, *next;
	unsigned long orphans;

	pt_lock(d);
	/* Its vCPUs are off every CPU: see domain_free_page(). */
	d->arch.dying = true;
	drop_bases_and_pins(d);
	if (d->arch.pirq_eoi_mfn) { /* physdev_op pirq_eoi_gmfn_v2 */
		put_page_and_type(mfn_to_page(_mfn(d->arch.pirq_eoi_mfn)));
		d->arch.pirq_eoi_mfn = 0;
	}
	for (pg = page_list_first(&d->page_list); pg; pg = next) {
		/* put_page() frees only @pg (through domain_free_page). */
		next = page_list_next(pg);
		if (!(pg->count_info & PGC_allocated))
			continue;
		pg->count_info &= ~PGC_allocated;
		put_page(pg);
	}
	orphans = orphan_leftovers(d);
	pt_unlock(d);
	if (orphans)
		log_err("domain: d%u: %lu frames still referenced, orphaned\n",
			d->domain_id, orphans);
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
