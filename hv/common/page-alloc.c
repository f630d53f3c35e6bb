/* SPDX-License-Identifier: MIT */
/*
 * The buddy allocator behind xenheap and domheap allocations.
 *
 * Free memory is kept as naturally aligned blocks of 2^order frames, one
 * list per order. Only the first frame of a free block (its head) is
 * marked, with PGC_free and the order in the frame table; the rest of the
 * block's page_infos are left as they were. A block's buddy is the block
 * whose frame number differs only in bit `order`; when both are free they
 * merge into one block of the next order. Allocation splits the smallest
 * block that fits and puts the unused halves back.
 *
 * This file is pure logic over the frame table: it compiles unchanged into
 * the host unit test (tests/unit/test-page-alloc.c).
 */
#include <satori/mm.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/spinlock.h>

static DEFINE_SPINLOCK(heap_lock);
static struct page_list_head free_lists[MAX_ORDER + 1];
static unsigned long nr_free_blocks[MAX_ORDER + 1];
static unsigned long nr_free_pages;
static unsigned long nr_total_pages;
static bool free_lists_ready;

static void page_list_add(struct page_list_head *h, struct page_info *pg)
{
	uint32_t m = (uint32_t)mfn_x(page_to_mfn(pg));

	pg->list.prev = PAGE_LIST_NULL;
	pg->list.next = h->first;
	if (h->first == PAGE_LIST_NULL)
		h->last = m;
	else
		mfn_to_page(_mfn(h->first))->list.prev = m;
	h->first = m;
}

static void page_list_del(struct page_list_head *h, struct page_info *pg)
{
	uint32_t next = pg->list.next, prev = pg->list.prev;

	if (prev == PAGE_LIST_NULL)
		h->first = next;
	else
		mfn_to_page(_mfn(prev))->list.next = next;
	if (next == PAGE_LIST_NULL)
		h->last = prev;
	else
		mfn_to_page(_mfn(next))->list.prev = prev;
	pg->list.next = pg->list.prev = PAGE_LIST_NULL;
}

static void init_free_lists(void)
{
	for (unsigned int i = 0; i <= MAX_ORDER; i++)
		free_lists[i] = (struct page_list_head)PAGE_LIST_HEAD_INIT;
	free_lists_ready = true;
}

static void insert_free_block(struct page_info *pg, unsigned int order)
{
	pg->count_info = PGC_free;
	pg->u.free.order = order;
	pg->owner = NULL;
	page_list_add(&free_lists[order], pg);
	nr_free_blocks[order]++;
}

static void remove_free_block(struct page_info *pg, unsigned int order)
{
	page_list_del(&free_lists[order], pg);
	pg->count_info = 0;
	pg->u.type_info = 0;
	nr_free_blocks[order]--;
}

/* The free buddy of the block at @m of @order, or NULL if it is not free
 * as a whole (absent, allocated, or split). */
static struct page_info *free_buddy(unsigned long m, unsigned int order)
{
	mfn_t b = _mfn(m ^ (1UL << order));
	struct page_info *pg;

	if (!mfn_valid(b))
		return NULL;
	pg = mfn_to_page(b);
	if (!(pg->count_info & PGC_free) || pg->u.free.order != order)
		return NULL;
	return pg;
}

static void free_block_locked(unsigned long m, unsigned int order)
{
	while (order < MAX_ORDER) {
		struct page_info *buddy = free_buddy(m, order);

		if (!buddy)
			break;
		remove_free_block(buddy, order);
		m &= ~(1UL << order);
		order++;
	}
	insert_free_block(mfn_to_page(_mfn(m)), order);
}

/* The largest order of an aligned block at @m that fits in @nr frames. */
static unsigned int largest_block(unsigned long m, unsigned long nr)
{
	unsigned int order = 0;

	while (order < MAX_ORDER && !(m & (1UL << order)) &&
	       (2UL << order) <= nr)
		order++;
	return order;
}

void page_alloc_add_range(mfn_t start, unsigned long nr)
{
	unsigned long m = mfn_x(start);
	unsigned long flags = spin_lock_irqsave(&heap_lock);

	if (!free_lists_ready)
		init_free_lists();
	while (nr) {
		unsigned int order = largest_block(m, nr);

		free_block_locked(m, order);
		nr_free_pages += 1UL << order;
		nr_total_pages += 1UL << order;
		m += 1UL << order;
		nr -= 1UL << order;
	}
	spin_unlock_irqrestore(&heap_lock, flags);
}

unsigned long mm_free_pages(void)
{
	return READ_ONCE(nr_free_pages);
}

unsigned long mm_total_pages(void)
{
	return READ_ONCE(nr_total_pages);
}

void page_alloc_free_blocks(unsigned long counts[MAX_ORDER + 1])
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);

	for (unsigned int i = 0; i <= MAX_ORDER; i++)
		counts[i] = nr_free_blocks[i];
	spin_unlock_irqrestore(&heap_lock, flags);
}

/* Take the free block @pg of order @j off its list and keep its lowest
 * 2^@order frames; the upper halves go back as free blocks. */
static void take_block(struct page_info *pg, unsigned int j, unsigned int order)
{
	unsigned long m = mfn_x(page_to_mfn(pg));

	remove_free_block(pg, j);
	while (j > order) {
		j--;
		insert_free_block(mfn_to_page(_mfn(m + (1UL << j))), j);
	}
	nr_free_pages -= 1UL << order;
}

/* The first free block of order @j whose lowest 2^@order frames end at or
 * below frame @limit, or NULL. */
static struct page_info *find_block_below(unsigned int j, unsigned int order,
					  unsigned long limit)
{
	uint32_t m = free_lists[j].first;

	while (m != PAGE_LIST_NULL) {
		if (m + (1UL << order) <= limit)
			return mfn_to_page(_mfn(m));
		m = mfn_to_page(_mfn(m))->list.next;
	}
	return NULL;
}

struct page_info *alloc_heap_pages_below(unsigned int order,
					 unsigned long limit)
{
	struct page_info *pg = NULL;
	unsigned long flags;

	if (order > MAX_ORDER)
		return NULL;
	flags = spin_lock_irqsave(&heap_lock);
	for (unsigned int j = order; free_lists_ready && j <= MAX_ORDER; j++) {
		pg = find_block_below(j, order, limit);
		if (pg) {
			take_block(pg, j, order);
			break;
		}
	}
	spin_unlock_irqrestore(&heap_lock, flags);
	return pg;
}

/* The free block of order @order or more that lies highest, or NULL;
 * its order to *@jp. Free blocks never overlap, so the highest head is
 * the highest block. */
static struct page_info *find_highest_block(unsigned int order,
					    unsigned int *jp)
{
	uint32_t best = PAGE_LIST_NULL;

	for (unsigned int j = order; j <= MAX_ORDER; j++) {
		for (uint32_t m = free_lists[j].first; m != PAGE_LIST_NULL;
		     m = mfn_to_page(_mfn(m))->list.next) {
			if (best == PAGE_LIST_NULL || m > best) {
				best = m;
				*jp = j;
			}
		}
	}
	return best == PAGE_LIST_NULL ? NULL : mfn_to_page(_mfn(best));
}

struct page_info *alloc_heap_pages_high(unsigned int order)
{
	struct page_info *pg = NULL;
	unsigned long flags, m;
	unsigned int j = 0;

	if (order > MAX_ORDER)
		return NULL;
	flags = spin_lock_irqsave(&heap_lock);
	if (free_lists_ready)
		pg = find_highest_block(order, &j);
	if (pg) {
		remove_free_block(pg, j);
		m = mfn_x(page_to_mfn(pg));
		/* Split: the lower halves go back, the top part is ours. */
		while (j > order) {
			j--;
			insert_free_block(mfn_to_page(_mfn(m)), j);
			m += 1UL << j;
		}
		pg = mfn_to_page(_mfn(m));
		nr_free_pages -= 1UL << order;
	}
	spin_unlock_irqrestore(&heap_lock, flags);
	return pg;
}

struct page_info *alloc_heap_pages(unsigned int order)
{
	return alloc_heap_pages_below(order, ~0UL);
}

/* True if frame @m lies inside a free block (as its head or not): the
 * block's head is @m rounded down to some order, and covers @m if its
 * order is at least that much. */
static bool in_free_block(unsigned long m)
{
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		mfn_t head = _mfn(m & ~((1UL << o) - 1));
		const struct page_info *pg;

		if (!mfn_valid(head))
			continue;
		pg = mfn_to_page(head);
		if ((pg->count_info & PGC_free) && pg->u.free.order >= o)
			return true;
	}
	return false;
}

int free_heap_pages(struct page_info *pg, unsigned int order)
{
	unsigned long m = mfn_x(page_to_mfn(pg));
	unsigned long flags;

	if (order > MAX_ORDER || (m & ((1UL << order) - 1))) {
		log_err("mm: free of mfn %#lx order %u: bad block\n", m, order);
		return -EINVAL;
	}
	flags = spin_lock_irqsave(&heap_lock);
	if (in_free_block(m)) {
		spin_unlock_irqrestore(&heap_lock, flags);
		log_err("mm: double free of mfn %#lx order %u\n", m, order);
		return -EINVAL;
	}
	free_block_locked(m, order);
	nr_free_pages += 1UL << order;
	spin_unlock_irqrestore(&heap_lock, flags);
	return 0;
}

void *alloc_xenheap_pages(unsigned int order)
{
	struct page_info *pg = alloc_heap_pages(order);

	if (!pg)
		return NULL;
	for (unsigned long i = 0; i < (1UL << order); i++) {
		pg[i].count_info = PGC_xen_heap;
		pg[i].u.type_info = 0;
		pg[i].owner = NULL;
	}
	return page_to_virt(pg);
}

void *alloc_xenheap_pages_zeroed(unsigned int order)
{
	void *va = alloc_xenheap_pages(order);

	if (va)
		clear_pages(va, (size_t)PAGE_SIZE << order);
	return va;
}

void free_xenheap_pages(void *va, unsigned int order)
{
	struct page_info *pg;

	if (!va)
		return;
	pg = virt_to_page(va);
	if (!(pg->count_info & PGC_xen_heap)) {
		log_err("mm: free_xenheap_pages(%p): not a xenheap page\n", va);
		return;
	}
	for (unsigned long i = 0; i < (1UL << order); i++)
		pg[i].count_info = 0;
	free_heap_pages(pg, order);
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
				      unsigned int memflags)
{
	unsigned int bits = MEMF_get_bits(memflags);
	unsigned long limit = ~0UL;
	struct page_info *pg;

	if ((memflags & ~(MEMF_bits(0xff) | MEMF_high)) ||
	    ((memflags & MEMF_high) && bits))
		return NULL;
	if (bits && bits <= PAGE_SHIFT)
		return NULL;
	if (bits && bits - PAGE_SHIFT < 64)
		limit = 1UL << (bits - PAGE_SHIFT);
	pg = memflags & MEMF_high ? alloc_heap_pages_high(order)
				  : alloc_heap_pages_below(order, limit);
	if (!pg)
		return NULL;
	/* Scrub now rather than at boot or free time: boot stays fast on
	 * big machines and only memory a domain actually gets is touched. */
	clear_pages(page_to_virt(pg), (size_t)PAGE_SIZE << order);
	for (unsigned long i = 0; i < (1UL << order); i++) {
		pg[i].count_info = PGC_allocated | 1;
		pg[i].u.type_info = PGT_none;
		pg[i].owner = d;
	}
	return pg;
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
	if (!(pg->count_info & PGC_allocated)) {
		log_err("mm: free_domheap_pages(mfn %#lx): not allocated\n",
			mfn_x(page_to_mfn(pg)));
		return;
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		pg[i].count_info = 0;
		pg[i].u.type_info = 0;
		pg[i].owner = NULL;
	}
	free_heap_pages(pg, order);
}
