/* SPDX-License-Identifier: MIT */
/*
 * The PV MMU from a test kernel: typed wrappers for mmu_update, mmuext_op
 * and memory_op, and helpers built on what every domain builder provides:
 * start_info.mfn_list (pfn -> mfn), the read-only M2P at
 * MACH2PHYS_VIRT_START (mfn -> pfn), and the bootstrap page tables, mapped
 * read-only at VA = pfn << 12 (test kernels have no VIRT_BASE). Frames
 * beyond the bootstrap region are unused; mmu_frame_alloc() hands them out
 * and a window of pages in .bss maps them one at a time.
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include <guest/abi.h>
#include <guest/mmuext.h> /* hc_mmuext_op, mmuext1 */
#include <memory.h>
#include <stdint.h>

#define PTE_PSE 0x080UL
#define PTE_NX (1UL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000UL
#define PTE_MFN(pte) (((pte)&PTE_ADDR_MASK) >> 12)
#define PTE_FLAGS_RW (PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY)
#define PTE_FLAGS_RO (PTE_PRESENT | PTE_ACCESSED)

/* Index of @va's entry in its level-@level table (1 = L1 ... 4 = L4). */
#define PT_INDEX(va, level) \
	((unsigned int)(((uint64_t)(va) >> (12 + 9 * ((level)-1))) & 511))

/* Hypercall wrappers (mmuext_op: guest/mmuext.h); pointers unchecked. */
long hc_mmu_update(const struct mmu_update *req, unsigned int count,
		   unsigned int *done, unsigned int foreigndom);
/* memory_op (guest/memory.h has the reservation helpers). */
long hc_memory_op(unsigned int cmd, void *arg);

/* One MMU_NORMAL_PT_UPDATE of the entry at machine address @ptr. */
long mmu_update1(uint64_t ptr, uint64_t val);
/* MMUEXT_PIN_L<level>_TABLE of @mfn, level 1-4. */
long mmu_pin(unsigned int level, uint64_t mfn);
long mmu_unpin(uint64_t mfn);
/* decrease_reservation / increase_reservation of one order-0 extent:
 * the extents done (1) or a negative errno. increase returns the new
 * frame in *@mfn. */
long mmu_give_back(uint64_t mfn);
long mmu_take_one(uint64_t *mfn);

/* start_info.mfn_list[@pfn]; the M2P entry of @mfn. */
uint64_t mmu_pfn_to_mfn(uint64_t pfn);
uint64_t mmu_mfn_to_pfn(uint64_t mfn);
/* Whether @mfn is one of this domain's frames (by mfn_list and M2P). */
int mmu_mfn_is_own(uint64_t mfn);

/* The L4 the domain started on (start_info.pt_base) and its frame. */
uint64_t *mmu_boot_l4(void);
uint64_t mmu_boot_l4_mfn(void);
/*
 * The read-only view of bootstrap table frame @mfn (VA = pfn << 12), or
 * NULL if its pfn is outside the bootstrap page tables.
 */
const uint64_t *mmu_table_view(uint64_t mfn);
/*
 * Walks the boot tables for @va down to @level and returns the machine
 * address of the entry there (the L1 entry for @level 1), or 0 if a level
 * above is not present or not a bootstrap table. *@pte gets its value
 * (may be NULL).
 */
uint64_t mmu_entry_maddr(uint64_t va, unsigned int level, uint64_t *pte);
/* The frame @va maps (through the L1), or 0 if unmapped. */
uint64_t mmu_virt_to_mfn(const void *va);

/*
 * An unused frame of this domain: the highest pfn not handed out yet
 * whose VA the boot tables do not map. 0 when none are left.
 */
uint64_t mmu_frame_alloc(void);

/* The window: MMU_WINDOW_SLOTS pages of .bss whose L1 entries exist. */
#define MMU_WINDOW_SLOTS 16
void *mmu_window(unsigned int slot);
/* update_va_mapping of window @slot to @mfn with @flags (0 unmaps). */
long mmu_window_map(unsigned int slot, uint64_t mfn, uint64_t flags);
/*
 * Maps @mfn RW in @slot, zeroes it, copies @n entries from @entries (may
 * be NULL), then maps it read-only there (as Linux does before pinning).
 * Returns the first failing update_va_mapping's result, or 0.
 */
long mmu_table_fill(unsigned int slot, uint64_t mfn, const uint64_t *entries,
		    unsigned int n);

/*
 * A copy of the boot hierarchy in fresh frames: every present table
 * reachable through the guest L4 slots below 256 is copied, except that
 * the window's L1 entries are left empty and @probe_va (page aligned, 0
 * for none) maps @probe_mfn read-write instead. The tables stay mapped
 * read-only in window slots 0.., unpinned. Returns 0 or the first error.
 */
#define MMU_CLONE_MAX 12
struct mmu_clone {
	uint64_t l4_mfn;
	unsigned int nr;	     /* frames used */
	uint64_t mfn[MMU_CLONE_MAX]; /* every table frame, L4 first */
	unsigned int level[MMU_CLONE_MAX];
};
long mmu_clone_boot_tables(struct mmu_clone *c, uint64_t probe_va,
			   uint64_t probe_mfn);
/* Drops the clone's window mappings (slots 0..nr-1). */
void mmu_clone_unmap(const struct mmu_clone *c);

/*
 * Whether @mfn holds no page-table type any more: maps it read-write in
 * window @slot and unmaps it again. 0 if so, else update_va_mapping's
 * error (-EBUSY while it is still a page table).
 */
long mmu_check_untyped(unsigned int slot, uint64_t mfn);

/* The boot tables' frames on the way to @va, index 1 (L1) to 4 (L4);
 * t[0] is unused. Returns 0 or -EINVAL if the walk breaks. */
long mmu_boot_walk(uint64_t va, uint64_t t[5]);

/* CR3 as the hypervisor emulates `mov %cr3` for a PV kernel. */
uint64_t mmu_read_cr3(void);

#endif /* GUEST_MMU_H */
