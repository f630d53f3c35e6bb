/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's virtual address layout.
 *
 * Everything satori maps lives in Xen's reserved range, L4 slots 256-271
 * (0xffff800000000000-0xffff87ffffffffff); guests own every other slot of
 * every address space. Each 512 GiB slot has one job:
 *
 *   slot 256  0xffff800000000000  read-only M2P, guest-visible (public/xen.h
 *                                 MACH2PHYS_VIRT_START; 256 GiB), then unused
 *   slot 257  0xffff808000000000  reserved: writable M2P view
 *   slot 258  0xffff810000000000  reserved: per-domain mappings (GDT/LDT)
 *   slot 259  0xffff818000000000  frame table (struct page_info per frame)
 *   slot 260  0xffff820000000000  ioremap: local APIC, IO-APIC, HPET
 *   slot 261  0xffff828000000000  the hypervisor image: VA = IMAGE_VOFF + PA
 *   slots 262-271 0xffff830000000000  direct map of all RAM (5 TiB)
 *
 * This header is shared by C and assembly.
 */
#ifndef ASM_X86_LAYOUT_H
#define ASM_X86_LAYOUT_H

#define L4_SLOT_VA(n) (0xffff000000000000 | ((n) << 39))

#define HV_VIRT_START 0xffff800000000000
#define HV_VIRT_END 0xffff880000000000
#define HV_FIRST_L4_SLOT 256
#define HV_LAST_L4_SLOT 271

#define RO_M2P_START 0xffff800000000000
#define RO_M2P_END 0xffff804000000000
#define RW_M2P_START 0xffff808000000000
#define PERDOMAIN_START 0xffff810000000000
/* Per-CPU GDT windows at the start of the per-domain slot: 32 pages per
 * CPU (14 guest GDT frames, the reserved GDT page, 1 unused, 16 pages of
 * the running vCPU's LDT), see asm/pv-desc.h. */
#define PV_GDT_WINDOWS_START PERDOMAIN_START
#define PV_GDT_WINDOW_PAGES 32
#define FRAMETABLE_START 0xffff818000000000
#define FRAMETABLE_SIZE 0x0000008000000000
#define IOREMAP_START 0xffff820000000000
#define IOREMAP_SIZE 0x0000008000000000
#define IMAGE_VOFF 0xffff828000000000
#define DIRECTMAP_START 0xffff830000000000
#define DIRECTMAP_END 0xffff880000000000
#define DIRECTMAP_SIZE (DIRECTMAP_END - DIRECTMAP_START)

#define IMAGE_LOAD_PA 0x200000
#define IMAGE_MAX_SIZE 0x40000000

#define PAGE_SHIFT 12
/* Unsigned long in C (offsets computed with it are never truncated);
 * a plain number for assembly and the linker script. */
#ifdef __ASSEMBLY__
#define UL_CONST(x) x
#else
#define UL_CONST(x) x##UL
#endif
#define PAGE_SIZE (UL_CONST(1) << PAGE_SHIFT)

#endif
