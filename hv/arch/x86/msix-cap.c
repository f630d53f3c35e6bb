/* SPDX-License-Identifier: MIT */
/*
 * The MSI-X capability's layout and write filter (asm/msix.h). Layout
 * facts are the PCI Local Bus specification's: the table and the pending
 * bit array each live at an offset into one of the function's memory
 * BARs, named by the low three bits of their capability register.
 */
#include <satori/errno.h>

#include <asm/msix.h>

#define BAR_SPACE_IO 0x1u
#define BAR_MEM_TYPE_MASK 0x6u
#define BAR_MEM_TYPE_64 0x4u
#define BAR_MEM_MASK (~0xfULL)
#define PAGE_SHIFT_4K 12

unsigned int msix_table_size(uint16_t control)
{
	return (control & PCI_MSIX_FLAGS_QSIZE) + 1u;
}

/* How many BARs a header of @type has (Xen's limits). */
static unsigned int nr_bars(uint8_t type)
{
	switch (type & 0x7f) {
	case 0:
		return 6;
	case 1:
		return 2; /* A bridge. */
	case 2:
		return 1; /* A CardBus bridge. */
	default:
		return 0;
	}
}

uint64_t msix_read_bar(msi_conf_read_fn *rd, void *ctx, unsigned int bir)
{
	unsigned int limit = nr_bars((uint8_t)rd(ctx, PCI_HEADER_TYPE, 1));
	uint32_t lo;

	if (bir >= limit)
		return 0;
	lo = rd(ctx, PCI_BASE_ADDRESS_0 + bir * 4, 4);
	if (lo & BAR_SPACE_IO)
		return 0;
	if ((lo & BAR_MEM_TYPE_MASK) != BAR_MEM_TYPE_64)
		return lo & BAR_MEM_MASK;
	if (bir + 1 >= limit)
		return 0;
	return (lo & BAR_MEM_MASK) |
	       ((uint64_t)rd(ctx, PCI_BASE_ADDRESS_0 + (bir + 1) * 4, 4) << 32);
}

int msix_locate(msi_conf_read_fn *rd, void *ctx, unsigned int pos,
		struct msix_layout *l)
{
	uint32_t table = rd(ctx, pos + PCI_MSIX_TABLE, 4);
	uint32_t pba = rd(ctx, pos + PCI_MSIX_PBA, 4);
	uint64_t pba_bar, pba_bytes;

	l->pos = (uint8_t)pos;
	l->nr_entries = (uint16_t)msix_table_size(
		(uint16_t)rd(ctx, pos + PCI_MSIX_CONTROL, 2));
	l->table_bar = msix_read_bar(rd, ctx, table & PCI_MSIX_BIR_MASK);
	pba_bar = msix_read_bar(rd, ctx, pba & PCI_MSIX_BIR_MASK);
	if (!l->table_bar || !pba_bar)
		return -ENXIO;
	l->table_pa = l->table_bar + (table & ~PCI_MSIX_BIR_MASK);
	l->pba_pa = pba_bar + (pba & ~PCI_MSIX_BIR_MASK);
	/* The pending bits are read as 64-bit words. */
	pba_bytes = (uint64_t)((l->nr_entries + 63u) / 64u) * 8u;
	l->table_first_pfn = l->table_pa >> PAGE_SHIFT_4K;
	l->table_last_pfn =
		(l->table_pa + (uint64_t)l->nr_entries * MSIX_ENTRY_SIZE - 1) >>
		PAGE_SHIFT_4K;
	l->pba_first_pfn = l->pba_pa >> PAGE_SHIFT_4K;
	l->pba_last_pfn = (l->pba_pa + pba_bytes - 1) >> PAGE_SHIFT_4K;
	return 0;
}

bool msix_layout_overlaps(const struct msix_layout *l, uint64_t first,
			  uint64_t last)
{
	return (first <= l->table_last_pfn && l->table_first_pfn <= last) ||
	       (first <= l->pba_last_pfn && l->pba_first_pfn <= last);
}

enum msi_write_verdict msix_filter_write(unsigned int pos, unsigned int reg,
					 unsigned int bytes, uint32_t *val,
					 bool host_maskall, bool *guest_maskall)
{
	/* Xen looks at where the write starts, as here. */
	if (reg < pos || reg >= pos + PCI_MSIX_CAP_SIZE)
		return MSI_WRITE_PASS;
	if (reg != pos + PCI_MSIX_CONTROL || bytes != 2)
		return MSI_WRITE_DROP;
	*guest_maskall = *val & PCI_MSIX_FLAGS_MASKALL;
	if (host_maskall)
		*val |= PCI_MSIX_FLAGS_MASKALL;
	return MSI_WRITE_ADJUSTED;
}
