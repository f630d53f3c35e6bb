/* SPDX-License-Identifier: MIT */
/*
 * The PCI device table: a sorted array of records, searched linearly
 * (dom0 adds a handful of devices at boot, a few hundred at most), so
 * that the 'Q' dump lists devices in address order. Callers hold the
 * registry lock.
 */
#include <satori/errno.h>
#include <satori/pci-registry.h>
#include <satori/string.h>

/* One number per address, ordered as segment, bus, devfn. */
static uint32_t sbdf(uint16_t seg, uint8_t bus, uint8_t devfn)
{
	return ((uint32_t)seg << 16) | ((uint32_t)bus << 8) | devfn;
}

static uint32_t rec_sbdf(const struct pci_dev_rec *d)
{
	return sbdf(d->seg, d->bus, d->devfn);
}

/* Index of the first record at or above @key. */
static unsigned int lower_bound(const struct pci_registry *r, uint32_t key)
{
	unsigned int i = 0;

	while (i < r->nr && rec_sbdf(&r->devs[i]) < key)
		i++;
	return i;
}

struct pci_dev_rec *pci_registry_find(struct pci_registry *r, uint16_t seg,
				      uint8_t bus, uint8_t devfn)
{
	uint32_t key = sbdf(seg, bus, devfn);
	unsigned int i = lower_bound(r, key);

	return i < r->nr && rec_sbdf(&r->devs[i]) == key ? &r->devs[i] : NULL;
}

struct pci_dev_rec *pci_registry_get(struct pci_registry *r, uint16_t seg,
				     uint8_t bus, uint8_t devfn, uint16_t owner,
				     bool *created)
{
	uint32_t key = sbdf(seg, bus, devfn);
	unsigned int i = lower_bound(r, key);
	struct pci_dev_rec *d = &r->devs[i];

	*created = false;
	if (i < r->nr && rec_sbdf(d) == key)
		return d;
	if (r->nr == PCI_REGISTRY_CAPACITY)
		return NULL;
	memmove(d + 1, d, (r->nr - i) * sizeof(*d));
	r->nr++;
	*d = (struct pci_dev_rec){ .seg = seg,
				   .bus = bus,
				   .devfn = devfn,
				   .owner = owner,
				   .vendor = 0xffff,
				   .device = 0xffff,
				   .pxm = PCI_NO_PXM };
	*created = true;
	return d;
}

int pci_registry_remove(struct pci_registry *r, uint16_t seg, uint8_t bus,
			uint8_t devfn)
{
	struct pci_dev_rec *d = pci_registry_find(r, seg, bus, devfn);
	unsigned int i;

	if (!d)
		return -ENODEV;
	i = (unsigned int)(d - r->devs);
	memmove(d, d + 1, (r->nr - i - 1) * sizeof(*d));
	r->nr--;
	return 0;
}
