/* SPDX-License-Identifier: MIT */
/*
 * Frame types and reference counts for PV guests' page tables: the rules
 * below, and the functions that enforce them when a frame gains or loses
 * a reference or a type, validating and devalidating page tables. The
 * entry walks are in page-type-walk.c, entry updates and pinning in
 * page-type-mod.c, the checker in page-type-check.c; the hooks they use
 * in <asm/page-type.h>.
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
 * validated table, each pin, each CR3, a partial state and so on. A reference is taken only
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
 * The last type reference devalidates it before the hypercall returns
 * (at once, or in steps within the same hypercall: "Preemption"),
 * dropping what its entries held (recursively: the last L3 reference on
 * an L2 devalidates the L2, and so on down to the writable references of
 * its L1s). Linux relies on that: after unpinning its boot tables it maps
 * them read-write again. An entry is accepted when:
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
 * linear ones included, unless it is partial (below).
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
 * Preemption. Validating an L4 may take 512 * 512 * 512 entries' work,
 * and so may the devalidation its last reference starts; a hypercall must
 * not hold a CPU that long. So both may stop at any entry of any L2, L3
 * or L4 (an L1 is always done at once: 512 entries) and continue in a
 * later call, with Xen's PGT_partial semantics:
 *   - a partial table has its type, PGT_partial, no PGT_validated, a type
 *     count of exactly 1 and one general reference, both held by the
 *     partial state itself, so it needs nobody to stay alive;
 *   - its progress is in type_info: entries below the index hold their
 *     references; the entry at the index holds a partial one if
 *     PGT_partial_entry (the general reference on its target, which is or
 *     was partial itself); entries above it hold nothing. Validation
 *     moves the index up, devalidation down: the state is the same, so
 *     either can carry on from what the other left;
 *   - a walk may stop before a present entry once it has done one (so
 *     every call progresses by at least one L1), and stops when the
 *     caller's work budget is spent (pt_resume: 512 units per L1, 1 per
 *     other entry, PT_WORK_BUDGET = 64 L1s per call, well under a
 *     millisecond on hardware) or a softirq is pending; a child that
 *     stopped makes its parent stop too, holding it partially;
 *   - whoever asks for the type of a partial table carries on (another
 *     vCPU pinning it, a parent resuming, a table newly mapping it);
 *     whoever drops a partial reference to a still partial table carries
 *     on devalidating it; a dropped partial reference to a table someone
 *     has finished meanwhile drops only its general reference. A table
 *     in the middle of a walk (not partial) is refused to everyone
 *     (-EINVAL): only a reference cycle could ask for it;
 *   - a validation that fails after taking references is not unwound in
 *     the failing call: the table is left partial and the vCPU's
 *     pt_resume holds a partial reference to it (Xen's old_guest_table),
 *     as it does for a devalidation that stopped (unpin, base pointer,
 *     entry update). The MMU hypercalls finish that first, preemptibly,
 *     and a batch that leaves one returns its result only after it (a
 *     continuation), so the guest sees the tables untyped when the call
 *     returns, as without preemption (Linux maps its tables writable
 *     right after unpinning them);
 *   - paths that cannot stop (the builder, teardown, foreign domains'
 *     tables, get_page_type() itself) do the same work at once, taking
 *     over partial tables too; teardown releases the partial tables
 *     nothing will carry on (pt_release_partial).
 * Entries are checked exactly as get_page_from_entry() checks them; the
 * preemptible descent (page-type-walk.c) only replaces its type reference
 * on a target that needs validating.
 *
 * Locking. Nothing here is atomic: callers serialise every call that can
 * touch one domain's frames (a per-domain page-table lock).
 */
#include <asm/page-type.h>

#include <satori/bug.h>
#include <satori/errno.h>

#include "page-type-private.h"

#define TYPE_COUNT(x) ((x)&PGT_count_mask)

static struct pt_walk walk_of(const struct page_info *pg)
{
	uint64_t x = pg->u.type_info;

	return (struct pt_walk){
		.next = (unsigned int)((x & PGT_progress_mask) >>
				       PGT_progress_shift),
		.held = x & PGT_partial_entry,
	};
}

/* Keep @w in @pg and make it partial: the state holds the type count of
 * 1 and a general reference of its own (so nobody need stay around). */
static void enter_partial(struct page_info *pg, struct pt_walk w)
{
	uint64_t x = pg->u.type_info & ~PGT_PROGRESS_BITS;

	x |= (uint64_t)w.next << PGT_progress_shift | PGT_partial;
	if (w.held)
		x |= PGT_partial_entry;
	pg->u.type_info = x;
	pg->count_info++; /* The caller holds one: no overflow, no free. */
}

/* The type count reaches 0. Writable frames keep PGT_validated. */
static void release_type(struct page_info *pg)
{
	uint64_t x = pg->u.type_info & ~(PGT_count_mask | PGT_PROGRESS_BITS);

	if ((x & PGT_type_mask) != PGT_writable_page)
		x &= ~PGT_validated;
	pg->u.type_info = x;
	pt_hook_type_released(pg);
}

/* Validate table @pg (type count 1, ours) from where its fields say. A
 * failure after references were taken is unwound at once without @p,
 * else left to @p as a partial table (Xen's old_guest_table). */
static int validate_table(struct page_info *pg, unsigned int level,
			  struct pt_resume *p)
{
	struct pt_walk w = walk_of(pg);
	int rc = pt_walk_validate(pg, level, &w, p);

	if (!rc) {
		pg->u.type_info =
			(pg->u.type_info & ~PGT_PROGRESS_BITS) | PGT_validated;
		return 0;
	}
	if (rc == -ERESTART || (p && (w.next || w.held))) {
		enter_partial(pg, w);
		if (rc != -ERESTART) {
			p->old_mfn = mfn_x(page_to_mfn(pg));
			p->old_active = true;
		}
		return rc;
	}
	if (w.next || w.held)
		BUG_ON(pt_walk_devalidate(pg, level, &w, NULL));
	release_type(pg);
	return rc;
}

/* Drop the references of table @pg (type count 1, no PGT_validated)
 * from @w down; 0 when the type count is 0, or -ERESTART (partial). */
static int devalidate_table(struct page_info *pg, unsigned int level,
			    struct pt_walk w, struct pt_resume *p)
{
	int rc = pt_walk_devalidate(pg, level, &w, p);

	if (rc == -ERESTART) {
		enter_partial(pg, w);
		return rc;
	}
	BUG_ON(rc);
	release_type(pg);
	return 0;
}

/* First reference of @type on @pg (type count 0). */
static int first_type_ref(struct page_info *pg, uint64_t type,
			  struct pt_resume *p)
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
	pg->u.type_info = (x & ~(PGT_validated | PGT_PROGRESS_BITS)) | 1;
	if (level)
		return validate_table(pg, level, p);
	rc = pt_hook_check_desc_page(page_to_mfn(pg));
	if (rc) {
		release_type(pg);
		return rc;
	}
	pg->u.type_info |= PGT_validated;
	return 0;
}

int pt_get_type(struct page_info *pg, uint64_t type, struct pt_resume *p)
{
	uint64_t x = pg->u.type_info;
	int rc;

	if (type != PGT_writable_page && type != PGT_seg_desc_page &&
	    !pt_type_level(type))
		return -EINVAL;
	if (TYPE_COUNT(x) == 0)
		return first_type_ref(pg, type, p);
	if ((x & PGT_type_mask) != type)
		return -EINVAL;
	if (!(x & PGT_validated)) {
		/* Being validated right now: only a cycle asks for that. */
		if (!(x & PGT_partial))
			return -EINVAL;
		/* Partial: whoever asks carries on from where it stopped,
		 * with the state's type count; its general reference goes
		 * (enter_partial took another if it stopped again). */
		pg->u.type_info = x & ~PGT_partial;
		rc = validate_table(pg, pt_type_level(x), p);
		put_page(pg);
		return rc;
	}
	if (TYPE_COUNT(x) == PGT_count_mask)
		return -EINVAL;
	pg->u.type_info = x + 1;
	return 0;
}

int pt_put_type(struct page_info *pg, bool partial, struct pt_resume *p)
{
	uint64_t x = pg->u.type_info;
	unsigned int level = pt_type_level(x);
	int rc;

	if (partial) {
		/* Nothing left to drop if someone finished it meanwhile. */
		if (!(x & PGT_partial))
			return 0;
		BUG_ON(TYPE_COUNT(x) != 1);
		pg->u.type_info = x & ~PGT_partial;
		rc = devalidate_table(pg, level, walk_of(pg), p);
		put_page(pg);
		return rc;
	}
	BUG_ON(!TYPE_COUNT(x) || (x & PGT_partial));
	if (TYPE_COUNT(x) > 1) {
		pg->u.type_info = x - 1;
		return 0;
	}
	/* The last reference: a table stops being one before its entries'
	 * references go, so nothing reached from it can take it again. */
	if (level && (x & PGT_validated)) {
		pg->u.type_info = x & ~PGT_validated;
		return devalidate_table(
			pg, level,
			(struct pt_walk){ .next = L1_PAGETABLE_ENTRIES }, p);
	}
	release_type(pg);
	return 0;
}

int get_page_type(struct page_info *pg, uint64_t type)
{
	return pt_get_type(pg, type, NULL);
}

void put_page_type(struct page_info *pg)
{
	(void)pt_put_type(pg, false, NULL);
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

int get_page_and_type_preemptible(struct page_info *pg, const struct domain *d,
				  uint64_t type, struct pt_resume *r)
{
	int rc;

	BUG_ON(r->old_active);
	if (!get_page(pg, d))
		return -EINVAL;
	rc = pt_get_type(pg, type, r);
	/* After a failure whose unwinding is left to @r, our general
	 * reference is the one @r holds. */
	if (rc && !(r->old_active && r->old_mfn == mfn_x(page_to_mfn(pg))))
		put_page(pg);
	return rc;
}

int put_page_and_type_preemptible(struct page_info *pg, struct pt_resume *r)
{
	int rc;

	BUG_ON(r->old_active);
	rc = pt_put_type(pg, false, r);
	if (!rc) {
		put_page(pg);
		return 0;
	}
	/* Our references became a partial one, which @r now holds. */
	r->old_mfn = mfn_x(page_to_mfn(pg));
	r->old_active = true;
	return rc;
}

static int put_old_table(struct pt_resume *r, bool preemptible)
{
	struct page_info *pg = mfn_to_page(_mfn(r->old_mfn));
	int rc;

	if (!r->old_active)
		return 0;
	r->old_active = false;
	rc = pt_put_type(pg, true, preemptible ? r : NULL);
	if (rc) {
		r->old_active = true;
		return rc;
	}
	put_page(pg);
	return 0;
}

int pt_put_old_table(struct pt_resume *r)
{
	return put_old_table(r, true);
}

void pt_put_old_table_now(struct pt_resume *r)
{
	(void)put_old_table(r, false);
}
