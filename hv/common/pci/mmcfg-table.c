/* SPDX-License-Identifier: MIT */
/*
 * The MMCONFIG area table and Xen's rules for dom0's reports about it
 * (xen/arch/x86/x86_64/mmconfig-shared.c: an area is named by segment
 * and bus range exactly, and the address must be the one the firmware
 * gave). Pure logic: the hypervisor's instance and lock are in mmcfg.c.
 */
#include <satori/errno.h>
#include <satori/pci.h>

#include <public/physdev.h>

static struct pci_mmcfg_area *find_area(struct pci_mmcfg_table *t, uint16_t seg,
					uint8_t start_bus, uint8_t end_bus)
{
	for (unsigned int i = 0; i < t->nr; i++) {
		struct pci_mmcfg_area *a = &t->areas[i];

		if (a->seg == seg && a->start_bus == start_bus &&
		    a->end_bus == end_bus)
			return a;
	}
	return NULL;
}

int pci_mmcfg_table_report(struct pci_mmcfg_table *t, uint64_t address,
			   uint16_t seg, uint8_t start_bus, uint8_t end_bus,
			   uint32_t flags, const struct pci_mmcfg_area **found,
			   enum pci_mmcfg_change *change)
{
	struct pci_mmcfg_area *a;
	bool reserved = flags & XEN_PCI_MMCFG_RESERVED;

	*found = NULL;
	*change = MMCFG_SAME;
	if (flags & ~(uint32_t)XEN_PCI_MMCFG_RESERVED)
		return -EINVAL;
	a = find_area(t, seg, start_bus, end_bus);
	if (!a)
		return -ENODEV;
	*found = a;
	if (a->address != address)
		return -EIO;
	if (!reserved)
		*change = MMCFG_NOW_UNUSED;
	else if (!a->reserved)
		*change = MMCFG_NOW_RESERVED;
	a->reserved = reserved;
	a->reported = true;
	return 0;
}
