/* SPDX-License-Identifier: MIT */
/*
 * physdev_op: the virtual I/O privilege level every PV Linux sets early
 * (set_iopl), the per-vCPU I/O bitmap behind ioperm() (set_iobitmap),
 * both read by the port I/O emulator (emul-io.c), irq_status_query and
 * pirq_eoi_gmfn_v2 (the frame is held; no pirq sets a bit in it yet).
 * satori routes no physical interrupt to guests yet: the pirq, MSI and
 * PCI device operations answer -ENOSYS (docs/hacking/dom0.md says how
 * Linux copes). dom0 may read the IO-APICs (apic_read); apic_write
 * passes Xen's checks but cannot reroute a pin yet.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>

#include <asm/apic.h>

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

#define IOBMP_BYTES 8192
/* Pirq numbers a domain may name: 256 for dom0, 32 for others (Xen sizes
 * them from the GSI count plus extra_dom0_irqs / extra_domU_irqs). */
#define NR_PIRQS_DOM0 256
#define NR_PIRQS_DOMU 32

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

/* Without pirq state every pirq is unshared and, as in Xen, needs an
 * explicit EOI (the guest uses no EOI bitmap page). */
static long irq_status_query(uint64_t arg)
{
	struct physdev_irq_status_query op;
	const struct domain *d = current->domain;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.irq >= (d->is_initdomain ? NR_PIRQS_DOM0 : NR_PIRQS_DOMU))
		return -EINVAL;
	op.flags = XENIRQSTAT_needs_eoi;
	return copy_to_guest_raw(arg, &op, sizeof(op)) ? -EFAULT : 0;
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
		return irq_status_query(arg);
	case PHYSDEVOP_pirq_eoi_gmfn_v2:
		return pv_pirq_eoi_gmfn(arg);
	case PHYSDEVOP_apic_read:
		return guest_apic_read(arg);
	case PHYSDEVOP_apic_write:
		return guest_apic_write(arg);
	default:
		return hypercall_enosys(__HYPERVISOR_physdev_op,
					(unsigned int)cmd);
	}
}
