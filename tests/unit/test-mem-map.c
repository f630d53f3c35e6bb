/* unit-sources: hv/common/mem-map.c */
/* SPDX-License-Identifier: MIT */
/*
 * E820 sanitising (sort, clip overlaps with reserved winning, merge) and
 * the free-range list that reservations are cut from.
 */
#include <satori/errno.h>
#include <satori/mem-map.h>

#include "check.h"

static void test_qemu_map(void)
{
	/* What QEMU q35 reports for -m 128M, shuffled. */
	const struct boot_mem_range in[] = {
		{ 0x100000, 0x7ede000, E820_RAM },
		{ 0xfeffc000, 0x4000, E820_RESERVED },
		{ 0, 0x9fc00, E820_RAM },
		{ 0x9fc00, 0x400, E820_RESERVED },
		{ 0xf0000, 0x10000, E820_RESERVED },
		{ 0x7fdf000, 0x21000, E820_RESERVED },
	};
	struct boot_mem_range out[16];
	unsigned int n = mem_map_sanitise(in, 6, out, 16);

	CHECK_EQ(n, 6);
	for (unsigned int i = 1; i < n; i++)
		CHECK(out[i - 1].start + out[i - 1].len <= out[i].start);
	CHECK_EQ(out[0].start, 0);
	CHECK_EQ(out[0].len, 0x9fc00);
	CHECK_EQ(out[3].start, 0x100000);
	CHECK_EQ(out[3].type, E820_RAM);
	CHECK_EQ(out[5].start, 0xfeffc000);
}

static void test_overlaps(void)
{
	const struct boot_mem_range in[] = {
		{ 0x0, 0x100000, E820_RAM },
		{ 0x80000, 0x10000, E820_RESERVED }, /* Inside RAM. */
		{ 0x100000, 0x100000, E820_RAM },    /* Adjacent: merge. */
		{ 0x1f0000, 0x20000, E820_ACPI },    /* Straddles RAM end. */
		{ 0x300000, 0, E820_RAM },	     /* Empty: dropped. */
		{ 0x400000, 0x1000, E820_RAM },
		{ 0x400000, 0x1000, E820_RAM }, /* Duplicate. */
	};
	struct boot_mem_range out[16];
	unsigned int n = mem_map_sanitise(in, 7, out, 16);

	CHECK_EQ(n, 5);
	CHECK_EQ(out[0].start, 0);
	CHECK_EQ(out[0].len, 0x80000);
	CHECK_EQ(out[1].type, E820_RESERVED);
	CHECK_EQ(out[2].start, 0x90000);
	CHECK_EQ(out[2].len, 0x1f0000 - 0x90000);
	CHECK_EQ(out[2].type, E820_RAM);
	CHECK_EQ(out[3].start, 0x1f0000);
	CHECK_EQ(out[3].len, 0x20000);
	CHECK_EQ(out[3].type, E820_ACPI);
	CHECK_EQ(out[4].start, 0x400000);
	CHECK_EQ(out[4].len, 0x1000);
	/* Output capacity is respected. */
	CHECK_EQ(mem_map_sanitise(in, 7, out, 2), 2);
}

static void test_range_list(void)
{
	struct phys_range r[3];
	struct range_list l = { 0, 3, r };

	CHECK_EQ(range_list_append(&l, 0x1000, 0x9000), 0);
	CHECK_EQ(range_list_append(&l, 0x9000, 0xa000), 0); /* Merges. */
	CHECK_EQ(l.nr, 1);
	CHECK_EQ(range_list_append(&l, 0x10000, 0x20000), 0);
	CHECK_EQ(range_list_bytes(&l), 0x9000 + 0x10000);
	CHECK_EQ(range_list_remove(&l, 0x3000, 0x4000), 0); /* Split. */
	CHECK_EQ(l.nr, 3);
	CHECK_EQ(range_list_remove(&l, 0x5000, 0x6000), -ENOSPC);
	CHECK_EQ(l.nr, 3);
	CHECK_EQ(range_list_remove(&l, 0x0, 0x3800), 0); /* Whole + none. */
	CHECK_EQ(l.nr, 2);
	CHECK_EQ(r[0].start, 0x4000);
	CHECK_EQ(range_list_remove(&l, 0x8000, 0x18000), 0); /* Two ends. */
	CHECK_EQ(r[0].end, 0x8000);
	CHECK_EQ(r[1].start, 0x18000);
	CHECK_EQ(range_list_bytes(&l), 0x4000 + 0x8000);
	CHECK_EQ(range_list_remove(&l, 0, ~0ULL), 0);
	CHECK_EQ(l.nr, 0);
	CHECK_EQ(range_list_append(&l, 5, 5), 0); /* Empty: ignored. */
	CHECK_EQ(l.nr, 0);
}

int main(void)
{
	test_qemu_map();
	test_overlaps();
	test_range_list();
	return check_summary("test-mem-map");
}
