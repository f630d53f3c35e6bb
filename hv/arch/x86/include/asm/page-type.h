/* SPDX-License-Identifier: MIT */
/*
 * The PV MMU's frame-type and reference-count core: general references
 * (get_page/put_page), type references with validation of page-table
 * frames (get_page_type/put_page_type), per-entry updates of validated
 * tables (mod_l{1,2,3,4}_entry), pinning, and a consistency checker. The
 * rules are in the essay at the top of hv/arch/x86/mm/page-type.c.
 *
 * The logic is pure: it reaches frame contents, TLBs and privileges only
 * through the pt_hook_* functions below, which the hypervisor implements
 * in mm/page-type-hooks.c and the host unit tests implement over host
 * memory. Callers serialise all calls for one domain (one page-table lock
 * per domain); nothing here is atomic.
 */
#ifndef ASM_X86_PAGE_TYPE_H
#define ASM_X86_PAGE_TYPE_H

#include <satori/bug.h>
#include <satori/page-info.h>
#include <satori/types.h>

#include <asm/pt-resume.h>
#include <asm/pte.h>

struct domain;

/* The L4 slots that belong to the hypervisor (asm/layout.h's
 * HV_FIRST_L4_SLOT..HV_LAST_L4_SLOT, repeated here so that this header
 * needs no hypervisor layout; page-type-hooks.c checks they agree). */
#define PT_HV_FIRST_L4_SLOT 256
#define PT_HV_LAST_L4_SLOT 271

/* ---- Hooks the caller implements ---- */

/* The 512 entries of frame @mfn (which is mfn_valid), readable and
 * writable until pt_hook_unmap(). The hypervisor reads them through its
 * direct map, inline (every entry update maps its table); host tests
 * provide their own, which check the frame. */
#ifdef SATORI_UNIT_TEST
pte_t *pt_hook_map(mfn_t mfn);
void pt_hook_unmap(const pte_t *table);
#else
static inline pte_t *pt_hook_map(mfn_t mfn)
{
	return phys_to_virt(mfn_to_maddr(mfn));
}

static inline void pt_hook_unmap(const pte_t *table)
{
	(void)table; /* The direct map stays. */
}
#endif

/* Whether @mfn is an I/O frame: no page_info, or a frame the host's
 * memory map does not call RAM (the BIOS ROM at 0xf0000, MMIO). An L1
 * entry maps one without references, if pt_hook_iomem_allowed(). A frame
 * with PGC_allocated or PGC_xen_heap (the heap's) must never be one: the
 * core answers those itself without asking. */
bool pt_hook_is_io_frame(mfn_t mfn);

/* Whether @d may map the I/O frame @mfn (pt_hook_is_io_frame). */
bool pt_hook_iomem_allowed(const struct domain *d, mfn_t mfn);

/* Whether the permitted I/O frame @mfn may only be mapped read-only. */
bool pt_hook_iomem_read_only(mfn_t mfn);

/* Whether @d may set the cache-attribute bits (PWT, PCD, PAT) in L1s. */
bool pt_hook_cache_attrs_allowed(const struct domain *d);

/* TLB-flush clock (see the essay): @pg's type count just reached 0, so
 * record "now"; and @pg is about to change type, so flush every TLB that
 * may still hold a translation made before the recorded time. */
void pt_hook_type_released(struct page_info *pg);
void pt_hook_type_change_flush(struct page_info *pg);

/* Write the hypervisor's L4 slots (PT_HV_FIRST_L4_SLOT..PT_HV_LAST_L4_SLOT) into
 * the guest L4 @l4 of frame @mfn, after its guest slots validated. */
void pt_hook_fill_hv_l4_slots(pte_t *l4, mfn_t mfn);

/* Check the descriptors of frame @mfn for use as a GDT/LDT page: 0 or
 * -EINVAL. */
int pt_hook_check_desc_page(mfn_t mfn);

/* The last general reference of @pg is gone: give the frame back. */
void pt_hook_free_page(struct page_info *pg);

/* ---- General references ---- */

/* Take a general reference on @pg for its owner @d. Fails (false) if @pg
 * is not owned by @d, not allocated, or its count would overflow. Inline,
 * like put_page(): each entry update takes and drops a few. Not
 * PGC_allocated is no refusal: a frame the domain gave back stays usable
 * through the references it still holds (Xen's get_page). */
static inline bool get_page(struct page_info *pg, const struct domain *d)
{
	uint64_t c = pg->count_info;
	uint64_t n = c & PGC_count_mask;

	if (!d || pg->owner != d)
		return false;
	if (n == 0 || n == PGC_count_mask)
		return false;
	pg->count_info = c + 1;
	return true;
}

/* Drop a general reference; the last one frees the frame (hook). */
static inline void put_page(struct page_info *pg)
{
	BUG_ON(!(pg->count_info & PGC_count_mask));
	pg->count_info--;
	if (!(pg->count_info & PGC_count_mask))
		pt_hook_free_page(pg);
}

/* ---- Type references ---- */

/*
 * Take a type reference of @type (PGT_l1_page_table .. PGT_writable_page)
 * on @pg, whose general reference the caller already holds. Changes the
 * type only if the type count is 0 (flushing TLBs first); the first
 * reference of a page-table type validates the table, and a request for
 * the type of a partial table (page-type.c, "Preemption") finishes its
 * validation, all at once. Returns 0, -EINVAL
 * (type mismatch, count overflow, table under validation, or a bad entry
 * at L2-L4), or what validation of an L1 entry returned (-EINVAL, -EBUSY,
 * -EPERM).
 */
int get_page_type(struct page_info *pg, uint64_t type);

/* Drop a type reference; the last one on a page table devalidates it. */
void put_page_type(struct page_info *pg);

/* Both: a general reference for @d, then a type reference. -EINVAL if the
 * general reference fails; otherwise get_page_type()'s result (with the
 * general reference dropped again on failure). */
int get_page_and_type(struct page_info *pg, const struct domain *d,
		      uint64_t type);
void put_page_and_type(struct page_info *pg);

/* ---- Entries ---- */

/*
 * Take the references that entry *@e of a level-@level table (frame
 * @table_mfn, owned by @d) needs. Not-present entries need none (0).
 * Errors as in Xen: bad flags -EINVAL; L1: another owner's or unusable
 * frame -EBUSY, non-RAM without permission -EPERM; L2-L4: -EINVAL.
 * An L1 entry mapping a read-only I/O frame (pt_hook_iomem_read_only)
 * writable is accepted with _PAGE_RW cleared in *@e: callers install
 * the entry as adjusted.
 */
int get_page_from_entry(pte_t *e, unsigned int level, mfn_t table_mfn,
			const struct domain *d);

/* Drop what get_page_from_entry() took for @e. */
void put_page_from_entry(pte_t e, unsigned int level, mfn_t table_mfn);

/* ---- Same-level (linear) entries (mm/page-type-linear.c) ---- */

/* pv-linear-pt: whether an L2-L4 entry may map a table of its own level
 * read-only (Xen's default, true). Off, the self map is refused too. */
extern bool pt_linear_pt_enabled;

/* The signed linear count of each frame below pt_linear_count_frames
 * (> 0: linear entries the table holds; < 0: linear entries mapping it),
 * zeroed storage the caller provides. NULL: only self maps are allowed. */
extern int16_t *pt_linear_count;
extern unsigned long pt_linear_count_frames;

/*
 * Whether entry @e of the level-@level (2-4) table @table_mfn of @d, whose
 * target refused the type of the level below (-EINVAL), is a permitted
 * linear entry: read-only, and either the table itself (no references)
 * or another validated level-@level table of @d that is not itself a
 * linear table holder, while @table_mfn is not a linear target (Xen's
 * get_l<level>_linear_pagetable). Then it holds a general and a type
 * reference on the target and one linear count on each frame.
 */
bool get_linear_entry(pte_t e, unsigned int level, mfn_t table_mfn,
		      const struct domain *d);

/* Whether the present entry @e of the level-@level table @table_mfn holds
 * a linear reference (its target is a table of the same level). */
bool is_linear_entry(pte_t e, unsigned int level, mfn_t table_mfn);

/* Drop what get_linear_entry() took for a non-self entry @e. */
void put_linear_entry(pte_t e, mfn_t table_mfn);

/* Only the linear counts of non-self entry @e of @table_mfn: the caller
 * drops its general and type references (preemptibly, when the type
 * reference is the target's last). */
void unlink_linear_entry(pte_t e, mfn_t table_mfn);

/* The linear count of @mfn (0 without storage). */
int linear_count_of(mfn_t mfn);

/* Whether slot @slot of a level-@level table is the guest's to write (the
 * hypervisor slots of an L4 are not). Inline: validation asks per entry. */
static inline bool pt_is_guest_slot(unsigned int level, unsigned int slot)
{
	if (slot >= L1_PAGETABLE_ENTRIES)
		return false;
	return level != 4 || slot < PT_HV_FIRST_L4_SLOT ||
	       slot > PT_HV_LAST_L4_SLOT;
}

/* Make the present entry *@e user-accessible, in place: 64-bit PV guest
 * kernels run in ring 3 (Xen's adjust_guest_l*e). Every path that
 * validates an entry calls it before taking the entry's references. */
static inline void pt_adjust_guest_entry(pte_t *e)
{
	if (pte_present(*e))
		*e |= _PAGE_USER;
}

/*
 * Replace entry @slot of the validated level-@level table @table (owned by
 * @d) with @new: validate @new and take its references, then drop those of
 * the old entry. With @preserve_ad the stored entry keeps the old entry's
 * accessed and dirty bits. Same frame with only harmless flag changes (NX,
 * AVAIL, G, D, A, US) changes no references. Returns 0 or -errno (-EINVAL
 * also for a table that is not a validated level-@level table, and for a
 * hypervisor L4 slot); on error the entry is unchanged.
 */
int mod_l1_entry(struct page_info *table, unsigned int slot, pte_t new,
		 bool preserve_ad, const struct domain *d);
/* As mod_l1_entry, for a table of @d whose new entry maps a frame of
 * @pg_d (a privileged domain mapping another's memory, mmu_update's
 * foreigndom); the caller checked the privilege. */
int mod_l1_entry_foreign(struct page_info *table, unsigned int slot, pte_t new,
			 bool preserve_ad, const struct domain *d,
			 const struct domain *pg_d);
int mod_l2_entry(struct page_info *table, unsigned int slot, pte_t new,
		 bool preserve_ad, const struct domain *d);
int mod_l3_entry(struct page_info *table, unsigned int slot, pte_t new,
		 bool preserve_ad, const struct domain *d);
int mod_l4_entry(struct page_info *table, unsigned int slot, pte_t new,
		 bool preserve_ad, const struct domain *d);

/*
 * Replace entry @slot of the validated L1 table @table (owned by @d) with
 * @new only if it still holds *@old, atomically against the CPU's own
 * accessed/dirty updates (emulated guest writes, asm/ptwr.h; Xen's
 * ptwr_emulated_update). The new entry's references are taken first and
 * the old one's dropped after the exchange; no fast path. Returns 0, a
 * validation -errno as mod_l1_entry() (entry unchanged), or -EAGAIN if the
 * entry no longer held *@old: then *@old is its current value and nothing
 * changed. (page-type-xchg.c)
 */
int cmpxchg_l1_entry(struct page_info *table, unsigned int slot, pte_t *old,
		     pte_t new, const struct domain *d);

/* ---- Pinning (MMUEXT_PIN_L*_TABLE / MMUEXT_UNPIN_TABLE) ---- */

/* Pin @pg as a level-@level table for @d: a general and a type reference
 * (validating), plus PGT_pinned. -EINVAL if already pinned, not @d's, or
 * of another type; validation errors as get_page_type(). */
int pin_table(struct page_info *pg, unsigned int level, const struct domain *d);

/* Unpin: -EINVAL if not @d's or not pinned; else drop the pin's refs. */
int unpin_table(struct page_info *pg, const struct domain *d);

/* ---- Preemptible validation and devalidation ---- */

/*
 * The same operations for hypercalls, which must not hold a CPU for a
 * whole hierarchy (essay in page-type.c, "Preemption"). @r is the calling
 * vCPU's: its budget (set per call) and the hook below decide when to
 * stop; the frames keep the progress. Callers finish @r's pending old
 * table (pt_put_old_table) before starting another of these.
 */

/* Whether a softirq wants the CPU (the hypervisor: hypercall_preempt_check). */
bool pt_hook_preempt_check(void);

/*
 * get_page_and_type() that may stop: -ERESTART leaves @pg partial, its
 * progress in the frame, with no reference of ours (the partial state
 * holds its own); asking again carries on. Whoever asks for the type of a
 * partial table carries on, as in Xen (another vCPU pinning it, a table
 * mapping it). An error after references were taken leaves their
 * unwinding to @r (r->old_active, @pg or the table that failed below it
 * is then partial; pt_put_old_table finishes it); the result is the
 * error either way.
 */
int get_page_and_type_preemptible(struct page_info *pg, const struct domain *d,
				  uint64_t type, struct pt_resume *r);

/* put_page_and_type() that may stop: -ERESTART leaves the rest in @r
 * (which now holds our references as a partial one). */
int put_page_and_type_preemptible(struct page_info *pg, struct pt_resume *r);

/* Carry on with @r's pending devalidation: 0 when it is done (or none),
 * -ERESTART when it stopped again. _now: at once (domain teardown). */
int pt_put_old_table(struct pt_resume *r);
void pt_put_old_table_now(struct pt_resume *r);

/*
 * mod_l{2,3,4}_entry() (@level 2-4) that may stop while the new entry's
 * target is validated: -ERESTART with the entry unchanged (ask again). A
 * last reference the old entry held on a table is dropped preemptibly;
 * if that stops, the entry is written, the result is 0, and the rest is
 * left in @r.
 */
int mod_entry_preemptible(struct page_info *table, unsigned int level,
			  unsigned int slot, pte_t new, bool preserve_ad,
			  const struct domain *d, struct pt_resume *r);

/* Release a partial table nothing refers to any more (teardown): drop
 * what its entries hold and the partial state's references. */
void pt_release_partial(struct page_info *pg);

/* ---- Consistency checker ---- */

/*
 * References the tables cannot show (CR3, GDT, vcpu_info, ...): the
 * checker asks the caller for them per frame.
 */
struct pt_check {
	mfn_t first, end; /* Frames [first, end) are checked. */
	void (*extra_refs)(const struct pt_check *c, mfn_t mfn,
			   uint64_t *general, uint64_t *type);
	void (*report)(const struct pt_check *c, mfn_t mfn, const char *what);
	uint64_t *scratch; /* 2 * (end - first) words for the recount. */
	void *ctx;
	/* If set, only tables and frames of this owner are recounted and
	 * compared (other domains' frames may lie in the range); entries to
	 * hypervisor pages shared with it (shared_info) are not counted. */
	const struct domain *owner;
};

/*
 * Recount every reference the validated tables among [first, end) hold,
 * add PGC_allocated, pins and extra_refs(), and compare with each frame's
 * counts; also check the type rules (entries' targets have the types
 * their entries need, pinned frames are validated tables, no validated
 * frame without type references). Returns the number of problems, each
 * also passed to report() if set. Allocates nothing.
 */
unsigned int pt_check_frames(const struct pt_check *c);

/*
 * For a check of @owner's frames [@first, @end): add what the L1 table
 * @l1 of another domain holds on them (one general reference per present
 * entry, one type reference per writable one) to @counts, laid out like
 * pt_check's scratch (general counts, then type counts). A partial table
 * counts the entries that still hold references; anything that is not a
 * validated or partial L1 counts nothing. The caller holds the lock of
 * @l1's domain (a dying grant mapper's tables, pv/dom-type-check.c).
 */
void pt_count_foreign_l1(const struct page_info *l1, const struct domain *owner,
			 mfn_t first, mfn_t end, uint64_t *counts);

#endif
