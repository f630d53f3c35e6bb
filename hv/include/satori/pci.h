/* SPDX-License-Identifier: MIT */
/*
 * PCI as the hypervisor sees it for a PV hardware domain, as Xen keeps
 * it: the registry of devices dom0 reports (PHYSDEVOP_pci_device_add and
 * the older manage_pci_* ops), the MMCONFIG areas of the ACPI MCFG table
 * and whether dom0 found each reserved (pci_mmcfg_reserved), and reads of
 * configuration space. satori reaches configuration space only through
 * mechanism #1 (ports 0xcf8/0xcfc: segment 0, the first 256 bytes); it
 * records the MMCONFIG areas but never maps them.
 */
#ifndef SATORI_PCI_H
#define SATORI_PCI_H

#include <satori/types.h>

#define PCI_SLOT(devfn) (((unsigned int)(devfn) >> 3) & 0x1fu)
#define PCI_FUNC(devfn) ((unsigned int)(devfn)&0x07u)

#define PCI_VENDOR_ID 0x00 /* 16 bits; 0xffff: no function answers */
#define PCI_DEVICE_ID 0x02

/* What dom0 says about a device it adds (Xen's struct pci_dev_info). */
struct pci_dev_info {
	bool is_extfn;
	bool is_virtfn;
	uint8_t physfn_bus; /* With is_virtfn: its physical function. */
	uint8_t physfn_devfn;
};

/*
 * Register @seg:@bus:@devfn for the hardware domain, as Xen's
 * pci_add_device: an address already registered is updated (@info if
 * given, @pxm always) and keeps its owner; a virtual function's physical
 * function is registered first if it is not yet. Xen 4.17 does not ask
 * whether a function answers there (neither for a segment it cannot
 * reach): neither does this, but it logs a warning when none does. @info
 * NULL: a plain device (manage_pci_add). @pxm: proximity domain or
 * PCI_NO_PXM. The caller has checked that its domain is privileged.
 * @return 0, or -ENOMEM when the registry is full. Logs "PCI add ...".
 */
int pci_add_device(uint16_t seg, uint8_t bus, uint8_t devfn,
		   const struct pci_dev_info *info, uint32_t pxm);

/* Forget @seg:@bus:@devfn. @return 0, or -ENODEV if not registered. */
int pci_remove_device(uint16_t seg, uint8_t bus, uint8_t devfn);

struct pci_dev_rec;

/* Copy @seg:@bus:@devfn's record to *@out (for MSI and passthrough code,
 * which must treat an unregistered device as Xen does: -ENODEV).
 * @return false if it is not registered. */
bool pci_device_lookup(uint16_t seg, uint8_t bus, uint8_t devfn,
		       struct pci_dev_rec *out);

/*
 * Read @bytes (1, 2, 4; @reg aligned to them) of @seg:@bus:@devfn's
 * configuration space at @reg (arch code). All ones where the hypervisor
 * cannot reach (segment != 0, @reg >= 256) or no function answers.
 */
uint32_t pci_conf_read(uint16_t seg, uint8_t bus, uint8_t devfn,
		       unsigned int reg, unsigned int bytes);

/* The MMCONFIG areas (hv/common/pci/mmcfg.c). */
#define PCI_MMCFG_MAX_AREAS 16

struct pci_mmcfg_area {
	uint64_t address; /* Of bus 0 of the segment, as in the MCFG. */
	uint16_t seg;
	uint8_t start_bus;
	uint8_t end_bus;
	bool reserved; /* dom0's last pci_mmcfg_reserved said reserved. */
	bool reported; /* dom0 has reported it at all. */
};

struct pci_mmcfg_table {
	unsigned int nr;
	struct pci_mmcfg_area areas[PCI_MMCFG_MAX_AREAS];
};

/* Xen's outcomes of a report, besides the error codes. */
enum pci_mmcfg_change { MMCFG_SAME, MMCFG_NOW_RESERVED, MMCFG_NOW_UNUSED };

/*
 * Xen's pci_mmcfg_reserved on table @t: flags other than
 * XEN_PCI_MMCFG_RESERVED -EINVAL; no area with exactly @seg,
 * @start_bus..@end_bus -ENODEV; such an area at another address -EIO
 * (*@found = the area); else 0, the area's state set from @flags and
 * *@change saying how it changed (Xen logs "Using MCFG" only when it
 * starts using an area, "Not using" on every unreserve).
 */
int pci_mmcfg_table_report(struct pci_mmcfg_table *t, uint64_t address,
			   uint16_t seg, uint8_t start_bus, uint8_t end_bus,
			   uint32_t flags, const struct pci_mmcfg_area **found,
			   enum pci_mmcfg_change *change);

/* Record an MCFG entry at boot (ACPI code). -ENOSPC if the table is full,
 * -EINVAL if @start_bus > @end_bus. */
int pci_mmcfg_add_area(uint64_t address, uint16_t seg, uint8_t start_bus,
		       uint8_t end_bus);

/* PHYSDEVOP_pci_mmcfg_reserved on the hypervisor's table (with its lock
 * and Xen's log lines); the caller has checked the privilege. */
int pci_mmcfg_reserved(uint64_t address, uint16_t seg, uint8_t start_bus,
		       uint8_t end_bus, uint32_t flags);

#endif
