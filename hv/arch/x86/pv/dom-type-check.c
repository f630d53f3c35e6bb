/* SPDX-License-Identifier: MIT */
/*
 * Run the frame-type core's consistency checker (asm/page-type.h) over a
 * domain's frames: every vCPU's kernel and user L4, and each of its GDT
 * frames and mapped LDT pages, holds one general and one type reference
 * the tables cannot show, as do vcpu_info, the pirq EOI page and the FIFO event-channel
 * frames; pins are counted by the checker itself. Every frame on
 * d->page_list is covered, so tables pinned but unreachable from CR3 and
 * user base pointers are too.
 */
#include <satori/domain.h>
#include <satori/event.h>
#include <satori/grant-table.h>
#include <satori/log.h>
#include <satori/page-list.h>
#include <satori/xmalloc.h>

#include <asm/page-type.h>
#include <asm/pv-build.h>

static void base_pointer_refs(const struct pt_check *c, mfn_t mfn,
			      uint64_t *general, uint64_t *type)
{
	const struct domain *d = c->ctx;
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
	n += evtchn_fifo_frame_refs(c->ctx, mfn_x(mfn));
	/* Other domains' grant mappings of this frame. */
	grant_foreign_refs(d, mfn_x(mfn), &gen, &type_refs);
	*general = n + old + gen;
	*type = n + type_refs;
}

static void report(const struct pt_check *c, mfn_t mfn, const char *what)
{
	const struct domain *d = c->ctx;

	log_err("typecheck: d%u: mfn %#lx: %s\n", d->domain_id, mfn_x(mfn),
		what);
}

static unsigned int check_types(struct domain *d, bool verbose)
{
	struct pt_check c = { .extra_refs = base_pointer_refs,
			      .report = report,
			      .ctx = d,
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
	c.scratch = xmalloc_array(uint64_t, 2 * nr);
	if (!c.scratch) {
		log_err("typecheck: d%u: no memory for %lu frames\n",
			d->domain_id, nr);
		return 1;
	}
	problems = pt_check_frames(&c);
	if (verbose)
		log_info("typecheck: d%u: frames %#lx-%#lx, %u problems\n",
			 d->domain_id, lo, hi, problems);
	xfree(c.scratch);
	return problems;
}

unsigned int pv_check_page_types(struct domain *d)
{
	return check_types(d, true);
}

unsigned int pv_check_page_types_quiet(struct domain *d)
{
	return check_types(d, false);
}
