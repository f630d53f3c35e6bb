/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_iret (pv-abi 2.5) as an inline function: the guest kernel's
 * return from a bounce or to user mode. The guest pushed struct
 * iret_context at its RSP and made the hypercall; we load that context
 * into the frame. Returning to user mode (CS RPL 3) switches to the user
 * L4, which must exist. It also unmasks virtual NMIs (pv/nmi.c). Inline
 * because the SYSCALL entry runs it on every bounce's way back (no call,
 * no return: each is a block lookup under TCG); iret.c has do_iret().
 */
#ifndef PV_IRET_H
#define PV_IRET_H

#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>

#include <asm/pv-cpu.h>
#include <asm/uaccess.h>

#include "pv.h"

/* The RFLAGS bits a guest may return with (no IOPL, VM, NT). */
#define IRET_RFLAGS_OK                                                   \
	(0x1ull | 0x4ull | 0x10ull | 0x40ull | 0x80ull | X86_EFLAGS_TF | \
	 X86_EFLAGS_IF | X86_EFLAGS_DF | 0x800ull | X86_EFLAGS_RF |      \
	 X86_EFLAGS_AC | (1ull << 21))

/* Out of line, rare: the guest's iret went wrong (@why); crash it. */
long pv_iret_fail(struct vcpu *v, const char *why);

/* HYPERVISOR_iret for @v (current) entered through @regs; returns the
 * guest's RAX from the frame (or -EFAULT after crashing the domain). */
static inline __attribute__((always_inline)) long
pv_iret(struct vcpu *v, struct cpu_user_regs *regs)
{
	struct iret_context c;

	if (copy_qwords_from_guest((uint64_t *)&c, regs->rsp,
				   sizeof(c) / sizeof(uint64_t)))
		return pv_iret_fail(v, "no frame");
	if ((c.cs & 3) == 3 && v->arch.kernel_mode) {
		if (!v->arch.guest_table_user)
			return pv_iret_fail(v, "to user mode without a user "
					       "page table");
		pv_toggle_guest_mode(v);
	}
	regs->rip = c.rip;
	regs->cs = (uint16_t)(c.cs | 3);
	regs->ss = (uint16_t)(c.ss | 3);
	regs->rsp = c.rsp;
	regs->rflags =
		(c.rflags & IRET_RFLAGS_OK) | X86_EFLAGS_IF | X86_EFLAGS_MBS;
	pv_set_upcall_mask(v, !(c.rflags & X86_EFLAGS_IF));
	/* Any iret ends an NMI in progress (Xen's async_exception_cleanup):
	 * a pending one is delivered on this very exit. */
	v->arch.nmi_masked = false;
	if (v->domain->arch.vm_assist & (1u << VMASST_ARCH_IOPL))
		v->arch.iopl = (c.rflags >> 12) & 3;
	if (c.flags & VGCF_in_syscall) {
		/* As SYSRET would leave them: the exit path may use it. */
		regs->rcx = regs->rip;
		regs->r11 = regs->rflags;
	} else {
		regs->rcx = c.rcx;
		regs->r11 = c.r11;
	}
	return (long)c.rax;
}

#endif
