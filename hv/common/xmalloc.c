/* SPDX-License-Identifier: MIT */
/*
 * xmalloc: power-of-two size classes carved from xenheap pages, whole
 * xenheap blocks for large sizes.
 *
 * Each class keeps a singly linked free list threaded through its free
 * objects. The frame table remembers, per page, which class a page was
 * carved into (or the order of a large block), so xfree needs no header
 * before the object and objects stay aligned to their size. Pages carved
 * for a class stay with that class: memory use is bounded by the peak of
 * each class, which is fine for the hypervisor's long-lived structures.
 *
 * Pure logic over page-alloc.c: it compiles into the host unit test.
 */
#include <satori/xmalloc.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/page-info.h>
#include <satori/spinlock.h>
#include <satori/string.h>

#define MIN_SHIFT 4  /* 16 bytes */
#define MAX_SHIFT 11 /* 2048 bytes */
#define NR_CLASSES (MAX_SHIFT - MIN_SHIFT + 1)
/* Marks a large block in page_info.u.heap.xmalloc_class. */
#define CLASS_LARGE 0xffff

struct free_object {
	struct free_object *next;
};

static DEFINE_SPINLOCK(xmalloc_lock);
static struct free_object *free_objects[NR_CLASSES];
static struct xmalloc_stats stats;

/* Class index for @size; class i holds objects of 1 << (i + MIN_SHIFT). */
static unsigned int size_class(size_t size)
{
	unsigned int c = 0;

	while (((size_t)1 << (c + MIN_SHIFT)) < size)
		c++;
	return c;
}

static unsigned int order_for(size_t size)
{
	unsigned int order = 0;

	while (((size_t)PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* Carve a fresh page into class @c objects; false if out of memory. */
static bool refill_locked(unsigned int c)
{
	size_t obj = (size_t)1 << (c + MIN_SHIFT);
	char *page = alloc_xenheap_pages(0);

	if (!page)
		return false;
	virt_to_page(page)->u.heap.xmalloc_class = (uint16_t)(c + 1);
	for (size_t off = PAGE_SIZE; off >= obj; off -= obj) {
		struct free_object *o = (void *)(page + off - obj);

		o->next = free_objects[c];
		free_objects[c] = o;
	}
	stats.pages_small++;
	return true;
}

static void *alloc_small(size_t size)
{
	unsigned int c = size_class(size);
	unsigned long flags = spin_lock_irqsave(&xmalloc_lock);
	struct free_object *o = NULL;

	if (free_objects[c] || refill_locked(c)) {
		o = free_objects[c];
		free_objects[c] = o->next;
		stats.bytes_in_use += (size_t)1 << (c + MIN_SHIFT);
		stats.nr_live++;
	}
	spin_unlock_irqrestore(&xmalloc_lock, flags);
	return o;
}

static void *alloc_large(size_t size)
{
	unsigned int order = order_for(size);
	void *p = order <= MAX_ORDER ? alloc_xenheap_pages(order) : NULL;
	unsigned long flags;

	if (!p)
		return NULL;
	virt_to_page(p)->u.heap.xmalloc_class = CLASS_LARGE;
	virt_to_page(p)->u.heap.order = (uint16_t)order;
	flags = spin_lock_irqsave(&xmalloc_lock);
	stats.bytes_in_use += (size_t)PAGE_SIZE << order;
	stats.pages_large += (size_t)1 << order;
	stats.nr_live++;
	spin_unlock_irqrestore(&xmalloc_lock, flags);
	return p;
}

void *xmalloc_bytes(size_t size)
{
	if (size <= XMALLOC_MAX_SMALL)
		return alloc_small(size);
	if (size > ((size_t)PAGE_SIZE << MAX_ORDER))
		return NULL;
	return alloc_large(size);
}

void *xzalloc_bytes(size_t size)
{
	void *p = xmalloc_bytes(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void *xmalloc_array_bytes(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return xmalloc_bytes(n * size);
}

void *xzalloc_array_bytes(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return xzalloc_bytes(n * size);
}

void xfree(void *p)
{
	struct page_info *pg;
	unsigned int cls, order;
	unsigned long flags;

	if (!p)
		return;
	pg = virt_to_page((void *)ALIGN_DOWN((uintptr_t)p, PAGE_SIZE));
	cls = pg->u.heap.xmalloc_class;
	flags = spin_lock_irqsave(&xmalloc_lock);
	if (cls == CLASS_LARGE) {
		order = pg->u.heap.order;
		stats.bytes_in_use -= (size_t)PAGE_SIZE << order;
		stats.pages_large -= (size_t)1 << order;
		stats.nr_live--;
		spin_unlock_irqrestore(&xmalloc_lock, flags);
		pg->u.heap.xmalloc_class = 0;
		free_xenheap_pages(p, order);
		return;
	}
	if (cls >= 1 && cls <= NR_CLASSES) {
		struct free_object *o = p;

		o->next = free_objects[cls - 1];
		free_objects[cls - 1] = o;
		stats.bytes_in_use -= (size_t)1 << (cls - 1 + MIN_SHIFT);
		stats.nr_live--;
	} else {
		log_err("xfree(%p): not an xmalloc object\n", p);
	}
	spin_unlock_irqrestore(&xmalloc_lock, flags);
}

void xmalloc_get_stats(struct xmalloc_stats *st)
{
	unsigned long flags = spin_lock_irqsave(&xmalloc_lock);

	*st = stats;
	spin_unlock_irqrestore(&xmalloc_lock, flags);
}
