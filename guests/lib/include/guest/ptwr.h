/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the writable-page-table tests (guests/tests/mmu/ptwr-*.c):
 * find the L1 entry that maps one of the kernel's own pages, read through
 * the read-only mapping the domain builder gives of every page-table
 * frame. Test kernels run virtual = pseudo-physical, so a pfn's address
 * is pfn << 12.
 */
#ifndef GUEST_PTWR_H
#define GUEST_PTWR_H

#include <stdint.h>

#define PTE_ADDR 0x000ffffffffff000UL
/* Bits the hypervisor may add to a stored L1 entry (US on kernel pages;
 * Xen also sets G on user pages and its private bit 52 on kernel ones). */
#define PTE_HV_ADJUST (PTE_USER | 0x100UL | (1UL << 52))

/* The machine frame behind pseudo-physical frame @pfn (the p2m list). */
uint64_t ptwr_pfn_to_mfn(uint64_t pfn);
/* The kernel address of machine frame @mfn, 0 if the domain has no such
 * frame in its p2m. */
uint64_t ptwr_mfn_to_va(uint64_t mfn);

/*
 * The address (in the read-only mapping of the L1 table) of the L1 entry
 * mapping @va in the current kernel page tables, starting from
 * start_info->pt_base; NULL if a level is missing.
 */
volatile uint64_t *ptwr_l1e_of(uint64_t va);

/* The same for the level-@level (1-4) entry on the way to @va. */
volatile uint64_t *ptwr_entry_of(uint64_t va, unsigned int level);

/* The entry of the L4 at start_info->pt_base in slot @slot. */
uint64_t ptwr_l4e(unsigned int slot);

#endif /* GUEST_PTWR_H */
