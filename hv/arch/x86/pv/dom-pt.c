/* SPDX-License-Identifier: MIT */
/*
 * The bootstrap page tables (pv-abi 1.6): 4 levels mapping the region
 * [v_start, v_end) onto pfns 0.. with Xen's flags (US at every level, as
 * the guest kernel runs in ring 3), the page-table frames themselves
 * mapped read-only, and the hypervisor slots 256-271 copied from the idle
 * L4. The frames are handed out in the order Xen's dom0 builder (for
 * dom0) or the toolstack (for a domU) uses, since Linux's use of them
 * depends on it. Then the frame-type core types them: page tables
 * validated, the L4 pinned and referenced by vCPU 0's CR3.
 */
#include <satori/bug.h>
#include <satori/log.h>
#include <satori/mm.h>

#include <asm/layout.h>
#include <asm/mm.h>
#include <asm/page-type.h>
#include <asm/pv-mm.h>

#include "dom-build-private.h"

/* Xen's dom0 flags; bit 52 (Xen's internal _PAGE_GUEST_KERNEL) is not
 * used by satori. */
#define PV_L1_PROT (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_USER)
#define PV_UPPER_PROT \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_USER)

static bool is_pt_pfn(const struct pv_build *b, unsigned long pfn)
{
	return pfn >= b->pt_pfn && pfn < b->pt_pfn + b->lay.nr_pt_frames;
}

/* The next page-table frame, as a table of @level; its machine address. */
static uint64_t next_table(struct pv_build *b, unsigned int level)
{
	unsigned long pfn = b->pt_pfn + b->pt_used;

	BUG_ON(b->pt_used >= b->lay.nr_pt_frames);
	b->pt_level[b->pt_used++] = (uint8_t)level;
	return (uint64_t)b->p2m[pfn] << PAGE_SHIFT;
}

/* The table an entry points to, or NULL if the entry is empty. */
static pte_t *table_of(pte_t e)
{
	return pte_present(e) ? phys_to_virt(pte_addr(e)) : NULL;
}

/* Link the new table at machine address @ma into entry @e. */
static pte_t *link_table(pte_t *e, uint64_t ma)
{
	*e = ma | PV_UPPER_PROT;
	return phys_to_virt(ma);
}

/*
 * The L1 table mapping @va, created if absent, with its frames handed out
 * in the order of the builder the guest expects. dom0 gets Xen's dom0
 * builder's order: the new L1 first, then the L2 and L3 above it if they
 * are new too (L4, L1, L2, L3, L1, L1, ...). A domU gets the toolstack's
 * order, each table before the ones below it (L4, L3, L2, L1, L1, ...).
 * Linux notices the difference: it frees the bootstrap L4, L3 and L2 it
 * has copied only where they lie at the start of the range
 * (check_pt_base), so the order decides how many frames of its RAM stay
 * reserved.
 */
static pte_t *l1_for(struct pv_build *b, pte_t *l4, uint64_t va)
{
	bool l1_first = b->args->initdomain; /* Xen's dom0 order */
	pte_t *e4 = &l4[PT_INDEX(va, L4_PAGETABLE_SHIFT)];
	pte_t *l3 = table_of(*e4), *l2 = NULL, *l1 = NULL;
	uint64_t l1_ma = 0, l2_ma;

	if (l3)
		l2 = table_of(l3[PT_INDEX(va, L3_PAGETABLE_SHIFT)]);
	if (l2)
		l1 = table_of(l2[PT_INDEX(va, L2_PAGETABLE_SHIFT)]);
	if (l1)
		return l1;
	if (l1_first)
		l1_ma = next_table(b, 1);
	if (!l2) {
		if (!l3 && !l1_first)
			l3 = link_table(e4, next_table(b, 3));
		l2_ma = next_table(b, 2);
		if (!l3)
			l3 = link_table(e4, next_table(b, 3));
		l2 = link_table(&l3[PT_INDEX(va, L3_PAGETABLE_SHIFT)], l2_ma);
	}
	if (!l1_first)
		l1_ma = next_table(b, 1);
	return link_table(&l2[PT_INDEX(va, L2_PAGETABLE_SHIFT)], l1_ma);
}

static void map_one(struct pv_build *b, pte_t *l4, uint64_t va)
{
	unsigned long pfn = (va - b->v_start) >> PAGE_SHIFT;
	pte_t *l1 = l1_for(b, l4, va);
	pte_t e = ((uint64_t)b->p2m[pfn] << PAGE_SHIFT) | PV_L1_PROT;

	if (is_pt_pfn(b, pfn))
		e &= ~_PAGE_RW;
	l1[PT_INDEX(va, L1_PAGETABLE_SHIFT)] = e;
}

void pv_build_page_tables(struct pv_build *b)
{
	pte_t *l4;

	b->pt_pfn = (b->lay.pt_start - b->v_start) >> PAGE_SHIFT;
	b->l4_mfn = next_table(b, 4) >> PAGE_SHIFT;
	l4 = phys_to_virt((paddr_t)b->l4_mfn << PAGE_SHIFT);
	for (unsigned int i = HV_FIRST_L4_SLOT; i <= HV_LAST_L4_SLOT; i++)
		l4[i] = idle_pg_table[i];
	for (uint64_t va = b->v_start; va != b->lay.v_end; va += PAGE_SIZE)
		map_one(b, l4, va);
	BUG_ON(b->pt_used != b->lay.nr_pt_frames);
}

/*
 * Type the bootstrap frames through the frame-type core, as a running
 * domain's would be: every frame starts with only its allocation
 * reference; pinning the L4 validates the whole hierarchy (each entry
 * taking its references: a writable type on data frames, the level below
 * on tables), and vCPU 0's CR3 takes one more general and type reference
 * on the L4. pv_check_page_types() (selftest=domcheck) confirms the
 * result. A failure here is a builder bug: the tables are our own.
 */
int pv_set_frame_types(struct pv_build *b)
{
	struct page_info *l4 = mfn_to_page(_mfn(b->l4_mfn));
	int rc;

	pt_lock(b->d);
	rc = pin_table(l4, 4, b->d);
	if (!rc) {
		rc = get_page_and_type(l4, b->d, PGT_l4_page_table);
		if (rc)
			(void)unpin_table(l4, b->d);
	}
	pt_unlock(b->d);
	if (rc)
		log_err("%s: bootstrap tables refused by the type core: %d\n",
			b->d->name, rc);
	return rc;
}
