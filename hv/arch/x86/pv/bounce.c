/* SPDX-License-Identifier: MIT */
/*
 * Trap bounces: how an exception, a callback or an event upcall reaches
 * the guest kernel. Queuing fills v->arch.trap_bounce; the exit path
 * (pv_exit_prepare) then writes Xen's bounce frame (pv-abi 2.4) on the
 * guest kernel stack and points the saved registers at the handler.
 *
 * Frame, from the new guest RSP upwards: RCX, R11, [error code], RIP,
 * CS | old upcall mask << 32, RFLAGS (IF = !old mask), RSP, SS. From
 * user mode the vCPU first switches to kernel mode and uses kernel_sp.
 * The failsafe callback's frame has DS, ES, FS, GS (the selectors that
 * could not all be reloaded) between R11 and RIP instead of an error
 * code.
 * The frame is written through the guest accessors, so a frame that is
 * unmapped, read-only or in the hypervisor range crashes the domain.
 */
#include <satori/domain.h>
#include <satori/guest-access.h>
#include <satori/log.h>

#include <asm/desc.h>
#include <asm/pv-cpu.h>
#include <asm/pv.h>
#include <asm/uaccess.h>

#include "pv.h"

/* Trap-table flag bit 2: deliver with events masked. */
#define TI_MASK_EVENTS 4

void pv_inject_exception(struct vcpu *v, unsigned int vector,
			 bool has_error_code, uint32_t error_code)
{
	const struct pv_trap *t = &v->arch.trap_ctxt[vector & 0xff];
	struct trap_bounce *tb = &v->arch.trap_bounce;

	if (!t->address) {
		domain_crash(v->domain,
			     "d%u.%u: unhandled exception %u (error %#x) at "
			     "%016lx, no trap-table entry",
			     v->domain->domain_id, v->vcpu_id, vector,
			     error_code,
			     (unsigned long)guest_cpu_user_regs()->rip);
		return;
	}
	tb->eip = t->address;
	tb->cs = t->cs;
	tb->error_code = error_code;
	tb->flags = TBF_EXCEPTION |
		    (has_error_code ? TBF_EXCEPTION_ERRCODE : 0) |
		    ((t->flags & TI_MASK_EVENTS) ? TBF_INTERRUPT : 0);
}

bool pv_inject_callback(struct vcpu *v, enum pv_callback_type type)
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

void pv_queue_failsafe(struct vcpu *v)
{
	struct trap_bounce *tb = &v->arch.trap_bounce;

	if (!pv_inject_callback(v, PV_CB_FAILSAFE)) {
		arch_vcpu_show_registers(v);
		domain_crash(v->domain,
			     "d%u.%u: cannot reload data selectors ds %04x "
			     "es %04x fs %04x gs %04x, no failsafe callback",
			     v->domain->domain_id, v->vcpu_id, v->arch.ds,
			     v->arch.es, v->arch.fs, v->arch.gs);
		return;
	}
	/* Not an exception: no error code; the selectors instead. */
	tb->flags = (tb->flags & TBF_INTERRUPT) | TBF_FAILSAFE;
}

/* The saved RFLAGS the guest sees: its virtual IF and IOPL. */
static uint64_t guest_visible_rflags(const struct vcpu *v, uint64_t rflags,
				     bool mask)
{
	rflags &= ~(uint64_t)(X86_EFLAGS_IF | X86_EFLAGS_IOPL);
	if (!mask)
		rflags |= X86_EFLAGS_IF;
	if (v->domain->arch.vm_assist & (1u << VMASST_ARCH_IOPL))
		rflags |= (uint64_t)(v->arch.iopl & 3) << 12;
	return rflags;
}

void pv_deliver_event_upcall(struct vcpu *v)
{
	struct cpu_user_regs *regs = guest_cpu_user_regs();

	if (v->arch.trap_bounce.flags)
		pv_deliver_bounce(v, regs);
	if (pv_upcall_mask(v) || !pv_inject_callback(v, PV_CB_EVENT))
		return;
	/* The event callback always masks events (Xen ignores the flag). */
	v->arch.trap_bounce.flags |= TBF_INTERRUPT;
	pv_deliver_bounce(v, regs);
}

void pv_deliver_bounce(struct vcpu *v, struct cpu_user_regs *regs)
{
	struct trap_bounce *tb = &v->arch.trap_bounce;
	bool was_kernel = v->arch.kernel_mode;
	bool mask;
	uint64_t frame[11], sp;
	unsigned int n = 0;

	if (!tb->flags)
		return;
	mask = pv_upcall_mask(v);
	frame[n++] = regs->rcx;
	frame[n++] = regs->r11;
	if (tb->flags & TBF_FAILSAFE) {
		frame[n++] = v->arch.ds;
		frame[n++] = v->arch.es;
		frame[n++] = v->arch.fs;
		frame[n++] = v->arch.gs;
	}
	if (tb->flags & TBF_EXCEPTION_ERRCODE)
		frame[n++] = tb->error_code;
	frame[n++] = regs->rip;
	frame[n++] = (was_kernel ? (regs->cs & ~3ull) : regs->cs) |
		     ((uint64_t)mask << 32);
	frame[n++] = guest_visible_rflags(v, regs->rflags, mask);
	frame[n++] = regs->rsp;
	frame[n++] = regs->ss;

	if (!was_kernel)
		pv_toggle_guest_mode(v);
	sp = ((was_kernel ? regs->rsp : v->arch.kernel_sp) & ~15ull) -
	     n * sizeof(frame[0]);
	if (copy_qwords_to_guest(sp, frame, n)) {
		tb->flags = 0;
		domain_crash(v->domain,
			     "d%u.%u: cannot write a bounce frame at %016lx "
			     "(vector/callback at %016lx)",
			     v->domain->domain_id, v->vcpu_id,
			     (unsigned long)sp, (unsigned long)tb->eip);
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
}
