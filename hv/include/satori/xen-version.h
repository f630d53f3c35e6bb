/* SPDX-License-Identifier: MIT */
/*
 * What xen_version (hv/common/xen-version.c) reports.
 *
 * Feature bits (public/features.h) offered to every 64-bit PV guest.
 * Only promises satori keeps, with two exceptions Linux forces: it
 * panics, before it prints anything, unless both
 * mmu_pt_update_preserve_ad (5: MMU_PT_UPDATE_PRESERVE_AD in mmu_update)
 * and gnttab_map_avail_bits (7: GNTMAP avail bits in grant maps) are set,
 * so they are set from the start and the MMU and grant-table work must
 * implement them. direct_mapped (17) is true of every non-translated
 * guest. Left out until their hypercalls exist: highmem_assist (6:
 * MMUEXT_CLEAR_PAGE/COPY_PAGE) and memory_op_vnode_supported (13:
 * XENMEMF_vnode). Never set for PV: 0, 2, 3, 8, 9, 10. Added per domain:
 * pae_pgdir_above_4gb (4) once vm_assist pae_extended_cr3 is on, and
 * dom0 (11) for the initial domain.
 */
#ifndef SATORI_XEN_VERSION_H
#define SATORI_XEN_VERSION_H

#include <satori/domain.h>

#define XEN_VERSION_MAJOR 4
#define XEN_VERSION_MINOR 17
#define XEN_VERSION_EXTRA ".0-satori"
/* Xen ends each capability with a space; only 64-bit PV is offered. */
#define XEN_VERSION_CAPABILITIES "xen-3.0-x86_64 "
/* HYPERVISOR_VIRT_START of the x86-64 PV ABI. */
#define XEN_VERSION_VIRT_START 0xffff800000000000ULL

#define XEN_FEATURES_PV64 ((1u << 5) | (1u << 6) | (1u << 7) | (1u << 17))

/* The XENVER_get_features submap 0 word for @d. */
uint32_t xen_features_submap0(const struct domain *d);

#endif
