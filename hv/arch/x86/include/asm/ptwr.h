/* SPDX-License-Identifier: MIT */
/*
 * Emulated writes to live L1 page tables (Xen's "writable page tables",
 * pv-abi.md 3.8). A PV kernel may store to an entry of one of its own L1
 * tables through the read-only mapping it has of it; the write faults and
 * the hypervisor decodes the instruction, validates the new entry as
 * mmu_update would, stores it and resumes the guest after the instruction.
 * docs/hacking/ptwr.md describes what is emulated and what bounces.
 */
#ifndef ASM_X86_PTWR_H
#define ASM_X86_PTWR_H

#include <satori/types.h>

#include <asm/regs.h>

struct vcpu;

/*
 * #PF from guest mode at @cr2 with hardware error code regs->error_code.
 * If it is a write by @v's kernel (VMASST_TYPE_writable_pagetables on) to
 * a present read-only mapping of an L1 table of @v's domain, and the
 * instruction is one we emulate, whose store stays in that page, aligned,
 * and whose new entry validates: emulate it (entry, registers, flags, RIP
 * updated; a #DB queued if the guest single-steps) and return true.
 * Otherwise change nothing and return false: the caller delivers the #PF
 * as if no emulator existed (as Xen 4.17 does). @v must be current.
 */
bool pv_ptwr_fault(struct vcpu *v, struct cpu_user_regs *regs, uint64_t cr2);

#endif
