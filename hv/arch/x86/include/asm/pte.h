/* SPDX-License-Identifier: MIT */
/*
 * x86-64 page-table entry bits (Intel SDM vol. 3, section 4.5, tables
 * 4-14 to 4-20) and the index arithmetic of 4-level paging. Shared by the
 * hypervisor's own page tables and, later, the PV MMU that validates
 * guests' tables.
 */
#ifndef ASM_X86_PTE_H
#define ASM_X86_PTE_H

#include <satori/types.h>

#define _PAGE_PRESENT (1ULL << 0)
#define _PAGE_RW (1ULL << 1)
#define _PAGE_USER (1ULL << 2)
#define _PAGE_PWT (1ULL << 3)
#define _PAGE_PCD (1ULL << 4)
#define _PAGE_ACCESSED (1ULL << 5)
#define _PAGE_DIRTY (1ULL << 6)
#define _PAGE_PSE (1ULL << 7) /* L2/L3: this entry maps a superpage. */
#define _PAGE_GLOBAL (1ULL << 8)
#define _PAGE_NX (1ULL << 63)

/* Bits 12-51 of an entry hold the physical address (MAXPHYADDR <= 52). */
#define PTE_ADDR_MASK 0x000ffffffffff000ULL

#define PAGETABLE_ORDER 9
#define L1_PAGETABLE_ENTRIES 512
#define L1_PAGETABLE_SHIFT 12
#define L2_PAGETABLE_SHIFT 21
#define L3_PAGETABLE_SHIFT 30
#define L4_PAGETABLE_SHIFT 39

#define PT_INDEX(va, shift) (((va) >> (shift)) & 511)

/* Flags for the hypervisor's own mappings. A and D are preset so that the
 * CPU never writes back into the tables. */
#define PAGE_HV_BASE (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_HV_RW (PAGE_HV_BASE | _PAGE_RW | _PAGE_NX)
#define PAGE_HV_RO (PAGE_HV_BASE | _PAGE_NX)
#define PAGE_HV_RX (PAGE_HV_BASE)
#define PAGE_HV_RWX (PAGE_HV_BASE | _PAGE_RW)
#define PAGE_HV_UC (PAGE_HV_RW | _PAGE_PCD | _PAGE_PWT)

/* Flags of a non-leaf entry: permissions are decided at the leaf. */
#define PAGE_HV_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)

typedef uint64_t pte_t;

static inline paddr_t pte_addr(pte_t e)
{
	return e & PTE_ADDR_MASK;
}

static inline bool pte_present(pte_t e)
{
	return e & _PAGE_PRESENT;
}

#endif
