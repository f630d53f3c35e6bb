/* SPDX-License-Identifier: MIT */
/* Debug key 'm': the memory map and the state of the allocators. */
#include <satori/keyhandler.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/xmalloc.h>

#include "private.h"

static void dump_memory(unsigned char key)
{
	unsigned long blocks[MAX_ORDER + 1];
	struct xmalloc_stats xs;
	uint64_t ram = 0;

	(void)key;
	for (unsigned int i = 0; i < e820_nr; i++)
		if (e820[i].type == E820_RAM)
			ram += e820[i].len;
	printk("'m' pressed: memory info\n");
	printk(" E820: %u ranges, %lu bytes RAM, RAM ends at %#lx\n", e820_nr,
	       (unsigned long)ram, (unsigned long)memmap_ram_end());
	printk(" frames: %lu total in heap, %lu free, max_page %lu\n",
	       mm_total_pages(), mm_free_pages(), max_page);
	page_alloc_free_blocks(blocks);
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		if (blocks[o])
			printk("  order %2u: %lu free blocks\n", o, blocks[o]);
	xmalloc_get_stats(&xs);
	printk(" xmalloc: %lu objects, %zu bytes in use, %zu small pages, %zu large pages\n",
	       xs.nr_live, xs.bytes_in_use, xs.pages_small, xs.pages_large);
}
KEYHANDLER('m', dump_memory, "dump memory info");
