/* SPDX-License-Identifier: MIT */
/*
 * Compiled with the hypervisor's own flags by `make abi`: a hypervisor
 * source file must be able to use its entry frame (asm/regs.h) and the
 * guest's (public/arch-x86/xen-x86_64.h), with the public headers'
 * constants next to asm/desc.h's and satori/domain.h's.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <asm/desc.h>
#include <asm/regs.h>

#include "ours-all.h"

_Static_assert(sizeof(struct cpu_user_regs) == 168, "entry frame");
_Static_assert(sizeof(struct guest_cpu_user_regs) == 200, "guest frame");
_Static_assert(offsetof(struct cpu_user_regs, ss) ==
		       offsetof(struct guest_cpu_user_regs, ss),
	       "the two frames agree up to ss");
_Static_assert(sizeof(((struct vcpu_guest_context *)0)->user_regs) == 200,
	       "vcpu_guest_context embeds the guest frame");
_Static_assert(FLAT_KERNEL_CS == 0xe033 && FLAT_KERNEL_SS == 0xe02b,
	       "selectors");
_Static_assert(DOMID_SELF == 0x7ff0 && RUNSTATE_offline == 3, "ids");
_Static_assert(XEN_ENOSYS == ENOSYS && XEN_EFAULT == EFAULT, "errno");
_Static_assert(sizeof(XEN_GUEST_HANDLE(void)) == 8, "handles");

/* A guest handle in the hypervisor view is an address, not a pointer. */
uint64_t coexist_handle_address(const struct sched_poll *poll);
uint64_t coexist_handle_address(const struct sched_poll *poll)
{
	return poll->ports.p;
}

/* set_xen_guest_handle stores the address in the hypervisor view. */
uint64_t coexist_set_handle(const void *va);
uint64_t coexist_set_handle(const void *va)
{
	struct xen_memory_map map;

	set_xen_guest_handle(map.buffer, va);
	return map.buffer.p;
}
