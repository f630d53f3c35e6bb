/* SPDX-License-Identifier: MIT */
/*
 * The bootstrap page tables (pv-abi 1.6): 4 levels mapping the region
 * [v_start, v_end) onto pfns 0.. with Xen's flags (US at every level, as
 * the guest kernel runs in ring 3), the page-table frames themselves
 * mapped read-only, and the hypervisor slots 256-271 copied from the idle
 * L4. Then the frame-type core types them: page tables validated, the
 * L4 pinned and referenced by vCPU 0's CR3.
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

/* The table under entry @e of a level-@level table, created if absent. */
static pte_t *table_below(struct pv_build *b, pte_t *e, unsigned int level)
{
	if (!pte_present(*e))
		*e = next_table(b, level - 1) | PV_UPPER_PROT;
	return phys_to_virt(pte_addr(*e));
}

static void map_one(struct pv_build *b, pte_t *l4, uint64_t va)
{
	unsigned long pfn = (va - b->v_start) >> PAGE_SHIFT;
	pte_t *l3 = table_below(b, &l4[PT_INDEX(va, L4_PAGETABLE_SHIFT)], 4);
	pte_t *l2 = table_below(b, &l3[PT_INDEX(va, L3_PAGETABLE_SHIFT)], 3);
	pte_t *l1 = table_below(b, &l2[PT_INDEX(va, L2_PAGETABLE_SHIFT)], 2);
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
