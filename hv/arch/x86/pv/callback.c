/* SPDX-License-Identifier: MIT */
/*
 * callback_op and the older set_callbacks: where the hypervisor sends the
 * guest kernel for events, failed returns (failsafe), 64-bit and compat
 * SYSCALL, SYSENTER and NMIs. Addresses are checked for canonical form
 * only; a bad handler can only hurt the guest, which then crashes on the
 * bounce. Types, errnos and the mask flags follow Xen's pv/callback.c.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/string.h>

#include <asm/pv-nmi.h>

#include <public/callback.h>

#include "pv-util.h"

/* Xen's FLAT_KERNEL_CS for a 64-bit guest: the NMI trap's selector. */
#define PV_FLAT_KERNEL_CS 0xe033
#define TRAP_NMI 2
#define PV_TRAP_MASK_EVENTS 4 /* struct trap_info flags bit 2 */

static long register_nmi(struct vcpu *v, uint64_t address)
{
	struct pv_trap *t = &v->arch.trap_ctxt[TRAP_NMI];

	t->address = address;
	t->cs = PV_FLAT_KERNEL_CS;
	t->flags = PV_TRAP_MASK_EVENTS;
	/* An NMI reported while there was no handler was dropped: raise
	 * it again if a reason is still set (Xen does the same). */
	if (v->vcpu_id == 0 && v->domain->shared_info &&
	    __atomic_load_n(&v->domain->shared_info->arch.nmi_reason,
			    __ATOMIC_RELAXED))
		pv_raise_nmi(v);
	return 0;
}

static long register_callback(struct vcpu *v, const struct callback_register *r)
{
	bool mask = r->flags & CALLBACKF_mask_events;
	enum pv_callback_type type;

	if (!pv_canonical(r->address))
		return -EINVAL;

	switch (r->type) {
	case CALLBACKTYPE_event:
		/* The upcall always masks events; the flag is not kept. */
		type = PV_CB_EVENT;
		mask = true;
		break;
	case CALLBACKTYPE_failsafe:
		type = PV_CB_FAILSAFE;
		break;
	case CALLBACKTYPE_syscall:
		type = PV_CB_SYSCALL;
		break;
	case CALLBACKTYPE_syscall32:
		type = PV_CB_SYSCALL32;
		break;
	case CALLBACKTYPE_sysenter:
		type = PV_CB_SYSENTER;
		break;
	case CALLBACKTYPE_nmi:
		v->arch.callbacks[PV_CB_NMI].address = r->address;
		v->arch.callbacks[PV_CB_NMI].mask_events = true;
		return register_nmi(v, r->address);
	default:
		/* Includes 3, the 32-bit-only sysenter alias. */
		return -ENOSYS;
	}
	v->arch.callbacks[type].address = r->address;
	v->arch.callbacks[type].mask_events = mask;
	return 0;
}

static long unregister_callback(struct vcpu *v, uint16_t type)
{
	switch (type) {
	case CALLBACKTYPE_event:
	case CALLBACKTYPE_failsafe:
	case CALLBACKTYPE_syscall:
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
		return -EINVAL;
	case CALLBACKTYPE_nmi:
		memset(&v->arch.callbacks[PV_CB_NMI], 0,
		       sizeof(v->arch.callbacks[PV_CB_NMI]));
		memset(&v->arch.trap_ctxt[TRAP_NMI], 0,
		       sizeof(v->arch.trap_ctxt[TRAP_NMI]));
		return 0;
	default:
		return -ENOSYS;
	}
}

long do_callback_op(uint64_t cmd, uint64_t arg)
{
	struct callback_register reg;
	struct callback_unregister unreg;

	/* Xen takes cmd as an int: only the low 32 bits count. */
	switch ((int)cmd) {
	case CALLBACKOP_register:
		if (copy_from_guest_raw(&reg, arg, sizeof(reg)))
			return -EFAULT;
		return register_callback(current, &reg);
	case CALLBACKOP_unregister:
		if (copy_from_guest_raw(&unreg, arg, sizeof(unreg)))
			return -EFAULT;
		return unregister_callback(current, unreg.type);
	default:
		return -ENOSYS;
	}
}

long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall)
{
	const struct callback_register regs[] = {
		{ .type = CALLBACKTYPE_event, .address = event },
		{ .type = CALLBACKTYPE_failsafe, .address = failsafe },
		{ .type = CALLBACKTYPE_syscall, .address = syscall },
	};
	unsigned int i;

	/*
	 * As in Xen, the result is 0 whatever happens: a non-canonical
	 * address leaves that callback as it was, and the others still
	 * change. Mini-OS passes syscall = 0, which is canonical.
	 */
	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		(void)register_callback(current, &regs[i]);
	return 0;
}
