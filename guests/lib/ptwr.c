/* SPDX-License-Identifier: MIT */
/*
 * Page-table lookups for the writable-page-table tests (guest/ptwr.h):
 * a software walk of the kernel's own tables through the read-only
 * mappings the builder provides, translating frames with the p2m list.
 */
#include <guest/ptwr.h>
#include <guest/test.h>

uint64_t ptwr_pfn_to_mfn(uint64_t pfn)
{
	return ((const uint64_t *)start_info->mfn_list)[pfn];
}

uint64_t ptwr_mfn_to_va(uint64_t mfn)
{
	const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

	/* A linear search: test domains have a few thousand pages. */
	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (p2m[pfn] == mfn)
			return pfn << 12;
	return 0;
}

uint64_t ptwr_l4e(unsigned int slot)
{
	return ((const uint64_t *)start_info->pt_base)[slot & 511];
}

volatile uint64_t *ptwr_entry_of(uint64_t va, unsigned int level)
{
	uint64_t *t = (uint64_t *)start_info->pt_base;
	unsigned int stop = 12 + 9 * (level - 1);

	for (unsigned int shift = 39; shift > stop; shift -= 9) {
		uint64_t e = t[(va >> shift) & 511];
		uint64_t next;

		if (!(e & PTE_PRESENT))
			return 0;
		next = ptwr_mfn_to_va((e & PTE_ADDR) >> 12);
		if (!next)
			return 0;
		t = (uint64_t *)next;
	}
	return &t[(va >> stop) & 511];
}

volatile uint64_t *ptwr_l1e_of(uint64_t va)
{
	return ptwr_entry_of(va, 1);
}
