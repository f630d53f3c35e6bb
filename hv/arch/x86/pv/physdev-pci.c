/* SPDX-License-Identifier: MIT */
/*
 * The PCI subops of physdev_op, with Xen 4.17's order of checks
 * (xen/arch/x86/physdev.c, xen/drivers/pci/physdev.c): dom0 reports the
 * devices it finds (pci_device_add, or the older manage_pci_add_ext and
 * manage_pci_add for segment 0) and removes them, and says whether each
 * MMCONFIG area of the MCFG table is reserved (pci_mmcfg_reserved).
 * Only a privileged caller may (Xen's default XSM policy, XSM_PRIV:
 * -EPERM); the argument is read first except for pci_mmcfg_reserved,
 * as in Xen. Unknown pci_device_add flags are ignored, as Xen does.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/pci-registry.h>
#include <satori/pci.h>

#include <public/physdev.h>

#include "pirq.h"

static bool caller_privileged(void)
{
	return current->domain->is_privileged;
}

static long manage_pci(unsigned int cmd, uint64_t arg)
{
	struct physdev_manage_pci op;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (!caller_privileged())
		return -EPERM;
	if (cmd == PHYSDEVOP_manage_pci_remove)
		return pci_remove_device(0, op.bus, op.devfn);
	return pci_add_device(0, op.bus, op.devfn, NULL, PCI_NO_PXM);
}

static long manage_pci_add_ext(uint64_t arg)
{
	struct physdev_manage_pci_ext op;
	struct pci_dev_info info;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.is_extfn > 1 || op.is_virtfn > 1)
		return -EINVAL;
	if (!caller_privileged())
		return -EPERM;
	info = (struct pci_dev_info){ .is_extfn = op.is_extfn,
				      .is_virtfn = op.is_virtfn,
				      .physfn_bus = op.physfn.bus,
				      .physfn_devfn = op.physfn.devfn };
	return pci_add_device(0, op.bus, op.devfn, &info, PCI_NO_PXM);
}

static long pci_device_add(uint64_t arg)
{
	struct physdev_pci_device_add op;
	struct pci_dev_info info = { 0 };
	uint32_t pxm = PCI_NO_PXM;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	info.is_extfn = op.flags & XEN_PCI_DEV_EXTFN;
	if (op.flags & XEN_PCI_DEV_VIRTFN) {
		info.is_virtfn = true;
		info.physfn_bus = op.physfn.bus;
		info.physfn_devfn = op.physfn.devfn;
	}
	/* optarr[0], right after the fixed part. */
	if ((op.flags & XEN_PCI_DEV_PXM) &&
	    copy_from_guest_raw(&pxm, arg + sizeof(op), sizeof(pxm)))
		return -EFAULT;
	if (!caller_privileged())
		return -EPERM;
	return pci_add_device(op.seg, op.bus, op.devfn, &info, pxm);
}

static long pci_device_remove(uint64_t arg)
{
	struct physdev_pci_device op;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (!caller_privileged())
		return -EPERM;
	return pci_remove_device(op.seg, op.bus, op.devfn);
}

static long mmcfg_reserved(uint64_t arg)
{
	struct physdev_pci_mmcfg_reserved op;

	if (!caller_privileged())
		return -EPERM;
	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	return pci_mmcfg_reserved(op.address, op.segment, op.start_bus,
				  op.end_bus, op.flags);
}

long physdev_pci_op(unsigned int cmd, uint64_t arg)
{
	switch (cmd) {
	case PHYSDEVOP_manage_pci_add:
	case PHYSDEVOP_manage_pci_remove:
		return manage_pci(cmd, arg);
	case PHYSDEVOP_manage_pci_add_ext:
		return manage_pci_add_ext(arg);
	case PHYSDEVOP_pci_device_add:
		return pci_device_add(arg);
	case PHYSDEVOP_pci_device_remove:
		return pci_device_remove(arg);
	case PHYSDEVOP_pci_mmcfg_reserved:
		return mmcfg_reserved(arg);
	default:
		return -ENOSYS;
	}
}
