/* SPDX-License-Identifier: MIT */
/*
 * The machine-to-phys table (M2P): one 8-byte guest frame number per
 * machine frame below max_page, INVALID_M2P_ENTRY where no domain owns the
 * frame. Guests read it at RO_M2P_START (L4 slot 256: read-only,
 * user-accessible, NX, in every guest L4 copied from the idle L4); the
 * hypervisor writes it through RW_M2P_START (slot 257, supervisor only).
 */
#ifndef ASM_X86_M2P_H
#define ASM_X86_M2P_H

#include <satori/page-info.h>

#define INVALID_M2P_ENTRY (~0UL)

/*
 * Build the table and both mappings (boot, after mm_init, before any
 * guest L4 exists). Panics if memory for it cannot be found: no guest
 * could run without it.
 */
void m2p_init(void);

/* Record that machine frame @mfn is guest frame @pfn of its owner (or
 * INVALID_M2P_ENTRY). Ignores frames at or above max_page. */
void m2p_set(mfn_t mfn, unsigned long pfn);

/* The entry for @mfn (INVALID_M2P_ENTRY at or above max_page). */
unsigned long m2p_get(mfn_t mfn);

/* The 2 MiB blocks the table lives in (XENMEM_machphys_mfn_list): how
 * many, and the first frame of block @i (below m2p_nr_chunks()). */
unsigned long m2p_nr_chunks(void);
mfn_t m2p_chunk_mfn(unsigned long i);

#endif
