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

#endif
