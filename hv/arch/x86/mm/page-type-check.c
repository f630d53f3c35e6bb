/* SPDX-License-Identifier: MIT */
/*
 * The consistency checker of the frame-type core: recount, from the
 * contents of every validated table in a range of frames, the references
 * each frame should hold, and compare with the frame table. Host tests
 * run it after every case; a debug key can run it over a domain.
 */
#include <asm/page-type.h>

#include "page-type-private.h"

static void problem(const struct pt_check *c, unsigned int *n, mfn_t mfn,
		    const char *what)
{
	(*n)++;
	if (c->report)
		c->report(c, mfn, what);
}

static bool in_range(const struct pt_check *c, mfn_t mfn)
{
	return mfn_x(mfn) >= mfn_x(c->first) && mfn_x(mfn) < mfn_x(c->end);
}

/* Count what entry @e of the level-@level table @table holds on its
 * target, and check the target's type. */
static void count_entry(const struct pt_check *c, unsigned int *n,
			const struct page_info *table, unsigned int level,
			pte_t e)
{
	mfn_t self = page_to_mfn(table), mfn = pte_mfn(e);
	unsigned long nr = mfn_x(c->end) - mfn_x(c->first);
	uint64_t want, t;

	if (pte_disallowed(e, level, table->owner)) {
		problem(c, n, self, "entry with disallowed flags");
		return;
	}
	if (level > 1 && mfn_eq(mfn, self))
		return; /* Read-only self map: checked above, no refs. */
	if (!mfn_valid(mfn) || (level == 1 && pt_is_io_frame(mfn))) {
		if (level > 1 || !pt_hook_iomem_allowed(table->owner, mfn))
			problem(c, n, self, "entry maps a frame outside RAM");
		return;
	}
	if (c->owner && (mfn_to_page(mfn)->count_info & PGC_xen_heap) &&
	    mfn_to_page(mfn)->owner == c->owner)
		return; /* A shared hypervisor page: its counts are fixed. */
	if (c->owner && level == 1 && mfn_to_page(mfn)->owner != c->owner)
		return; /* Another domain's frame (a grant mapping, a privileged
			 * foreign mapping): counted by its owner's check. */
	if (!in_range(c, mfn)) {
		problem(c, n, self, "entry leaves the checked range");
		return;
	}
	if (mfn_to_page(mfn)->owner != table->owner)
		problem(c, n, self, "entry maps another owner's frame");
	c->scratch[mfn_x(mfn) - mfn_x(c->first)]++;
	if (level == 1 && !(e & _PAGE_RW))
		return;
	c->scratch[nr + mfn_x(mfn) - mfn_x(c->first)]++;
	want = level == 1 ? PGT_writable_page : pt_level_type(level - 1);
	t = mfn_to_page(mfn)->u.type_info;
	/* A read-only linear entry maps a table of its own level. */
	if (level > 1 && !(e & _PAGE_RW) &&
	    (t & PGT_type_mask) == pt_level_type(level))
		want = pt_level_type(level);
	/* PGT_validated means nothing for writable frames (the core sets it,
	 * as Xen does; the builder today does not). */
	if ((t & PGT_type_mask) != want || (level > 1 && !(t & PGT_validated)))
		problem(c, n, mfn, "frame lacks the type its mappings need");
}

/* The partial reference at a partial table's progress index: a general
 * reference on the target, whatever its type now. */
static void count_partial_entry(const struct pt_check *c, unsigned int *n,
				const struct page_info *table, pte_t e)
{
	mfn_t mfn = pte_mfn(e);

	if (!mfn_valid(mfn) || !in_range(c, mfn) ||
	    mfn_to_page(mfn)->owner != table->owner) {
		problem(c, n, page_to_mfn(table), "bad partial entry");
		return;
	}
	c->scratch[mfn_x(mfn) - mfn_x(c->first)]++;
}

static void count_table(const struct pt_check *c, unsigned int *n,
			const struct page_info *pg)
{
	uint64_t t = pg->u.type_info;
	unsigned int level = pt_type_level(t), end = L1_PAGETABLE_ENTRIES;
	mfn_t self = page_to_mfn(pg);
	int linear = 0, lc = linear_count_of(self);
	pte_t *tab;

	if (!level || !(t & (PGT_validated | PGT_partial))) {
		if (lc)
			problem(c, n, self, "linear count on a non-table");
		return;
	}
	/* A partial table: entries below the index hold references. */
	if (t & PGT_partial)
		end = (unsigned int)((t & PGT_progress_mask) >>
				     PGT_progress_shift);
	tab = pt_hook_map(self);
	for (unsigned int i = 0; i < end; i++) {
		if (!pt_is_guest_slot(level, i) || !pte_present(tab[i]))
			continue;
		count_entry(c, n, pg, level, tab[i]);
		linear += is_linear_entry(tab[i], level, self);
	}
	if ((t & PGT_partial) && (t & PGT_partial_entry))
		count_partial_entry(c, n, pg, tab[end]);
	pt_hook_unmap(tab);
	/* The entries side of the linear count (the uses side would need
	 * another count per frame). */
	if (linear != (lc > 0 ? lc : 0))
		problem(c, n, self, "linear count differs from linear entries");
}

/* Flag and count combinations that are wrong whatever the tables say. */
static void check_flags(const struct pt_check *c, unsigned int *n,
			const struct page_info *pg)
{
	uint64_t t = pg->u.type_info;
	bool table =
		pt_type_level(t) || (t & PGT_type_mask) == PGT_seg_desc_page;
	mfn_t mfn = page_to_mfn(pg);

	if ((t & PGT_pinned) && (!pt_type_level(t) || !(t & PGT_validated)))
		problem(c, n, mfn, "pinned but not a validated table");
	if (t & PGT_partial) {
		if (!pt_type_level(t) || (t & PGT_validated) ||
		    (t & PGT_count_mask) != 1)
			problem(c, n, mfn, "partial but not a lone table ref");
		return;
	}
	if (table && (t & PGT_validated) && !(t & PGT_count_mask))
		problem(c, n, mfn, "validated table without type references");
	if (table && !(t & PGT_validated) && (t & PGT_count_mask))
		problem(c, n, mfn, "type references on an unvalidated table");
}

static void compare_counts(const struct pt_check *c, unsigned int *n,
			   const struct page_info *pg, unsigned long i)
{
	unsigned long nr = mfn_x(c->end) - mfn_x(c->first);
	uint64_t gen = c->scratch[i], type = c->scratch[nr + i];
	uint64_t extra_gen = 0, extra_type = 0;
	mfn_t mfn = page_to_mfn(pg);

	if (c->extra_refs)
		c->extra_refs(c, mfn, &extra_gen, &extra_type);
	gen += extra_gen + !!(pg->count_info & PGC_allocated);
	type += extra_type;
	if (pg->u.type_info & PGT_pinned) {
		gen++;
		type++;
	}
	/* A partial table's state holds a reference of each kind. */
	if (pg->u.type_info & PGT_partial) {
		gen++;
		type++;
	}
	if ((pg->count_info & PGC_count_mask) != gen)
		problem(c, n, mfn, "general count differs from references");
	if ((pg->u.type_info & PGT_count_mask) != type)
		problem(c, n, mfn, "type count differs from references");
}

static bool checked_frame(const struct pt_check *c, const struct page_info *pg)
{
	if (c->owner && pg->owner != c->owner)
		return false;
	return !(pg->count_info & (PGC_free | PGC_xen_heap | PGC_reserved));
}

unsigned int pt_check_frames(const struct pt_check *c)
{
	unsigned long nr = mfn_x(c->end) - mfn_x(c->first);
	unsigned int n = 0;

	for (unsigned long i = 0; i < 2 * nr; i++)
		c->scratch[i] = 0;
	for (unsigned long i = 0; i < nr; i++) {
		mfn_t mfn = _mfn(mfn_x(c->first) + i);

		if (mfn_valid(mfn) && checked_frame(c, mfn_to_page(mfn)))
			count_table(c, &n, mfn_to_page(mfn));
	}
	for (unsigned long i = 0; i < nr; i++) {
		mfn_t mfn = _mfn(mfn_x(c->first) + i);

		if (!mfn_valid(mfn) || !checked_frame(c, mfn_to_page(mfn)))
			continue;
		check_flags(c, &n, mfn_to_page(mfn));
		compare_counts(c, &n, mfn_to_page(mfn), i);
	}
	return n;
}

void pt_count_foreign_l1(const struct page_info *l1, const struct domain *owner,
			 mfn_t first, mfn_t end, uint64_t *counts)
{
	uint64_t t = l1->u.type_info;
	unsigned long nr = mfn_x(end) - mfn_x(first);
	unsigned int last = L1_PAGETABLE_ENTRIES;
	pte_t *tab;

	if (pt_type_level(t) != 1 || !(t & (PGT_validated | PGT_partial)))
		return;
	if (t & PGT_partial) /* Entries below the index hold references. */
		last = (unsigned int)((t & PGT_progress_mask) >>
				      PGT_progress_shift);
	tab = pt_hook_map(page_to_mfn(l1));
	for (unsigned int i = 0; i < last; i++) {
		mfn_t mfn = pte_mfn(tab[i]);
		unsigned long at = mfn_x(mfn) - mfn_x(first);

		if (!pte_present(tab[i]) || mfn_x(mfn) < mfn_x(first) ||
		    mfn_x(mfn) >= mfn_x(end) || !mfn_valid(mfn) ||
		    mfn_to_page(mfn)->owner != owner)
			continue;
		counts[at]++;
		if (tab[i] & _PAGE_RW)
			counts[nr + at]++;
	}
	pt_hook_unmap(tab);
}
