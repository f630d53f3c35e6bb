/* SPDX-License-Identifier: MIT */
/*
 * Run the frame-type core's consistency checker (asm/page-type.h) over a
 * domain's frames: every vCPU's kernel and user L4, and each of its GDT
 * frames and mapped LDT pages, holds one general and one type reference
 * the tables cannot show, as do vcpu_info, the pirq EOI page and the FIFO
 * event-channel frames; pins are counted by the checker itself. Every
 * frame on d->page_list is covered, so tables pinned but unreachable from
 * CR3 and user base pointers are too. Other domains' grant mappings count
 * through their pins, except a dying mapper's host mappings: its grant
 * release dropped (or will drop) the pins, while its L1 entries keep the
 * references until its tables go, so its L1s are recounted instead.
 */
#include <satori/domain.h>
#include <satori/event.h>
#include <satori/grant-table.h>
#include <satori/log.h>
#include <satori/page-list.h>
#include <satori/spinlock.h>
#include <satori/xmalloc.h>

#include <asm/page-type.h>
#include <asm/pv-build.h>
#include <asm/pv-mm.h>

/* Dying domains a check looks into (more are reported, not counted). */
#define MAX_DYING 16

struct type_check {
	struct domain *d;
	/* Dying domains other than @d, referenced and page-table locked
	 * while the check runs, and their ids. */
	struct domain *dying[MAX_DYING];
	uint16_t dying_ids[MAX_DYING];
	unsigned int nr_dying;
	bool too_many;
	/* What their L1s hold on @d's frames, as pt_check's scratch. */
	uint64_t *dying_refs;
	unsigned long nr;
};

static void base_pointer_refs(const struct pt_check *c, mfn_t mfn,
			      uint64_t *general, uint64_t *type)
{
	const struct type_check *tc = c->ctx;
	const struct domain *d = tc->d;
	unsigned long at = mfn_x(mfn) - mfn_x(c->first);
	uint64_t n = 0, old = 0, gen, type_refs;

	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpus[i];

		if (!v)
			continue;
		n += v->arch.guest_table == mfn_x(mfn);
		n += v->arch.guest_table_user == mfn_x(mfn);
		/* set_gdt: a general and a seg_desc reference per frame. */
		for (unsigned int f = 0; f < (v->arch.gdt_ents + 511) / 512;
		     f++)
			n += v->arch.gdt_frames[f] == mfn_x(mfn);
		/* The LDT pages mapped so far: the same per page. */
		for (unsigned int f = 0; f < ARRAY_SIZE(v->arch.ldt_shadow);
		     f++)
			n += v->arch.ldt_shadow[f] == mfn_x(mfn);
		/* register_vcpu_info: a general and a writable reference. */
		n += v->vcpu_info_mfn == mfn_x(mfn);
		/* A pending devalidation: a general reference only. */
		old += v->arch.pin_resume.old_active &&
		       v->arch.pin_resume.old_mfn == mfn_x(mfn);
	}
	/* physdev_op pirq_eoi_gmfn_v2: a general and a writable reference. */
	n += d->arch.pirq_eoi_mfn == mfn_x(mfn);
	/* FIFO event channels: the same per control block and array page. */
	n += evtchn_fifo_frame_refs(tc->d, mfn_x(mfn));
	/* Other domains' grant mappings of this frame (pins), and dying
	 * mappers' L1 entries in place of their host pins. */
	grant_foreign_refs(d, mfn_x(mfn), tc->dying_ids, tc->nr_dying, &gen,
			   &type_refs);
	*general = n + old + gen + tc->dying_refs[at];
	*type = n + type_refs + tc->dying_refs[tc->nr + at];
}

static void report(const struct pt_check *c, mfn_t mfn, const char *what)
{
	const struct type_check *tc = c->ctx;
	const struct domain *d = tc->d;

	log_err("typecheck: d%u: mfn %#lx: %s\n", d->domain_id, mfn_x(mfn),
		what);
}

static void note_dying(struct domain *o, void *arg)
{
	struct type_check *tc = arg;

	if (o == tc->d || o->state != DOMSTATE_DYING)
		return;
	if (tc->nr_dying == MAX_DYING) {
		tc->too_many = true;
		return;
	}
	tc->dying_ids[tc->nr_dying++] = o->domain_id;
}

/* Reference and lock every dying domain but @tc->d (whose lock the
 * caller holds: a dying domain's slices take no other domain's lock, so
 * live-then-dying cannot deadlock); ids of those already gone drop out. */
static void take_dying(struct type_check *tc)
{
	unsigned int kept = 0;

	domain_for_each(note_dying, tc);
	for (unsigned int i = 0; i < tc->nr_dying; i++) {
		struct domain *o = get_domain_by_id_dying(tc->dying_ids[i]);

		if (!o)
			continue;
		pt_lock(o);
		tc->dying[kept] = o;
		tc->dying_ids[kept++] = o->domain_id;
	}
	tc->nr_dying = kept;
	if (tc->too_many)
		log_err("typecheck: more than %u dying domains: counts may "
			"differ\n",
			MAX_DYING);
}

static void put_dying(struct type_check *tc)
{
	for (unsigned int i = 0; i < tc->nr_dying; i++) {
		pt_unlock(tc->dying[i]);
		put_domain(tc->dying[i]);
	}
	tc->nr_dying = 0;
}

/* Recount what the dying domains' L1s hold on @tc->d's frames in
 * [@first, @end); the total general references. */
static unsigned long count_dying_l1s(struct type_check *tc, mfn_t first,
				     mfn_t end)
{
	unsigned long total = 0;

	for (unsigned long i = 0; i < 2 * tc->nr; i++)
		tc->dying_refs[i] = 0;
	for (unsigned int k = 0; k < tc->nr_dying; k++) {
		struct domain *o = tc->dying[k];

		spin_lock(&o->page_alloc_lock);
		for (struct page_info *pg = page_list_first(&o->page_list); pg;
		     pg = page_list_next(pg))
			pt_count_foreign_l1(pg, tc->d, first, end,
					    tc->dying_refs);
		spin_unlock(&o->page_alloc_lock);
	}
	for (unsigned long i = 0; i < tc->nr; i++)
		total += tc->dying_refs[i];
	return total;
}

static unsigned int check_types(struct domain *d, bool verbose,
				unsigned long *dying_refs)
{
	struct type_check tc = { .d = d };
	struct pt_check c = { .extra_refs = base_pointer_refs,
			      .report = report,
			      .ctx = &tc,
			      .owner = d };
	unsigned long lo = ~0UL, hi = 0, nr;
	unsigned int problems;

	for (struct page_info *pg = page_list_first(&d->page_list); pg;
	     pg = page_list_next(pg)) {
		lo = mfn_x(page_to_mfn(pg)) < lo ? mfn_x(page_to_mfn(pg)) : lo;
		hi = mfn_x(page_to_mfn(pg)) > hi ? mfn_x(page_to_mfn(pg)) : hi;
	}
	if (lo > hi)
		return 0;
	nr = hi + 1 - lo;
	c.first = _mfn(lo);
	c.end = _mfn(hi + 1);
	c.scratch = xmalloc_array(uint64_t, 4 * nr);
	if (!c.scratch) {
		log_err("typecheck: d%u: no memory for %lu frames\n",
			d->domain_id, nr);
		return 1;
	}
	tc.nr = nr;
	tc.dying_refs = c.scratch + 2 * nr;
	take_dying(&tc);
	*dying_refs = count_dying_l1s(&tc, c.first, c.end);
	problems = pt_check_frames(&c);
	put_dying(&tc);
	if (verbose)
		log_info("typecheck: d%u: frames %#lx-%#lx, %u problems\n",
			 d->domain_id, lo, hi, problems);
	xfree(c.scratch);
	return problems;
}

unsigned int pv_check_page_types(struct domain *d)
{
	unsigned long dying_refs;

	return check_types(d, true, &dying_refs);
}

unsigned int pv_check_page_types_quiet(struct domain *d,
				       unsigned long *dying_refs)
{
	return check_types(d, false, dying_refs);
}
