/* SPDX-License-Identifier: MIT */
/*
 * A compare-and-exchange update of one L1 entry, for the emulation of
 * guest writes to live L1 tables (hv/arch/x86/pv/ptwr.c). Unlike
 * mod_l1_entry() it must not lose what the CPU writes into the entry
 * meanwhile: another vCPU's accesses set the accessed and dirty bits
 * without any lock, and a guest's locked instruction on the entry must
 * see them, as it would on hardware. So the store is a real cmpxchg
 * against the value the emulation started from; on a mismatch the caller
 * runs the instruction again. Pure logic, like the rest of the core.
 */
#include <asm/page-type.h>

#include <satori/errno.h>

int cmpxchg_l1_entry(struct page_info *table, unsigned int slot, pte_t *old,
		     pte_t new, const struct domain *d)
{
	const uint64_t want = PGT_l1_page_table | PGT_validated;
	mfn_t mfn = page_to_mfn(table);
	pte_t *t, seen;
	int rc;

	if ((table->u.type_info & (PGT_type_mask | PGT_validated)) != want ||
	    !(table->u.type_info & PGT_count_mask) || table->owner != d ||
	    !pt_is_guest_slot(1, slot))
		return -EINVAL;
	rc = get_page_from_entry(&new, 1, mfn, d);
	if (rc)
		return rc;
	t = pt_hook_map(mfn);
	seen = *old;
	if (!__atomic_compare_exchange_n(&t[slot], &seen, new, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		pt_hook_unmap(t);
		put_page_from_entry(new, 1, mfn);
		*old = seen;
		return -EAGAIN;
	}
	pt_hook_unmap(t);
	put_page_from_entry(seen, 1, mfn);
	return 0;
}
