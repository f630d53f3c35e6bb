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

#endif
