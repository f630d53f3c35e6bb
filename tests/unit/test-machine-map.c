/* unit-sources: hv/common/memory/machine-map.c */
/* SPDX-License-Identifier: MIT */
/*
 * dom0's machine memory map: the host E820 unchanged, plus reserved
 * entries for denied frames in its holes, as Xen 4.17 lists them for
 * QEMU q35 (-m 1G: the IO-APIC page and the MSI window, the LAPIC inside
 * it), and the corner cases of Xen's walk: runs that touch a host range,
 * sub-page host ranges, runs reaching the address limit, the space above
 * the last range, a too-small output buffer.
 */
#include <satori/machine-map.h>

#include "check.h"

#define LIMIT (1ULL << (40 - 12)) /* 40 physical address bits */

/* The host map QEMU q35 gives for -m 1G (Xen's boot log). */
static const struct boot_mem_range q35[] = {
	{ 0, 0x9fc00, E820_RAM },
	{ 0x9fc00, 0x400, E820_RESERVED },
	{ 0xf0000, 0x10000, E820_RESERVED },
	{ 0x100000, 0x3fedf000, E820_RAM },
	{ 0x3ffdf000, 0x21000, E820_RESERVED },
	{ 0xb0000000, 0x10000000, E820_RESERVED },
	{ 0xfed1c000, 0x4000, E820_RESERVED },
	{ 0xfffc0000, 0x40000, E820_RESERVED },
	{ 0xfd00000000, 0x300000000, E820_RESERVED },
};

static void check_entry(const struct boot_mem_range *e, uint64_t start,
			uint64_t len, uint32_t type)
{
	CHECK_EQ(e->start, start);
	CHECK_EQ(e->len, len);
	CHECK_EQ(e->type, type);
}

static void test_normalise(void)
{
	struct pfn_range r[] = {
		{ 0xfee00, 0xfeeff },
		{ 0xfec00, 0xfec00 },
		{ 0xfee00, 0xfee00 },
		{ 0xfec01, 0xfec01 },
		{ 5, 9 },
		{ 3, 4 },
	};
	unsigned int n = pfn_ranges_normalise(r, 6);

	CHECK_EQ(n, 3);
	CHECK_EQ(r[0].first, 3);
	CHECK_EQ(r[0].last, 9);
	CHECK_EQ(r[1].first, 0xfec00);
	CHECK_EQ(r[1].last, 0xfec01);
	CHECK_EQ(r[2].first, 0xfee00);
	CHECK_EQ(r[2].last, 0xfeeff);
	CHECK_EQ(pfn_ranges_normalise(r, 0), 0);
}

/* What Linux printed on Xen 4.17 ("Xen: [mem ...]"), before its own
 * page rounding: the host's 9 entries and 2 reserved ones. */
static void test_q35_like_xen(void)
{
	struct pfn_range denied[] = {
		{ 0xfee00, 0xfee00 }, /* LAPIC */
		{ 0xfec00, 0xfec00 }, /* IO-APIC */
		{ 0xfee00, 0xfeeff }, /* MSI window */
	};
	unsigned int nd = pfn_ranges_normalise(denied, 3);
	struct boot_mem_range out[16];
	unsigned int n = machine_map_build(q35, 9, denied, nd, LIMIT, out, 16);

	CHECK_EQ(n, 11);
	for (unsigned int i = 0; i < 5; i++)
		check_entry(&out[i], q35[i].start, q35[i].len, q35[i].type);
	check_entry(&out[5], 0xb0000000, 0x10000000, E820_RESERVED);
	check_entry(&out[6], 0xfec00000, 0x1000, E820_RESERVED);
	check_entry(&out[7], 0xfed1c000, 0x4000, E820_RESERVED);
	check_entry(&out[8], 0xfee00000, 0x100000, E820_RESERVED);
	check_entry(&out[9], 0xfffc0000, 0x40000, E820_RESERVED);
	check_entry(&out[10], 0xfd00000000, 0x300000000, E820_RESERVED);
	/* Only the count asked for: nothing written. */
	CHECK_EQ(machine_map_build(q35, 9, denied, nd, LIMIT, NULL, 0), 11);
	/* A short buffer gets the first entries, the count stays. */
	out[3].start = 0x1234;
	CHECK_EQ(machine_map_build(q35, 9, denied, nd, LIMIT, out, 3), 11);
	CHECK_EQ(out[3].start, 0x1234);
}

/* Denied frames inside host ranges are not listed (only holes are
 * walked); runs touching a range, or split by one, are clipped to the
 * hole; a run whose next frame is the limit is left out. */
static void test_clipping(void)
{
	const struct boot_mem_range host[] = {
		{ 0x10000, 0x10000, E820_RAM },	   /* frames 0x10-0x1f */
		{ 0x40000, 0x800, E820_RESERVED }, /* frame 0x40, half */
		{ 0x41800, 0x800, E820_RESERVED }, /* frame 0x41, half */
		{ 0x100000, 0x100000, E820_RAM },  /* frames 0x100-0x1ff */
	};
	struct pfn_range denied[] = {
		{ 0x8, 0x17 },	  /* into the first range: 0x8-0xf */
		{ 0x30, 0x30 },	  /* in the hole 0x20-0x3f */
		{ 0x3f, 0x42 },	  /* 0x3f, and 0x42 after the half pages */
		{ 0xff, 0x100 },  /* up to the last range: 0xff */
		{ 0x300, 0x3ff }, /* above the last range */
		{ LIMIT - 16, LIMIT - 1 }, /* runs into the limit: left out */
	};
	struct boot_mem_range out[16];
	unsigned int n = machine_map_build(host, 4, denied, 6, LIMIT, out, 16);

	CHECK_EQ(n, 10);
	check_entry(&out[0], 0x8000, 0x8000, E820_RESERVED);
	check_entry(&out[1], 0x10000, 0x10000, E820_RAM);
	check_entry(&out[2], 0x30000, 0x1000, E820_RESERVED);
	check_entry(&out[3], 0x3f000, 0x1000, E820_RESERVED);
	check_entry(&out[4], 0x40000, 0x800, E820_RESERVED);
	/* 0x41 starts in frame 0x41, which the first half-page range's
	 * rounded-up end already reached: no hole between them. */
	check_entry(&out[5], 0x41800, 0x800, E820_RESERVED);
	check_entry(&out[6], 0x42000, 0x1000, E820_RESERVED);
	check_entry(&out[7], 0xff000, 0x1000, E820_RESERVED);
	check_entry(&out[8], 0x100000, 0x100000, E820_RAM);
	check_entry(&out[9], 0x300000, 0x100000, E820_RESERVED);
}

/* No host map, nothing at all; no denied frames, the host map as is. */
static void test_empty(void)
{
	struct pfn_range denied[] = { { 0, 5 } };
	struct boot_mem_range out[4];

	CHECK_EQ(machine_map_build(q35, 0, denied, 1, LIMIT, out, 4), 0);
	CHECK_EQ(machine_map_build(q35, 4, denied, 0, LIMIT, out, 4), 4);
	check_entry(&out[3], q35[3].start, q35[3].len, q35[3].type);
}

int main(void)
{
	test_normalise();
	test_q35_like_xen();
	test_clipping();
	test_empty();
	return check_summary("test-machine-map");
}
