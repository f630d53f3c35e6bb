/* SPDX-License-Identifier: MIT */
/*
 * The table behind the PCI device registry (hv/common/pci/registry.c):
 * one record per segment/bus/devfn the hardware domain reported, kept
 * sorted by that address, with a fixed capacity. Pure logic with no lock
 * of its own, so that the host unit tests drive it directly; the
 * hypervisor's one instance and its lock live in hv/common/pci/devices.c.
 */
#ifndef SATORI_PCI_REGISTRY_H
#define SATORI_PCI_REGISTRY_H

#include <satori/types.h>

/* Enough for every function of a large server's segment 0 in practice;
 * a full table answers -ENOMEM, as Xen does when its allocation fails. */
#define PCI_REGISTRY_CAPACITY 512

/* No proximity domain given (XEN_PCI_DEV_PXM clear). */
#define PCI_NO_PXM 0xffffffffu

struct pci_dev_rec {
	uint16_t seg;
	uint8_t bus;
	uint8_t devfn;
	bool is_extfn;	/* For a VF: whether its PF is one (Xen's rule). */
	bool is_virtfn; /* An SR-IOV virtual function of physfn_*. */
	uint8_t physfn_bus;
	uint8_t physfn_devfn;
	uint16_t owner;	 /* Domain id: the hardware domain at first add. */
	uint16_t vendor; /* Config space at the last add; 0xffff: nobody. */
	uint16_t device;
	uint32_t pxm; /* Proximity domain from optarr, or PCI_NO_PXM. */
};

struct pci_registry {
	unsigned int nr;
	struct pci_dev_rec devs[PCI_REGISTRY_CAPACITY];
};

/* The record of @seg:@bus:@devfn in @r, or NULL. */
struct pci_dev_rec *pci_registry_find(struct pci_registry *r, uint16_t seg,
				      uint8_t bus, uint8_t devfn);

/*
 * The record of @seg:@bus:@devfn, inserted (zeroed but for the address,
 * owner @owner, pxm PCI_NO_PXM, vendor/device 0xffff) if absent; *@created
 * says which. @return NULL if it is absent and @r is full.
 */
struct pci_dev_rec *pci_registry_get(struct pci_registry *r, uint16_t seg,
				     uint8_t bus, uint8_t devfn, uint16_t owner,
				     bool *created);

/* Drop the record of @seg:@bus:@devfn. @return 0, or -ENODEV if absent. */
int pci_registry_remove(struct pci_registry *r, uint16_t seg, uint8_t bus,
			uint8_t devfn);

#endif
