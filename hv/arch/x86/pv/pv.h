/* SPDX-License-Identifier: MIT */
/*
 * Internal interfaces of the PV execution code (hv/arch/x86/pv/): guest
 * mode switches, event-mask access, trap bounces. Not for other
 * subsystems; those use satori/sched.h, satori/hypercall.h and
 * asm/pv.h.
 */
#ifndef PV_PV_H
#define PV_PV_H

#include <satori/domain.h>
#include <satori/perfc.h>
#include <satori/sched.h>

#include <asm/cpu-ops.h>
#include <asm/desc.h>
#include <asm/pv-cpu.h>
#include <asm/pv.h>
#include <asm/regs.h>
#include <asm/tlb-clock.h>

#include "pvclock.h"
#include <public/xen.h> /* VGCF_in_syscall, struct iret_context */

/* Byte offsets in struct vcpu_info (public/xen.h; pv-abi Appendix A);
 * the upcall bytes' are in asm/pv.h. */
#define VCPU_INFO_CR2 16

/* VMASST_TYPE_architectural_iopl (public/xen.h). */
#define VMASST_ARCH_IOPL 4

/* Publish @cr2 in @v's vcpu_info (arch.cr2), if it has one. Inline:
 * every guest #PF does it. */
static inline void pv_set_vcpu_info_cr2(struct vcpu *v, uint64_t cr2)
{
	if (v->vcpu_info)
		*(volatile uint64_t *)pv_vcpu_info_byte(v, VCPU_INFO_CR2) = cr2;
}

/* Load CR3 with the root of @v's current mode. Inline, as the two below:
 * a guest system call switches modes twice (docs/performance.md). */
static inline void pv_load_guest_cr3(const struct vcpu *v)
{
	uint64_t mfn = v->arch.kernel_mode ? v->arch.guest_table
					   : v->arch.guest_table_user;
	/* With CR4.PGE clear this is a full flush: tell the clock. */
	uint64_t tick = tlb_clock_pre_flush();

	perfc_incr(cr3_guest);
	write_cr3(mfn << PAGE_SHIFT);
	tlb_clock_post_flush(tick);
}

/* Flip the running vCPU @v between guest kernel and user mode: the mode
 * flag, the active L4 and the two GS bases. Entering kernel mode also
 * rewrites a secondary time area whose last write faulted in user mode
 * (Xen's toggle_guest_mode does the same). */
static inline void pv_toggle_guest_mode(struct vcpu *v)
{
	v->arch.kernel_mode = !v->arch.kernel_mode;
	swapgs();
	pv_load_guest_cr3(v);
	if (v->arch.kernel_mode &&
	    __builtin_expect(v->arch.time_area_pending, 0))
		pv_update_vcpu_time(v);
}

/* Queue exception @vector for delivery on the next return; crashes the
 * domain if the guest has no handler. */
void pv_inject_exception(struct vcpu *v, unsigned int vector,
			 bool has_error_code, uint32_t error_code);

/* Queue a bounce to callback @type (if registered: true). */
static inline bool pv_inject_callback(struct vcpu *v,
				      enum pv_callback_type type)
{
	const struct pv_callback *cb = &v->arch.callbacks[type];
	struct trap_bounce *tb = &v->arch.trap_bounce;

	if (!cb->address)
		return false;
	tb->eip = cb->address;
	tb->cs = FLAT_KERNEL_CS;
	tb->error_code = 0;
	tb->flags = TBF_EXCEPTION | (cb->mask_events ? TBF_INTERRUPT : 0);
	return true;
}

/*
 * A saved data selector of @v could not be reloaded (the null selector
 * was): queue the failsafe callback, whose frame carries the four saved
 * selectors (v->arch.ds/es/fs/gs); without a callback, dump @v's
 * registers and crash the domain.
 */
void pv_queue_failsafe(struct vcpu *v);

/* Build the pending bounce frame on the guest stack and point @regs at
 * the handler; crashes the domain if the frame cannot be written. */
void pv_deliver_bounce(struct vcpu *v, struct cpu_user_regs *regs);

/* Make @frame the stack top, copy @saved into it (they may be the same)
 * and leave through ret_to_guest (pv-entry.S). */
__noreturn void pv_resume_frame(struct cpu_user_regs *frame,
				const struct cpu_user_regs *saved);

/* Length of the SYSCALL instruction the guest entered with. */
#define SYSCALL_INSN_LEN 2

/* cont_yield= (hcall-cont.c): a continuation also yields the vCPU. */
extern bool pv_cont_yield;

/* Finish a hypercall made with SYSCALL: RAX = @rc, or, when the handler
 * created a continuation (hcall-cont.c), the registers that re-issue it.
 * Inline: every hypercall returns through it. */
static inline void pv_hypercall_return(struct vcpu *v,
				       struct cpu_user_regs *regs, long rc)
{
	if (!v->hcall_cont.pending) {
		regs->rax = (uint64_t)rc;
		return;
	}
	v->hcall_cont.pending = false;
	if (unlikely(pv_cont_yield))
		sched_yield();
	regs->rip -= SYSCALL_INSN_LEN;
	regs->rax = v->hcall_cont.nr;
	regs->rdi = v->hcall_cont.args[0];
	regs->rsi = v->hcall_cont.args[1];
	regs->rdx = v->hcall_cont.args[2];
	regs->r10 = v->hcall_cont.args[3];
	regs->r8 = v->hcall_cont.args[4];
}

/* Whether @va is canonical (bits 63..47 equal). */
static inline bool is_canonical(uint64_t va)
{
	return (uint64_t)(((int64_t)va << 16) >> 16) == va;
}

#endif
