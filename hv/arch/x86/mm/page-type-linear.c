/* SPDX-License-Identifier: MIT */
/*
 * Same-level ("linear") page-table entries: an L2, L3 or L4 entry that
 * maps another validated table of its own level, read-only, as Xen 4.17
 * allows with pv-linear-pt=1 (its default; XSA-240's rules). Each frame
 * has a signed linear count: above 0 it is how many such entries the
 * table holds, below 0 how many such entries map it. A frame is never
 * both, so a linear chain is one link long and cannot close into a loop.
 * The counts live beside the frame table (pt_linear_count); the rules
 * are in the essay of page-type.c.
 */
#include <asm/page-type.h>

#include "page-type-private.h"

bool pt_linear_pt_enabled = true;
int16_t *pt_linear_count;
unsigned long pt_linear_count_frames;

static int16_t *linear_count(const struct page_info *pg)
{
	unsigned long mfn = mfn_x(page_to_mfn(pg));

	BUG_ON(!pt_linear_count || mfn >= pt_linear_count_frames);
	return &pt_linear_count[mfn];
}

/* One more linear entry in table @pg: not while @pg is a linear target. */
static bool inc_linear_entries(struct page_info *pg)
{
	int16_t *c = linear_count(pg);

	if (*c < 0 || *c == INT16_MAX)
		return false;
	(*c)++;
	return true;
}

static void dec_linear_entries(struct page_info *pg)
{
	int16_t *c = linear_count(pg);

	BUG_ON(*c <= 0);
	(*c)--;
}

/* One more linear entry maps @pg: not while @pg has linear entries. */
static bool inc_linear_uses(struct page_info *pg)
{
	int16_t *c = linear_count(pg);

	if (*c > 0 || *c == INT16_MIN)
		return false;
	(*c)--;
	return true;
}

static void dec_linear_uses(struct page_info *pg)
{
	int16_t *c = linear_count(pg);

	BUG_ON(*c >= 0);
	(*c)++;
}

/* Take a type reference on @pg if it is a validated level-@level table. */
static bool get_validated_table_type(struct page_info *pg, unsigned int level)
{
	uint64_t x = pg->u.type_info;

	if ((x & PGT_count_mask) == PGT_count_mask ||
	    (x & (PGT_type_mask | PGT_validated)) !=
		    (pt_level_type(level) | PGT_validated))
		return false;
	pg->u.type_info = x + 1;
	return true;
}

bool get_linear_entry(pte_t e, unsigned int level, mfn_t table_mfn,
		      const struct domain *d)
{
	struct page_info *table = mfn_to_page(table_mfn), *pg;
	mfn_t mfn = pte_mfn(e);

	if (!pt_linear_pt_enabled || (e & _PAGE_RW))
		return false;
	if (mfn_eq(mfn, table_mfn))
		return true; /* The self map takes nothing. */
	if (table->owner != d || !mfn_valid(mfn) || !pt_linear_count)
		return false;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, d))
		return false;
	if (!inc_linear_entries(table))
		goto put;
	if (!inc_linear_uses(pg))
		goto entries;
	if (get_validated_table_type(pg, level))
		return true;
	dec_linear_uses(pg);
entries:
	dec_linear_entries(table);
put:
	put_page(pg);
	return false;
}

bool is_linear_entry(pte_t e, unsigned int level, mfn_t table_mfn)
{
	mfn_t mfn = pte_mfn(e);

	return level > 1 && pte_present(e) && !mfn_eq(mfn, table_mfn) &&
	       mfn_valid(mfn) &&
	       (mfn_to_page(mfn)->u.type_info & PGT_type_mask) ==
		       pt_level_type(level);
}

void unlink_linear_entry(pte_t e, mfn_t table_mfn)
{
	dec_linear_uses(mfn_to_page(pte_mfn(e)));
	dec_linear_entries(mfn_to_page(table_mfn));
}

void put_linear_entry(pte_t e, mfn_t table_mfn)
{
	struct page_info *pg = mfn_to_page(pte_mfn(e));

	/* The link ends before the type goes, as Xen's counts do when a
	 * devalidation begins: a target has no linear entries of its own
	 * that its devalidation would drop. */
	unlink_linear_entry(e, table_mfn);
	put_page_type(pg);
	put_page(pg);
}

int linear_count_of(mfn_t mfn)
{
	if (!pt_linear_count || mfn_x(mfn) >= pt_linear_count_frames)
		return 0;
	return pt_linear_count[mfn_x(mfn)];
}
