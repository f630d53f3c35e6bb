/* SPDX-License-Identifier: MIT */
/*
 * Hypercall dispatch for multicall (the SYSCALL entry compiles the same
 * switch inline: hypercall-switch.h), -ENOSYS for numbers without a
 * handler, and the hcall_trace= option (off by default, a debugging aid
 * for guest bring-up), which logs every hypercall except iret with its
 * arguments and result, and every exception bounced to a guest
 * (bounce.c).
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/hypercall.h>
#include <satori/log.h>
#include <satori/param.h>

#include <public/xen.h>

#include "hypercall-switch.h"

long hypercall_enosys(unsigned int nr, unsigned int subop)
{
	struct domain *d = current->domain;
	unsigned int bit = nr < 128 ? nr : 127;
	uint64_t mask = 1ull << (bit % 64);

	if (!(__atomic_fetch_or(&d->enosys_logged[bit / 64], mask,
				__ATOMIC_RELAXED) &
	      mask))
		log_printf(LOG_WARN | LOG_GUEST,
			   "d%u: hypercall %u (subop %u) not implemented: "
			   "-ENOSYS\n",
			   d->domain_id, nr, subop);
	return -ENOSYS;
}

_Static_assert(__builtin_popcountll(HYPERCALLS_IRQS_OFF) == 2 &&
		       ((HYPERCALLS_IRQS_OFF >> __HYPERVISOR_xen_version) &
			1) &&
		       ((HYPERCALLS_IRQS_OFF >> __HYPERVISOR_iret) & 1),
	       "HYPERCALLS_IRQS_OFF: xen_version and iret");

bool opt_hcall_trace;
boolean_param("hcall_trace", opt_hcall_trace);

void hypercall_trace(unsigned int nr, uint64_t a0, uint64_t a1, uint64_t a2,
		     uint64_t a3, uint64_t a4, long rc)
{
	log_info("d%uv%u: hcall %u(%#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
		 current->domain->domain_id, current->vcpu_id, nr, a0, a1, a2,
		 a3, a4, rc);
}

/* With the fast paths (satori.lds.S), after the exception stubs, in a
 * page of its own (the switch's jumps chain within it): there it moves
 * no other hot block, and bench/tb-lookups.py finds no jump-cache
 * collision on any path (mc32, mmu-update ...). */
__section(".text.hot.tail") __aligned(PAGE_SIZE) long hypercall_dispatch(
	unsigned int nr, const uint64_t args[HYPERCALL_MAX_ARGS])
{
	return hypercall_run(nr, args[0], args[1], args[2], args[3], args[4]);
}
