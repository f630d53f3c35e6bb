/* SPDX-License-Identifier: MIT */
/*
 * Hypercall continuations, the architecture-neutral half: a handler that
 * wants to be re-issued records the number and new arguments in the
 * calling vCPU. Whoever invoked the handler applies the record when the
 * handler returns: the SYSCALL entry rewrites the guest's registers
 * (arch/x86/pv/hcall-cont.c), do_multicall rewrites the entry and
 * continues itself. Keeping the record in the vCPU rather than writing
 * registers here is what lets a multicall catch its sub-call's request.
 */
#include <satori/domain.h>
#include <satori/hypercall.h>

long hypercall_create_continuation(unsigned int nr,
				   const uint64_t args[HYPERCALL_MAX_ARGS])
{
	struct vcpu *v = current;
	unsigned int i;

	v->hcall_cont.pending = true;
	v->hcall_cont.nr = nr;
	for (i = 0; i < HYPERCALL_MAX_ARGS; i++)
		v->hcall_cont.args[i] = args[i];
	/* The SYSCALL path loads RAX with @nr anyway; returning it keeps a
	 * caller that forgets to check the record from leaking anything. */
	return (long)nr;
}
