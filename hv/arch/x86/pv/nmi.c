/* SPDX-License-Identifier: MIT */
/*
 * Virtual NMIs for PV guests, Xen's model (pv-abi, Xen 4.17's
 * VCPUOP_send_nmi, process_nmi in x86_64/entry.S, pv/iret.c). A vCPU has
 * one pending bit: sending while one is pending adds nothing. On its way
 * back to the guest the vCPU takes a pending NMI unless one is in
 * progress: the bit is cleared, the vCPU bounces to its NMI handler
 * (trap_ctxt[2], set by CALLBACKTYPE_nmi or the trap table) with events
 * masked, and further NMIs wait until the guest's next HYPERVISOR_iret.
 * Without a handler the NMI is dropped, as on Xen.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/sched.h>
#include <satori/smp.h>
#include <satori/softirq.h>

#include <asm/pv.h>

#include "pv.h"

#define TRAP_NMI 2
#define PV_TRAP_MASK_EVENTS 4 /* struct pv_trap flags bit 2 */

/* Xen's vcpu_kick: wake @v, and interrupt the CPU it runs on elsewhere
 * so that its way back to the guest (pv_exit_prepare) sees the NMI. */
static void vcpu_kick(struct vcpu *v)
{
	vcpu_unblock(v);
	if (__atomic_load_n(&v->processor, __ATOMIC_ACQUIRE) !=
		    smp_processor_id() &&
	    vcpu_is_scheduled(v))
		arch_send_event_check(v->processor);
}

void pv_raise_nmi(struct vcpu *v)
{
	if (!__atomic_exchange_n(&v->arch.nmi_pending, true, __ATOMIC_SEQ_CST))
		vcpu_kick(v);
}

long pv_vcpu_send_nmi(struct vcpu *v, uint64_t arg)
{
	/* Xen wants a null handle: the op has no argument. */
	if (arg)
		return -EINVAL;
	pv_raise_nmi(v);
	return 0;
}

void pv_deliver_nmi(struct vcpu *v)
{
	const struct pv_trap *t = &v->arch.trap_ctxt[TRAP_NMI];
	struct trap_bounce *tb = &v->arch.trap_bounce;
	struct cpu_user_regs *regs = guest_cpu_user_regs();

	if (v->arch.nmi_masked)
		return;
	__atomic_store_n(&v->arch.nmi_pending, false, __ATOMIC_SEQ_CST);
	/* An exception already queued is written first (Xen's order), so
	 * the NMI handler's frame returns into the exception handler. */
	pv_deliver_bounce(v, regs);
	if (!t->address) {
		log_printf(LOG_WARN | LOG_GUEST,
			   "d%u.%u: NMI dropped: no NMI handler\n",
			   v->domain->domain_id, v->vcpu_id);
		return;
	}
	tb->eip = t->address;
	tb->cs = t->cs;
	tb->error_code = 0;
	tb->flags = TBF_EXCEPTION |
		    (t->flags & PV_TRAP_MASK_EVENTS ? TBF_INTERRUPT : 0);
	v->arch.nmi_masked = true;
	pv_deliver_bounce(v, regs);
}
