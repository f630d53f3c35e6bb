/* SPDX-License-Identifier: MIT */
/*
 * physdev_op: so far only PHYSDEVOP_set_iopl, the virtual I/O privilege
 * level every PV Linux sets early (to 1). The privileged-instruction
 * emulator compares it with the guest's ring to allow port I/O. The
 * device operations (pirqs, MSI, PCI) belong to dom0 support and answer
 * -ENOSYS until then.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>

#include <public/physdev.h>
#include <public/xen.h>

static long set_iopl(uint64_t arg)
{
	struct physdev_set_iopl op;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.iopl > 3)
		return -EINVAL;
	current->arch.iopl = op.iopl;
	return 0;
}

long do_physdev_op(uint64_t cmd, uint64_t arg)
{
	/* Xen's command is an int. */
	switch ((int)cmd) {
	case PHYSDEVOP_set_iopl:
		return set_iopl(arg);
	default:
		return hypercall_enosys(__HYPERVISOR_physdev_op,
					(unsigned int)cmd);
	}
}
