/* SPDX-License-Identifier: MIT */
/*
 * The machine frames the hypervisor keeps from every guest, the control
 * domain included, as Xen's dom0_setup_permissions denies them: the local
 * APIC, the IO-APICs and the MSI address window. One list, used both to
 * refuse mappings and to describe the holes in dom0's machine memory map.
 */
#ifndef ASM_IOMEM_DENY_H
#define ASM_IOMEM_DENY_H

#include <satori/machine-map.h>

#include <asm/acpi.h>

/* Room for every range iomem_hv_ranges() can produce. */
#define IOMEM_HV_RANGES_MAX (ACPI_MAX_IOAPICS + 2)

/* The MSI address window (Xen's MSI_ADDR_BASE_LO .. + DEST_ID_MASK). */
#define MSI_WINDOW_FIRST_PFN 0xfee00UL
#define MSI_WINDOW_LAST_PFN 0xfeeffUL

/*
 * Write the denied frame ranges, sorted and merged, to @out (room for
 * IOMEM_HV_RANGES_MAX). @return their number.
 */
unsigned int iomem_hv_ranges(struct pfn_range *out);

/* Whether @pfn is in one of the ranges iomem_hv_ranges() gives. */
bool iomem_hv_frame(uint64_t pfn);

/* The first frame beyond the machine's physical address width. */
uint64_t iomem_pfn_limit(void);

#endif
