/* SPDX-License-Identifier: MIT */
/*
 * The idle page tables and the primitives that map hypervisor memory into
 * them. The idle L4 is the template of every address space: the L3 tables
 * of the hypervisor slots are created once at boot and shared, so a
 * mapping added later is visible everywhere without touching other L4s.
 * Page-table pages come from the boot allocator until the buddy allocator
 * is up, from the xenheap after.
 */
#include <asm/mm.h>
#include <satori/errno.h>
#include <satori/mm.h>
#include <satori/spinlock.h>
#include <satori/string.h>

#include <asm/cpu-ops.h>
#include <asm/cpufeature.h>
#include <asm/page.h>

pte_t idle_pg_table[512] __aligned(PAGE_SIZE) __section(".bss.page_aligned");

static DEFINE_SPINLOCK(map_lock);

paddr_t idle_pg_table_maddr(void)
{
	return virt_to_phys(idle_pg_table);
}

/* A zeroed page for a page table, or 0. */
static paddr_t pt_alloc(void)
{
	paddr_t pa;
	void *va;

	if (mm_total_pages()) {
		va = alloc_xenheap_pages(0);
		if (!va)
			return 0;
		pa = virt_to_phys(va);
	} else {
		pa = boot_alloc_pages(1);
		if (!pa)
			return 0;
		va = phys_to_virt(pa);
	}
	clear_pages(va, PAGE_SIZE);
	return pa;
}

/* The table below entry @idx of @table, created if absent; NULL if it is
 * a superpage (*rc = -EBUSY) or memory ran out (*rc = -ENOMEM). */
static pte_t *pt_walk_alloc(pte_t *table, unsigned int idx, int *rc)
{
	pte_t e = table[idx];
	paddr_t pa;

	if (pte_present(e)) {
		if (e & _PAGE_PSE) {
			*rc = -EBUSY;
			return NULL;
		}
		return phys_to_virt(pte_addr(e));
	}
	pa = pt_alloc();
	if (!pa) {
		*rc = -ENOMEM;
		return NULL;
	}
	table[idx] = pa | PAGE_HV_TABLE;
	return phys_to_virt(pa);
}

static bool can_map_large(vaddr_t va, paddr_t pa, unsigned long nr,
			  unsigned int shift, uint64_t flags, pte_t cur)
{
	unsigned long pages = 1UL << (shift - PAGE_SHIFT);

	return !(flags & MAP_SMALL_PAGES) &&
	       !((va | pa) & ((1UL << shift) - 1)) && nr >= pages &&
	       !(pte_present(cur) && !(cur & _PAGE_PSE));
}

static void set_leaf(pte_t *slot, pte_t e, vaddr_t va)
{
	pte_t old = *slot;

	*slot = e;
	if (pte_present(old))
		invlpg((void *)va);
}

/* Map one leaf at @va; @return pages mapped, or 0 with *rc set. */
static unsigned long map_one(vaddr_t va, paddr_t pa, unsigned long nr,
			     uint64_t flags, int *rc)
{
	uint64_t leaf = flags & ~MAP_SMALL_PAGES;
	pte_t *l3, *l2, *l1;

	l3 = pt_walk_alloc(idle_pg_table, PT_INDEX(va, L4_PAGETABLE_SHIFT), rc);
	if (!l3)
		return 0;
	if (cpu_has_pdpe1gb &&
	    can_map_large(va, pa, nr, L3_PAGETABLE_SHIFT, flags,
			  l3[PT_INDEX(va, L3_PAGETABLE_SHIFT)])) {
		set_leaf(&l3[PT_INDEX(va, L3_PAGETABLE_SHIFT)],
			 pa | leaf | _PAGE_PSE, va);
		return 1UL << (L3_PAGETABLE_SHIFT - PAGE_SHIFT);
	}
	l2 = pt_walk_alloc(l3, PT_INDEX(va, L3_PAGETABLE_SHIFT), rc);
	if (!l2)
		return 0;
	if (can_map_large(va, pa, nr, L2_PAGETABLE_SHIFT, flags,
			  l2[PT_INDEX(va, L2_PAGETABLE_SHIFT)])) {
		set_leaf(&l2[PT_INDEX(va, L2_PAGETABLE_SHIFT)],
			 pa | leaf | _PAGE_PSE, va);
		return 1UL << (L2_PAGETABLE_SHIFT - PAGE_SHIFT);
	}
	l1 = pt_walk_alloc(l2, PT_INDEX(va, L2_PAGETABLE_SHIFT), rc);
	if (!l1)
		return 0;
	set_leaf(&l1[PT_INDEX(va, L1_PAGETABLE_SHIFT)], pa | leaf, va);
	return 1;
}

int map_pages_to_hv(vaddr_t va, paddr_t pa, unsigned long nr, uint64_t flags)
{
	unsigned long flags_irq = spin_lock_irqsave(&map_lock);
	int rc = 0;

	if (!cpu_has_nx)
		flags &= ~_PAGE_NX;
	while (nr) {
		unsigned long done = map_one(va, pa, nr, flags, &rc);

		if (!done)
			break;
		va += done << PAGE_SHIFT;
		pa += done << PAGE_SHIFT;
		nr -= done;
	}
	spin_unlock_irqrestore(&map_lock, flags_irq);
	return rc;
}

/* The L1 entry for @va, or NULL (*rc = -EBUSY) under a superpage; NULL
 * with *rc unchanged if nothing is mapped there. */
static pte_t *l1_entry(vaddr_t va, int *rc)
{
	pte_t e = idle_pg_table[PT_INDEX(va, L4_PAGETABLE_SHIFT)];
	static const unsigned int shifts[] = { L3_PAGETABLE_SHIFT,
					       L2_PAGETABLE_SHIFT };

	for (unsigned int i = 0; i < ARRAY_SIZE(shifts); i++) {
		if (!pte_present(e))
			return NULL;
		e = ((pte_t *)phys_to_virt(
			pte_addr(e)))[PT_INDEX(va, shifts[i])];
		if (pte_present(e) && (e & _PAGE_PSE)) {
			*rc = -EBUSY;
			return NULL;
		}
	}
	if (!pte_present(e))
		return NULL;
	return (pte_t *)phys_to_virt(pte_addr(e)) +
	       PT_INDEX(va, L1_PAGETABLE_SHIFT);
}

int unmap_pages_from_hv(vaddr_t va, unsigned long nr)
{
	unsigned long flags = spin_lock_irqsave(&map_lock);
	int rc = 0;

	for (; nr && !rc; nr--, va += PAGE_SIZE) {
		pte_t *l1 = l1_entry(va, &rc);

		if (l1 && pte_present(*l1)) {
			*l1 = 0;
			invlpg((void *)va);
		}
	}
	spin_unlock_irqrestore(&map_lock, flags);
	return rc;
}

int hv_l4_slot_populate(vaddr_t va)
{
	unsigned long flags = spin_lock_irqsave(&map_lock);
	int rc = 0;

	pt_walk_alloc(idle_pg_table, PT_INDEX(va, L4_PAGETABLE_SHIFT), &rc);
	spin_unlock_irqrestore(&map_lock, flags);
	return rc;
}
