/* SPDX-License-Identifier: MIT */
/* Host shim of <asm/page.h>: "physical memory" is a host buffer whose base
 * the test sets in host_phys_base, and the direct map is that buffer. */
#ifndef ASM_X86_PAGE_H
#define ASM_X86_PAGE_H

#include <string.h>

#include <satori/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1 << PAGE_SHIFT)

extern uint8_t *host_phys_base;

static inline void *phys_to_virt(paddr_t pa)
{
	return host_phys_base + pa;
}

static inline paddr_t virt_to_phys(const void *va)
{
	return (paddr_t)((const uint8_t *)va - host_phys_base);
}

static inline void clear_pages(void *va, size_t bytes)
{
	memset(va, 0, bytes);
}

#endif
