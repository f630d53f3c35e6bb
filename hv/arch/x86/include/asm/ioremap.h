/* SPDX-License-Identifier: MIT */
/* Mapping device memory (MMIO) into the hypervisor's ioremap area. */
#ifndef ASM_X86_IOREMAP_H
#define ASM_X86_IOREMAP_H

#include <satori/types.h>

/*
 * Map @len bytes of device memory at @pa uncached (PCD|PWT), not
 * executable, in the IOREMAP area (which may allocate page tables).
 * @return the virtual address of @pa, or NULL if the area is exhausted.
 */
void *ioremap(paddr_t pa, size_t len);

/*
 * Remove the mapping ioremap(pa, @len) returned as @va. The virtual
 * range is never handed out again, so another CPU's stale TLB entry for
 * it is harmless and no flush IPI is needed; the area (512 GiB) outlasts
 * any realistic number of runtime mappings (MSI-X tables).
 */
void iounmap(void *va, size_t len);

#endif
