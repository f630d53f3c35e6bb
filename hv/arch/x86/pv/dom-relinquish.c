/* SPDX-License-Identifier: MIT */
/*
 * Releasing a dying PV domain's memory through the frame-type core, in
 * slices (Xen's domain_relinquish_resources): phases kept in
 * d->arch.rel, each slice bounded by a work budget and stopped early by a
 * pending softirq. First the references that keep tables validated (CR3s,
 * a devalidation an MMU hypercall left, GDT/LDT frames), then the pins,
 * then tables left partial by preemptible hypercalls, then each frame's
 * allocation reference. A devalidation that stops part way is carried in
 * d->arch.rel.resume and finished first by the next slice. The walks over
 * the page list hold a general reference on the frame they stand at, so
 * that it stays on the list while the lock is dropped between slices.
 */
#include <satori/bug.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/hypercall.h>
#include <satori/log.h>
#include <satori/page-list.h>
#include <satori/spinlock.h>

#include <asm/page-type.h>
#include <asm/pv-desc.h>
#include <asm/pv-mm.h>

enum rel_phase {
	REL_BASES,   /* vCPUs' CR3s, pending devalidations, GDT/LDT. */
	REL_PINS,    /* Every pinned table unpinned. */
	REL_PARTIAL, /* Tables a stopped validation left partial. */
	REL_MEMORY,  /* Every frame's allocation reference. */
	REL_DONE,
};

/* Work units (asm/pt-resume.h) per frame a walk visits, and per frame it
 * gives back to the heap (the buddy allocator's merging, the M2P). */
#define REL_VISIT_COST 2u
#define REL_FREE_COST 8u

static bool rel_should_yield(struct pt_resume *r)
{
	return r && (!r->budget || hypercall_preempt_check());
}

static void rel_charge(struct pt_resume *r, unsigned int units)
{
	if (r)
		r->budget = r->budget > units ? r->budget - units : 0;
}

/* Drop a table reference (a CR3 or a pin): at once without @r, else
 * preemptibly, -ERESTART leaving the rest in @r. */
static int rel_put_table(struct page_info *pg, struct pt_resume *r)
{
	if (!r) {
		put_page_and_type(pg);
		return 0;
	}
	return put_page_and_type_preemptible(pg, r);
}

/* Drop the CR3 reference @mfn stands for, if it is one of @d's L4s (a
 * selftest may point a vCPU at hypervisor-owned tables, holding none). */
static int drop_base(const struct domain *d, uint64_t *mfn, struct pt_resume *r)
{
	struct page_info *pg;
	uint64_t m = *mfn;

	*mfn = 0;
	if (!m || !mfn_valid(_mfn(m)))
		return 0;
	pg = mfn_to_page(_mfn(m));
	if (pg->owner != d ||
	    (pg->u.type_info & PGT_type_mask) != PGT_l4_page_table ||
	    !(pg->u.type_info & PGT_count_mask))
		return 0;
	return rel_put_table(pg, r);
}

/* A devalidation an MMU hypercall of @v left to finish: at once without
 * @r, else it becomes @r's (which has none pending). */
static int take_vcpu_old_table(struct vcpu *v, struct pt_resume *r)
{
	struct pt_resume *pin = &v->arch.pin_resume;

	if (!pin->old_active)
		return 0;
	if (!r) {
		pt_put_old_table_now(pin);
		return 0;
	}
	r->old_mfn = pin->old_mfn;
	r->old_active = true;
	pin->old_active = false;
	return pt_put_old_table(r);
}

/* Each step leaves nothing to redo: a re-run after -ERESTART carries on. */
static int rel_vcpu(struct domain *d, struct vcpu *v, struct pt_resume *r)
{
	int rc = take_vcpu_old_table(v, r);

	if (!rc)
		rc = drop_base(d, &v->arch.guest_table, r);
	if (!rc)
		rc = drop_base(d, &v->arch.guest_table_user, r);
	if (rc)
		return rc;
	pv_gdt_destroy(v);	 /* set_gdt's descriptor-page references */
	(void)pv_ldt_destroy(v); /* the LDT pages mapped */
	return 0;
}

static int rel_bases(struct domain *d, struct pt_resume *r)
{
	for (; d->arch.rel.vcpu < d->max_vcpus; d->arch.rel.vcpu++) {
		struct vcpu *v = d->vcpus[d->arch.rel.vcpu];
		int rc;

		if (!v)
			continue;
		rc = rel_vcpu(d, v, r);
		if (rc)
			return rc;
	}
	if (d->arch.pirq_eoi_mfn) { /* physdev_op pirq_eoi_gmfn_v2 */
		put_page_and_type(mfn_to_page(_mfn(d->arch.pirq_eoi_mfn)));
		d->arch.pirq_eoi_mfn = 0;
	}
	return 0;
}

/* The frame after @pg (NULL: the first) on @d's page list, with a general
 * reference so that it stays there; NULL at the end. Every frame on the
 * list has a reference (the last one takes it off), so get_page works. */
static struct page_info *rel_next(struct domain *d, struct page_info *pg)
{
	struct page_info *next;

	spin_lock(&d->page_alloc_lock);
	next = pg ? page_list_next(pg) : page_list_first(&d->page_list);
	BUG_ON(next && !get_page(next, d));
	spin_unlock(&d->page_alloc_lock);
	return next;
}

/* What a walk does to one frame, which it holds a reference on: 0, or
 * -ERESTART when a devalidation stopped and @r holds the rest. */
typedef int rel_frame_fn(struct domain *d, struct page_info *pg,
			 struct pt_resume *r);

/* Apply @fn to every frame from the cursor on. 0: the list is done
 * (@r may still hold a devalidation); -ERESTART: stopped at the cursor. */
static int rel_walk(struct domain *d, rel_frame_fn *fn, struct pt_resume *r)
{
	struct page_info *pg = d->arch.rel.cursor_held
				       ? mfn_to_page(_mfn(d->arch.rel.cursor))
				       : rel_next(d, NULL);

	d->arch.rel.cursor_held = false;
	while (pg) {
		struct page_info *next;
		int rc = fn(d, pg, r);

		rel_charge(r, REL_VISIT_COST);
		next = rel_next(d, pg);
		put_page(pg); /* May free it, never @next. */
		pg = next;
		if (pg && (rc || rel_should_yield(r))) {
			d->arch.rel.cursor = mfn_x(page_to_mfn(pg));
			d->arch.rel.cursor_held = true;
			return -ERESTART;
		}
	}
	return 0;
}

/* Unpinning frees nothing but given-back frames: the rest still have
 * their allocation reference. */
static int rel_unpin(struct domain *d, struct page_info *pg,
		     struct pt_resume *r)
{
	(void)d;
	if (!(pg->u.type_info & PGT_pinned))
		return 0;
	pg->u.type_info &= ~PGT_pinned;
	return rel_put_table(pg, r);
}

/* A table whose validation or devalidation stopped part way and was never
 * carried on holds its entries' references and its own. With @r, a
 * partial reference of @r's (one more general reference) drops them. */
static int rel_partial(struct domain *d, struct page_info *pg,
		       struct pt_resume *r)
{
	if (!(pg->u.type_info & PGT_partial))
		return 0;
	if (!r) {
		pt_release_partial(pg);
		return 0;
	}
	BUG_ON(!get_page(pg, d)); /* We hold one: no failure. */
	r->old_mfn = mfn_x(page_to_mfn(pg));
	r->old_active = true;
	return pt_put_old_table(r);
}

/* The walk's own reference frees the frame when it moves on. */
static int rel_unallocate(struct domain *d, struct page_info *pg,
			  struct pt_resume *r)
{
	(void)d;
	if (pg->count_info & PGC_allocated) {
		pg->count_info &= ~PGC_allocated;
		put_page(pg);
		rel_charge(r, REL_FREE_COST);
	}
	return 0;
}

static int rel_phase_step(struct domain *d, struct pt_resume *r)
{
	switch (d->arch.rel.phase) {
	case REL_BASES:
		return rel_bases(d, r);
	case REL_PINS:
		return rel_walk(d, rel_unpin, r);
	case REL_PARTIAL:
		return rel_walk(d, rel_partial, r);
	case REL_MEMORY:
		return rel_walk(d, rel_unallocate, r);
	}
	BUG();
}

/* Frames still referenced after their allocation reference went (by
 * another domain's tables): off the list, ownerless. */
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

/* Run phases until done, or (with @r) until the slice is spent. */
static int rel_run(struct domain *d, struct pt_resume *r)
{
	int rc = 0;

	while (d->arch.rel.phase != REL_DONE) {
		if (r)
			rc = pt_put_old_table(r);
		if (!rc)
			rc = rel_phase_step(d, r);
		if (!rc) {
			d->arch.rel.phase++;
			continue;
		}
		/* A devalidation left in @r is carried on while the slice
		 * lasts; a walk that stopped stopped for the slice. */
		if (rel_should_yield(r))
			return -ERESTART;
		rc = 0;
	}
	return r ? pt_put_old_table(r) : 0;
}

int pv_domain_relinquish(struct domain *d, bool preemptible)
{
	struct pt_resume *r = preemptible ? &d->arch.rel.resume : NULL;
	unsigned long orphans;
	int rc;

	/* A slice does not wait for the lock: its holder may be a long
	 * check (ptcheck= counting this domain's tables as a dying grant
	 * mapper's) on another CPU, and slices run from a timer. */
	if (!preemptible)
		pt_lock(d);
	else if (!spin_trylock(&d->arch.pt_lock))
		return -ERESTART;
	/* Its vCPUs are off every CPU: see domain_free_page(). */
	d->arch.dying = true;
	if (r)
		r->budget = PT_WORK_BUDGET;
	else /* Finishing at once what slices began. */
		pt_put_old_table_now(&d->arch.rel.resume);
	rc = rel_run(d, r);
	if (rc) {
		pt_unlock(d);
		return rc;
	}
	orphans = orphan_leftovers(d);
	pt_unlock(d);
	/* Since the memory goes at domain_kill (as Xen), a granter's frames
	 * another domain still maps are the usual case, not an error. */
	if (orphans)
		log_info("domain: d%u: %lu frames mapped by other domains: "
			 "freed by their last unmap\n",
			 d->domain_id, orphans);
	return 0;
}
