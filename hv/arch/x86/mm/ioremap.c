/* SPDX-License-Identifier: MIT */
/*
 * ioremap: uncached, non-executable mappings of device registers in the
 * IOREMAP area. The area is handed out by a simple bump pointer: most
 * mappings are for the life of the hypervisor (local APIC, IO-APIC,
 * HPET); the few undone at run time (MSI-X tables) leave their virtual
 * range unused.
 */
#include <asm/ioremap.h>
#include <satori/log.h>
#include <satori/spinlock.h>

#include <asm/layout.h>
#include <asm/mm.h>

static DEFINE_SPINLOCK(ioremap_lock);
static vaddr_t ioremap_next = IOREMAP_START;

void *ioremap(paddr_t pa, size_t len)
{
	paddr_t first = ALIGN_DOWN(pa, (paddr_t)PAGE_SIZE);
	unsigned long nr =
		(ALIGN_UP(pa + len, (paddr_t)PAGE_SIZE) - first) >> PAGE_SHIFT;
	unsigned long flags;
	vaddr_t va;

	if (!len)
		return NULL;
	flags = spin_lock_irqsave(&ioremap_lock);
	va = ioremap_next;
	/* One unmapped guard page after each mapping catches overruns. */
	if (nr + 1 > (IOREMAP_START + IOREMAP_SIZE - va) >> PAGE_SHIFT) {
		spin_unlock_irqrestore(&ioremap_lock, flags);
		return NULL;
	}
	ioremap_next += (nr + 1) << PAGE_SHIFT;
	spin_unlock_irqrestore(&ioremap_lock, flags);
	if (map_pages_to_hv(va, first, nr, PAGE_HV_UC | MAP_SMALL_PAGES)) {
		log_err("mm: ioremap(%#lx, %zu): out of memory\n",
			(unsigned long)pa, len);
		return NULL;
	}
	return (void *)(va + (pa - first));
}

void iounmap(void *va, size_t len)
{
	vaddr_t first = ALIGN_DOWN((vaddr_t)va, (vaddr_t)PAGE_SIZE);
	unsigned long nr =
		(ALIGN_UP((vaddr_t)va + len, (vaddr_t)PAGE_SIZE) - first) >>
		PAGE_SHIFT;

	if (len && unmap_pages_from_hv(first, nr))
		log_err("mm: iounmap(%p, %zu) met a superpage\n", va, len);
}
