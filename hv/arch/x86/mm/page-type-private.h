/* SPDX-License-Identifier: MIT */
/*
 * Shared by the page-type files: the level <-> type mapping and the flag
 * rules of guest page-table entries (see the essay in page-type.c). The
 * masks are of 64-bit entries, not Xen's packed 24-bit flags.
 */
#ifndef MM_PAGE_TYPE_PRIVATE_H
#define MM_PAGE_TYPE_PRIVATE_H

#include <asm/page-type.h>

/* Bits 9-11 and 52-62: free for the guest's own use. */
#define PTE_AVAIL (7ULL << 9)
#define PTE_AVAIL_HIGH (0x7ffULL << 52)
/* Bit 62: Xen's marker of grant mappings, never in a guest's L1. */
#define PTE_GNTTAB (1ULL << 62)
/* The PAT bit of a 4 KiB entry is bit 7, PSE's position at L2/L3. */
#define PTE_CACHE_ATTRS (_PAGE_PWT | _PAGE_PCD | _PAGE_PSE)

/* Allowed at every level. */
#define PTE_BASE_ALLOWED                                          \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | \
	 _PAGE_DIRTY | PTE_AVAIL | PTE_AVAIL_HIGH | _PAGE_NX | PTE_ADDR_MASK)

/* Flags whose change, with the same frame, changes no reference. */
#define PTE_FASTPATH_FLAGS                                                    \
	(_PAGE_NX | PTE_AVAIL_HIGH | PTE_AVAIL | _PAGE_GLOBAL | _PAGE_DIRTY | \
	 _PAGE_ACCESSED | _PAGE_USER)

/* PGT_l<level>_page_table for @level 1-4, PGT_none for 0: the table types
 * are numbered by level (satori/page-info.h), so this is arithmetic,
 * inline for the per-entry paths. */
static inline uint64_t pt_level_type(unsigned int level)
{
	return (uint64_t)level << PGT_type_shift;
}

/* The level of table type @type (0: not a table type). */
static inline unsigned int pt_type_level(uint64_t type)
{
	unsigned int level =
		(unsigned int)((type & PGT_type_mask) >> PGT_type_shift);

	return level <= 4 ? level : 0;
}

/* The bits of @e not allowed in a level-@level table of @d. The hook is
 * asked only when the entry has cache-attribute bits to allow. */
static inline pte_t pte_disallowed(pte_t e, unsigned int level,
				   const struct domain *d)
{
	pte_t ok = PTE_BASE_ALLOWED;

	if (level == 1) {
		ok = (ok | _PAGE_GLOBAL) & ~PTE_GNTTAB;
		if ((e & PTE_CACHE_ATTRS) && pt_hook_cache_attrs_allowed(d))
			ok |= PTE_CACHE_ATTRS;
	}
	return e & ~ok;
}

static inline mfn_t pte_mfn(pte_t e)
{
	return maddr_to_mfn(pte_addr(e));
}

/* Whether @mfn is an I/O frame. A frame of the heap, allocated to a
 * domain or to the hypervisor, never is (pt_hook_is_io_frame's contract):
 * every frame a guest maps normally is answered here, inline. */
static inline bool pt_is_io_frame(mfn_t mfn)
{
	if (mfn_valid(mfn) &&
	    (mfn_to_page(mfn)->count_info & (PGC_allocated | PGC_xen_heap)))
		return false;
	return pt_hook_is_io_frame(mfn);
}

/* The frame fields of a partial table (satori/page-info.h). */
#define PGT_PROGRESS_BITS (PGT_partial | PGT_partial_entry | PGT_progress_mask)

/* Where a walk over a table's entries stands: entries below @next hold
 * their references, the one at @next a partial one if @held. */
struct pt_walk {
	unsigned int next;
	bool held;
};

/* Whether preemptible work (@p non-NULL) should stop now, and charge
 * @units of work to it (page-type-walk.c). */
bool pt_should_yield(const struct pt_resume *p);
void pt_charge(struct pt_resume *p, unsigned int units);

/* Take (forward) or drop (backward) the references of a level-@level
 * table's entries from @w on; @w is left where the walk stopped. 0,
 * -ERESTART (only with @p), or a validation error: then @w says what is
 * still held (an L1 has dropped everything already). */
int pt_walk_validate(struct page_info *pg, unsigned int level,
		     struct pt_walk *w, struct pt_resume *p);
int pt_walk_devalidate(struct page_info *pg, unsigned int level,
		       struct pt_walk *w, struct pt_resume *p);

/* One L2-L4 entry: take its references (continuing a partial one if
 * *@held), or drop them (a partial one if @partial). On -ERESTART, and on
 * an error whose unwinding went to @p, *@held says the entry now holds a
 * partial reference. */
int pt_get_upper_entry(pte_t *e, unsigned int level, mfn_t table_mfn,
		       const struct domain *d, bool *held, struct pt_resume *p);
int pt_put_upper_entry(pte_t e, unsigned int level, mfn_t table_mfn,
		       bool partial, struct pt_resume *p);

/* Type references with optional preemption (@p NULL: at once), and the
 * drop of a partial reference (page-type.c). */
int pt_get_type(struct page_info *pg, uint64_t type, struct pt_resume *p);
int pt_put_type(struct page_info *pg, bool partial, struct pt_resume *p);

#endif
