/* SPDX-License-Identifier: MIT */
/* Physical/virtual address conversion for the image and the direct map. */
#ifndef ASM_X86_PAGE_H
#define ASM_X86_PAGE_H

#include <satori/types.h>

#include <asm/layout.h>

/* A physical address as seen through the direct map. */
static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(DIRECTMAP_START + pa);
}

/* The physical address of a direct-map or image address. */
static inline paddr_t virt_to_phys(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	if (v >= IMAGE_VOFF && v < IMAGE_VOFF + IMAGE_MAX_SIZE + IMAGE_LOAD_PA)
		return v - IMAGE_VOFF;
	return v - DIRECTMAP_START;
}

/* Zero @bytes (a multiple of 8) at @va: one rep stosq, much faster than
 * a byte loop, which matters for scrubbing and the frame table. */
static inline void clear_pages(void *va, size_t bytes)
{
	uint64_t *p = va;
	size_t n = bytes / 8;

	__asm__ __volatile__("rep stosq"
			     : "+D"(p), "+c"(n)
			     : "a"(0)
			     : "memory");
}

#endif
