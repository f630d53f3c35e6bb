/* SPDX-License-Identifier: MIT */
/*
 * The entry walks of validation and devalidation (essay in page-type.c,
 * "Preemption"): forward over a table's entries taking their references,
 * backward dropping them, each from a progress index and a flag saying
 * whether the entry at that index holds a partial reference. An L1 is
 * walked at once; an L2-L4 walk may stop before any present entry once it
 * has done one (so every call makes progress), and an entry whose target
 * stopped part way is left holding a partial reference. The callers in
 * page-type.c keep the progress in the frame. Pure logic, host-tested.
 */
#include <asm/page-type.h>

#include <satori/bug.h>
#include <satori/errno.h>

#include "page-type-private.h"

#define TYPE_COUNT(x) ((x)&PGT_count_mask)

bool pt_should_yield(const struct pt_resume *p)
{
	return p && (!p->budget || pt_hook_preempt_check());
}

void pt_charge(struct pt_resume *p, unsigned int units)
{
	if (p)
		p->budget = p->budget > units ? p->budget - units : 0;
}

/*
 * Whether entry @e of a level-@level table needs the preemptible descent:
 * its target is another of @d's frames whose type reference would start
 * or continue a validation. Everything else (bad flags, the self map,
 * non-RAM, validated targets, wrong types) get_page_from_entry() answers
 * at once, with the same result.
 */
static bool needs_descent(pte_t e, unsigned int level, mfn_t table_mfn,
			  const struct domain *d)
{
	mfn_t mfn = pte_mfn(e);
	uint64_t x;

	if (pte_disallowed(e, level, d) || mfn_eq(mfn, table_mfn) ||
	    !mfn_valid(mfn) || mfn_to_page(mfn)->owner != d)
		return false;
	x = mfn_to_page(mfn)->u.type_info;
	return !TYPE_COUNT(x) ||
	       ((x & PGT_partial) && pt_type_level(x) == level - 1);
}

int pt_get_upper_entry(pte_t *e, unsigned int level, mfn_t table_mfn,
		       const struct domain *d, bool *held, struct pt_resume *p)
{
	mfn_t mfn = pte_mfn(*e);
	struct page_info *child = mfn_to_page(mfn);
	int rc;

	if (!*held) {
		pt_charge(p, 1);
		if (!p || !needs_descent(*e, level, table_mfn, d))
			return get_page_from_entry(e, level, table_mfn, d);
		if (!get_page(child, d))
			return -EINVAL;
	}
	rc = pt_get_type(child, pt_level_type(level - 1), p);
	if (!rc) {
		*held = false;
		return 0;
	}
	/* Stopped part way, or failed with its unwinding left to @p (which
	 * then names the child): our general reference becomes the entry's
	 * partial one. A partial reference we came with stays one. */
	if (rc == -ERESTART || *held ||
	    (p && p->old_active && p->old_mfn == mfn_x(mfn))) {
		*held = true;
		return rc;
	}
	put_page(child);
	return rc;
}

int pt_put_upper_entry(pte_t e, unsigned int level, mfn_t table_mfn,
		       bool partial, struct pt_resume *p)
{
	mfn_t mfn = pte_mfn(e);
	struct page_info *child = mfn_to_page(mfn);
	bool linear;
	int rc;

	pt_charge(p, 1);
	/* Only the last type reference on a table of the level below, or of
	 * the same level through a linear entry, is long work; everything
	 * else as put_page_from_entry() does it. */
	if (!partial && (!p || mfn_eq(mfn, table_mfn) || !mfn_valid(mfn) ||
			 TYPE_COUNT(child->u.type_info) != 1)) {
		put_page_from_entry(e, level, table_mfn);
		return 0;
	}
	linear = !partial && is_linear_entry(e, level, table_mfn);
	if (!partial && !linear &&
	    pt_type_level(child->u.type_info) != level - 1) {
		put_page_from_entry(e, level, table_mfn);
		return 0;
	}
	/* A linear link ends as the devalidation of its target begins; a
	 * partial reference left by a stop is then an ordinary one. */
	if (linear)
		unlink_linear_entry(e, table_mfn);
	rc = pt_put_type(child, partial, p);
	if (!rc)
		put_page(child);
	return rc;
}

/* An L1 at once: on failure the entries taken are dropped again. Most
 * entries are absent: they cost a load and a test. */
static int validate_l1(pte_t *t, mfn_t mfn, const struct domain *d,
		       struct pt_resume *p)
{
	unsigned int i;
	int rc = 0;

	pt_charge(p, PT_WORK_L1);
	for (i = 0; i < L1_PAGETABLE_ENTRIES; i++) {
		if (!pte_present(t[i]))
			continue;
		pt_adjust_guest_entry(&t[i]);
		rc = get_page_from_entry(&t[i], 1, mfn, d);
		if (rc)
			break;
	}
	if (rc)
		while (i--)
			if (pte_present(t[i]))
				put_page_from_entry(t[i], 1, mfn);
	return rc;
}

/* The next present guest entry at or after @i (512: none). */
static unsigned int next_present(const pte_t *t, unsigned int level,
				 unsigned int i)
{
	const pte_t *e = t + i, *end = t + L1_PAGETABLE_ENTRIES;

	for (; e != end; e++)
		if (pte_present(*e) &&
		    pt_is_guest_slot(level, (unsigned int)(e - t)))
			break;
	return (unsigned int)(e - t);
}

static int validate_upper(pte_t *t, unsigned int level, mfn_t mfn,
			  const struct domain *d, struct pt_walk *w,
			  struct pt_resume *p)
{
	unsigned int i = w->next;
	bool held = w->held, worked = false;
	int rc = 0;

	for (;; i++) {
		if (!held) {
			i = next_present(t, level, i);
			if (i == L1_PAGETABLE_ENTRIES)
				break;
			if (worked && pt_should_yield(p)) {
				rc = -ERESTART;
				break;
			}
			pt_adjust_guest_entry(&t[i]);
		}
		worked = true;
		rc = pt_get_upper_entry(&t[i], level, mfn, d, &held, p);
		if (rc)
			break;
	}
	w->next = i;
	w->held = held;
	return rc;
}

int pt_walk_validate(struct page_info *pg, unsigned int level,
		     struct pt_walk *w, struct pt_resume *p)
{
	mfn_t mfn = page_to_mfn(pg);
	pte_t *t = pt_hook_map(mfn);
	int rc;

	if (level == 1) {
		rc = validate_l1(t, mfn, pg->owner, p);
		w->next = 0;
		w->held = false;
	} else {
		rc = validate_upper(t, level, mfn, pg->owner, w, p);
	}
	if (!rc && level == 4)
		pt_hook_fill_hv_l4_slots(t, mfn);
	pt_hook_unmap(t);
	return rc;
}

/* The last present guest entry below @end, plus one (0: none). A
 * pointer walk: absent entries, most of them, cost a load and a test. */
static unsigned int prev_present(const pte_t *t, unsigned int level,
				 unsigned int end)
{
	const pte_t *e = t + end;

	while (e != t) {
		e--;
		if (pte_present(*e) &&
		    pt_is_guest_slot(level, (unsigned int)(e - t)))
			return (unsigned int)(e - t) + 1;
	}
	return 0;
}

static int devalidate_upper(pte_t *t, unsigned int level, mfn_t mfn,
			    struct pt_walk *w, struct pt_resume *p)
{
	unsigned int end = w->next;
	bool worked = false;
	int rc;

	if (w->held) {
		rc = pt_put_upper_entry(t[end], level, mfn, true, p);
		if (rc)
			return rc;
		w->held = false;
		worked = true;
	}
	for (;;) {
		end = prev_present(t, level, end);
		if (!end)
			break;
		if (worked && pt_should_yield(p)) {
			w->next = end;
			return -ERESTART;
		}
		worked = true;
		rc = pt_put_upper_entry(t[end - 1], level, mfn, false, p);
		end--;
		if (rc) {
			w->next = end;
			w->held = true;
			return rc;
		}
	}
	w->next = 0;
	return 0;
}

int pt_walk_devalidate(struct page_info *pg, unsigned int level,
		       struct pt_walk *w, struct pt_resume *p)
{
	mfn_t mfn = page_to_mfn(pg);
	pte_t *t = pt_hook_map(mfn);
	int rc = 0;

	if (level == 1) {
		unsigned int end = w->next;

		pt_charge(p, PT_WORK_L1);
		for (unsigned int i = 0; i < end; i++)
			if (pte_present(t[i]))
				put_page_from_entry(t[i], 1, mfn);
		w->next = 0;
	} else {
		rc = devalidate_upper(t, level, mfn, w, p);
	}
	pt_hook_unmap(t);
	return rc;
}
