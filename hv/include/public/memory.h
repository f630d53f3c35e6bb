/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_memory_op(cmd, arg): a domain's memory reservation (give
 * frames back, get new ones, swap extents), its pseudo-physical memory
 * map, and read-only facts about the machine-to-phys table. The subset of
 * Xen's subcommands that PV guests and dom0 use.
 */
#ifndef PUBLIC_MEMORY_H
#define PUBLIC_MEMORY_H

#include "xen.h"

#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_maximum_ram_page 2    /* Highest machine frame; arg unused. */
#define XENMEM_current_reservation 3 /* arg: domid_t; returns pages. */
#define XENMEM_maximum_reservation 4 /* arg: domid_t; returns pages. */
#define XENMEM_machphys_mfn_list 5   /* arg: struct xen_machphys_mfn_list. */
#define XENMEM_populate_physmap 6
#define XENMEM_add_to_physmap 7	      /* arg: struct xen_add_to_physmap. */
#define XENMEM_memory_map 9	      /* arg: struct xen_memory_map. */
#define XENMEM_machine_memory_map 10  /* Host E820, dom0 only. */
#define XENMEM_exchange 11	      /* arg: struct xen_memory_exchange. */
#define XENMEM_machphys_mapping 12    /* arg: struct xen_machphys_mapping. */
#define XENMEM_set_memory_map 13      /* arg: struct xen_foreign_memory_map. */
#define XENMEM_maximum_gpfn 14	      /* arg: domid_t; returns the gpfn. */
#define XENMEM_remove_from_physmap 15 /* arg: xen_remove_from_physmap. */
#define XENMEM_set_pod_target 16
#define XENMEM_get_pod_target 17
#define XENMEM_get_sharing_freed_pages 18
#define XENMEM_get_sharing_shared_pages 19
#define XENMEM_paging_op 20
#define XENMEM_access_op 21
#define XENMEM_sharing_op 22
#define XENMEM_add_to_physmap_batch 23
#define XENMEM_claim_pages 24
#define XENMEM_machphys_compat_mfn_list 25
#define XENMEM_get_vnumainfo 26
#define XENMEM_reserved_device_memory_map 27
#define XENMEM_acquire_resource 28

/* xen_memory_reservation.mem_flags. */
#define XENMEMF_address_bits(x) (x)
#define XENMEMF_get_address_bits(x) ((x)&0xffu)
#define XENMEMF_node(x) (((x) + 1) << 8)
#define XENMEMF_get_node(x) ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand (1 << 16)
#define XENMEMF_exact_node_request (1 << 17)
#define XENMEMF_exact_node(n) (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode (1 << 18)

/* xen_add_to_physmap.space. */
#define XENMAPSPACE_shared_info 0
#define XENMAPSPACE_grant_table 1
#define XENMAPSPACE_gmfn 2
#define XENMAPSPACE_gmfn_range 3
#define XENMAPSPACE_gmfn_foreign 4
#define XENMAPSPACE_dev_mmio 5
/* Or'ed into idx for XENMAPSPACE_grant_table: a status frame. */
#define XENMAPIDX_grant_table_status 0x80000000

/* xen_mem_acquire_resource.type and .id. */
#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table 1
#define XENMEM_resource_vmtrace_buf 2
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1

/* E820 region types in XENMEM_memory_map buffers. */
#define XEN_E820_RAM 1
#define XEN_E820_RESERVED 2
#define XEN_E820_ACPI 3
#define XEN_E820_NVS 4
#define XEN_E820_UNUSABLE 5

#ifndef __ASSEMBLY__

/*
 * Extents of 2^extent_order pages. extent_start lists frame numbers: out
 * for increase_reservation (MFNs), in for decrease_reservation (GMFNs),
 * in and out for populate_physmap. Returns the extents done.
 */
struct xen_memory_reservation {
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
	xen_ulong_t nr_extents;
	unsigned int extent_order;
	unsigned int mem_flags; /* XENMEMF_* */
	domid_t domid;		/* DOMID_SELF unless privileged. */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

/* Trade the in extents for new out extents of the same total size. */
struct xen_memory_exchange {
	struct xen_memory_reservation in;
	struct xen_memory_reservation out;
	xen_ulong_t nr_exchanged; /* Out: input extents done, even on error. */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

/* Argument of the commands that name only a domain (Xen's helper). */
struct xen_memory_domain {
	domid_t domid;
};

/* The MFNs of the 2 MiB chunks backing the M2P table. */
struct xen_machphys_mfn_list {
	unsigned int max_extents; /* In: size of extent_start. */
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
	unsigned int nr_extents; /* Out. */
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mfn_list_t);

/* Where the read-only M2P is mapped and how many frames it covers. */
struct xen_machphys_mapping {
	xen_ulong_t v_start, v_end;
	xen_ulong_t max_mfn;
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

/* Map the page idx of space at gpfn (translated guests). */
struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size; /* Pages, for XENMAPSPACE_gmfn_range. */
	unsigned int space;
	xen_ulong_t idx;
	xen_pfn_t gpfn;
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

struct xen_add_to_physmap_batch {
	domid_t domid;
	uint16_t space;
	uint16_t size;
	union xen_add_to_physmap_batch_extra {
		domid_t foreign_domid; /* XENMAPSPACE_gmfn_foreign */
		uint16_t res0;	       /* Zero for the other spaces. */
	} u;
	XEN_GUEST_HANDLE(xen_ulong_t) idxs;
	XEN_GUEST_HANDLE(xen_pfn_t) gpfns;
	XEN_GUEST_HANDLE(int) errs;
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

struct xen_remove_from_physmap {
	domid_t domid;
	xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

/*
 * A memory map in E820 format: nr_entries is the buffer's capacity in,
 * the entries written out. Entries are struct xen_e820_entry.
 */
struct xen_memory_map {
	unsigned int nr_entries;
	XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

struct xen_foreign_memory_map {
	domid_t domid;
	struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

/*
 * One entry of a XENMEM_memory_map buffer: the BIOS E820 record (Linux's
 * struct e820_entry). Not declared by Xen's headers, which pass the
 * buffer as void; given here so both sides use one definition.
 */
struct xen_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* XEN_E820_* */
} __attribute__((packed));

/* Map frames of a resource (grant table, ioreq server) of domid. */
struct xen_mem_acquire_resource {
	domid_t domid;
	uint16_t type; /* XENMEM_resource_* */
	uint32_t id;
	uint32_t nr_frames; /* In: size of frame_list; out: frames there are. */
	uint32_t pad;
	uint64_t frame; /* First frame of the resource wanted. */
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_acquire_resource_t);

XEN_ABI_SIZE(struct xen_memory_reservation, 32);
XEN_ABI_OFFSET(struct xen_memory_reservation, nr_extents, 8);
XEN_ABI_OFFSET(struct xen_memory_reservation, extent_order, 16);
XEN_ABI_OFFSET(struct xen_memory_reservation, mem_flags, 20);
XEN_ABI_OFFSET(struct xen_memory_reservation, domid, 24);
XEN_ABI_SIZE(struct xen_memory_exchange, 72);
XEN_ABI_OFFSET(struct xen_memory_exchange, nr_exchanged, 64);
XEN_ABI_SIZE(struct xen_machphys_mfn_list, 24);
XEN_ABI_OFFSET(struct xen_machphys_mfn_list, nr_extents, 16);
XEN_ABI_SIZE(struct xen_machphys_mapping, 24);
XEN_ABI_SIZE(struct xen_add_to_physmap, 24);
XEN_ABI_OFFSET(struct xen_add_to_physmap, space, 4);
XEN_ABI_SIZE(struct xen_add_to_physmap_batch, 32);
XEN_ABI_SIZE(struct xen_remove_from_physmap, 16);
XEN_ABI_SIZE(struct xen_memory_map, 16);
XEN_ABI_OFFSET(struct xen_memory_map, buffer, 8);
XEN_ABI_SIZE(struct xen_foreign_memory_map, 24);
XEN_ABI_SIZE(struct xen_e820_entry, 20);
XEN_ABI_SIZE(struct xen_mem_acquire_resource, 32);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, frame_list, 24);

#endif /* !__ASSEMBLY__ */

#endif
