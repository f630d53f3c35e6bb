/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's MMCONFIG area table: filled from the ACPI MCFG table
 * at boot, updated by dom0's PHYSDEVOP_pci_mmcfg_reserved, printed by
 * the 'Q' key. satori records the areas and dom0's verdict on them but
 * keeps using ports 0xcf8/0xcfc for configuration space, so an area
 * dom0 calls unreserved changes nothing else.
 */
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/pci.h>
#include <satori/spinlock.h>

#include "pci-private.h"

static struct pci_mmcfg_table mmcfg;
/* Never taken in interrupt context. */
static DEFINE_SPINLOCK(mmcfg_lock);

int pci_mmcfg_add_area(uint64_t address, uint16_t seg, uint8_t start_bus,
		       uint8_t end_bus)
{
	int rc = 0;

	if (start_bus > end_bus)
		return -EINVAL;
	spin_lock(&mmcfg_lock);
	if (mmcfg.nr == PCI_MMCFG_MAX_AREAS)
		rc = -ENOSPC;
	else
		mmcfg.areas[mmcfg.nr++] = (struct pci_mmcfg_area){
			.address = address,
			.seg = seg,
			.start_bus = start_bus,
			.end_bus = end_bus,
		};
	spin_unlock(&mmcfg_lock);
	return rc;
}

static void log_report(int rc, const struct pci_mmcfg_area *a,
		       enum pci_mmcfg_change change, uint64_t address)
{
	if (rc == -EIO)
		log_warn("PCI: dom0's MCFG address %#lx for segment %04x bus "
			 "%02x-%02x is not the firmware's %#lx\n",
			 (unsigned long)address, a->seg, a->start_bus,
			 a->end_bus, (unsigned long)a->address);
	else if (change == MMCFG_NOW_RESERVED)
		log_info("PCI: dom0 reports the MCFG area of segment %04x bus "
			 "%02x-%02x reserved (config access stays on ports "
			 "0xcf8/0xcfc)\n",
			 a->seg, a->start_bus, a->end_bus);
	else if (change == MMCFG_NOW_UNUSED)
		log_warn("PCI: dom0 reports the MCFG area of segment %04x bus "
			 "%02x-%02x not reserved\n",
			 a->seg, a->start_bus, a->end_bus);
}

int pci_mmcfg_reserved(uint64_t address, uint16_t seg, uint8_t start_bus,
		       uint8_t end_bus, uint32_t flags)
{
	const struct pci_mmcfg_area *a;
	struct pci_mmcfg_area copy = { 0 };
	enum pci_mmcfg_change change;
	int rc;

	spin_lock(&mmcfg_lock);
	rc = pci_mmcfg_table_report(&mmcfg, address, seg, start_bus, end_bus,
				    flags, &a, &change);
	if (a)
		copy = *a;
	spin_unlock(&mmcfg_lock);
	log_report(rc, &copy, change, address);
	return rc;
}

void pci_mmcfg_dump(void)
{
	spin_lock(&mmcfg_lock);
	printk("==== MMCONFIG areas (ACPI MCFG) ====\n");
	for (unsigned int i = 0; i < mmcfg.nr; i++) {
		const struct pci_mmcfg_area *a = &mmcfg.areas[i];

		printk("segment %04x bus %02x-%02x at %#lx: %s\n", a->seg,
		       a->start_bus, a->end_bus, (unsigned long)a->address,
		       !a->reported  ? "not reported by dom0"
		       : a->reserved ? "reserved (dom0)"
				     : "not reserved (dom0)");
	}
	spin_unlock(&mmcfg_lock);
}
