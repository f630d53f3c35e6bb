/* SPDX-License-Identifier: MIT */
/*
 * MCFG parsing: each entry names one segment's MMCONFIG area and its bus
 * range. They go to the PCI code (satori/pci.h), which checks dom0's
 * PHYSDEVOP_pci_mmcfg_reserved against them; satori never maps them.
 */
#include <satori/log.h>
#include <satori/pci.h>
#include <satori/string.h>

#include "tables.h"

void acpi_parse_mcfg(const struct acpi_header *mcfg)
{
	const uint8_t *p = (const uint8_t *)mcfg + sizeof(struct acpi_mcfg);
	const uint8_t *end = (const uint8_t *)mcfg + mcfg->length;
	struct acpi_mcfg_entry e;

	if (mcfg->length < sizeof(struct acpi_mcfg))
		return;
	for (unsigned int i = 0; p + sizeof(e) <= end; i++, p += sizeof(e)) {
		memcpy(&e, p, sizeof(e));
		log_info(
			"ACPI: MCFG %u: base %#lx segment %04x buses %02x-%02x\n",
			i, (unsigned long)e.address, e.segment, e.start_bus,
			e.end_bus);
		if (pci_mmcfg_add_area(e.address, e.segment, e.start_bus,
				       e.end_bus))
			log_warn("ACPI: MCFG %u ignored\n", i);
	}
}
