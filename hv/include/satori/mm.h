/* SPDX-License-Identifier: MIT */
/*
 * The page allocator (hv/common/page-alloc.c): a binary buddy allocator
 * over the frame table, for blocks of 2^order frames up to 1 GiB.
 *
 * Two views on the same heap, as in Xen: the "xenheap" hands out
 * direct-mapped memory for the hypervisor's own use (returns a VA), the
 * "domheap" hands out frames to domains (returns a page_info, owner set,
 * contents zeroed so no domain ever sees another's data). Nothing here
 * panics: exhaustion returns NULL.
 */
#ifndef SATORI_MM_H
#define SATORI_MM_H

#include <satori/types.h>
#include <satori/page-info.h>

/* Largest block: 2^18 frames = 1 GiB. */
#define MAX_ORDER 18

/*
 * Give frames [@start, @start + @nr) to the allocator. Every frame must be
 * RAM, have a page_info (mfn_valid) and be given only once. Boot time.
 */
void page_alloc_add_range(mfn_t start, unsigned long nr);

/* Frames free in the allocator, and frames it has ever been given. */
unsigned long mm_free_pages(void);
unsigned long mm_total_pages(void);

/* Fill @counts[order] with the number of free blocks of each order. */
void page_alloc_free_blocks(unsigned long counts[MAX_ORDER + 1]);

/*
 * 2^@order contiguous frames, naturally aligned, not zeroed, with no
 * owner; or NULL. free_heap_pages() returns them: -EINVAL if the block is
 * already free (double free, reported and ignored).
 */
struct page_info *alloc_heap_pages(unsigned int order);

/* Like alloc_heap_pages(), but the highest free frames (the top of the
 * highest free block), as Xen's heap allocates: what needs no particular
 * address leaves low memory to what does (DMA below 4 GiB). */
struct page_info *alloc_heap_pages_high(unsigned int order);

/* Like alloc_heap_pages(), but the block ends at or below frame @limit
 * (exclusive): the first fitting free block, lowest frames of it. */
struct page_info *alloc_heap_pages_below(unsigned int order,
					 unsigned long limit);
int free_heap_pages(struct page_info *pg, unsigned int order);

/*
 * Hypervisor memory: 2^@order direct-mapped pages (not zeroed), or NULL.
 * free_xenheap_pages(NULL, ...) does nothing.
 */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);

/* Zeroed hypervisor pages, or NULL. */
void *alloc_xenheap_pages_zeroed(unsigned int order);

/*
 * Domain memory: 2^@order frames owned by @d (which may be NULL for
 * frames that will be assigned later), each with PGC_allocated and a
 * reference count of 1, zeroed (scrubbed) before they are returned; or
 * NULL. @memflags is 0, MEMF_bits(n): the frames all below 2^n bytes
 * (Xen's flag, for DMA-able memory; n <= PAGE_SHIFT gives NULL), or
 * MEMF_high: the highest free frames (alloc_heap_pages_high()).
 * free_domheap_pages() drops ownership and returns them to the heap.
 */
#define MEMF_bits(n) ((unsigned int)(n) << 24)
#define MEMF_get_bits(f) (((f) >> 24) & 0xffu)
#define MEMF_high (1u << 8)
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
				      unsigned int memflags);
void free_domheap_pages(struct page_info *pg, unsigned int order);

#endif
