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
 * The code itself is inline in bounce-frame.h, for the exception and
 * exit paths.
 */
#include <satori/domain.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/log.h>
#include <satori/perfc.h>

#include <asm/desc.h>
#include <asm/page-type.h>
#include <asm/pv-cpu.h>
#include <asm/pv.h>

#include "bounce-frame.h"
#include "pv.h"

void pv_no_trap_handler(struct vcpu *v, unsigned int vector,
			uint32_t error_code)
{
	domain_crash(v->domain,
		     "d%u.%u: unhandled exception %u (error %#x) at "
		     "%016lx, no trap-table entry",
		     v->domain->domain_id, v->vcpu_id, vector, error_code,
		     (unsigned long)guest_cpu_user_regs()->rip);
}

/* hcall_trace=: the page walk of @va through @v's kernel L4. */
static void trace_walk(const struct vcpu *v, uint64_t va)
{
	uint64_t mfn = v->arch.guest_table;

	for (unsigned int level = 4; level >= 1 && mfn; level--) {
		const pte_t *t = pt_hook_map(_mfn(mfn));
		unsigned int slot = (va >> (12 + 9 * (level - 1))) & 511;
		pte_t e = t[slot];

		pt_hook_unmap(t);
		log_info("  L%u[%u] (mfn %lx) = %016lx\n", level, slot, mfn,
			 (unsigned long)e);
		if (!pte_present(e) || (e & _PAGE_PSE))
			break;
		mfn = (e & 0x000ffffffffff000ull) >> 12;
	}
}

void pv_trace_exception(const struct vcpu *v, unsigned int vector,
			uint32_t error_code)
{
	log_info("d%uv%u: exception %u (error %#x) at %016lx, cr2 %lx\n",
		 v->domain->domain_id, v->vcpu_id, vector, error_code,
		 (unsigned long)guest_cpu_user_regs()->rip,
		 (unsigned long)v->arch.cr2);
	if (vector == 14)
		trace_walk(v, v->arch.cr2);
}

void pv_inject_exception(struct vcpu *v, unsigned int vector,
			 bool has_error_code, uint32_t error_code)
{
	pv_queue_exception(v, vector, has_error_code, error_code);
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

void pv_deliver_event_upcall(struct vcpu *v)
{
	struct cpu_user_regs *regs = guest_cpu_user_regs();

	if (v->arch.trap_bounce.flags)
		pv_deliver_bounce(v, regs);
	if (pv_upcall_mask(v) || !pv_inject_callback(v, PV_CB_EVENT))
		return;
	/* The event callback always masks events (Xen ignores the flag). */
	perfc_incr(event_upcall);
	v->arch.trap_bounce.flags |= TBF_INTERRUPT;
	pv_deliver_bounce(v, regs);
}

void pv_bounce_frame_fault(struct vcpu *v, uint64_t sp)
{
	struct trap_bounce *tb = &v->arch.trap_bounce;

	tb->flags = 0;
	domain_crash(v->domain,
		     "d%u.%u: cannot write a bounce frame at %016lx "
		     "(vector/callback at %016lx)",
		     v->domain->domain_id, v->vcpu_id, (unsigned long)sp,
		     (unsigned long)tb->eip);
}

void pv_deliver_bounce(struct vcpu *v, struct cpu_user_regs *regs)
{
	if (v->arch.trap_bounce.flags)
		pv_write_bounce_frame(v, regs);
}
