/* SPDX-License-Identifier: MIT */
/*
 * The machine-to-phys table. It is carved from 2 MiB xenheap blocks and
 * mapped twice with 2 MiB pages: read-only and user-accessible at
 * RO_M2P_START through tables built here (every level carries US, as the
 * guest kernel reads it from ring 3), and writable for the hypervisor at
 * RW_M2P_START through map_pages_to_hv(). Slot 256 of the idle L4 is the
 * one every guest L4 copies.
 */
#include <satori/bug.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/string.h>

#include <asm/layout.h>
#include <asm/m2p.h>
#include <asm/mm.h>

#define M2P_CHUNK_ORDER 9 /* 2 MiB blocks: one L2 superpage each. */
#define M2P_CHUNK_BYTES (PAGE_SIZE << M2P_CHUNK_ORDER)
#define M2P_RO_L2_FLAGS                                              \
	(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY | \
	 _PAGE_PSE | _PAGE_NX)
#define M2P_RO_TABLE_FLAGS \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

#define M2P_DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))

static unsigned long *const m2p_rw = (unsigned long *)RW_M2P_START;
static unsigned long m2p_entries; /* Entries backed and mapped. */
static pte_t *m2p_ro_l3;	  /* The read-only view's L3 (slot 256). */

static pte_t *m2p_table_page(void)
{
	pte_t *t = alloc_xenheap_pages_zeroed(0);

	if (!t)
		panic("m2p: no memory for its page tables");
	return t;
}

/* Map chunk @i (at @pa) read-only into the slot-256 tables under @l3. */
static void m2p_map_ro_chunk(pte_t *l3, unsigned long i, paddr_t pa)
{
	unsigned long l3i = i / L1_PAGETABLE_ENTRIES;
	pte_t *l2;

	if (!pte_present(l3[l3i]))
		l3[l3i] = virt_to_phys(m2p_table_page()) | M2P_RO_TABLE_FLAGS;
	l2 = phys_to_virt(pte_addr(l3[l3i]));
	l2[i % L1_PAGETABLE_ENTRIES] = pa | M2P_RO_L2_FLAGS;
}

void m2p_init(void)
{
	unsigned long chunks = M2P_DIV_ROUND_UP(
		max_page * sizeof(unsigned long), M2P_CHUNK_BYTES);
	unsigned int slot = PT_INDEX(RO_M2P_START, L4_PAGETABLE_SHIFT);
	pte_t *l3;

	BUG_ON(pte_present(idle_pg_table[slot]));
	l3 = m2p_table_page();
	for (unsigned long i = 0; i < chunks; i++) {
		void *va = alloc_xenheap_pages(M2P_CHUNK_ORDER);

		if (!va)
			panic("m2p: no 2 MiB block for entries %lu+", i);
		memset(va, 0xff, M2P_CHUNK_BYTES);
		if (map_pages_to_hv(RW_M2P_START + i * M2P_CHUNK_BYTES,
				    virt_to_phys(va), 1UL << M2P_CHUNK_ORDER,
				    PAGE_HV_RW))
			panic("m2p: cannot map the writable view");
		m2p_map_ro_chunk(l3, i, virt_to_phys(va));
	}
	idle_pg_table[slot] = virt_to_phys(l3) | M2P_RO_TABLE_FLAGS;
	m2p_ro_l3 = l3;
	/* Slots 257 (RW M2P, populated above) and 258 (per-domain) must
	 * exist before the first guest L4 copies slots 256-271. */
	if (hv_l4_slot_populate(PERDOMAIN_START))
		panic("m2p: cannot populate the per-domain slot");
	m2p_entries = max_page;
	printk("m2p: %lu frames, %lu KiB at %#lx (ro, user) and %#lx (rw)\n",
	       max_page, chunks * (M2P_CHUNK_BYTES >> 10),
	       (unsigned long)RO_M2P_START, (unsigned long)RW_M2P_START);
}

void m2p_set(mfn_t mfn, unsigned long pfn)
{
	if (mfn_x(mfn) < m2p_entries)
		m2p_rw[mfn_x(mfn)] = pfn;
}

unsigned long m2p_get(mfn_t mfn)
{
	if (mfn_x(mfn) >= m2p_entries)
		return INVALID_M2P_ENTRY;
	return m2p_rw[mfn_x(mfn)];
}

unsigned long m2p_nr_chunks(void)
{
	return M2P_DIV_ROUND_UP(m2p_entries * sizeof(unsigned long),
				M2P_CHUNK_BYTES);
}

mfn_t m2p_chunk_mfn(unsigned long i)
{
	const pte_t *l2;

	BUG_ON(i >= m2p_nr_chunks());
	l2 = phys_to_virt(pte_addr(m2p_ro_l3[i / L1_PAGETABLE_ENTRIES]));
	return maddr_to_mfn(pte_addr(l2[i % L1_PAGETABLE_ENTRIES]));
}
