/* SPDX-License-Identifier: MIT */
/*
 * TEMPORARY ioremap for the time/APIC branch: the bootstrap page tables
 * map physical 0-4 GiB in the direct map, so device memory below 4 GiB is
 * reachable there (cached, which QEMU does not mind). The memory engineer's
 * real implementation (uncached mappings in the IOREMAP area) replaces this
 * file at merge time; callers already go through ioremap() so nothing else
 * changes.
 */
#include <asm/ioremap.h>
#include <asm/page.h>

void *ioremap(paddr_t pa, size_t len)
{
	if (pa >= GiB(4) || len > GiB(4) - pa)
		return NULL;
	return phys_to_virt(pa);
}
