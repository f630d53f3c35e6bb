/* SPDX-License-Identifier: MIT */
/*
 * The boot allocator: hands out pages from the top of the free RAM list
 * while the buddy allocator does not exist yet (page tables, the frame
 * table itself). A limit keeps allocations inside what the current page
 * tables map. When the frame table is ready, whatever is left goes to the
 * buddy allocator and this allocator retires.
 */
#include <satori/log.h>
#include <satori/mm.h>

#include <asm/mm.h>

#include "private.h"

static struct range_list *pool;
static paddr_t pool_limit;
static unsigned long used_pages;

void boot_alloc_init(struct range_list *free, paddr_t limit)
{
	pool = free;
	pool_limit = limit;
}

void boot_alloc_set_limit(paddr_t limit)
{
	pool_limit = limit;
}

paddr_t boot_alloc_pages(unsigned long nr)
{
	uint64_t size = (uint64_t)nr << PAGE_SHIFT;

	if (!pool)
		return 0;
	for (unsigned int i = pool->nr; i-- > 0;) {
		struct phys_range *r = &pool->r[i];
		paddr_t top = MIN(r->end, pool_limit);
		paddr_t pa;

		if (top < r->start + size)
			continue;
		pa = top - size;
		if (range_list_remove(pool, pa, pa + size))
			continue;
		used_pages += nr;
		return pa;
	}
	return 0;
}

unsigned long boot_alloc_used_pages(void)
{
	return used_pages;
}

void boot_alloc_handover(void)
{
	struct range_list *l = pool;

	pool = NULL;
	/* Only frames the frame table covers (see frame_table_init). */
	for (unsigned int i = 0; i < l->nr; i++) {
		unsigned long s = l->r[i].start >> PAGE_SHIFT;
		unsigned long e = MIN(l->r[i].end >> PAGE_SHIFT, max_page);

		if (s < e)
			page_alloc_add_range(_mfn(s), e - s);
	}
}
