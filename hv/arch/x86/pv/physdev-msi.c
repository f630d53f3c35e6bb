/* SPDX-License-Identifier: MIT */
/*
 * PHYSDEVOP_map_pirq of an MSI (types MSI, MSI_SEG, MULTI_MSI), in the
 * order of Xen 4.17's allocate_and_map_msi_pirq, allocate_pirq and
 * map_domain_pirq: the IRQ index, the vector count, the pirq, the device
 * (registered by the hardware domain and owned by the target domain),
 * then the capability. Like Xen without interrupt remapping (satori has
 * no IOMMU), a multi-vector MSI is refused with -EOPNOTSUPP. A table_base
 * asks for MSI-X entry entry_nr (asm/guest-msix.h: the table is then
 * read-only to guests). Also restore_msi and restore_msi_ext, which
 * rewrite a reset device's MSI and MSI-X entries, and prepare_msix and
 * release_msix, which make a device's table read-only before it is
 * handed to another domain and undo that.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/log.h>
#include <satori/pci-registry.h>
#include <satori/pci.h>

#include <asm/guest-irq.h>
#include <asm/guest-msi.h>
#include <asm/guest-msix.h>
#include <asm/msi.h>
#include <asm/pirq-table.h>

#include <public/physdev.h>

#include "pirq.h"

/* Xen's allocate_pirq checks on a multi-vector request. */
static long check_vector_count(const struct physdev_map_pirq *op)
{
	if (op->type != MAP_PIRQ_TYPE_MULTI_MSI)
		return 0;
	if (op->entry_nr <= 0 || op->entry_nr > MSI_MAX_VECTORS)
		return -EDOM;
	return op->entry_nr != 1 ? -EOPNOTSUPP : 0;
}

/* Xen's pci_get_pdev(d, sbdf): registered, and @d's. */
static bool device_of(const struct domain *d, uint16_t seg, uint8_t bus,
		      uint8_t devfn)
{
	struct pci_dev_rec rec;

	return pci_device_lookup(seg, bus, devfn, &rec) &&
	       rec.owner == d->domain_id;
}

/* With the lock held: pick the pirq, program the device, record it. */
static long map_locked(struct domain *d, struct physdev_map_pirq *op,
		       bool known)
{
	struct pirq_table *t = d->arch.pirqs;
	unsigned int max_vec = 0;
	bool already;
	int pirq, vector;

	if (!t)
		return -ESRCH; /* Dying. */
	pirq = pirq_table_msi_pirq(t, op->pirq, &already);
	if (pirq < 0 || already) {
		/* Xen's "already mapped": success, nothing changes. */
		if (already)
			op->pirq = pirq;
		return already ? 0 : pirq;
	}
	if (!known)
		return -ENODEV;
	if (op->table_base)
		vector = guest_msix_map(d, (uint8_t)op->bus, (uint8_t)op->devfn,
					(unsigned int)op->entry_nr,
					op->table_base);
	else
		vector = guest_msi_map(d, (uint8_t)op->bus, (uint8_t)op->devfn,
				       1, &max_vec);
	if (vector < 0)
		return vector;
	pirq_table_set_msi(t, (uint32_t)pirq, (uint8_t)vector);
	op->pirq = pirq;
	return 0;
}

long physdev_map_msi(struct domain *d, struct physdev_map_pirq *op)
{
	uint16_t seg = op->type == MAP_PIRQ_TYPE_MSI ? 0 : op->bus >> 16;
	uint64_t flags;
	bool known;
	long rc;

	/* Xen: an index names an existing MSI IRQ, of which the guest sees
	 * none on satori; -1 asks for a new one. */
	if (op->index != -1)
		return -EINVAL;
	rc = check_vector_count(op);
	if (rc)
		return rc;
	if (!domain_pirq_table(d))
		return -ENOMEM;
	/* Only segment 0 is reachable (satori/pci.h). */
	known = seg == 0 &&
		device_of(d, seg, (uint8_t)op->bus, (uint8_t)op->devfn);
	flags = guest_irq_lock();
	rc = map_locked(d, op, known);
	guest_irq_unlock(flags);
	return rc;
}

/* Xen's pci_restore_msi_state: any registered device (-ENODEV), the
 * caller privileged (-EPERM); a device with no MSI of the hypervisor's
 * is left alone (0). */
long physdev_restore_msi(unsigned int cmd, uint64_t arg)
{
	struct physdev_restore_msi old;
	struct physdev_pci_device ext;
	struct pci_dev_rec rec;
	uint64_t flags;

	if (cmd == PHYSDEVOP_restore_msi) {
		if (copy_from_guest_raw(&old, arg, sizeof(old)))
			return -EFAULT;
		ext = (struct physdev_pci_device){ .bus = old.bus,
						   .devfn = old.devfn };
	} else if (copy_from_guest_raw(&ext, arg, sizeof(ext))) {
		return -EFAULT;
	}
	if (!pci_device_lookup(ext.seg, ext.bus, ext.devfn, &rec))
		return -ENODEV;
	if (!current->domain->is_privileged)
		return -EPERM;
	if (ext.seg != 0)
		return 0; /* Unreachable: satori programmed nothing there. */
	flags = guest_irq_lock();
	guest_msi_restore(ext.bus, ext.devfn);
	guest_irq_unlock(flags);
	return 0;
}

/* Xen's PHYSDEVOP_prepare_msix and release_msix: a privileged caller
 * (-EPERM), a registered function (-ENODEV), then pci_prepare_msix. */
long physdev_prepare_msix(unsigned int cmd, uint64_t arg)
{
	struct physdev_pci_device dev;
	struct pci_dev_rec rec;
	uint64_t flags;
	long rc;

	if (copy_from_guest_raw(&dev, arg, sizeof(dev)))
		return -EFAULT;
	if (!current->domain->is_privileged)
		return -EPERM;
	/* Only segment 0 is reachable (satori/pci.h). */
	if (dev.seg != 0 ||
	    !pci_device_lookup(dev.seg, dev.bus, dev.devfn, &rec))
		return -ENODEV;
	flags = guest_irq_lock();
	rc = msix_dev_prepare(dev.bus, dev.devfn,
			      cmd == PHYSDEVOP_release_msix);
	guest_irq_unlock(flags);
	return rc;
}
