/* SPDX-License-Identifier: MIT */
/*
 * Inside the pirq code: the table accessor and the EOI bitmap, shared by
 * the event glue (pirq.c) and the physdev_op handlers (physdev-irq.c);
 * also the PCI subops' entry (physdev-pci.c), dispatched by physdev.c.
 */
#ifndef HV_ARCH_X86_PV_PIRQ_H
#define HV_ARCH_X86_PV_PIRQ_H

#include <satori/types.h>

struct domain;
struct pirq_table;

/* @d's pirq table, allocated on first use; NULL if out of memory or @d is
 * dying. Call without the guest IRQ lock. */
struct pirq_table *domain_pirq_table(struct domain *d);

/* Set or clear @pirq's bit in @d's pirq_eoi_gmfn_v2 bitmap, if any. Guest
 * IRQ lock held. */
void pirq_set_eoi_bit(struct domain *d, uint32_t pirq, bool needs_eoi);

/* PHYSDEVOP_map_pirq, unmap_pirq, eoi, irq_status_query, setup_gsi,
 * get_free_pirq, alloc_irq_vector (physdev-irq.c); @arg is the guest's
 * argument. */
long physdev_map_pirq(uint64_t arg);
long physdev_unmap_pirq(uint64_t arg);
long physdev_eoi(uint64_t arg);
long physdev_irq_status_query(uint64_t arg);
long physdev_setup_gsi(uint64_t arg);
long physdev_get_free_pirq(uint64_t arg);
long physdev_alloc_irq_vector(uint64_t arg);

/* PHYSDEVOP_map_pirq of an MSI type for @d, after the caller's
 * privilege check (physdev-msi.c); may set @op->pirq and entry_nr. */
struct physdev_map_pirq;
long physdev_map_msi(struct domain *d, struct physdev_map_pirq *op);

/* PHYSDEVOP_restore_msi (@cmd 19) and restore_msi_ext (27)
 * (physdev-msi.c); @arg is the guest's argument. */
long physdev_restore_msi(unsigned int cmd, uint64_t arg);

/* PHYSDEVOP_prepare_msix (@cmd 30) and release_msix (31)
 * (physdev-msi.c); @arg is the guest's argument. */
long physdev_prepare_msix(unsigned int cmd, uint64_t arg);

/* PHYSDEVOP_manage_pci_add, manage_pci_remove, manage_pci_add_ext,
 * pci_device_add, pci_device_remove and pci_mmcfg_reserved
 * (physdev-pci.c); -ENOSYS for any other @cmd. */
long physdev_pci_op(unsigned int cmd, uint64_t arg);

#endif
