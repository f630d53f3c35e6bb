/* SPDX-License-Identifier: MIT */
/*
 * What the grant-table code (hv/common/grant/) needs from the PV MMU: the
 * references on a granted frame, the L1 entries of host mappings, the
 * TLB flush after unmapping, and the frame's contents for copies.
 * A PV host mapping is an ordinary L1 entry of the mapping domain that
 * maps the granter's frame: it is installed and removed through the
 * frame-type core (mod_l1_entry), so the entry itself holds the general
 * and (writable) type reference, as Xen's put_page_from_l1e expects.
 * Implemented in hv/arch/x86/pv/grant-map.c; no grant-table locks held
 * when called, except where said.
 */
#ifndef ASM_X86_GRANT_MAP_H
#define ASM_X86_GRANT_MAP_H

#include <satori/types.h>

struct domain;

/* Whether @mfn is RAM @rd owns (Xen's get_paged_frame for a PV granter).
 * May be called with @rd's grant-table lock held. */
bool pv_grant_frame_owned(struct domain *rd, uint64_t mfn);

/*
 * Take a general reference on @rd's frame @mfn and, if @writable, a
 * writable type reference (a device mapping, a copy): GNTST_okay,
 * GNTST_bad_page (not @rd's frame) or GNTST_general_error (the frame
 * cannot be writable: a page table, a descriptor page).
 */
int16_t pv_grant_get_frame(struct domain *rd, uint64_t mfn, bool writable);
void pv_grant_put_frame(struct domain *rd, uint64_t mfn, bool writable);

/*
 * Map @rd's frame @mfn for the current domain @ld: @addr is a linear
 * address in the current page tables, or with GNTMAP_contains_pte in
 * @flags the machine address of an L1 entry of @ld. The entry is built
 * from @flags (GNTMAP_readonly, _application_map, guest_avail bits) and
 * the grant's cache bits @gtf_cache (GTF_PWT/PCD/PAT) and validated like
 * any L1 entry (a writable mapping of a page table is refused); the old
 * entry's references are dropped. GNTST_okay or GNTST_general_error.
 */
int16_t pv_grant_create_mapping(struct domain *ld, struct domain *rd,
				uint64_t addr, uint64_t mfn, uint32_t flags,
				uint16_t gtf_cache);

/*
 * Remove the mapping made by pv_grant_create_mapping: the entry at @addr
 * (same @flags addressing) must map @mfn; it becomes empty, or with
 * @new_addr (linear only) takes over the entry that maps @new_addr, which
 * becomes empty (unmap_and_replace). The TLBs are not flushed.
 * GNTST_okay or GNTST_general_error (entry unchanged).
 */
int16_t pv_grant_replace_mapping(struct domain *ld, struct domain *rd,
				 uint64_t addr, uint64_t mfn, uint64_t new_addr,
				 uint32_t flags);

/* Flush every TLB that may hold translations of @ld, waiting. */
void pv_grant_flush_tlb(struct domain *ld);

/* The hypervisor's address of a frame the caller holds a reference on. */
void *pv_grant_frame_va(uint64_t mfn);

#endif
