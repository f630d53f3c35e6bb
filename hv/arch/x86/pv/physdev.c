/* SPDX-License-Identifier: MIT */
/*
 * physdev_op: the virtual I/O privilege level every PV Linux sets early
 * (set_iopl), the per-vCPU I/O bitmap behind ioperm() (set_iobitmap),
 * both read by the port I/O emulator (emul-io.c), pirq_eoi_gmfn_v2
 * (pirq-eoi.c), the pirq subops (physdev-irq.c) and the PCI device
 * registry and MMCONFIG subops (physdev-pci.c), restore_msi,
 * prepare_msix and release_msix (physdev-msi.c). dom0 may read the
 * IO-APICs (apic_read); apic_write passes Xen's checks but cannot
 * reroute a pin yet.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>

#include <asm/apic.h>

#include <public/physdev.h>
#include <public/xen.h>

#include "pirq.h"

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

#define IOBMP_BYTES 8192

static long set_iobitmap(uint64_t arg)
{
	struct physdev_set_iobitmap op;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (!guest_range_ok(op.bitmap.p, IOBMP_BYTES) || op.nr_ports > 65536)
		return -EINVAL;
	current->arch.iobmp = op.bitmap.p;
	current->arch.iobmp_limit = op.nr_ports;
	return 0;
}

/* dom0 reads the IO-APICs (Xen's ioapic_guest_read); the structure is
 * copied back even on failure, as in Xen. */
static long guest_apic_read(uint64_t arg)
{
	struct physdev_apic op;
	long rc;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (!current->domain->is_initdomain)
		return -EPERM;
	rc = ioapic_guest_read(op.apic_physbase, op.reg, &op.value);
	return copy_to_guest_raw(arg, &op, sizeof(op)) ? -EFAULT : rc;
}

/* Xen's checks, and its silent success for writes outside the low
 * half of a redirection entry; rerouting a pin needs the pirq code. */
static long guest_apic_write(uint64_t arg)
{
	struct physdev_apic op;
	int rc;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (!current->domain->is_initdomain)
		return -EPERM;
	rc = ioapic_guest_write_check(op.apic_physbase, op.reg, op.value);
	if (rc <= 0)
		return rc;
	return hypercall_enosys(__HYPERVISOR_physdev_op, PHYSDEVOP_apic_write);
}

long do_physdev_op(uint64_t cmd, uint64_t arg)
{
	/* Xen's command is an int. */
	switch ((int)cmd) {
	case PHYSDEVOP_set_iopl:
		return set_iopl(arg);
	case PHYSDEVOP_set_iobitmap:
		return set_iobitmap(arg);
	case PHYSDEVOP_irq_status_query:
		return physdev_irq_status_query(arg);
	case PHYSDEVOP_eoi:
		return physdev_eoi(arg);
	case PHYSDEVOP_map_pirq:
		return physdev_map_pirq(arg);
	case PHYSDEVOP_unmap_pirq:
		return physdev_unmap_pirq(arg);
	case PHYSDEVOP_setup_gsi:
		return physdev_setup_gsi(arg);
	case PHYSDEVOP_get_free_pirq:
		return physdev_get_free_pirq(arg);
	case PHYSDEVOP_alloc_irq_vector:
		return physdev_alloc_irq_vector(arg);
	case PHYSDEVOP_pirq_eoi_gmfn_v2:
		return pv_pirq_eoi_gmfn(arg);
	case PHYSDEVOP_apic_read:
		return guest_apic_read(arg);
	case PHYSDEVOP_apic_write:
		return guest_apic_write(arg);
	case PHYSDEVOP_restore_msi:
	case PHYSDEVOP_restore_msi_ext:
		return physdev_restore_msi((unsigned int)cmd, arg);
	case PHYSDEVOP_prepare_msix:
	case PHYSDEVOP_release_msix:
		return physdev_prepare_msix((unsigned int)cmd, arg);
	case PHYSDEVOP_manage_pci_add:
	case PHYSDEVOP_manage_pci_remove:
	case PHYSDEVOP_manage_pci_add_ext:
	case PHYSDEVOP_pci_device_add:
	case PHYSDEVOP_pci_device_remove:
	case PHYSDEVOP_pci_mmcfg_reserved:
		return physdev_pci_op((unsigned int)cmd, arg);
	default:
		return hypercall_enosys(__HYPERVISOR_physdev_op,
					(unsigned int)cmd);
	}
}
