/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_physdev_op(cmd, arg): physical-device plumbing for PV
 * kernels, mostly dom0: end-of-interrupt, IRQ status, I/O privilege,
 * mapping GSIs and MSIs to PIRQs (which event channels then bind), and
 * telling the hypervisor about PCI devices and MMCONFIG regions.
 */
#ifndef PUBLIC_PHYSDEV_H
#define PUBLIC_PHYSDEV_H

#include "xen.h"

#define PHYSDEVOP_IRQ_UNMASK_NOTIFY 4 /* Obsolete; arg unused. */
#define PHYSDEVOP_irq_status_query 5
#define PHYSDEVOP_set_iopl 6
#define PHYSDEVOP_set_iobitmap 7
#define PHYSDEVOP_apic_read 8
#define PHYSDEVOP_apic_write 9
#define PHYSDEVOP_alloc_irq_vector 10
#define PHYSDEVOP_free_irq_vector 11
#define PHYSDEVOP_eoi 12
#define PHYSDEVOP_map_pirq 13
#define PHYSDEVOP_unmap_pirq 14
#define PHYSDEVOP_manage_pci_add 15
#define PHYSDEVOP_manage_pci_remove 16
#define PHYSDEVOP_pirq_eoi_gmfn_v1 17
#define PHYSDEVOP_restore_msi 19
#define PHYSDEVOP_manage_pci_add_ext 20
#define PHYSDEVOP_setup_gsi 21
#define PHYSDEVOP_get_free_pirq 23
#define PHYSDEVOP_pci_mmcfg_reserved 24
#define PHYSDEVOP_pci_device_add 25
#define PHYSDEVOP_pci_device_remove 26
#define PHYSDEVOP_restore_msi_ext 27
#define PHYSDEVOP_pirq_eoi_gmfn_v2 28
#define PHYSDEVOP_dbgp_op 29
#define PHYSDEVOP_prepare_msix 30
#define PHYSDEVOP_release_msix 31
#define PHYSDEVOP_pirq_eoi_gmfn PHYSDEVOP_pirq_eoi_gmfn_v2

/* physdev_irq_status_query.flags. */
#define _XENIRQSTAT_needs_eoi (0)
#define XENIRQSTAT_needs_eoi (1U << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared (1)
#define XENIRQSTAT_shared (1U << _XENIRQSTAT_shared)

/* physdev_map_pirq.type. */
#define MAP_PIRQ_TYPE_MSI 0x0
#define MAP_PIRQ_TYPE_GSI 0x1
#define MAP_PIRQ_TYPE_UNKNOWN 0x2
#define MAP_PIRQ_TYPE_MSI_SEG 0x3
#define MAP_PIRQ_TYPE_MULTI_MSI 0x4

/* physdev_pci_mmcfg_reserved.flags. */
#define XEN_PCI_MMCFG_RESERVED 0x1

/* physdev_pci_device_add.flags. */
#define XEN_PCI_DEV_EXTFN 0x1
#define XEN_PCI_DEV_VIRTFN 0x2
#define XEN_PCI_DEV_PXM 0x4 /* optarr[0] is the proximity domain. */

/* physdev_dbgp_op.op and .bus. */
#define PHYSDEVOP_DBGP_RESET_PREPARE 1
#define PHYSDEVOP_DBGP_RESET_DONE 2
#define PHYSDEVOP_DBGP_BUS_UNKNOWN 0
#define PHYSDEVOP_DBGP_BUS_PCI 1

#ifndef __ASSEMBLY__

struct physdev_eoi {
	uint32_t irq; /* A PIRQ. */
};
typedef struct physdev_eoi physdev_eoi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_eoi_t);

/* A page of PIRQ "needs EOI" bits the hypervisor keeps up to date. */
struct physdev_pirq_eoi_gmfn {
	xen_pfn_t gmfn;
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pirq_eoi_gmfn_t);

struct physdev_irq_status_query {
	uint32_t irq;	/* In. */
	uint32_t flags; /* Out: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_status_query_t);

/* Virtual IOPL for the calling vCPU's guest kernel and user space. */
struct physdev_set_iopl {
	uint32_t iopl; /* 0-3 */
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iopl_t);

struct physdev_set_iobitmap {
	XEN_GUEST_HANDLE(uint8) bitmap;
	uint32_t nr_ports;
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iobitmap_t);

struct physdev_apic {
	unsigned long apic_physbase; /* In: IO-APIC base. */
	uint32_t reg;		     /* In: register index. */
	uint32_t value;		     /* In or out. */
};
typedef struct physdev_apic physdev_apic_t;
DEFINE_XEN_GUEST_HANDLE(physdev_apic_t);

struct physdev_irq {
	uint32_t irq;	 /* In. */
	uint32_t vector; /* Out (alloc) or in (free). */
};
typedef struct physdev_irq physdev_irq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_t);

/* Map a GSI or an MSI of a device to a PIRQ of domid. */
struct physdev_map_pirq {
	domid_t domid;
	int type;	     /* MAP_PIRQ_TYPE_* */
	int index;	     /* GSI, or MSI-X entry. */
	int pirq;	     /* In: wanted PIRQ or -1; out: the PIRQ. */
	int bus;	     /* MSI: the segment in bits 16+ for MSI_SEG. */
	int devfn;	     /* MSI. */
	int entry_nr;	     /* MULTI_MSI: vector count; MSI-X: entry. */
	uint64_t table_base; /* MSI-X table base address. */
};
typedef struct physdev_map_pirq physdev_map_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_map_pirq_t);

struct physdev_unmap_pirq {
	domid_t domid;
	int pirq;
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_unmap_pirq_t);

struct physdev_manage_pci {
	uint8_t bus;
	uint8_t devfn;
};
typedef struct physdev_manage_pci physdev_manage_pci_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_t);

struct physdev_restore_msi {
	uint8_t bus;
	uint8_t devfn;
};
typedef struct physdev_restore_msi physdev_restore_msi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_restore_msi_t);

struct physdev_manage_pci_ext {
	uint8_t bus;
	uint8_t devfn;
	uint32_t is_extfn;
	uint32_t is_virtfn;
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn; /* Valid when is_virtfn. */
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_ext_t);

/* The old single-argument form (__HYPERVISOR_physdev_op_compat). */
struct physdev_op {
	uint32_t cmd;
	union {
		physdev_irq_status_query_t irq_status_query;
		physdev_set_iopl_t set_iopl;
		physdev_set_iobitmap_t set_iobitmap;
		physdev_apic_t apic_op;
		physdev_irq_t irq_op;
	} u;
};
typedef struct physdev_op physdev_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_op_t);

/* Trigger mode and polarity of a GSI, from the ACPI tables. */
struct physdev_setup_gsi {
	int gsi;
	uint8_t triggering; /* 0 edge, 1 level. */
	uint8_t polarity;   /* 0 active high, 1 active low. */
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_setup_gsi_t);

struct physdev_get_free_pirq {
	int type;      /* In: MAP_PIRQ_TYPE_* */
	uint32_t pirq; /* Out. */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_get_free_pirq_t);

struct physdev_pci_mmcfg_reserved {
	uint64_t address;
	uint16_t segment;
	uint8_t start_bus;
	uint8_t end_bus;
	uint32_t flags; /* XEN_PCI_MMCFG_RESERVED */
};
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_mmcfg_reserved_t);

struct physdev_pci_device_add {
	uint16_t seg;
	uint8_t bus;
	uint8_t devfn;
	uint32_t flags; /* XEN_PCI_DEV_* */
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn;
	uint32_t optarr[]; /* Optional data selected by flags. */
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_add_t);

/* pci_device_remove, restore_msi_ext, prepare_msix, release_msix. */
struct physdev_pci_device {
	uint16_t seg;
	uint8_t bus;
	uint8_t devfn;
};
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);

struct physdev_dbgp_op {
	uint8_t op;  /* PHYSDEVOP_DBGP_RESET_* */
	uint8_t bus; /* PHYSDEVOP_DBGP_BUS_* */
	union {
		physdev_pci_device_t pci;
	} u;
};
typedef struct physdev_dbgp_op physdev_dbgp_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_dbgp_op_t);

XEN_ABI_SIZE(struct physdev_eoi, 4);
XEN_ABI_SIZE(struct physdev_pirq_eoi_gmfn, 8);
XEN_ABI_SIZE(struct physdev_irq_status_query, 8);
XEN_ABI_SIZE(struct physdev_set_iobitmap, 16);
XEN_ABI_SIZE(struct physdev_apic, 16);
XEN_ABI_SIZE(struct physdev_map_pirq, 40);
XEN_ABI_OFFSET(struct physdev_map_pirq, type, 4);
XEN_ABI_OFFSET(struct physdev_map_pirq, entry_nr, 24);
XEN_ABI_OFFSET(struct physdev_map_pirq, table_base, 32);
XEN_ABI_SIZE(struct physdev_unmap_pirq, 8);
XEN_ABI_SIZE(struct physdev_manage_pci_ext, 16);
XEN_ABI_SIZE(struct physdev_op, 24);
XEN_ABI_SIZE(struct physdev_setup_gsi, 8);
XEN_ABI_SIZE(struct physdev_pci_mmcfg_reserved, 16);
XEN_ABI_SIZE(struct physdev_pci_device_add, 12);
XEN_ABI_SIZE(struct physdev_pci_device, 4);
XEN_ABI_SIZE(struct physdev_dbgp_op, 6);

#endif /* !__ASSEMBLY__ */

#endif
