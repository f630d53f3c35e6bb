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

/* PGT_l<level>_page_table, and back (0: not a table type). */
uint64_t pt_level_type(unsigned int level);
unsigned int pt_type_level(uint64_t type);

/* The bits of @e not allowed in a level-@level table of @d. */
static inline pte_t pte_disallowed(pte_t e, unsigned int level,
				   const struct domain *d)
{
	pte_t ok = PTE_BASE_ALLOWED;

	if (level == 1) {
		ok = (ok | _PAGE_GLOBAL) & ~PTE_GNTTAB;
		if (pt_hook_cache_attrs_allowed(d))
			ok |= PTE_CACHE_ATTRS;
	}
	return e & ~ok;
}

static inline mfn_t pte_mfn(pte_t e)
{
	return maddr_to_mfn(pte_addr(e));
}

#endif
