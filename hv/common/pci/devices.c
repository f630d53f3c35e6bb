/* SPDX-License-Identifier: MIT */
/*
 * The PCI device registry the hardware domain fills, with Xen 4.17's
 * rules (xen/drivers/passthrough/pci.c, pci_add_device and
 * pci_remove_device, for a PV dom0 without IOMMU): adding an address
 * registers it for the hardware domain or updates it, removing an
 * unknown one is -ENODEV, and each add or remove is logged. Nothing is
 * passed through and no MSI is set up from it yet: it is the table those
 * features will look devices up in. Debug key 'Q' prints it.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/format.h>
#include <satori/keyhandler.h>
#include <satori/log.h>
#include <satori/pci-registry.h>
#include <satori/pci.h>
#include <satori/spinlock.h>

#include "pci-private.h"

static struct pci_registry registry;
/* Covers the registry; never taken in interrupt context. */
static DEFINE_SPINLOCK(registry_lock);

/* Xen hands a new device to the hardware domain: satori's is domain 0
 * when it has one; without one (dom0=none) the privileged caller gets
 * it. */
static uint16_t hardware_domain_id(void)
{
	struct domain *d = get_domain_by_id(0);
	uint16_t id = current->domain->domain_id;

	if (d) {
		if (d->is_initdomain)
			id = 0;
		put_domain(d);
	}
	return id;
}

static const char *dev_kind(const struct pci_dev_info *info)
{
	if (info && info->is_virtfn)
		return "virtual function";
	if (info && info->is_extfn)
		return "extended function";
	return "device";
}

/* Xen registers a VF's physical function first if it does not know it;
 * a VF then records whether its PF is an extended function. */
static bool physfn_is_extfn(uint16_t seg, const struct pci_dev_info *info,
			    uint32_t pxm)
{
	const struct pci_dev_rec *pf;
	bool known, extfn = false;

	spin_lock(&registry_lock);
	pf = pci_registry_find(&registry, seg, info->physfn_bus,
			       info->physfn_devfn);
	known = pf;
	if (pf)
		extfn = pf->is_extfn;
	spin_unlock(&registry_lock);
	/* As a plain device; its failure (a full registry) does not stop
	 * the VF's add, in Xen either. */
	if (!known)
		(void)pci_add_device(seg, info->physfn_bus, info->physfn_devfn,
				     NULL, pxm);
	return extfn;
}

static void set_info(struct pci_dev_rec *d, const struct pci_dev_info *info,
		     bool pf_is_extfn)
{
	d->is_virtfn = info->is_virtfn;
	d->is_extfn = info->is_virtfn ? pf_is_extfn : info->is_extfn;
	d->physfn_bus = info->physfn_bus;
	d->physfn_devfn = info->physfn_devfn;
}

int pci_add_device(uint16_t seg, uint8_t bus, uint8_t devfn,
		   const struct pci_dev_info *info, uint32_t pxm)
{
	uint32_t id = pci_conf_read(seg, bus, devfn, PCI_VENDOR_ID, 4);
	uint16_t owner = hardware_domain_id();
	bool pf_is_extfn = false, created;
	struct pci_dev_rec *d;

	if (info && info->is_virtfn)
		pf_is_extfn = physfn_is_extfn(seg, info, pxm);
	spin_lock(&registry_lock);
	d = pci_registry_get(&registry, seg, bus, devfn, owner, &created);
	if (d) {
		d->pxm = pxm;
		d->vendor = (uint16_t)id;
		d->device = (uint16_t)(id >> 16);
		if (info)
			set_info(d, info, pf_is_extfn);
	}
	spin_unlock(&registry_lock);
	if (!d)
		return -ENOMEM;
	/* Xen 4.17 registers it all the same ("unknown type"). */
	if (created && (uint16_t)id == 0xffff)
		log_warn("PCI: %04x:%02x:%02x.%u: no function answers in "
			 "configuration space\n",
			 seg, bus, PCI_SLOT(devfn), PCI_FUNC(devfn));
	log_debug("PCI add %s %04x:%02x:%02x.%u\n", dev_kind(info), seg, bus,
		  PCI_SLOT(devfn), PCI_FUNC(devfn));
	return 0;
}

int pci_remove_device(uint16_t seg, uint8_t bus, uint8_t devfn)
{
	int rc;

	spin_lock(&registry_lock);
	rc = pci_registry_remove(&registry, seg, bus, devfn);
	spin_unlock(&registry_lock);
	if (!rc)
		log_debug("PCI remove device %04x:%02x:%02x.%u\n", seg, bus,
			  PCI_SLOT(devfn), PCI_FUNC(devfn));
	return rc;
}

bool pci_device_lookup(uint16_t seg, uint8_t bus, uint8_t devfn,
		       struct pci_dev_rec *out)
{
	const struct pci_dev_rec *d;

	spin_lock(&registry_lock);
	d = pci_registry_find(&registry, seg, bus, devfn);
	if (d)
		*out = *d;
	spin_unlock(&registry_lock);
	return d;
}

static void dump_device(const struct pci_dev_rec *d)
{
	char vf[32] = "", pxm[20] = "";

	if (d->is_virtfn)
		(void)snprintf(vf, sizeof(vf), " virtfn of %02x:%02x.%u",
			       d->physfn_bus, PCI_SLOT(d->physfn_devfn),
			       PCI_FUNC(d->physfn_devfn));
	if (d->pxm != PCI_NO_PXM)
		(void)snprintf(pxm, sizeof(pxm), " - pxm %u", d->pxm);
	printk("%04x:%02x:%02x.%u - d%u - [%04x:%04x]%s%s%s%s\n", d->seg,
	       d->bus, PCI_SLOT(d->devfn), PCI_FUNC(d->devfn), d->owner,
	       d->vendor, d->device, d->vendor == 0xffff ? " absent" : "",
	       d->is_extfn ? " extfn" : "", vf, pxm);
}

/* Xen's key 'Q'. */
static void dump_pci_devices(unsigned char key)
{
	(void)key;
	spin_lock(&registry_lock);
	printk("==== PCI devices (%u) ====\n", registry.nr);
	for (unsigned int i = 0; i < registry.nr; i++)
		dump_device(&registry.devs[i]);
	spin_unlock(&registry_lock);
	pci_mmcfg_dump();
}

KEYHANDLER('Q', dump_pci_devices, "dump PCI devices");
