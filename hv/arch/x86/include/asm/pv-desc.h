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

#include <asm/pte.h>

struct domain;
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

/* CPU @cpu's window (its base and the L1 entry of its first page; the
 * window's 32 entries are consecutive), for the LDT code. */
vaddr_t pv_desc_window_va(unsigned int cpu);
pte_t *pv_desc_window_l1e(unsigned int cpu);

/*
 * The LDT (hv/arch/x86/pv/ldt.c), as in Xen: MMUEXT_SET_LDT records the
 * guest's base and entry count; the CPU reads the LDT through pages
 * 16-31 of its window, which LDTR (LDT_SELECTOR in the reserved GDT page)
 * points at. Those pages are mapped on the CPU's first access to each
 * (a #PF, pv_ldt_fault_*), taking a descriptor-page type reference on
 * the guest's frame, so its descriptors are checked and it cannot be
 * mapped writable while in use. The mappings go when the LDT changes or
 * the vCPU goes; as in Xen 4.17 (which dropped CONFIG_PV_LDT_PAGING),
 * not when the guest unmaps the page: it stays the LDT until then.
 */
#define PV_LDT_WINDOW_FIRST_PAGE 16
#define PV_LDT_PAGES 16

/* Install @v's LDT on this CPU: map the pages faulted in so far into the
 * window and load LDTR (null without an LDT). Context switch (interrupts
 * off) and set_ldt. */
void pv_ldt_load(struct vcpu *v);

/* Drop the LDT pages mapped for @v, which is the running vCPU or runs
 * nowhere: their references, and the window entries of any CPU that
 * still has them (flushing it). Interrupts enabled, @v's domain's
 * page-table lock held (or the domain dying). Returns how many. */
unsigned int pv_ldt_destroy(struct vcpu *v);

/* MMUEXT_SET_LDT for the running vCPU @v, arguments checked: replace its
 * LDT (nothing changes if base and count are the same). pt_lock held. */
void pv_ldt_set(struct vcpu *v, uint64_t base, unsigned int ents);

/*
 * A #PF at @cr2 in this CPU's LDT window while the guest (@v, running)
 * accessed its LDT implicitly. true: handled (the page is now mapped and
 * the access is retried, or a #GP was queued because the LDT runs past
 * the canonical range). false: deliver the #PF to the guest, with *@cr2
 * rewritten to the guest's LDT address if it was in the window.
 */
bool pv_ldt_fault_guest(struct vcpu *v, uint32_t error_code, uint64_t *cr2);

/* The same for a #PF the hypervisor itself took at @cr2 (loading a guest
 * selector, IRET to the guest); @irqs_were_on: the interrupted context's
 * IF. true: mapped, retry the instruction. */
bool pv_ldt_fault_hv(uint64_t cr2, uint32_t error_code, bool irqs_were_on);

#endif
