/* SPDX-License-Identifier: MIT */
/*
 * vm_assist: a domain-wide switch per VMASST_TYPE_*. The handler only
 * records the choice in d->arch.vm_assist; the code each type concerns
 * reads it there (vm_assist_enabled()). The valid set is Xen's for a
 * 64-bit PV guest (PV64_VM_ASSIST_MASK): types 0-5 and 32.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/hypercall.h>
#include <satori/vm-assist.h>

#include <public/xen.h>

long do_vm_assist(uint64_t cmd, uint64_t type)
{
	struct domain *d = current->domain;
	/* Both arguments are unsigned ints in Xen. */
	uint32_t t = (uint32_t)type;

	if (t >= 64 || !(VM_ASSIST_PV64_VALID & (1ULL << t)))
		return -EINVAL;

	switch ((uint32_t)cmd) {
	case VMASST_CMD_enable:
		__atomic_fetch_or(&d->arch.vm_assist, 1ULL << t,
				  __ATOMIC_RELAXED);
		return 0;
	case VMASST_CMD_disable:
		__atomic_fetch_and(&d->arch.vm_assist, ~(1ULL << t),
				   __ATOMIC_RELAXED);
		return 0;
	default:
		return -ENOSYS;
	}
}
