/* SPDX-License-Identifier: MIT */
/*
 * The machine's memory map at boot: the loader's E820 list, sanitised and
 * printed, and the list of free RAM that is left once the hypervisor has
 * set aside what it must keep (low memory, its image, the loader's data,
 * the boot modules that become dom0). Also owns the SMP trampoline page.
 */
#include <satori/boot-info.h>
#include <satori/log.h>
#include <satori/mem-map.h>

#include <asm/layout.h>
#include <asm/page.h>
#include <asm/mm.h>

#include "private.h"

#define LOW_MEM_END MiB(1)
/* The direct map's size bounds usable RAM (5 TiB; asm/layout.h). */
#define MAX_RAM_END ((paddr_t)DIRECTMAP_SIZE)

struct boot_mem_range e820[2 * BOOT_MAX_MEM_RANGES];
unsigned int e820_nr;
static paddr_t trampoline_pa;

const struct boot_mem_range *host_e820_range(unsigned int i)
{
	return i < e820_nr ? &e820[i] : NULL;
}

bool host_e820_page_is_ram(paddr_t pa)
{
	for (unsigned int i = 0; i < e820_nr; i++)
		if (e820[i].type == E820_RAM && pa >= e820[i].start &&
		    pa - e820[i].start + PAGE_SIZE <= e820[i].len)
			return true;
	return false;
}

extern const char _image_start[], _end[];

static const char *e820_type_name(uint32_t type)
{
	switch (type) {
	case E820_RAM:
		return "usable";
	case E820_RESERVED:
		return "reserved";
	case E820_ACPI:
		return "ACPI data";
	case E820_NVS:
		return "ACPI NVS";
	case E820_UNUSABLE:
		return "unusable";
	default:
		return "unknown";
	}
}

/*
 * RAM must fit the direct map (and the frame table's 32-bit list links):
 * mark anything above @limit unusable so that no later step sees it.
 */
static void clip_ram(paddr_t limit)
{
	for (unsigned int i = 0; i < e820_nr; i++) {
		struct boot_mem_range *r = &e820[i];

		if (r->type != E820_RAM || r->start + r->len <= limit)
			continue;
		log_warn("mm: ignoring RAM above %#lx\n", (unsigned long)limit);
		if (r->start >= limit) {
			r->type = E820_UNUSABLE;
		} else if (e820_nr < ARRAY_SIZE(e820)) {
			/* Split; the tail is unusable. The map stays sorted. */
			for (unsigned int j = e820_nr++; j > i + 1; j--)
				e820[j] = e820[j - 1];
			e820[i + 1] = (struct boot_mem_range){
				limit, r->start + r->len - limit, E820_UNUSABLE
			};
			r->len = limit - r->start;
		} else {
			r->len = limit - r->start;
		}
	}
}

uint64_t memmap_init(void)
{
	uint64_t ram = 0;

	e820_nr = mem_map_sanitise(boot_info.mem, boot_info.nr_mem_ranges, e820,
				   ARRAY_SIZE(e820));
	printk("mm: E820 map (%u entries from the loader):\n",
	       boot_info.nr_mem_ranges);
	for (unsigned int i = 0; i < e820_nr; i++) {
		printk(" [%016lx, %016lx] (%s)\n", (unsigned long)e820[i].start,
		       (unsigned long)(e820[i].start + e820[i].len - 1),
		       e820_type_name(e820[i].type));
		if (e820[i].type == E820_RAM)
			ram += e820[i].len;
	}
	printk("mm: E820 RAM total %lu bytes\n", (unsigned long)ram);
	clip_ram(MAX_RAM_END);
	return ram;
}

paddr_t memmap_ram_end(void)
{
	paddr_t end = 0;

	for (unsigned int i = 0; i < e820_nr; i++)
		if (e820[i].type == E820_RAM)
			end = MAX(end, ALIGN_DOWN(e820[i].start + e820[i].len,
						  (paddr_t)PAGE_SIZE));
	return end;
}

/* Remove [@start, @end) rounded out to pages; reservations must fit.
 * @return the bytes this took from usable RAM (overlaps counted once). */
static uint64_t reserve(struct range_list *free, paddr_t start, paddr_t end,
			const char *what)
{
	uint64_t before = range_list_bytes(free);

	start = ALIGN_DOWN(start, (paddr_t)PAGE_SIZE);
	end = ALIGN_UP(end, (paddr_t)PAGE_SIZE);
	if (range_list_remove(free, start, end))
		log_err("mm: cannot reserve %s [%#lx, %#lx): list full\n", what,
			(unsigned long)start, (unsigned long)end);
	printk("mm: reserved %lu KiB for %s [%#lx, %#lx)\n",
	       (unsigned long)((before - range_list_bytes(free)) >> 10), what,
	       (unsigned long)start, (unsigned long)end);
	return before - range_list_bytes(free);
}

/* The highest free page below 1 MiB (never page 0, which real-mode
 * software and the BIOS data area use). */
static paddr_t pick_trampoline(const struct range_list *free)
{
	paddr_t best = 0;

	for (unsigned int i = 0; i < free->nr; i++) {
		paddr_t end = MIN(free->r[i].end, (paddr_t)LOW_MEM_END);

		if (end >= free->r[i].start + PAGE_SIZE &&
		    end - PAGE_SIZE >= PAGE_SIZE)
			best = end - PAGE_SIZE;
	}
	return best;
}

/* Every page of RAM is either reserved or usable, and nothing twice. */
static void check_accounting(uint64_t ram, uint64_t reserved, uint64_t usable)
{
	if (usable + reserved == ram)
		printk("mm: accounting: usable %lu KiB + reserved %lu KiB = RAM %lu KiB\n",
		       (unsigned long)(usable >> 10),
		       (unsigned long)(reserved >> 10),
		       (unsigned long)(ram >> 10));
	else
		log_err("mm: accounting broken: usable %lu + reserved %lu != RAM %lu bytes\n",
			(unsigned long)usable, (unsigned long)reserved,
			(unsigned long)ram);
}

void memmap_build_free_list(struct range_list *free)
{
	uint64_t ram, reserved = 0;

	free->nr = 0;
	for (unsigned int i = 0; i < e820_nr; i++) {
		paddr_t s = ALIGN_UP(e820[i].start, (paddr_t)PAGE_SIZE);
		paddr_t e = ALIGN_DOWN(e820[i].start + e820[i].len,
				       (paddr_t)PAGE_SIZE);

		if (e820[i].type == E820_RAM && s < e &&
		    range_list_append(free, s, e))
			log_err("mm: too many RAM ranges, ignoring %#lx+\n",
				(unsigned long)s);
	}
	ram = range_list_bytes(free);
	printk("mm: RAM in whole pages %lu KiB\n", (unsigned long)(ram >> 10));
	trampoline_pa = pick_trampoline(free);
	/* All of it, the trampoline page included: it is never allocated. */
	reserved += reserve(free, 0, LOW_MEM_END, "low memory");
	reserved += reserve(free, virt_to_phys(_image_start),
			    virt_to_phys(_end), "image");
	reserved += reserve(free, boot_info.info_start, boot_info.info_end,
			    "boot info");
	for (unsigned int i = 0; i < boot_info.nr_modules; i++)
		reserved += reserve(free, boot_info.modules[i].start,
				    boot_info.modules[i].end, "module");
	check_accounting(ram, reserved, range_list_bytes(free));
}

paddr_t mm_trampoline_page(void)
{
	return trampoline_pa;
}
