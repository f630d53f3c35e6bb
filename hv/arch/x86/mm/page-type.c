/* SPDX-License-Identifier: MIT */
/*
 * Frame types and reference counts for PV guests' page tables: the rules
 * below, and the functions that enforce them when a frame gains or loses
 * a reference or a type, validating and devalidating page tables. Entry
 * updates and pinning are in page-type-mod.c, the checker in
 * page-type-check.c; the hooks they use in <asm/page-type.h>.
 *
 * THE RULES
 *
 * A PV guest writes its own page tables, and the CPU walks them directly.
 * Isolation therefore rests on one invariant: every translation a guest's
 * tables can produce maps a frame the guest may access, with no more
 * rights than it may have; in particular no guest can write to a frame
 * the CPU uses as a page table (or as a GDT/LDT), since that write would
 * bypass every check. The frame table enforces it with two counts per
 * frame, as Xen does.
 *
 * The general count (count_info) says how many things refer to the frame:
 * the owner's allocation (PGC_allocated holds one), each mapping in a
 * validated table, each pin, each CR3 and so on. A reference is taken only
 * for the frame's owner (get_page) and never beyond the 48-bit count; the
 * last one returns the frame to the allocator, so a frame can never be
 * reused while any table still maps it.
 *
 * The type (type_info) says what the frame is used as, exclusively: an L1,
 * L2, L3 or L4 table, a descriptor page, or writable (mapped read-write
 * somewhere). Its type count says how many references rely on that type.
 * The type may change only while the type count is 0; a frame that is an
 * L2 cannot be taken as writable until the last thing using it as an L2
 * has let go. Each writable L1 mapping holds a writable type reference,
 * and each present L2, L3 and L4 entry holds a type reference of the level
 * below on its target, so "mapped writable" and "used as a table" exclude
 * each other for as long as either use exists.
 *
 * Validation. The first type reference of a table type checks every entry
 * and takes each entry's references; the table is then PGT_validated.
 * The last type reference devalidates it at once, dropping what its
 * entries held (recursively: the last L3 reference on an L2 devalidates
 * the L2, and so on down to the writable references of its L1s). Linux
 * relies on the immediacy: after unpinning its boot tables it maps them
 * read-write again. An entry is accepted when:
 *   - it is not present (nothing is taken);
 *   - its flags are allowed at its level: P, RW, US, A, D, the available
 *     bits 9-11 and 52-62 and NX everywhere, except bit 62 in an L1 (Xen
 *     keeps it for grant mappings); G and (with the cache privilege hook)
 *     PWT/PCD/PAT only in an L1; PSE never (no superpages for PV guests).
 *     Anything else is -EINVAL;
 *   - L1: the target is RAM owned by the domain (else -EBUSY, as Xen's
 *     could_not_pin), or non-RAM the iomem hook permits (no references;
 *     else -EPERM). A read-write entry also needs a writable type
 *     reference, which a table or descriptor frame refuses: -EBUSY;
 *   - L2, L3, L4: the target is the domain's RAM and takes the type of the
 *     level below (else -EINVAL). The exception, when that type is
 *     refused, is a linear ("recursive") entry, read-only, as Xen 4.17
 *     allows with pv-linear-pt=1, its default (page-type-linear.c): a
 *     table may map itself, which takes no reference (the table cannot
 *     outlive itself), or another already validated table of its own
 *     level and owner, which takes a general and a type reference of that
 *     level. Each frame counts its linear links, as Xen after XSA-240: a
 *     table holding linear entries may not be the target of one, and a
 *     target may not hold one, so every linear chain is one link long.
 *     With pv-linear-pt=0 both kinds are refused (-EINVAL);
 *   - every present entry is made user-accessible in place (64-bit PV
 *     guest kernels run in ring 3; Xen's adjust_guest_l*e);
 *   - L4 slots 256-271 are the hypervisor's: validation ignores what the
 *     guest put there and then fills them from the idle L4 (hook); entry
 *     updates there are refused (-EINVAL).
 * Loops terminate: an entry at level n takes a type of level n-1, so a
 * chain of such references strictly descends and is at most four deep,
 * and a frame cannot be both levels of a pair. A same-level entry never
 * validates anything (its target must already be validated) and adds at
 * most one step: the self map takes nothing, and the one-link rule above
 * forbids A -> B -> C as well as A -> B -> A. Devalidation therefore
 * reaches each table at most once per chain, never recursing through two
 * linear links. A table being validated has its type and count set but
 * not PGT_validated, and any further request for it fails (-EINVAL),
 * linear ones included.
 *
 * The TLB-flush clock. When a frame's type changes, a TLB may still hold a
 * translation through the old use: a writable mapping of a frame about to
 * become a table, or a cached paging-structure entry of a former table
 * about to become writable. Either would let the guest bypass validation,
 * so the change must first flush every TLB that may hold one. Not every
 * TLB needs it: one that has been flushed since the frame's type count
 * last reached 0 cannot hold such a translation (every mapping relying
 * on the old type was removed by then). The hooks implement this as a
 * clock: pt_hook_type_released() stamps the frame with the time its type
 * count reached 0, and pt_hook_type_change_flush() flushes the CPUs whose
 * last flush is older than that stamp (Xen's tlbflush_timestamp and
 * tlbflush_filter); the hypervisor's side is mm/tlb-clock.c.
 *
 * Preemption. Validating an L4 may take 512 * 512 * 512 entries' work.
 * Validation therefore goes entry by entry with a resume index
 * (validate_entries), and the unwinding of a failure drops exactly the
 * entries before that index; a preemptible version will keep the index
 * and a "partial" flag in the frame and return -ERESTART, without
 * changing how an entry is checked.
 *
 * Locking. Nothing here is atomic: callers serialise every call that can
 * touch one domain's frames (a per-domain page-table lock).
 */
#include <asm/page-type.h>

#include <satori/bug.h>
#include <satori/errno.h>

#include "page-type-private.h"

#define TYPE_COUNT(x) ((x)&PGT_count_mask)

/*
 * Check and take entries [*next, 512) of the level-@level table @t (frame
 * @mfn, owner @d), advancing *next past each accepted one. On failure
 * *next is the failing slot.
 */
static int validate_entries(pte_t *t, unsigned int level, mfn_t mfn,
			    const struct domain *d, unsigned int *next)
{
	for (; *next < L1_PAGETABLE_ENTRIES; (*next)++) {
		int rc;

		/* A non-present entry needs no check and takes nothing (what
		 * get_page_from_entry() would answer); most are. */
		if (!pte_present(t[*next]) || !pt_is_guest_slot(level, *next))
			continue;
		pt_adjust_guest_entry(&t[*next]);
		rc = get_page_from_entry(&t[*next], level, mfn, d);
		if (rc)
			return rc;
	}
	return 0;
}

/* Drop the references of entries [0, end) of a level-@level table. */
static void devalidate_entries(pte_t *t, unsigned int level, mfn_t mfn,
			       unsigned int end)
{
	for (unsigned int i = 0; i < end; i++)
		if (pte_present(t[i]) && pt_is_guest_slot(level, i))
			put_page_from_entry(t[i], level, mfn);
}

static int validate_table(struct page_info *pg, unsigned int level)
{
	mfn_t mfn = page_to_mfn(pg);
	pte_t *t = pt_hook_map(mfn);
	unsigned int next = 0;
	int rc = validate_entries(t, level, mfn, pg->owner, &next);

	if (rc)
		devalidate_entries(t, level, mfn, next);
	else if (level == 4)
		pt_hook_fill_hv_l4_slots(t, mfn);
	pt_hook_unmap(t);
	return rc;
}

static void devalidate_table(struct page_info *pg, unsigned int level)
{
	mfn_t mfn = page_to_mfn(pg);
	pte_t *t = pt_hook_map(mfn);

	devalidate_entries(t, level, mfn, L1_PAGETABLE_ENTRIES);
	pt_hook_unmap(t);
}

/* First reference of @type on @pg (type count 0). */
static int first_type_ref(struct page_info *pg, uint64_t type)
{
	uint64_t x = pg->u.type_info;
	unsigned int level = pt_type_level(type);
	int rc;

	if ((x & PGT_type_mask) != type) {
		pt_hook_type_change_flush(pg);
		x = type;
	}
	if (type == PGT_writable_page) {
		pg->u.type_info = x | PGT_validated | 1;
		return 0;
	}
	/* Tables (and descriptor pages) are checked on every first use:
	 * their contents may have changed while nobody relied on them. */
	pg->u.type_info = (x & ~PGT_validated) | 1;
	if (level)
		rc = validate_table(pg, level);
	else
		rc = pt_hook_check_desc_page(page_to_mfn(pg));
	if (rc) {
		pg->u.type_info &= ~PGT_count_mask;
		pt_hook_type_released(pg);
		return rc;
	}
	pg->u.type_info |= PGT_validated;
	return 0;
}

int get_page_type(struct page_info *pg, uint64_t type)
{
	uint64_t x = pg->u.type_info;

	if (type != PGT_writable_page && type != PGT_seg_desc_page &&
	    !pt_type_level(type))
		return -EINVAL;
	if (TYPE_COUNT(x) == 0)
		return first_type_ref(pg, type);
	if ((x & PGT_type_mask) != type)
		return -EINVAL;
	/* Still being validated: only a reference cycle asks for that. */
	if (!(x & PGT_validated))
		return -EINVAL;
	if (TYPE_COUNT(x) == PGT_count_mask)
		return -EINVAL;
	pg->u.type_info = x + 1;
	return 0;
}

void put_page_type(struct page_info *pg)
{
	uint64_t x = pg->u.type_info;
	unsigned int level = pt_type_level(x);

	BUG_ON(!TYPE_COUNT(x));
	if (TYPE_COUNT(x) > 1) {
		pg->u.type_info = x - 1;
		return;
	}
	/* The last reference: a table stops being one before its entries'
	 * references go, so nothing reached from it can take it again. */
	if (level && (x & PGT_validated)) {
		pg->u.type_info = x & ~PGT_validated;
		devalidate_table(pg, level);
	}
	pg->u.type_info &= ~PGT_count_mask;
	if ((x & PGT_type_mask) != PGT_writable_page)
		pg->u.type_info &= ~PGT_validated;
	pt_hook_type_released(pg);
}

int get_page_and_type(struct page_info *pg, const struct domain *d,
		      uint64_t type)
{
	int rc;

	if (!get_page(pg, d))
		return -EINVAL;
	rc = get_page_type(pg, type);
	if (rc)
		put_page(pg);
	return rc;
}

void put_page_and_type(struct page_info *pg)
{
	put_page_type(pg);
	put_page(pg);
}
