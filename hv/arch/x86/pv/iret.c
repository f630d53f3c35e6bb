/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_iret's out-of-line parts: do_iret() for the dispatch switch
 * (the SYSCALL entry runs the inline pv_iret() of iret.h directly) and
 * the crash of a guest whose iret frame is unusable.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/hypercall.h>

#include "iret.h"

long pv_iret_fail(struct vcpu *v, const char *why)
{
	domain_crash(v->domain, "d%u.%u: iret: %s (frame at %016lx)",
		     v->domain->domain_id, v->vcpu_id, why,
		     (unsigned long)guest_cpu_user_regs()->rsp);
	return -EFAULT;
}

long do_iret(void)
{
	return pv_iret(current, guest_cpu_user_regs());
}
