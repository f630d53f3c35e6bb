/* SPDX-License-Identifier: MIT */
/*
 * Page-table entries of PV guests: the references one entry needs (taken
 * when a table is validated or an entry written, dropped when it goes),
 * the per-entry update of a validated table that mmu_update and
 * update_va_mapping will use, and pinning. The rules are the essay in
 * page-type.c; the error values are Xen's (xen/arch/x86/mm.c).
 */
#include <asm/page-type.h>

#include <satori/bug.h>
#include <satori/errno.h>

#include "page-type-private.h"

/* Xen's get_page_from_l1e: a frame the hypervisor keeps read-only (the
 * HPET) may still be mapped by a domain with I/O permission, but never
 * writable. Like Xen, the write bit is dropped from the entry rather than
 * the update refused: Linux ioremaps such devices read-write and only
 * reads them. */
static int get_page_from_l1e(pte_t *e, const struct domain *d)
{
	mfn_t mfn = pte_mfn(*e);
	struct page_info *pg;

	if (pt_is_io_frame(mfn)) {
		if (!pt_hook_iomem_allowed(d, mfn))
			return -EPERM;
		if ((*e & _PAGE_RW) && pt_hook_iomem_read_only(mfn))
			*e &= ~(pte_t)_PAGE_RW;
		return 0;
	}
	pg = mfn_to_page(mfn);
	if (!get_page(pg, d))
		return -EBUSY;
	if ((*e & _PAGE_RW) && get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		return -EBUSY;
	}
	return 0;
}

int get_page_from_entry(pte_t *e, unsigned int level, mfn_t table_mfn,
			const struct domain *d)
{
	mfn_t mfn = pte_mfn(*e);
	int rc;

	if (!pte_present(*e))
		return 0;
	if (pte_disallowed(*e, level, d))
		return -EINVAL;
	if (level == 1)
		return get_page_from_l1e(e, d);
	/* The self map: a table cannot be the level below itself. */
	if (mfn_eq(mfn, table_mfn))
		return get_linear_entry(*e, level, table_mfn, d) ? 0 : -EINVAL;
	if (!mfn_valid(mfn))
		return -EINVAL;
	rc = get_page_and_type(mfn_to_page(mfn), d, pt_level_type(level - 1));
	/* As Xen: a type mismatch may still be a same-level linear entry. */
	if (rc == -EINVAL && get_linear_entry(*e, level, table_mfn, d))
		rc = 0;
	return rc;
}

void put_page_from_entry(pte_t e, unsigned int level, mfn_t table_mfn)
{
	mfn_t mfn = pte_mfn(e);

	if (!pte_present(e) || !mfn_valid(mfn))
		return;
	if (level == 1 && pt_is_io_frame(mfn))
		return; /* Mapped without references. */
	if (level > 1 && mfn_eq(mfn, table_mfn))
		return;
	if (is_linear_entry(e, level, table_mfn)) {
		put_linear_entry(e, table_mfn);
		return;
	}
	if (level > 1 || (e & _PAGE_RW))
		put_page_and_type(mfn_to_page(mfn));
	else
		put_page(mfn_to_page(mfn));
}

/* Whether @old -> @new keeps the frame, presence and write permission, so
 * that the old entry's references serve the new one. */
static bool same_references(pte_t old, pte_t new)
{
	return pte_present(old) && pte_present(new) &&
	       !((old ^ new) & ~PTE_FASTPATH_FLAGS);
}

/*
 * The flag rules of @d (the table's owner) and, unless the entry keeps its
 * frame (@same), the references of @pg_d's frame, whose get also checks
 * the flags by @pg_d's rules: the flags are checked once when both are the
 * same domain.
 */
static int check_new_entry(pte_t *new, unsigned int level, mfn_t mfn, bool same,
			   const struct domain *d, const struct domain *pg_d)
{
	if ((same || d != pg_d) && pte_present(*new) &&
	    pte_disallowed(*new, level, d))
		return -EINVAL;
	return same ? 0 : get_page_from_entry(new, level, mfn, pg_d);
}

/* The new entry's references when the update may stop (@r): the
 * descent into a target to validate may, and a partial reference it
 * leaves is not ours to keep (the target's partial state holds itself),
 * unless @r now holds it for an unwinding. */
static int get_new_entry_preemptible(pte_t *new, unsigned int level, mfn_t mfn,
				     const struct domain *d,
				     struct pt_resume *r)
{
	bool held = false;
	int rc = pt_get_upper_entry(new, level, mfn, d, &held, r);

	if (rc && held &&
	    !(r->old_active && r->old_mfn == mfn_x(pte_mfn(*new))))
		put_page(mfn_to_page(pte_mfn(*new)));
	return rc;
}

/* Drop the old entry's references; a devalidation that stops leaves the
 * rest (and the entry's general reference) to @r. */
static void put_old_entry(pte_t old, unsigned int level, mfn_t mfn,
			  struct pt_resume *r)
{
	if (!r) {
		put_page_from_entry(old, level, mfn);
		return;
	}
	if (pt_put_upper_entry(old, level, mfn, false, r) == -ERESTART) {
		r->old_mfn = mfn_x(pte_mfn(old));
		r->old_active = true;
	}
}

/* @d owns the table; L1 entries may map @pg_d's frames (foreign). With
 * @r (L2-L4, pg_d == d) the update may stop. */
static int mod_entry(struct page_info *table, unsigned int level,
		     unsigned int slot, pte_t new, bool preserve_ad,
		     const struct domain *d, const struct domain *pg_d,
		     struct pt_resume *r)
{
	uint64_t want = pt_level_type(level) | PGT_validated;
	mfn_t mfn = page_to_mfn(table);
	pte_t *t, old;
	bool same;
	int rc;

	if ((table->u.type_info & (PGT_type_mask | PGT_validated)) != want ||
	    !(table->u.type_info & PGT_count_mask) || table->owner != d)
		return -EINVAL;
	if (!pt_is_guest_slot(level, slot))
		return -EINVAL;
	t = pt_hook_map(mfn);
	old = t[slot];
	if (preserve_ad)
		new |= old &(_PAGE_ACCESSED | _PAGE_DIRTY);
	same = same_references(old, new);
	if (r && !same && pte_present(new))
		rc = get_new_entry_preemptible(&new, level, mfn, d, r);
	else
		rc = check_new_entry(&new, level, mfn, same, d, pg_d);
	if (!rc) {
		t[slot] = new;
		if (!same && pte_present(old))
			put_old_entry(old, level, mfn, r);
	}
	pt_hook_unmap(t);
	return rc;
}

int mod_entry_preemptible(struct page_info *table, unsigned int level,
			  unsigned int slot, pte_t new, bool preserve_ad,
			  const struct domain *d, struct pt_resume *r)
{
	if (level < 2 || level > 4)
		return -EINVAL;
	BUG_ON(r->old_active);
	return mod_entry(table, level, slot, new, preserve_ad, d, d, r);
}

int mod_l1_entry(struct page_info *table, unsigned int slot, pte_t new,
		 bool preserve_ad, const struct domain *d)
{
	return mod_entry(table, 1, slot, new, preserve_ad, d, d, NULL);
}

int mod_l1_entry_foreign(struct page_info *table, unsigned int slot, pte_t new,
			 bool preserve_ad, const struct domain *d,
			 const struct domain *pg_d)
{
	return mod_entry(table, 1, slot, new, preserve_ad, d, pg_d, NULL);
}

int mod_l2_entry(struct page_info *table, unsigned int slot, pte_t new,
		 bool preserve_ad, const struct domain *d)
{
	return mod_entry(table, 2, slot, new, preserve_ad, d, d, NULL);
}

int mod_l3_entry(struct page_info *table, unsigned int slot, pte_t new,
		 bool preserve_ad, const struct domain *d)
{
	return mod_entry(table, 3, slot, new, preserve_ad, d, d, NULL);
}

int mod_l4_entry(struct page_info *table, unsigned int slot, pte_t new,
		 bool preserve_ad, const struct domain *d)
{
	return mod_entry(table, 4, slot, new, preserve_ad, d, d, NULL);
}

int pin_table(struct page_info *pg, unsigned int level, const struct domain *d)
{
	int rc;

	if (level < 1 || level > 4)
		return -EINVAL;
	rc = get_page_and_type(pg, d, pt_level_type(level));
	if (rc)
		return rc;
	if (pg->u.type_info & PGT_pinned) {
		put_page_and_type(pg);
		return -EINVAL;
	}
	pg->u.type_info |= PGT_pinned;
	return 0;
}

int unpin_table(struct page_info *pg, const struct domain *d)
{
	/* This reference keeps the frame while the pin's ones go. */
	if (!get_page(pg, d))
		return -EINVAL;
	if (!(pg->u.type_info & PGT_pinned)) {
		put_page(pg);
		return -EINVAL;
	}
	pg->u.type_info &= ~PGT_pinned;
	put_page_and_type(pg);
	put_page(pg);
	return 0;
}

void pt_release_partial(struct page_info *pg)
{
	(void)pt_put_type(pg, true, NULL);
}
