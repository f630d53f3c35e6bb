/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_copy, one request (Xen's gnttab_copy_one without the buffer
 * cache): each side is a grant reference of a domain that granted the
 * caller access (GNTCOPY_source_gref / dest_gref) or a machine frame of
 * the caller itself, pinned and referenced only for the copy. Checks in
 * Xen's order: domains (frames only for DOMID_SELF), source, destination
 * (writable, so a page table cannot be a destination), then the offsets
 * and length (uint16_t each, summed without overflow).
 */
#include <satori/domain.h>
#include <satori/string.h>

#include <asm/grant-map.h>

#include "grant-ops.h"
#include "grant-private.h"

/* One side of a copy while it is held. */
struct copy_side {
	struct domain *d; /* Referenced. */
	bool gref;	  /* Pinned through a grant (@ref). */
	bool writable;	  /* Holds a writable type reference. */
	bool frame_ref;	  /* Holds a general reference on @mfn. */
	uint32_t ref;
	uint64_t mfn;
};

/* The domain a side names: GNTST_okay with a reference, or a status. */
static int16_t side_domain(uint16_t domid, bool gref, struct domain **out)
{
	struct domain *self = current->domain;

	*out = NULL;
	if (domid != DOMID_SELF && !gref)
		return GNTST_permission_denied;
	if (domid == DOMID_SELF) {
		get_domain_held(self);
		*out = self;
		return GNTST_okay;
	}
	*out = get_domain_by_id(domid);
	return *out ? GNTST_okay : GNTST_bad_domain;
}

/* Pin grant @ref of @s->d for a copy (Xen's acquire_grant_for_copy for
 * v1): GNTST_okay with @s->mfn, or a status. */
static int16_t pin_for_copy(struct copy_side *s, uint32_t ref)
{
	struct grant_table *gt = s->d->grant_table;
	uint32_t inc = grant_pin_inc(false, !s->writable);
	struct grant_entry_v1 *sh;
	struct active_grant *act;
	int16_t st;
	bool first;

	spin_lock(&gt->lock);
	if (ref >= grant_nr_entries(gt)) {
		spin_unlock(&gt->lock);
		return GNTST_bad_gntref;
	}
	sh = grant_shared_entry(gt, ref);
	act = grant_active_entry(gt, ref);
	first = !act->pin;
	st = grant_pin(sh, act, current->domain->domain_id, inc, false);
	if (st == GNTST_okay && first) {
		uint64_t frame = __atomic_load_n(&sh->frame, __ATOMIC_RELAXED);

		if (pv_grant_frame_owned(s->d, frame))
			act->mfn = frame;
		else {
			grant_unpin(sh, act, inc);
			st = GNTST_bad_page;
		}
	}
	if (st == GNTST_okay) {
		s->gref = true;
		s->ref = ref;
		s->mfn = act->mfn;
	}
	spin_unlock(&gt->lock);
	return st;
}

static void unpin_copy(struct copy_side *s)
{
	struct grant_table *gt = s->d->grant_table;

	spin_lock(&gt->lock);
	grant_unpin(grant_shared_entry(gt, s->ref),
		    grant_active_entry(gt, s->ref),
		    grant_pin_inc(false, !s->writable));
	spin_unlock(&gt->lock);
}

/* Take the frame of one side: GNTST_okay or a status. */
static int16_t claim_side(struct copy_side *s, const struct gnttab_copy_ptr *p,
			  bool gref)
{
	int16_t st;

	if (gref) {
		st = pin_for_copy(s, p->u.ref);
		if (st != GNTST_okay)
			return st;
	} else
		s->mfn = p->u.gmfn;
	st = pv_grant_get_frame(s->d, s->mfn, s->writable);
	/* A pinned grant's frame failing now is Xen's could-not-pin. */
	if (st != GNTST_okay && gref)
		st = GNTST_general_error;
	s->frame_ref = st == GNTST_okay;
	return st;
}

static void release_side(struct copy_side *s)
{
	if (s->frame_ref)
		pv_grant_put_frame(s->d, s->mfn, s->writable);
	if (s->gref)
		unpin_copy(s);
	if (s->d)
		put_domain(s->d);
}

/* Offsets and length: v1 grants always cover the whole frame. */
static int16_t check_window(const struct gnttab_copy *op)
{
	if ((uint32_t)op->source.offset + op->len > PAGE_SIZE ||
	    (uint32_t)op->dest.offset + op->len > PAGE_SIZE)
		return GNTST_bad_copy_arg;
	return GNTST_okay;
}

static int16_t claim_both(const struct gnttab_copy *op, struct copy_side *src,
			  struct copy_side *dst)
{
	int16_t st;

	st = side_domain(op->source.domid, op->flags & GNTCOPY_source_gref,
			 &src->d);
	if (st == GNTST_okay)
		st = side_domain(op->dest.domid, op->flags & GNTCOPY_dest_gref,
				 &dst->d);
	if (st == GNTST_okay)
		st = claim_side(src, &op->source,
				op->flags & GNTCOPY_source_gref);
	if (st == GNTST_okay)
		st = claim_side(dst, &op->dest, op->flags & GNTCOPY_dest_gref);
	return st;
}

int16_t grant_copy_one(const struct gnttab_copy *op)
{
	struct copy_side src = { 0 }, dst = { .writable = true };
	int16_t st = claim_both(op, &src, &dst);

	if (st == GNTST_okay)
		st = check_window(op);
	if (st == GNTST_okay)
		memmove((uint8_t *)pv_grant_frame_va(dst.mfn) + op->dest.offset,
			(const uint8_t *)pv_grant_frame_va(src.mfn) +
				op->source.offset,
			op->len);
	release_side(&dst);
	release_side(&src);
	return st;
}
