/* unit-sources: hv/arch/x86/msix-cap.c */
/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the MSI-X capability logic over a fake config space:
 * the table size, memory BAR decoding (32- and 64-bit, I/O, past the
 * header's last BAR, a bridge header), the table and PBA placement and
 * the frames they span, the overlap test behind the read-only frames,
 * and the filter on the hardware domain's writes to the capability.
 */
#include <satori/errno.h>

#include <asm/msix.h>

#include <string.h>

#include "check.h"

static uint8_t cfg[256];

static uint32_t rd(void *ctx, unsigned int reg, unsigned int bytes)
{
	uint32_t v = 0;

	(void)ctx;
	memcpy(&v, &cfg[reg], bytes);
	return v;
}

static void put16(unsigned int reg, uint16_t v)
{
	memcpy(&cfg[reg], &v, 2);
}

static void put32(unsigned int reg, uint32_t v)
{
	memcpy(&cfg[reg], &v, 4);
}

/* An e1000e-like function: BAR 0 32-bit memory, BAR 2 I/O, BAR 3
 * 32-bit memory holding table (offset 0) and PBA (offset 0x2000), five
 * entries, MSI-X capability at 0xa0. */
static void e1000e_like(void)
{
	memset(cfg, 0, sizeof(cfg));
	cfg[PCI_HEADER_TYPE] = 0;
	put32(PCI_BASE_ADDRESS_0, 0xfebc0000);
	put32(PCI_BASE_ADDRESS_0 + 8, 0xc041);
	put32(PCI_BASE_ADDRESS_0 + 12, 0xfebe0000);
	put16(0xa0, 0x0011);
	put16(0xa0 + PCI_MSIX_CONTROL, 4);
	put32(0xa0 + PCI_MSIX_TABLE, 3);
	put32(0xa0 + PCI_MSIX_PBA, 0x2000 | 3);
}

static void test_size_and_bars(void)
{
	CHECK_EQ(msix_table_size(0), 1u);
	CHECK_EQ(msix_table_size(PCI_MSIX_FLAGS_ENABLE | 4), 5u);
	CHECK_EQ(msix_table_size(0xffff), 2048u);
	e1000e_like();
	CHECK_EQ(msix_read_bar(rd, NULL, 0), 0xfebc0000ULL);
	CHECK_EQ(msix_read_bar(rd, NULL, 2), 0ULL); /* I/O */
	CHECK_EQ(msix_read_bar(rd, NULL, 3), 0xfebe0000ULL);
	CHECK_EQ(msix_read_bar(rd, NULL, 6), 0ULL);
	/* A 64-bit BAR: the upper half in the next one. */
	put32(PCI_BASE_ADDRESS_0 + 16, 0xfe00000c);
	put32(PCI_BASE_ADDRESS_0 + 20, 0x8);
	CHECK_EQ(msix_read_bar(rd, NULL, 4), 0x8fe000000ULL);
	/* ... whose upper half would be past the last BAR. */
	put32(PCI_BASE_ADDRESS_0 + 20, 0xfe00000c);
	CHECK_EQ(msix_read_bar(rd, NULL, 5), 0ULL);
	/* A bridge has two BARs; an unknown header type none. */
	cfg[PCI_HEADER_TYPE] = 0x81;
	CHECK_EQ(msix_read_bar(rd, NULL, 0), 0xfebc0000ULL);
	CHECK_EQ(msix_read_bar(rd, NULL, 3), 0ULL);
	cfg[PCI_HEADER_TYPE] = 0x7f;
	CHECK_EQ(msix_read_bar(rd, NULL, 0), 0ULL);
}

static void test_locate(void)
{
	struct msix_layout l;

	e1000e_like();
	CHECK_EQ(msix_locate(rd, NULL, 0xa0, &l), 0);
	CHECK_EQ(l.pos, 0xa0);
	CHECK_EQ(l.nr_entries, 5);
	CHECK_EQ(l.table_bar, 0xfebe0000ULL);
	CHECK_EQ(l.table_pa, 0xfebe0000ULL);
	CHECK_EQ(l.pba_pa, 0xfebe2000ULL);
	CHECK_EQ(l.table_first_pfn, 0xfebe0ULL);
	CHECK_EQ(l.table_last_pfn, 0xfebe0ULL);
	CHECK_EQ(l.pba_first_pfn, 0xfebe2ULL);
	CHECK_EQ(l.pba_last_pfn, 0xfebe2ULL);
	CHECK(msix_layout_overlaps(&l, 0xfebe0, 0xfebe0));
	CHECK(msix_layout_overlaps(&l, 0xfebe2, 0xfebe2));
	CHECK(!msix_layout_overlaps(&l, 0xfebe1, 0xfebe1));
	CHECK(!msix_layout_overlaps(&l, 0xfebc0, 0xfebc0));
	CHECK(msix_layout_overlaps(&l, 0xfeb00, 0xfebff));
	/* 2048 entries from 0x800 into the page: 9 pages; the PBA's 256
	 * bytes straddle a page boundary. */
	put16(0xa0 + PCI_MSIX_CONTROL, 0x7ff);
	put32(0xa0 + PCI_MSIX_TABLE, 0x800 | 3);
	put32(0xa0 + PCI_MSIX_PBA, 0xaf80 | 3);
	CHECK_EQ(msix_locate(rd, NULL, 0xa0, &l), 0);
	CHECK_EQ(l.nr_entries, 2048);
	CHECK_EQ(l.table_last_pfn - l.table_first_pfn + 1,
		 (uint64_t)MSIX_MAX_TABLE_PAGES);
	CHECK_EQ(l.pba_first_pfn, 0xfebeaULL);
	CHECK_EQ(l.pba_last_pfn, 0xfebebULL);
	/* An unassigned or I/O BAR: nothing to map. */
	put32(0xa0 + PCI_MSIX_TABLE, 2);
	CHECK_EQ(msix_locate(rd, NULL, 0xa0, &l), -ENXIO);
	put32(0xa0 + PCI_MSIX_TABLE, 3);
	put32(0xa0 + PCI_MSIX_PBA, 1);
	CHECK_EQ(msix_locate(rd, NULL, 0xa0, &l), -ENXIO);
}

static void test_filter(void)
{
	bool guest_maskall = false;
	uint32_t v = 0x12345678;

	/* Outside the capability: as asked. */
	CHECK_EQ(msix_filter_write(0xa0, 0x04, 2, &v, false, &guest_maskall),
		 MSI_WRITE_PASS);
	CHECK_EQ(msix_filter_write(0xa0, 0xac, 4, &v, false, &guest_maskall),
		 MSI_WRITE_PASS);
	CHECK_EQ(msix_filter_write(0xa0, 0x9c, 4, &v, false, &guest_maskall),
		 MSI_WRITE_PASS);
	CHECK_EQ(v, 0x12345678u);
	/* Control as a 16-bit write: passes, the mask recorded. */
	v = PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL;
	CHECK_EQ(msix_filter_write(0xa0, 0xa2, 2, &v, false, &guest_maskall),
		 MSI_WRITE_ADJUSTED);
	CHECK_EQ(v, (uint32_t)(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
	CHECK(guest_maskall);
	v = PCI_MSIX_FLAGS_ENABLE;
	CHECK_EQ(msix_filter_write(0xa0, 0xa2, 2, &v, false, &guest_maskall),
		 MSI_WRITE_ADJUSTED);
	CHECK(!guest_maskall);
	CHECK_EQ(v, (uint32_t)PCI_MSIX_FLAGS_ENABLE);
	/* The hypervisor's function mask cannot be lifted. */
	CHECK_EQ(msix_filter_write(0xa0, 0xa2, 2, &v, true, &guest_maskall),
		 MSI_WRITE_ADJUSTED);
	CHECK_EQ(v, (uint32_t)(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
	CHECK(!guest_maskall);
	/* Anything else in the capability: dropped. */
	CHECK_EQ(msix_filter_write(0xa0, 0xa0, 4, &v, false, &guest_maskall),
		 MSI_WRITE_DROP);
	CHECK_EQ(msix_filter_write(0xa0, 0xa3, 1, &v, false, &guest_maskall),
		 MSI_WRITE_DROP);
	CHECK_EQ(msix_filter_write(0xa0, 0xa4, 4, &v, false, &guest_maskall),
		 MSI_WRITE_DROP);
	CHECK_EQ(msix_filter_write(0xa0, 0xa8, 4, &v, false, &guest_maskall),
		 MSI_WRITE_DROP);
}

int main(void)
{
	test_size_and_bars();
	test_locate();
	test_filter();
	return check_summary("test-msix-cap");
}
