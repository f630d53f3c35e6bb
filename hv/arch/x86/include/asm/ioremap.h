/* SPDX-License-Identifier: MIT */
/* Mapping device memory (MMIO) into the hypervisor's ioremap area. */
#ifndef ASM_X86_IOREMAP_H
#define ASM_X86_IOREMAP_H

#include <satori/types.h>

/*
 * Map @len bytes of device memory at @pa uncached (PCD|PWT), not
 * executable, in the IOREMAP area. Boot time only (never freed).
 * @return the virtual address of @pa, or NULL if the area is exhausted.
 */
void *ioremap(paddr_t pa, size_t len);

#endif
