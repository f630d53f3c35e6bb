/* SPDX-License-Identifier: MIT */
/*
 * Small-object allocation for the hypervisor (hv/common/xmalloc.c).
 *
 * Sizes up to XMALLOC_MAX_SMALL are rounded up to a power of two (at least
 * 16) and carved from xenheap pages, so an object is aligned to its size
 * class; larger requests get whole, page-aligned xenheap blocks. Every
 * function returns NULL when memory runs out; none sleeps or panics.
 * Safe from any context (the pools are locked with interrupts off).
 */
#ifndef SATORI_XMALLOC_H
#define SATORI_XMALLOC_H

#include <satori/types.h>

#define XMALLOC_MIN_SIZE 16
#define XMALLOC_MAX_SMALL 2048

/* @size bytes (0 gives a valid minimal object), or NULL. */
void *xmalloc_bytes(size_t size);
/* As xmalloc_bytes, zeroed. */
void *xzalloc_bytes(size_t size);
/* Release an object from xmalloc_bytes/xzalloc_bytes; NULL is ignored. */
void xfree(void *p);

/* @n objects of @size bytes, zeroed; NULL if n * size overflows. */
void *xzalloc_array_bytes(size_t n, size_t size);
/* As above, not zeroed. */
void *xmalloc_array_bytes(size_t n, size_t size);

#define xmalloc(type) ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type) ((type *)xzalloc_bytes(sizeof(type)))
#define xmalloc_array(type, n) ((type *)xmalloc_array_bytes((n), sizeof(type)))
#define xzalloc_array(type, n) ((type *)xzalloc_array_bytes((n), sizeof(type)))

struct xmalloc_stats {
	size_t bytes_in_use;   /* Rounded-up sizes of live objects. */
	size_t pages_small;    /* Pages carved into small objects. */
	size_t pages_large;    /* Pages of live large allocations. */
	unsigned long nr_live; /* Live objects. */
};

void xmalloc_get_stats(struct xmalloc_stats *st);

#endif
