/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's memory setup on x86-64: the boot sequence (mm_init),
 * the idle page tables and the primitives to map into them, and the few
 * low-memory services the SMP bring-up needs.
 */
#ifndef ASM_X86_MM_H
#define ASM_X86_MM_H

#include <satori/types.h>

#include <asm/pte.h>

/*
 * Bring up memory management, right after boot_info_parse(): sanitise and
 * print the memory map, build and load the idle page tables (W^X image,
 * direct map of all RAM, low 1 MiB identity map), turn on NX/SMEP/SMAP,
 * build the frame table, hand free RAM to the buddy allocator, run the
 * self-tests. Panics only if boot cannot continue (no memory at all).
 * Requires cpu_features_init() and an IDT (the self-tests take faults).
 */
void mm_init(void);

struct boot_mem_range;

/* The host E820 as satori sanitised it at boot (sorted, no overlaps):
 * range @i, or NULL past the last. */
const struct boot_mem_range *host_e820_range(unsigned int i);

/* Whether the page at @pa lies wholly in a RAM range of the host E820.
 * One call for the whole scan: every L1 entry a PV guest writes asks it
 * (pt_hook_is_io_frame). */
bool host_e820_page_is_ram(paddr_t pa);

/*
 * A page of usable RAM below 1 MiB, reserved for the SMP trampoline and
 * identity-mapped (RWX) until mm_drop_low_identity_map(); 0 if none.
 */
paddr_t mm_trampoline_page(void);

/*
 * Turn on this CPU's memory protections: EFER.NXE (if cpu_has_nx), CR0.WP,
 * CR4.SMEP and CR4.SMAP (where the CPU has them). mm_init() does it on the
 * boot CPU; each AP calls it first thing in C. Note for the trampoline:
 * idle_pg_table holds NX bits, which are reserved bits until EFER.NXE is
 * set, so an AP must set EFER.NXE (with EFER.LME) before it loads CR3.
 */
void mm_cpu_protections_enable(void);

/*
 * Remove the identity map of the first 1 MiB from the idle page tables and
 * flush this CPU's TLB. Call once all APs are up (the caller flushes other
 * CPUs' TLBs if they may hold those translations).
 */
void mm_drop_low_identity_map(void);

/* The idle L4 table (every hypervisor address space shares its slots
 * 256-271), as a direct-map pointer, and its physical address. */
extern pte_t idle_pg_table[512];
paddr_t idle_pg_table_maddr(void);

/*
 * Map @nr pages at @va to physical @pa with leaf @flags (PAGE_HV_*) in the
 * idle page tables, using 2 MiB / 1 GiB pages where both addresses are
 * aligned and @flags do not include MAP_SMALL_PAGES. Replaces existing
 * 4 KiB mappings (flushing this CPU's TLB for them).
 * @return 0, -ENOMEM if a page table could not be allocated, -EBUSY if the
 * range is already covered by a superpage.
 */
#define MAP_SMALL_PAGES (1ULL << 9) /* Software bit, never written. */
int map_pages_to_hv(vaddr_t va, paddr_t pa, unsigned long nr, uint64_t flags);

/* Create the L3 table under the idle L4 slot of @va. @return 0, -ENOMEM. */
int hv_l4_slot_populate(vaddr_t va);

/* Remove the 4 KiB mappings of @nr pages at @va (flushing this CPU's TLB).
 * @return 0, -EBUSY if part of the range is a superpage. */
int unmap_pages_from_hv(vaddr_t va, unsigned long nr);

/*
 * The early page allocator, used before the buddy allocator exists:
 * @nr contiguous pages, not zeroed, below the current limit (4 GiB while
 * the bootstrap tables are live). @return their address, or 0.
 */
paddr_t boot_alloc_pages(unsigned long nr);

/* Self-test probes (hv/arch/x86/mm/probe.S): 0 if the access worked,
 * -EFAULT if it faulted (and was fixed up). */
int mm_probe_write(volatile void *p);
int mm_probe_exec_data(void);

/* CR4.SMAP is on: entry.S clears RFLAGS.AC on every entry. */
extern bool smap_enabled;

#endif
