/* SPDX-License-Identifier: MIT */
/*
 * The two halves of a trap bounce as inline functions, for the paths
 * where a call costs as much as the work: queuing an exception from the
 * trap table (guest exceptions) and writing the bounce frame (the exit
 * decision). bounce.c has the out-of-line entry points and the frame
 * layout (pv-abi 2.4); these are the same code, not a second version.
 */
#ifndef PV_BOUNCE_FRAME_H
#define PV_BOUNCE_FRAME_H

#include <satori/domain.h>
#include <satori/hypercall.h>

#include <asm/desc.h>
#include <asm/pv-cpu.h>
#include <asm/pv.h>
#include <asm/uaccess.h>

#include "pv.h"

/* Trap-table flag bit 2: deliver with events masked. */
#define TI_MASK_EVENTS 4

/* Out of line, rare: @v has no trap-table entry for @vector; crash. */
void pv_no_trap_handler(struct vcpu *v, unsigned int vector,
			uint32_t error_code);

/* Out of line, only with hcall_trace=: log the exception being bounced
 * (and a #PF's page walk). */
void pv_trace_exception(const struct vcpu *v, unsigned int vector,
			uint32_t error_code);

/* Out of line, rare: the frame at @sp could not be written; crash. */
void pv_bounce_frame_fault(struct vcpu *v, uint64_t sp);

/* pv_inject_exception(), inline. */
static inline __attribute__((always_inline)) void
pv_queue_exception(struct vcpu *v, unsigned int vector, bool has_error_code,
		   uint32_t error_code)
{
	const struct pv_trap *t = &v->arch.trap_ctxt[vector & 0xff];
	struct trap_bounce *tb = &v->arch.trap_bounce;

	if (!t->address) {
		pv_no_trap_handler(v, vector, error_code);
		return;
	}
	if (__builtin_expect(opt_hcall_trace, 0))
		pv_trace_exception(v, vector, error_code);
	tb->eip = t->address;
	tb->cs = t->cs;
	tb->error_code = error_code;
	tb->flags = TBF_EXCEPTION |
		    (has_error_code ? TBF_EXCEPTION_ERRCODE : 0) |
		    ((t->flags & TI_MASK_EVENTS) ? TBF_INTERRUPT : 0);
}

/* The saved RFLAGS the guest sees: its virtual IF and IOPL. */
static inline uint64_t pv_guest_visible_rflags(const struct vcpu *v,
					       uint64_t rflags, bool mask)
{
	rflags &= ~(uint64_t)(X86_EFLAGS_IF | X86_EFLAGS_IOPL);
	if (!mask)
		rflags |= X86_EFLAGS_IF;
	if (v->domain->arch.vm_assist & (1u << VMASST_ARCH_IOPL))
		rflags |= (uint64_t)(v->arch.iopl & 3) << 12;
	return rflags;
}

/*
 * pv_deliver_bounce(), inline; the caller has seen tb->flags != 0. The
 * frame is filled from its top (SS) down, so the five slots every frame
 * has are fixed offsets and only the optional ones move the start.
 */
static inline __attribute__((always_inline)) void
pv_write_bounce_frame(struct vcpu *v, struct cpu_user_regs *regs)
{
	struct trap_bounce *tb = &v->arch.trap_bounce;
	bool was_kernel = v->arch.kernel_mode;
	bool mask = pv_upcall_mask(v);
	uint64_t frame[11], sp;
	unsigned int i = 11 - 5;

	frame[10] = regs->ss;
	frame[9] = regs->rsp;
	frame[8] = pv_guest_visible_rflags(v, regs->rflags, mask);
	frame[7] = (was_kernel ? (regs->cs & ~3ull) : regs->cs) |
		   (mask ? 1ull << 32 : 0);
	frame[6] = regs->rip;
	if (tb->flags & TBF_EXCEPTION_ERRCODE)
		frame[--i] = tb->error_code;
	if (tb->flags & TBF_FAILSAFE) {
		frame[--i] = v->arch.gs;
		frame[--i] = v->arch.fs;
		frame[--i] = v->arch.es;
		frame[--i] = v->arch.ds;
	}
	frame[--i] = regs->r11;
	frame[--i] = regs->rcx;

	if (!was_kernel)
		pv_toggle_guest_mode(v);
	sp = ((was_kernel ? regs->rsp : v->arch.kernel_sp) & ~15ull) -
	     (11 - i) * sizeof(frame[0]);
	if (copy_qwords_to_guest(sp, &frame[i], 11 - i)) {
		pv_bounce_frame_fault(v, sp);
		return;
	}
	regs->rsp = sp;
	regs->rip = tb->eip;
	regs->cs = FLAT_KERNEL_CS;
	regs->ss = FLAT_KERNEL_SS;
	regs->rflags &=
		~(uint64_t)(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF |
			    X86_EFLAGS_VM | X86_EFLAGS_AC);
	if (tb->flags & TBF_INTERRUPT)
		pv_set_upcall_mask(v, true);
	tb->flags = 0;
	v->arch.exit_bounced = true;
}

#endif
