/* SPDX-License-Identifier: MIT */
/*
 * memory_op for test kernels (the raw call, hc_memory_op, is the MMU
 * library's): the reservation subops with their struct filled in, and
 * the domain's own frames as the builder gave them (the p2m list, the
 * read-only M2P, the bootstrap page tables).
 */
#ifndef GUEST_MEMORY_H
#define GUEST_MEMORY_H

#include <guest/abi.h>
#include <guest/mmu.h> /* hc_memory_op */
#include <guest/test.h>
#include <memory.h>
#include <stdint.h>

/* increase/decrease_reservation and populate_physmap (@op) of @nr extents
 * of order @order for @domid, list @list, flags @flags: extents done. */
long mem_reservation(unsigned int op, xen_pfn_t *list, uint64_t nr,
		     unsigned int order, unsigned int flags, uint16_t domid);

/* current/maximum_reservation or maximum_gpfn (@op) of @domid. */
long mem_domain_query(unsigned int op, uint16_t domid);

/* The p2m list (pfn -> mfn) and the read-only M2P (mfn -> pfn). */
static inline uint64_t *p2m_list(void)
{
	return (uint64_t *)start_info->mfn_list;
}

static inline const volatile uint64_t *m2p_table(void)
{
	return (const volatile uint64_t *)MACH2PHYS_VIRT_START;
}

/*
 * The L1 entry that maps @va in the current page tables (walked from
 * start_info's pt_base through the M2P; the bootstrap region maps pfn n
 * at n * 4096, virtual = pseudo-physical), or NULL if a level is missing.
 */
const volatile uint64_t *l1_entry_of(uint64_t va);

#endif /* GUEST_MEMORY_H */
