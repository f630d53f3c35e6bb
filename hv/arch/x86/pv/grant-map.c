/* SPDX-License-Identifier: MIT */
/*
 * The PV MMU side of grant mappings (asm/grant-map.h; Xen's
 * pv/grant_table.c): building a grant's L1 entry and installing or
 * removing it through the frame-type core, references on granted frames
 * for device mappings and copies, and the TLB flush after unmapping.
 * Every frame number here comes from a guest (the grant entry's frame, a
 * PTE address): each is checked for ownership and type by the core.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/page-info.h>

#include <asm/grant-map.h>
#include <asm/page-type.h>
#include <asm/pv-mm.h>

#include <public/grant_table.h>

#include "mmu.h"

/* The guest-available PTE bits (9-11) GNTMAP_guest_avail0.. ask for. */
#define PTE_AVAIL_SHIFT 9
#define PTE_AVAIL_MASK (7ULL << PTE_AVAIL_SHIFT)

bool pv_grant_frame_owned(struct domain *rd, uint64_t mfn)
{
	struct page_info *pg;
	bool ok;

	if (!mfn_valid(_mfn(mfn)))
		return false;
	pg = mfn_to_page(_mfn(mfn));
	pt_lock(rd);
	ok = get_page(pg, rd);
	if (ok)
		put_page(pg);
	pt_unlock(rd);
	return ok;
}

int16_t pv_grant_get_frame(struct domain *rd, uint64_t mfn, bool writable)
{
	struct page_info *pg;
	int16_t st = GNTST_okay;

	if (!mfn_valid(_mfn(mfn)))
		return GNTST_bad_page;
	pg = mfn_to_page(_mfn(mfn));
	pt_lock(rd);
	if (!get_page(pg, rd))
		st = GNTST_bad_page;
	else if (writable && get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		st = GNTST_general_error;
	}
	pt_unlock(rd);
	return st;
}

void pv_grant_put_frame(struct domain *rd, uint64_t mfn, bool writable)
{
	struct page_info *pg = mfn_to_page(_mfn(mfn));

	pt_lock(rd);
	if (writable)
		put_page_type(pg);
	put_page(pg);
	pt_unlock(rd);
}

/* Xen's grant_to_pte_flags: present, accessed, dirty, no-execute. */
static pte_t grant_pte(uint64_t mfn, uint32_t flags, uint16_t gtf_cache)
{
	pte_t e = mfn_to_maddr(_mfn(mfn)) | _PAGE_PRESENT | _PAGE_ACCESSED |
		  _PAGE_DIRTY | _PAGE_NX;

	if (flags & GNTMAP_application_map)
		e |= _PAGE_USER;
	if (!(flags & GNTMAP_readonly))
		e |= _PAGE_RW;
	e |= ((pte_t)(flags >> _GNTMAP_guest_avail0) << PTE_AVAIL_SHIFT) &
	     PTE_AVAIL_MASK;
	if (gtf_cache & GTF_PWT)
		e |= _PAGE_PWT;
	if (gtf_cache & GTF_PCD)
		e |= _PAGE_PCD;
	if (gtf_cache & GTF_PAT)
		e |= _PAGE_PSE; /* The PAT bit of an L1 entry. */
	return pv_adjust_guest_entry(e);
}

/*
 * The L1 table and slot @addr names for @ld (a PTE's machine address with
 * GNTMAP_contains_pte, else a linear address), with a general reference
 * on the table: true, or false if there is none. Page-table lock held.
 */
static bool grant_l1_slot(struct domain *ld, uint64_t addr, uint32_t flags,
			  struct page_info **table, unsigned int *slot)
{
	mfn_t l1;

	if (flags & GNTMAP_contains_pte) {
		/* Misaligned would overwrite parts of two entries. */
		if (addr & (sizeof(pte_t) - 1))
			return false;
		l1 = maddr_to_mfn(addr);
		*slot = (unsigned int)((addr & (PAGE_SIZE - 1)) /
				       sizeof(pte_t));
	} else {
		if (!guest_range_ok(addr, 1) ||
		    !pv_find_l1(current->arch.guest_table, addr, &l1))
			return false;
		*slot = (unsigned int)PT_INDEX(addr, L1_PAGETABLE_SHIFT);
	}
	if (!mfn_valid(l1))
		return false;
	*table = mfn_to_page(l1);
	return get_page(*table, ld);
}

int16_t pv_grant_create_mapping(struct domain *ld, struct domain *rd,
				uint64_t addr, uint64_t mfn, uint32_t flags,
				uint16_t gtf_cache)
{
	struct page_info *table;
	unsigned int slot;
	int rc = -EINVAL;

	pt_lock_two(ld, rd);
	if (grant_l1_slot(ld, addr, flags, &table, &slot)) {
		/* Refuses a table that is not a validated L1 of @ld, and
		 * takes the entry's references on @rd's frame. */
		rc = mod_l1_entry_foreign(table, slot,
					  grant_pte(mfn, flags, gtf_cache),
					  false, ld, rd);
		put_page(table);
	}
	pt_unlock_two(ld, rd);
	pv_mmu_hypercall_done(ld);
	return rc ? GNTST_general_error : GNTST_okay;
}

/* The current value of @slot in the L1 @table. */
static pte_t read_slot(struct page_info *table, unsigned int slot)
{
	const pte_t *t = pt_hook_map(page_to_mfn(table));
	pte_t e = __atomic_load_n(&t[slot], __ATOMIC_RELAXED);

	pt_hook_unmap(t);
	return e;
}

/* Whether @e is what a grant mapping of @mfn with @flags left: the
 * frame, present, and RW exactly when not read-only (Xen's check). */
static bool is_grant_entry(pte_t e, uint64_t mfn, uint32_t flags)
{
	pte_t want = _PAGE_PRESENT | ((flags & GNTMAP_readonly) ? 0 : _PAGE_RW);

	return mfn_x(maddr_to_mfn(pte_addr(e))) == mfn &&
	       (e & (_PAGE_PRESENT | _PAGE_RW)) == want;
}

/*
 * Replace the grant's entry at @slot of @table with @stolen, the entry
 * that mapped new_addr (or 0 to empty it): 0 or -errno. Taking the
 * stolen entry's references again and dropping the old ones (by the
 * caller) moves them; only the domain's own frames qualify.
 */
static int replace_entry(struct domain *ld, struct page_info *table,
			 unsigned int slot, uint64_t mfn, uint32_t flags,
			 pte_t stolen)
{
	if (!is_grant_entry(read_slot(table, slot), mfn, flags))
		return -EINVAL;
	return mod_l1_entry(table, slot, stolen, false, ld);
}

int16_t pv_grant_replace_mapping(struct domain *ld, struct domain *rd,
				 uint64_t addr, uint64_t mfn, uint64_t new_addr,
				 uint32_t flags)
{
	struct page_info *table, *from = NULL;
	unsigned int slot, from_slot = 0;
	pte_t stolen = 0;
	int rc = -EINVAL;

	/* No replacement when the guest names the PTE itself (Xen). */
	if (new_addr && (flags & GNTMAP_contains_pte))
		return GNTST_general_error;
	pt_lock_two(ld, rd);
	/* As Xen, new_addr's entry is taken first: on any later failure
	 * it is gone all the same (Xen drops the stolen entry). */
	if (new_addr) {
		if (!grant_l1_slot(ld, new_addr, 0, &from, &from_slot))
			goto out;
		stolen = read_slot(from, from_slot);
	}
	if (grant_l1_slot(ld, addr, flags, &table, &slot)) {
		/* new_addr == addr: Xen finds the entry already taken. */
		if (table != from || slot != from_slot)
			rc = replace_entry(ld, table, slot, mfn, flags, stolen);
		put_page(table);
	}
	if (from) {
		(void)mod_l1_entry(from, from_slot, 0, false, ld);
		put_page(from);
	}
out:
	pt_unlock_two(ld, rd);
	pv_mmu_hypercall_done(ld);
	return rc ? GNTST_general_error : GNTST_okay;
}

void pv_grant_flush_tlb(struct domain *ld)
{
	cpumask_t mask;

	pv_domain_cpus(ld, &mask);
	pv_flush_tlb_mask(&mask, 0, false);
}

void *pv_grant_frame_va(uint64_t mfn)
{
	return page_to_virt(mfn_to_page(_mfn(mfn)));
}
