/* SPDX-License-Identifier: MIT */
/*
 * The PCI MSI-X capability as the hypervisor programs it for the
 * hardware domain: the capability's registers, the size and place of the
 * vector table and pending bit array in the device's memory BARs, the
 * layout of one table entry, and which of the hardware domain's config
 * writes to the capability pass (Xen 4.17's rules). Pure logic over a
 * config-read callback (asm/msi.h), so the host unit tests run it;
 * guest-msix.c drives the hardware.
 */
#ifndef ASM_X86_MSIX_H
#define ASM_X86_MSIX_H

#include <satori/types.h>

#include <asm/msi.h>

/* The capability's registers (offsets from its header). */
#define PCI_MSIX_CONTROL 2 /* 16 bits */
#define PCI_MSIX_TABLE 4   /* 32 bits: offset | BIR */
#define PCI_MSIX_PBA 8	   /* 32 bits: offset | BIR */
#define PCI_MSIX_CAP_SIZE 12
#define PCI_MSIX_BIR_MASK 0x7u

/* Message control. */
#define PCI_MSIX_FLAGS_QSIZE 0x07ff /* table size - 1 */
#define PCI_MSIX_FLAGS_MASKALL 0x4000
#define PCI_MSIX_FLAGS_ENABLE 0x8000

/* One vector table entry: 16 bytes. */
#define MSIX_ENTRY_SIZE 16
#define MSIX_ENTRY_ADDR_LO 0
#define MSIX_ENTRY_ADDR_HI 4
#define MSIX_ENTRY_DATA 8
#define MSIX_ENTRY_CTRL 12
#define MSIX_ENTRY_CTRL_MASKBIT 0x1u

/* The largest table (2048 entries) spans 8 pages, 9 if it is not page
 * aligned. */
#define MSIX_MAX_ENTRIES 2048
#define MSIX_MAX_TABLE_PAGES 9

/* Config space registers outside the capability that the setup reads. */
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_HEADER_TYPE 0x0e
#define PCI_BASE_ADDRESS_0 0x10

/* Where a device's MSI-X structures are, in machine addresses. */
struct msix_layout {
	uint8_t pos;	     /* The capability header. */
	uint16_t nr_entries; /* Table size (1-2048). */
	uint64_t table_bar;  /* The table BIR's BAR base. */
	uint64_t table_pa;   /* First entry. */
	uint64_t pba_pa;     /* First pending bit. */
	uint64_t table_first_pfn, table_last_pfn;
	uint64_t pba_first_pfn, pba_last_pfn;
};

/* The number of entries a device whose control reads @control has. */
unsigned int msix_table_size(uint16_t control);

/*
 * The memory address BAR @bir of the device decodes, as Xen's
 * read_pci_mem_bar for a physical function: 0 if the header type has no
 * such BAR, it is an I/O BAR, or a 64-bit BAR's upper half would lie
 * past the header's last BAR.
 */
uint64_t msix_read_bar(msi_conf_read_fn *rd, void *ctx, unsigned int bir);

/*
 * Fill *@l for the MSI-X capability at @pos: table size, table and PBA
 * addresses and the frames they span. @return 0, or -ENXIO if the
 * table's or the PBA's BAR decodes nothing (satori does not take the
 * guest's table_base in its place, unlike Xen).
 */
int msix_locate(msi_conf_read_fn *rd, void *ctx, unsigned int pos,
		struct msix_layout *l);

/* Whether the frames of [@first, @last] overlap those of *@l. */
bool msix_layout_overlaps(const struct msix_layout *l, uint64_t first,
			  uint64_t last);

/*
 * A hardware domain's config write of @bytes at @reg to a device with
 * an MSI-X capability at @pos the hypervisor programs, as Xen 4.17's
 * pci_msi_conf_write_intercept: outside the capability it passes; the
 * control word passes as a 16-bit write, its function mask recorded in
 * *@guest_maskall and forced on while @host_maskall; any other write
 * into the capability is dropped.
 */
enum msi_write_verdict msix_filter_write(unsigned int pos, unsigned int reg,
					 unsigned int bytes, uint32_t *val,
					 bool host_maskall,
					 bool *guest_maskall);

#endif
