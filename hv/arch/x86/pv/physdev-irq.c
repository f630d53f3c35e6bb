/* SPDX-License-Identifier: MIT */
/*
 * The interrupt subops of physdev_op, with Xen's order of checks
 * (xen/arch/x86/physdev.c, irq.c): map_pirq and unmap_pirq (GSIs here,
 * MSIs in physdev-msi.c), eoi,
 * irq_status_query, setup_gsi, get_free_pirq and alloc_irq_vector. Only
 * the privileged domain maps, unmaps and sets up GSIs (Xen's default
 * XSM policy); only the hardware domain has access to GSIs, 1 to the
 * highest IO-APIC pin, as Xen's dom0 permissions.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/pirq.h>

#include <asm/guest-irq.h>
#include <asm/guest-msi.h>
#include <asm/pirq-table.h>

#include <public/physdev.h>
#include <public/xen.h>

#include "pirq.h"

/* @domid as the caller names it, with a reference; NULL: -ESRCH. */
/* Xen's irq_access_permitted for the hardware domain: GSIs 1.. */
static bool gsi_permitted(const struct domain *cd, uint32_t gsi)
{
	return cd->is_initdomain && gsi != 0 && gsi < guest_irq_nr_gsis();
}

static long map_gsi(struct domain *d, struct physdev_map_pirq *op)
{
	struct domain *cd = current->domain;
	struct pirq_table *t;
	uint64_t flags;
	int rc;

	if (op->index < 0 || (unsigned int)op->index >= guest_irq_nr_gsis())
		return -EINVAL;
	/* Any other caller names the IRQ through a pirq of its own, which
	 * only the hardware domain has. */
	if (!cd->is_initdomain)
		return -EINVAL;
	if (!domain_pirq_table(d))
		return -ENOMEM;
	flags = guest_irq_lock();
	/* Read again under the lock: a dying domain's goes away. */
	t = d->arch.pirqs;
	rc = t ? pirq_table_map_gsi(t, (uint32_t)op->index, op->pirq,
				    gsi_permitted(cd, (uint32_t)op->index))
	       : -ESRCH;
	guest_irq_unlock(flags);
	if (rc < 0)
		return rc;
	op->pirq = rc;
	return 0;
}

static long map_pirq_on(struct domain *d, struct physdev_map_pirq *op)
{
	if (!current->domain->is_privileged)
		return -EPERM;
	switch (op->type) {
	case MAP_PIRQ_TYPE_GSI:
		return map_gsi(d, op);
	case MAP_PIRQ_TYPE_MSI:
	case MAP_PIRQ_TYPE_MSI_SEG:
	case MAP_PIRQ_TYPE_MULTI_MSI:
		return physdev_map_msi(d, op);
	default:
		return -EINVAL;
	}
}

long physdev_map_pirq(uint64_t arg)
{
	struct physdev_map_pirq op;
	struct domain *d;
	long rc;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.type == MAP_PIRQ_TYPE_MULTI_MSI && op.table_base)
		return -EINVAL;
	d = get_domain_by_any_id(op.domid);
	if (!d)
		return -ESRCH;
	rc = map_pirq_on(d, &op);
	put_domain(d);
	/* Xen copies the argument back whatever the result. */
	if (copy_to_guest_raw(arg, &op, sizeof(op)))
		rc = -EFAULT;
	return rc;
}

static long unmap_pirq_on(struct domain *d, int pirq)
{
	struct pirq_table *t;
	uint64_t flags;
	uint32_t gsi;
	bool msi;
	long rc;

	if (!current->domain->is_privileged)
		return -EPERM;
	flags = guest_irq_lock();
	t = d->arch.pirqs;
	msi = t && pirq >= 0 && (unsigned int)pirq < t->nr_pirqs &&
	      t->e[pirq].msi;
	rc = t ? pirq_table_unmap(t, pirq, &gsi) : -EINVAL;
	if (!rc) {
		/* Xen's forced unbind: the port stays until closed. The
		 * MSI's vector and device go back at once. */
		if (msi)
			guest_msi_unmap(d, (uint8_t)gsi);
		else
			guest_irq_unbind(d, (uint32_t)pirq);
		pirq_set_eoi_bit(d, (uint32_t)pirq, false);
	}
	guest_irq_unlock(flags);
	return rc;
}

long physdev_unmap_pirq(uint64_t arg)
{
	struct physdev_unmap_pirq op;
	struct domain *d;
	long rc;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	d = get_domain_by_any_id(op.domid);
	if (!d)
		return -ESRCH;
	rc = unmap_pirq_on(d, op.pirq);
	put_domain(d);
	return rc;
}

long physdev_eoi(uint64_t arg)
{
	struct domain *d = current->domain;
	struct physdev_eoi op;
	const struct pirq_entry *e;
	struct pirq_table *t;
	uint64_t flags;
	long rc = 0;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.irq >= domain_nr_pirqs(d))
		return -EINVAL;
	flags = guest_irq_lock();
	t = d->arch.pirqs;
	e = t ? &t->e[op.irq] : NULL;
	/* Xen: -EINVAL for a pirq it holds nothing about. */
	if (!e || (e->state == PIRQ_FREE && !e->port))
		rc = -EINVAL;
	else if (e->state == PIRQ_MAPPED && e->msi)
		guest_msi_eoi(d, (uint8_t)e->gsi);
	else if (e->state == PIRQ_MAPPED)
		guest_irq_eoi(d, e->gsi);
	guest_irq_unlock(flags);
	return rc;
}

/* Every pirq needs an EOI hypercall unless the guest reads the EOI
 * bitmap, as in Xen; none is shared (one guest per GSI). */
long physdev_irq_status_query(uint64_t arg)
{
	struct physdev_irq_status_query op;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.irq >= domain_nr_pirqs(current->domain))
		return -EINVAL;
	op.flags = XENIRQSTAT_needs_eoi;
	return copy_to_guest_raw(arg, &op, sizeof(op)) ? -EFAULT : 0;
}

long physdev_setup_gsi(uint64_t arg)
{
	struct physdev_setup_gsi op;
	uint64_t flags;
	long rc;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.gsi < 0 || (unsigned int)op.gsi >= guest_irq_nr_gsis())
		return -EINVAL;
	if (!current->domain->is_privileged)
		return -EPERM;
	/* Xen programs the low bit of each into the redirection entry. */
	flags = guest_irq_lock();
	rc = guest_irq_setup_gsi((uint32_t)op.gsi, op.triggering & 1,
				 op.polarity & 1);
	guest_irq_unlock(flags);
	return rc;
}

long physdev_get_free_pirq(uint64_t arg)
{
	struct physdev_get_free_pirq op;
	struct pirq_table *t;
	uint64_t flags;
	int rc;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (!domain_pirq_table(current->domain))
		return -ENOMEM;
	flags = guest_irq_lock();
	t = current->domain->arch.pirqs;
	rc = t ? pirq_table_get_free(t, op.type == MAP_PIRQ_TYPE_GSI) : -ESRCH;
	guest_irq_unlock(flags);
	if (rc < 0)
		return rc;
	op.pirq = (uint32_t)rc;
	return copy_to_guest_raw(arg, &op, sizeof(op)) ? -EFAULT : 0;
}

/* Xen keeps vectors to itself: the "vector" is the IRQ number, and only
 * the domain that may program IO-APICs may ask. */
long physdev_alloc_irq_vector(uint64_t arg)
{
	struct physdev_irq op;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (!current->domain->is_privileged)
		return -EPERM;
	op.vector = op.irq;
	return copy_to_guest_raw(arg, &op, sizeof(op)) ? -EFAULT : 0;
}
