/* SPDX-License-Identifier: MIT */
/*
 * Host fixture for the tests of the frame-type core (page-type*.c): two
 * fake owner domains, the pt_hook_* functions the core calls (answering
 * what the test sets and counting what it saw), frame and table helpers,
 * and the consistency checker run over the test's frames. The includer
 * defines NR_FRAMES (frames the tests use) first and includes this from
 * exactly one file per test program.
 */
#ifndef TESTS_UNIT_PAGE_TYPE_FIXTURE_H
#define TESTS_UNIT_PAGE_TYPE_FIXTURE_H

#include <stdlib.h>

#include <asm/page-type.h>

#include <satori/bug.h>
#include <satori/errno.h>

#include "check.h"
#include "host-frames.h"

#ifndef NR_FRAMES
#error "define NR_FRAMES before including page-type-fixture.h"
#endif

/* Owners: only the pointers matter to the core. */
static char dom_a_tag, dom_b_tag;
#define DOM_A ((struct domain *)&dom_a_tag)
#define DOM_B ((struct domain *)&dom_b_tag)

/* What the hooks answer; ptf_reset_frames() clears those marked (r). */
static bool iomem_ok, cache_ok;	 /* (r) iomem / cache-attribute rights */
static int desc_rc;		 /* (r) the descriptor-page check */
static bool preempt_now;	 /* (r) every preemption check stops */
static unsigned int yields_left; /* so many preemption checks stop */
/* Frames with a page_info that the test declares non-RAM, and one of
 * them mapped read-only (0: none). */
static unsigned long io_frame_first, io_frame_end, ro_io_frame;
static pte_t hv_l4_fill; /* Written into the hypervisor's L4 slots. */
static bool no_frees;	 /* A freed frame is a test failure. */

/* What the hooks saw (r). */
static unsigned int flushes, releases, frees, hv_fills;

/* References the tables do not show, as a CR3 holds them (r). */
static uint64_t cr3_refs[NR_FRAMES];
/* More general references a test knows of (NULL: none). */
static uint64_t (*more_gen_refs)(unsigned long mfn);
/* A test's own preemption policy: answers every preemption check instead
 * of preempt_now and yields_left (NULL: those two decide). */
static bool (*own_preempt_check)(void);
/* A test's own frame release, called by the free hook after it counted
 * the frame, instead of just clearing owner and type (NULL: that). */
static void (*own_free_page)(struct page_info *pg);

pte_t *pt_hook_map(mfn_t mfn)
{
	CHECK(mfn_valid(mfn));
	return phys_to_virt(mfn_to_maddr(mfn));
}

void pt_hook_unmap(const pte_t *table)
{
	(void)table;
}

bool pt_hook_is_io_frame(mfn_t mfn)
{
	return !mfn_valid(mfn) ||
	       (mfn_x(mfn) >= io_frame_first && mfn_x(mfn) < io_frame_end);
}

bool pt_hook_iomem_read_only(mfn_t mfn)
{
	return ro_io_frame && mfn_x(mfn) == ro_io_frame;
}

bool pt_hook_iomem_allowed(const struct domain *d, mfn_t mfn)
{
	(void)d;
	(void)mfn;
	return iomem_ok;
}

bool pt_hook_cache_attrs_allowed(const struct domain *d)
{
	(void)d;
	return cache_ok;
}

bool pt_hook_preempt_check(void)
{
	if (own_preempt_check)
		return own_preempt_check();
	if (preempt_now)
		return true;
	if (!yields_left)
		return false;
	yields_left--;
	return true;
}

void pt_hook_type_released(struct page_info *pg)
{
	(void)pg;
	releases++;
}

void pt_hook_type_change_flush(struct page_info *pg)
{
	(void)pg;
	flushes++;
}

void pt_hook_fill_hv_l4_slots(pte_t *l4, mfn_t mfn)
{
	(void)mfn;
	hv_fills++;
	for (unsigned int i = PT_HV_FIRST_L4_SLOT; i <= PT_HV_LAST_L4_SLOT; i++)
		l4[i] = hv_l4_fill;
}

int pt_hook_check_desc_page(mfn_t mfn)
{
	(void)mfn;
	return desc_rc;
}

void pt_hook_free_page(struct page_info *pg)
{
	if (no_frees)
		CHECK(false);
	frees++;
	if (own_free_page) {
		own_free_page(pg);
		return;
	}
	pg->owner = NULL;
	pg->u.type_info = 0;
}

void bug_fail(const char *kind, const char *what, const char *file,
	      unsigned int line)
{
	fprintf(stderr, "%s: %s at %s:%u\n", kind, what, file, line);
	abort();
}

static inline pte_t *tab(unsigned long mfn)
{
	return phys_to_virt(mfn_to_maddr(_mfn(mfn)));
}

static inline struct page_info *pg(unsigned long mfn)
{
	return mfn_to_page(_mfn(mfn));
}

static inline pte_t pte(unsigned long mfn, uint64_t flags)
{
	return ((uint64_t)mfn << PAGE_SHIFT) | flags;
}

static inline uint64_t gen(unsigned long mfn)
{
	return pg(mfn)->count_info & PGC_count_mask;
}

static inline uint64_t tcount(unsigned long mfn)
{
	return pg(mfn)->u.type_info & PGT_count_mask;
}

/* Every frame allocated (to A, from @b_first on to B), zeroed, untyped;
 * the hook state marked (r) back to its default. */
static inline void ptf_reset_frames(unsigned long b_first)
{
	for (unsigned long m = 0; m < NR_FRAMES; m++) {
		pg(m)->count_info = PGC_allocated | 1;
		pg(m)->u.type_info = 0;
		pg(m)->owner = m >= b_first ? DOM_B : DOM_A;
		memset(tab(m), 0, PAGE_SIZE);
		cr3_refs[m] = 0;
	}
	iomem_ok = cache_ok = false;
	desc_rc = 0;
	preempt_now = false;
	flushes = releases = frees = hv_fills = 0;
}

static inline void ptf_extra_refs(const struct pt_check *c, mfn_t mfn,
				  uint64_t *g, uint64_t *t)
{
	(void)c;
	*g = cr3_refs[mfn_x(mfn)];
	*t = cr3_refs[mfn_x(mfn)];
	if (more_gen_refs)
		*g += more_gen_refs(mfn_x(mfn));
}

static inline void ptf_report(const struct pt_check *c, mfn_t mfn,
			      const char *what)
{
	(void)c;
	fprintf(stderr, "    checker: mfn %lu: %s\n", mfn_x(mfn), what);
}

/* The consistency checker over frames [0, NR_FRAMES): problems found. */
static inline unsigned int check_all(void)
{
	static uint64_t scratch[2 * NR_FRAMES];
	struct pt_check c = { .first = _mfn(0),
			      .end = _mfn(NR_FRAMES),
			      .extra_refs = ptf_extra_refs,
			      .report = ptf_report,
			      .scratch = scratch };

	return pt_check_frames(&c);
}

/* Every frame's counts and type, to compare after an operation. */
static uint64_t snap_count[NR_FRAMES], snap_type[NR_FRAMES];

static inline void snapshot(void)
{
	for (unsigned long m = 0; m < NR_FRAMES; m++) {
		snap_count[m] = pg(m)->count_info;
		snap_type[m] = pg(m)->u.type_info;
	}
}

/* Whether every frame is as snapshot() saw it; prints the first that is
 * not. */
static inline bool same_as_snapshot(void)
{
	for (unsigned long m = 0; m < NR_FRAMES; m++)
		if (snap_count[m] != pg(m)->count_info ||
		    snap_type[m] != pg(m)->u.type_info) {
			fprintf(stderr,
				"    mfn %lu: %#llx/%#llx, was %#llx/%#llx\n",
				m, (unsigned long long)pg(m)->count_info,
				(unsigned long long)pg(m)->u.type_info,
				(unsigned long long)snap_count[m],
				(unsigned long long)snap_type[m]);
			return false;
		}
	return true;
}

#endif
