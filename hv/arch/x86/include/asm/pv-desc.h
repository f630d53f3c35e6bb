/* SPDX-License-Identifier: MIT */
/*
 * Guest segment descriptors: the check every descriptor passes before the
 * CPU may use it from a guest GDT or LDT page (set_gdt, update_descriptor,
 * descriptor-page validation), and the per-vCPU GDT the hardware uses
 * (the guest's frames, then the hypervisor's reserved page).
 */
#ifndef ASM_X86_PV_DESC_H
#define ASM_X86_PV_DESC_H

#include <satori/types.h>

struct vcpu;

/* Guest GDT frames the hardware GDT holds before the reserved page. */
#define PV_GDT_GUEST_FRAMES 14
#define PV_GDT_MAX_ENTRIES (PV_GDT_GUEST_FRAMES * 512UL) /* 7168 */

/* Entries a guest LDT may have (MMUEXT_SET_LDT). */
#define PV_LDT_MAX_ENTRIES 8192

/*
 * Check the 64-bit PV guest descriptor *@desc and fix it up in place, as
 * Xen's check_descriptor: not-present and type-0 system descriptors pass;
 * code and data segments pass with a DPL below 3 raised to 3; a call gate
 * passes only with a guest (or FLAT_KERNEL_CS, or LDT) target selector
 * and its reserved bits clear, and gets DPL 0 (so that using it traps)
 * with the original DPL kept in the target's RPL; every other system
 * descriptor (TSS, LDT, interrupt/trap gates) fails. Pure logic.
 */
bool pv_check_descriptor(uint64_t *desc);

/* Check and fix up the 512 descriptors at @descs: 0 or -EINVAL (then the
 * page may be partly fixed up, which changes nothing a guest relies on:
 * only DPLs the CPU would refuse are raised). */
int pv_check_desc_table(uint64_t *descs);

/*
 * Per-vCPU GDT (hv/arch/x86/pv/gdt.c). Each CPU has a window of 15 pages
 * in the per-domain slot: the running vCPU's GDT frames (or a zero page)
 * and, at byte 0xe000, the CPU's reserved GDT page; GDTR points at it
 * whenever a guest runs.
 */

/* Create this CPU's window and load GDTR with it (idle page tables; the
 * per-domain slot's L3 exists). Called from pv_cpu_init(). */
void pv_gdt_cpu_init(unsigned int cpu);

/* Map @v's GDT frames into this CPU's window (context switch, set_gdt). */
void pv_gdt_load(const struct vcpu *v);

/* Install @nr_frames frames as @v's GDT with @entries entries: each must
 * be @v's domain's and take the descriptor-page type. 0 or -EINVAL; on
 * success the old frames' references are dropped. Page-table lock held. */
int pv_gdt_install(struct vcpu *v, const uint64_t *frames,
		   unsigned int entries);

/* Drop @v's GDT (references and frames); page-table lock held. */
void pv_gdt_destroy(struct vcpu *v);

#endif
