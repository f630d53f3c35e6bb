/* SPDX-License-Identifier: MIT */
/*
 * A new domain's memory: nr_pages frames in the largest blocks the heap
 * will give, numbered pfn 0.. in allocation order, each assigned to the
 * domain and recorded in the M2P. They come from the top of memory, as
 * Xen's heap gives them, so that low memory stays free for dom0's
 * address-limited requests (swiotlb-xen's XENMEM_exchange below 4 GiB).
 * The builder writes guest memory through the direct map, page by page,
 * by pseudo-physical address.
 */
#include <satori/errno.h>
#include <satori/mm.h>
#include <satori/string.h>
#include <satori/xmalloc.h>

#include <asm/m2p.h>

#include "dom-build-private.h"

#define PV_ALLOC_MAX_ORDER 9 /* 2 MiB: no need for more contiguity. */

static unsigned int chunk_order(unsigned long left)
{
	unsigned int order = PV_ALLOC_MAX_ORDER;

	while ((1UL << order) > left)
		order--;
	return order;
}

int pv_alloc_memory(struct pv_build *b)
{
	unsigned long nr = b->args->nr_pages, pfn = 0;

	b->p2m = xmalloc_array(unsigned long, nr);
	if (!b->p2m)
		return -ENOMEM;
	while (pfn < nr) {
		unsigned int order = chunk_order(nr - pfn);
		struct page_info *pg;

		while (!(pg = alloc_domheap_pages(b->d, order, MEMF_high)) &&
		       order)
			order--;
		if (!pg)
			return -ENOMEM;
		if (assign_pages(b->d, pg, order)) {
			free_domheap_pages(pg, order);
			return -ENOMEM;
		}
		for (unsigned long i = 0; i < (1UL << order); i++, pfn++) {
			b->p2m[pfn] = mfn_x(page_to_mfn(pg + i));
			m2p_set(page_to_mfn(pg + i), pfn);
		}
	}
	return 0;
}

void *pv_pfn_to_virt(const struct pv_build *b, unsigned long pfn)
{
	return page_to_virt(mfn_to_page(_mfn(b->p2m[pfn])));
}

void pv_copy_to_phys(const struct pv_build *b, uint64_t pa, const void *src,
		     uint64_t len)
{
	const uint8_t *s = src;

	while (len) {
		uint64_t off = pa & (PAGE_SIZE - 1);
		uint64_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
		uint8_t *dst =
			(uint8_t *)pv_pfn_to_virt(b, pa >> PAGE_SHIFT) + off;

		if (s) {
			memcpy(dst, s, n);
			s += n;
		} else {
			memset(dst, 0, n);
		}
		pa += n;
		len -= n;
	}
}
