/* SPDX-License-Identifier: MIT */
/*
 * Backing the frame table. The table's virtual range covers every frame
 * below the end of RAM, but memory is spent only on chunks of
 * FT_CHUNK_FRAMES page_infos (2 MiB of machine memory each, 16 KiB of
 * table) that contain some RAM, so holes in the physical address space
 * cost nothing beyond one bit in frame_table_chunk_map.
 */
#include <satori/log.h>
#include <satori/page-info.h>
#include <satori/shutdown.h>
#include <satori/string.h>

#include <asm/layout.h>
#include <asm/mm.h>
#include <asm/page.h>

#include "private.h"

#define BITS_PER_LONG (8 * sizeof(unsigned long))
#define CHUNK_TABLE_BYTES (FT_CHUNK_FRAMES * sizeof(struct page_info))
#define CHUNK_TABLE_PAGES (CHUNK_TABLE_BYTES / PAGE_SIZE)

/* Until frame_table_init(), no frame is valid: max_page is 0. */
struct page_info *frame_table = (struct page_info *)FRAMETABLE_START;
unsigned long max_page;
unsigned long *frame_table_chunk_map;
static unsigned long backed_chunks;

static bool chunk_backed(unsigned long c)
{
	return (frame_table_chunk_map[c / BITS_PER_LONG] >>
		(c % BITS_PER_LONG)) &
	       1;
}

static void back_chunk(unsigned long c)
{
	paddr_t pa = boot_alloc_pages(CHUNK_TABLE_PAGES);
	vaddr_t va = FRAMETABLE_START + c * CHUNK_TABLE_BYTES;

	if (!pa || map_pages_to_hv(va, pa, CHUNK_TABLE_PAGES, PAGE_HV_RW)) {
		/* Early boot: without a frame table nothing can run. */
		printk("mm: out of memory backing the frame table\n");
		machine_halt(1);
	}
	clear_pages((void *)va, CHUNK_TABLE_BYTES);
	frame_table_chunk_map[c / BITS_PER_LONG] |= 1UL << (c % BITS_PER_LONG);
	backed_chunks++;
}

/* page_info list links are 32-bit frame numbers. */
#define FT_MAX_FRAMES (1UL << 32)

/* Back every chunk that holds RAM below frame @nr_pages. */
static void back_ram_chunks(unsigned long nr_chunks)
{
	for (unsigned int i = 0; i < e820_nr; i++) {
		paddr_t s = e820[i].start, e = s + e820[i].len;

		if (e820[i].type != E820_RAM || e <= s)
			continue;
		for (unsigned long c = s >> (PAGE_SHIFT + FT_CHUNK_SHIFT);
		     c < nr_chunks &&
		     c <= (e - 1) >> (PAGE_SHIFT + FT_CHUNK_SHIFT);
		     c++)
			if (!chunk_backed(c))
				back_chunk(c);
	}
}

void frame_table_init(void)
{
	unsigned long nr_pages = memmap_ram_end() >> PAGE_SHIFT;
	unsigned long nr_chunks, map_bytes;
	paddr_t map_pa;

	if (nr_pages > FT_MAX_FRAMES) {
		log_warn("mm: ignoring RAM above 16 TiB\n");
		nr_pages = FT_MAX_FRAMES;
	}
	nr_chunks = (nr_pages + FT_CHUNK_FRAMES - 1) >> FT_CHUNK_SHIFT;
	map_bytes = ALIGN_UP((nr_chunks + BITS_PER_LONG - 1) / BITS_PER_LONG *
				     sizeof(long),
			     (unsigned long)PAGE_SIZE);
	map_pa = boot_alloc_pages(map_bytes >> PAGE_SHIFT);
	if (!map_pa) {
		printk("mm: out of memory for the frame table bitmap\n");
		machine_halt(1);
	}
	frame_table_chunk_map = phys_to_virt(map_pa);
	memset(frame_table_chunk_map, 0, map_bytes);
	back_ram_chunks(nr_chunks);
	max_page = nr_pages;
}

unsigned long frame_table_backed_bytes(void)
{
	return backed_chunks * CHUNK_TABLE_BYTES;
}
