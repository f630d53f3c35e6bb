/* SPDX-License-Identifier: MIT */
/*
 * mm_init: the boot sequence of memory management, and the idle page
 * tables it builds to replace head.S's bootstrap tables.
 *
 * Order matters. The new tables are built with pages below 4 GiB (all the
 * bootstrap tables can reach), then loaded; only then does the direct map
 * cover all RAM, so the frame table may come from anywhere. Once the frame
 * table exists the remaining free RAM goes to the buddy allocator.
 */
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/shutdown.h>

#include <asm/cpu-ops.h>
#include <asm/cpufeature.h>
#include <asm/layout.h>
#include <asm/mm.h>
#include <asm/page.h>

#include "private.h"

extern const char _stext[], _etext[], _srodata[], _erodata[], _sdata[], _end[];

/* Room for every RAM range plus the splits reservations cause. */
static struct phys_range
	free_ranges[2 * BOOT_MAX_MEM_RANGES + BOOT_MAX_MODULES + 8];
static struct range_list free_list = { 0, ARRAY_SIZE(free_ranges),
				       free_ranges };

static void map_or_die(vaddr_t va, paddr_t pa, unsigned long nr, uint64_t flags,
		       const char *what)
{
	int rc = map_pages_to_hv(va, pa, nr, flags);

	if (rc) {
		printk("mm: cannot map %s: error %d\n", what, rc);
		machine_halt(1);
	}
}

static void map_image_section(const char *start, const char *end,
			      uint64_t flags, const char *what)
{
	map_or_die((vaddr_t)start, virt_to_phys(start),
		   (unsigned long)(end - start) >> PAGE_SHIFT,
		   flags | MAP_SMALL_PAGES, what);
}

/* Direct-map RAM and firmware tables (never MMIO: reserved ranges above
 * 1 MiB are left to ioremap, which maps them uncached). */
static void map_direct_map(void)
{
	map_or_die(DIRECTMAP_START, 0, MiB(1) >> PAGE_SHIFT, PAGE_HV_RW,
		   "low 1 MiB");
	for (unsigned int i = 0; i < e820_nr; i++) {
		paddr_t s = ALIGN_DOWN(e820[i].start, (paddr_t)PAGE_SIZE);
		paddr_t e = ALIGN_UP(e820[i].start + e820[i].len,
				     (paddr_t)PAGE_SIZE);

		if (e820[i].type != E820_RAM && e820[i].type != E820_ACPI &&
		    e820[i].type != E820_NVS)
			continue;
		s = MAX(s, (paddr_t)MiB(1));
		if (s < e)
			map_or_die(DIRECTMAP_START + s, s,
				   (e - s) >> PAGE_SHIFT, PAGE_HV_RW,
				   "direct map");
	}
}

/* Create the L3 tables of the hypervisor's slots now, so that every L4
 * copied from the idle one later shares them (see page-table.c). */
static void populate_hv_slots(void)
{
	for (vaddr_t va = FRAMETABLE_START; va < HV_VIRT_END;
	     va += 1UL << L4_PAGETABLE_SHIFT)
		if (hv_l4_slot_populate(va)) {
			printk("mm: out of memory for the idle L3 tables\n");
			machine_halt(1);
		}
}

static void build_idle_page_tables(void)
{
	map_image_section(_stext, _etext, PAGE_HV_RX, ".text");
	map_image_section(_srodata, _erodata, PAGE_HV_RO, ".rodata");
	map_image_section(_sdata, _end, PAGE_HV_RW, ".data/.bss");
	map_direct_map();
	populate_hv_slots();
	/* The SMP trampoline runs from here in real mode, then 32-bit mode,
	 * so it needs an identity map that is executable and writable. */
	map_or_die(0, 0, MiB(1) >> PAGE_SHIFT, PAGE_HV_RWX | MAP_SMALL_PAGES,
		   "low identity map");
}

/* Read by entry.S: whether clac is valid (and needed) on entry. */
bool smap_enabled;

void mm_cpu_protections_enable(void)
{
	uint64_t cr4 = read_cr4();

	if (cpu_has_nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr0(read_cr0() | X86_CR0_WP);
	if (cpu_has_smep)
		cr4 |= X86_CR4_SMEP;
	if (cpu_has_smap)
		cr4 |= X86_CR4_SMAP;
	write_cr4(cr4);
	smap_enabled = cpu_has_smap;
}

/* The boot GDT was loaded by its physical address, which the new tables
 * do not map: reload it through the image mapping. */
static void reload_gdt_high(void)
{
	uint64_t base = sgdt_base();

	if (base < IMAGE_VOFF)
		lgdt((const void *)(base + IMAGE_VOFF), sgdt_limit());
}

static void switch_to_idle_page_tables(void)
{
	reload_gdt_high();
	/* NX bits in the new tables are reserved bits until EFER.NXE is set. */
	if (cpu_has_nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr3(idle_pg_table_maddr());
	mm_cpu_protections_enable();
}

void mm_drop_low_identity_map(void)
{
	idle_pg_table[0] = 0;
	flush_tlb_local();
}

static void print_summary(void)
{
	printk("mm: %lu KiB usable\n",
	       (unsigned long)(range_list_bytes(&free_list) >> 10));
	printk("mm: trampoline page %#lx\n",
	       (unsigned long)mm_trampoline_page());
	printk("mm: NX %s, SMEP %s, SMAP %s, 1 GiB pages %s\n",
	       cpu_has_nx ? "on" : "off", cpu_has_smep ? "on" : "off",
	       cpu_has_smap ? "on" : "off", cpu_has_pdpe1gb ? "yes" : "no");
}

void mm_init(void)
{
	uint64_t usable_bytes;

	memmap_init();

	memmap_build_free_list(&free_list);
	usable_bytes = range_list_bytes(&free_list);
	print_summary();
	if (!usable_bytes) {
		printk("mm: no usable RAM\n");
		machine_halt(1);
	}
	/* The bootstrap tables map physical 0-4 GiB: allocate below that
	 * until the idle tables, which map all RAM, are live. */
	boot_alloc_init(&free_list, GiB(4));
	build_idle_page_tables();
	switch_to_idle_page_tables();
	boot_alloc_set_limit(~(paddr_t)0);
	frame_table_init();
	boot_alloc_handover();
	printk("mm: frame table %lu KiB for %lu frames, boot allocations %lu pages\n",
	       frame_table_backed_bytes() >> 10, max_page,
	       boot_alloc_used_pages());
	mm_selftest();
	printk("mm: %lu KiB usable, %lu frames free after boot\n",
	       (unsigned long)(usable_bytes >> 10), mm_free_pages());
}
