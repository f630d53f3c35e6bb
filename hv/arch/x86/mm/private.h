/* SPDX-License-Identifier: MIT */
/* Interfaces between the files of hv/arch/x86/mm/ (not for other users). */
#ifndef ASM_X86_MM_PRIVATE_H
#define ASM_X86_MM_PRIVATE_H

#include <satori/boot-info.h>
#include <satori/mem-map.h>

/* The sanitised E820 map (memmap.c). */
extern struct boot_mem_range e820[2 * BOOT_MAX_MEM_RANGES];
extern unsigned int e820_nr;

/* Sanitise boot_info.mem into e820[] and print it; @return RAM bytes. */
uint64_t memmap_init(void);

/* Fill @free with E820 RAM (page-aligned inward) minus everything the
 * hypervisor must keep: low 1 MiB (but the trampoline page), image, boot
 * loader info, modules. */
void memmap_build_free_list(struct range_list *free);

/* One past the highest RAM address. */
paddr_t memmap_ram_end(void);

/* Boot allocator (boot-alloc.c): take pages from @free, below @limit. */
void boot_alloc_init(struct range_list *free, paddr_t limit);
void boot_alloc_set_limit(paddr_t limit);
/* Hand what is left to the buddy allocator; no boot_alloc_pages() after. */
void boot_alloc_handover(void);
unsigned long boot_alloc_used_pages(void);

/* Frame table (frame-table.c): back and map the chunks covering RAM. */
void frame_table_init(void);
unsigned long frame_table_backed_bytes(void);

/* Self-tests (selftest.c). */
void mm_selftest(void);

#endif
