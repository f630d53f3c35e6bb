/* SPDX-License-Identifier: MIT */
/*
 * Pinning in steps (MMUEXT_PIN_L*_TABLE). Validating an L4 may take
 * references on a whole hierarchy; done at once it can keep a CPU busy
 * for long. Here the pinned table's own entries are validated one by one
 * and the work may stop between two present ones (the others cost a load
 * and a test) when the caller's yield() says so: the caller then
 * re-issues the hypercall (a continuation) with the progress kept in a
 * struct pt_resume, and the next call goes on from there. Each entry is checked exactly as get_page_type() checks it
 * (get_page_from_entry), the failure unwinding drops exactly the entries
 * done, and the final state, counts and result are pin_table()'s.
 *
 * While partial, the frame has its new type, one type reference (ours)
 * and no PGT_validated, which is the state of a table under validation:
 * any other request for it fails (-EINVAL) until we finish or abandon.
 * The general reference the pin will keep is held throughout. Pure logic,
 * like page-type.c; host-tested in tests/unit/test-page-type.c.
 */
#include <asm/page-type.h>

#include <satori/errno.h>

#include "page-type-private.h"

#define TYPE_COUNT(x) ((x)&PGT_count_mask)

/* The pin's own flag and references, once the type is validated. */
static int finish_pin(struct page_info *pg)
{
	if (pg->u.type_info & PGT_pinned) {
		put_page_and_type(pg);
		return -EINVAL;
	}
	pg->u.type_info |= PGT_pinned;
	return 0;
}

/* Take the general reference and the type; true if validation remains
 * to be done (then @r is set up), else *rc is the pin's result. */
static bool start_pin(struct page_info *pg, unsigned int level,
		      const struct domain *d, struct pt_resume *r, int *rc)
{
	uint64_t type = pt_level_type(level), x;

	if (!get_page(pg, d)) {
		*rc = -EINVAL;
		return false;
	}
	x = pg->u.type_info;
	if (TYPE_COUNT(x)) {
		/* Already a validated table (or refused): nothing long. */
		*rc = get_page_type(pg, type);
		if (*rc)
			put_page(pg);
		else
			*rc = finish_pin(pg);
		return false;
	}
	if ((x & PGT_type_mask) != type) {
		pt_hook_type_change_flush(pg);
		x = type;
	}
	pg->u.type_info = (x & ~PGT_validated) | 1;
	r->mfn = mfn_x(page_to_mfn(pg));
	r->level = level;
	r->next = 0;
	r->active = true;
	return true;
}

/* Drop the references of entries [0, end) and the pin's type and
 * general references. */
static void undo_partial(struct page_info *pg, unsigned int level,
			 unsigned int end)
{
	mfn_t mfn = page_to_mfn(pg);
	pte_t *t = pt_hook_map(mfn);

	for (unsigned int i = 0; i < end; i++)
		if (pte_present(t[i]) && pt_is_guest_slot(level, i))
			put_page_from_entry(t[i], level, mfn);
	pt_hook_unmap(t);
	pg->u.type_info &= ~PGT_count_mask;
	pt_hook_type_released(pg);
	put_page(pg);
}

/* Validate entries from r->next on; -ERESTART when told to yield. */
static int continue_pin(struct page_info *pg, struct pt_resume *r,
			bool (*yield)(void))
{
	mfn_t mfn = page_to_mfn(pg);
	pte_t *t = pt_hook_map(mfn);
	bool worked = false;
	int rc = 0;

	for (; r->next < L1_PAGETABLE_ENTRIES; r->next++) {
		/* Only a present guest entry is work (get_page_from_entry()
		 * takes nothing for the others): yield before one, once this
		 * call has done one, so that every call makes progress. */
		if (!pte_present(t[r->next]) ||
		    !pt_is_guest_slot(r->level, r->next))
			continue;
		if (worked && yield()) {
			pt_hook_unmap(t);
			return -ERESTART;
		}
		worked = true;
		pt_adjust_guest_entry(&t[r->next]);
		rc = get_page_from_entry(&t[r->next], r->level, mfn, pg->owner);
		if (rc)
			break;
	}
	if (!rc && r->level == 4)
		pt_hook_fill_hv_l4_slots(t, mfn);
	pt_hook_unmap(t);
	r->active = false;
	if (rc) {
		undo_partial(pg, r->level, r->next);
		return rc;
	}
	pg->u.type_info |= PGT_validated;
	return finish_pin(pg);
}

/* Whether @pg is the partial table @r describes. */
static bool is_partial(const struct page_info *pg, const struct pt_resume *r)
{
	uint64_t want = pt_level_type(r->level) | 1;
	uint64_t mask = PGT_type_mask | PGT_validated | PGT_count_mask;

	return r->active && r->mfn == mfn_x(page_to_mfn(pg)) &&
	       (pg->u.type_info & mask) == want;
}

int pin_table_resumable(struct page_info *pg, unsigned int level,
			const struct domain *d, struct pt_resume *r,
			bool (*yield)(void))
{
	int rc = 0;

	if (level < 1 || level > 4)
		return -EINVAL;
	if (r->active) {
		if (r->level != level || !is_partial(pg, r) || pg->owner != d)
			return -EINVAL;
	} else if (!start_pin(pg, level, d, r, &rc)) {
		return rc;
	}
	return continue_pin(pg, r, yield);
}

void pin_table_abandon(struct page_info *pg, struct pt_resume *r)
{
	if (!is_partial(pg, r))
		return;
	r->active = false;
	undo_partial(pg, r->level, r->next);
}
