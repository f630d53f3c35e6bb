/* unit-sources: hv/arch/x86/pv/physdev-pci.c hv/common/pci/devices.c hv/common/pci/registry.c hv/common/pci/mmcfg.c hv/common/pci/mmcfg-table.c */
/* SPDX-License-Identifier: MIT */
/*
 * The PCI subops of physdev_op over the real registry, with a fake
 * configuration space (functions 00:00.0 and 00:1f.2 answer) and a fake
 * calling domain: Xen 4.17's order of checks (-EFAULT before -EPERM, but
 * -EPERM first for pci_mmcfg_reserved; manage_pci_add_ext's -EINVAL
 * before -EPERM), an unprivileged caller changing nothing, adds of
 * present and absent functions and of another segment (accepted, as
 * Xen), a duplicate add updating the record, the optional proximity
 * domain, a virtual function registering its physical function first,
 * removes, and pci_mmcfg_reserved against the MCFG areas.
 */
#include <public/physdev.h>

#include <satori/pci-registry.h>
#include <satori/pci.h>

#include <stdarg.h>
#include <stdio.h>

#include "../../hv/arch/x86/pv/pirq.h"
#include "check.h"
#include "fake-guest.h"

static struct domain dom0 = { .domain_id = 0, .is_initdomain = true };
static bool dom0_exists = true;
static unsigned int refs, conf_reads, warnings;

struct domain *get_domain_by_id(domid_t id)
{
	if (id != 0 || !dom0_exists)
		return NULL;
	refs++;
	return &dom0;
}

void put_domain(struct domain *d)
{
	(void)d;
	refs--;
}

/* Vendor/device dwords of the functions that answer. */
uint32_t pci_conf_read(uint16_t seg, uint8_t bus, uint8_t devfn,
		       unsigned int reg, unsigned int bytes)
{
	conf_reads++;
	CHECK_EQ(reg, PCI_VENDOR_ID);
	CHECK_EQ(bytes, 4);
	if (seg == 0 && bus == 0 && devfn == 0x00)
		return 0x29c08086;
	if (seg == 0 && bus == 0 && devfn == 0xfa)
		return 0x29228086;
	return 0xffffffffu;
}

void log_printf(int level, const char *fmt, ...)
{
	(void)fmt;
	if ((level & 0xf) <= 2)
		warnings++;
}

void printk(const char *fmt, ...)
{
	(void)fmt;
}

static long op(unsigned int cmd, uint64_t va)
{
	return physdev_pci_op(cmd, va);
}

static void put_add(uint64_t va, uint16_t seg, uint8_t bus, uint8_t devfn,
		    uint32_t flags)
{
	struct physdev_pci_device_add a = {
		.seg = seg, .bus = bus, .devfn = devfn, .flags = flags
	};

	memcpy(fg_ptr(va), &a, sizeof(a));
}

static void put_dev(uint64_t va, uint16_t seg, uint8_t bus, uint8_t devfn)
{
	struct physdev_pci_device d = { .seg = seg,
					.bus = bus,
					.devfn = devfn };

	memcpy(fg_ptr(va), &d, sizeof(d));
}

static void reset(bool privileged)
{
	fg_reset();
	fg_dom.domain_id = privileged ? 0 : 5;
	fg_dom.is_privileged = privileged;
	fg_dom.is_initdomain = privileged;
}

static long remove_dev(uint16_t seg, uint8_t bus, uint8_t devfn)
{
	put_dev(FG_BASE, seg, bus, devfn);
	return op(PHYSDEVOP_pci_device_remove, FG_BASE);
}

static void test_unprivileged(void)
{
	struct physdev_manage_pci_ext ext = { .is_extfn = 2 };
	struct physdev_pci_mmcfg_reserved mc = { .address = 0xb0000000,
						 .end_bus = 0xff,
						 .flags = 1 };

	reset(false);
	put_add(FG_BASE, 0, 0, 0, 0);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_HOLE_VA), -EFAULT);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), -EPERM);
	put_add(FG_BASE, 0, 0, 0x28, XEN_PCI_DEV_VIRTFN);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), -EPERM);
	CHECK_EQ(op(PHYSDEVOP_manage_pci_add, FG_BASE), -EPERM);
	CHECK_EQ(op(PHYSDEVOP_manage_pci_add, FG_HOLE_VA - 1), -EFAULT);
	memcpy(fg_ptr(FG_BASE), &ext, sizeof(ext));
	CHECK_EQ(op(PHYSDEVOP_manage_pci_add_ext, FG_BASE), -EINVAL);
	ext.is_extfn = 1;
	memcpy(fg_ptr(FG_BASE), &ext, sizeof(ext));
	CHECK_EQ(op(PHYSDEVOP_manage_pci_add_ext, FG_BASE), -EPERM);
	CHECK_EQ(op(PHYSDEVOP_manage_pci_remove, FG_BASE), -EPERM);
	CHECK_EQ(op(PHYSDEVOP_pci_device_remove, FG_HOLE_VA), -EFAULT);
	CHECK_EQ(op(PHYSDEVOP_pci_device_remove, FG_BASE), -EPERM);
	/* pci_mmcfg_reserved checks the caller before reading. */
	CHECK_EQ(op(PHYSDEVOP_pci_mmcfg_reserved, FG_HOLE_VA), -EPERM);
	memcpy(fg_ptr(FG_BASE), &mc, sizeof(mc));
	CHECK_EQ(op(PHYSDEVOP_pci_mmcfg_reserved, FG_BASE), -EPERM);
	CHECK_EQ(conf_reads, 0);
	/* Nothing was registered: removing as dom0 finds nothing. */
	reset(true);
	CHECK_EQ(remove_dev(0, 0, 0), -ENODEV);
	CHECK_EQ(remove_dev(0, 0, 0x28), -ENODEV);
	CHECK_EQ(remove_dev(0, 0, 0x10), -ENODEV);
}

static void test_add_remove(void)
{
	struct pci_dev_rec rec;

	reset(true);
	warnings = 0;
	put_add(FG_BASE, 0, 0, 0x00, 0);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), 0);
	CHECK_EQ(warnings, 0);
	CHECK(pci_device_lookup(0, 0, 0x00, &rec));
	CHECK_EQ(rec.vendor, 0x8086);
	CHECK_EQ(rec.device, 0x29c0);
	CHECK_EQ(rec.owner, 0);
	CHECK_EQ(rec.pxm, PCI_NO_PXM);
	CHECK(!rec.is_extfn && !rec.is_virtfn);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), 0);
	/* An absent function and another segment: Xen 4.17 accepts both
	 * (it logs "unknown type"); satori warns once per new record. */
	put_add(FG_BASE, 0, 0, 0x18, 0x80);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), 0);
	CHECK_EQ(warnings, 1);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), 0);
	CHECK_EQ(warnings, 1);
	CHECK(pci_device_lookup(0, 0, 0x18, &rec));
	CHECK_EQ(rec.vendor, 0xffff);
	/* No hardware domain (dom0=none): the privileged caller owns it. */
	dom0_exists = false;
	fg_dom.domain_id = 3;
	put_add(FG_BASE, 1, 0, 0x00, 0);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), 0);
	CHECK_EQ(warnings, 2);
	CHECK(pci_device_lookup(1, 0, 0x00, &rec));
	CHECK_EQ(rec.owner, 3);
	dom0_exists = true;
	CHECK(!pci_device_lookup(0, 0, 0x08, &rec));
	CHECK_EQ(remove_dev(1, 0, 0x00), 0);
	CHECK_EQ(remove_dev(1, 0, 0x00), -ENODEV);
	CHECK(!pci_device_lookup(1, 0, 0x00, &rec));
	CHECK_EQ(remove_dev(0, 0, 0x18), 0);
	CHECK_EQ(remove_dev(0, 0, 0x00), 0);
	CHECK_EQ(remove_dev(0, 0, 0x00), -ENODEV);
	CHECK_EQ(refs, 0);
}

static void test_manage_ops(void)
{
	struct physdev_manage_pci m = { .bus = 0, .devfn = 0xfa };
	struct pci_dev_rec rec;
	struct physdev_manage_pci_ext ext = { .devfn = 0x10, .is_virtfn = 2 };

	reset(true);
	memcpy(fg_ptr(FG_BASE), &m, sizeof(m));
	CHECK_EQ(op(PHYSDEVOP_manage_pci_add, FG_BASE), 0);
	CHECK_EQ(op(PHYSDEVOP_manage_pci_remove, FG_BASE), 0);
	CHECK_EQ(op(PHYSDEVOP_manage_pci_remove, FG_BASE), -ENODEV);
	memcpy(fg_ptr(FG_BASE), &ext, sizeof(ext));
	CHECK_EQ(op(PHYSDEVOP_manage_pci_add_ext, FG_BASE), -EINVAL);
	ext.is_virtfn = 0;
	ext.is_extfn = 1;
	memcpy(fg_ptr(FG_BASE), &ext, sizeof(ext));
	CHECK_EQ(op(PHYSDEVOP_manage_pci_add_ext, FG_BASE), 0);
	CHECK(pci_device_lookup(0, 0, 0x10, &rec));
	CHECK(rec.is_extfn && !rec.is_virtfn);
	/* manage_pci_add passes no information: the record keeps its. */
	m.devfn = 0x10;
	memcpy(fg_ptr(FG_BASE), &m, sizeof(m));
	CHECK_EQ(op(PHYSDEVOP_manage_pci_add, FG_BASE), 0);
	CHECK(pci_device_lookup(0, 0, 0x10, &rec));
	CHECK(rec.is_extfn);
	CHECK_EQ(remove_dev(0, 0, 0x10), 0);
}

static void test_pxm_and_virtfn(void)
{
	uint64_t edge = FG_HOLE_VA - 12; /* optarr[0] in the hole */
	struct pci_dev_rec rec;
	uint32_t pxm = 3;

	reset(true);
	put_add(edge, 0, 0, 0xfa, XEN_PCI_DEV_PXM);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, edge), -EFAULT);
	put_add(edge, 0, 0, 0xfa, 0);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, edge), 0);
	CHECK(!pci_device_lookup(0, 0, 0x00, &rec));
	put_add(FG_BASE, 0, 0, 0xfa, XEN_PCI_DEV_PXM | XEN_PCI_DEV_EXTFN);
	memcpy(fg_ptr(FG_BASE + 12), &pxm, sizeof(pxm));
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), 0);
	CHECK(pci_device_lookup(0, 0, 0xfa, &rec));
	CHECK_EQ(rec.pxm, 3);
	CHECK(rec.is_extfn);
	/* A later add without PXM forgets it (Xen sets the node each time). */
	put_add(FG_BASE, 0, 0, 0xfa, XEN_PCI_DEV_EXTFN);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), 0);
	CHECK(pci_device_lookup(0, 0, 0xfa, &rec));
	CHECK_EQ(rec.pxm, PCI_NO_PXM);
	/* A VF of 00:06.0, which is not registered: both are now, the PF
	 * as a plain device, and the VF is not "extfn" (its PF was not). */
	put_add(FG_BASE, 0, 0, 0x28, XEN_PCI_DEV_VIRTFN | XEN_PCI_DEV_EXTFN);
	((struct physdev_pci_device_add *)fg_ptr(FG_BASE))->physfn.devfn = 0x30;
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), 0);
	CHECK(pci_device_lookup(0, 0, 0x30, &rec));
	CHECK(!rec.is_virtfn && !rec.is_extfn);
	CHECK(pci_device_lookup(0, 0, 0x28, &rec));
	CHECK(rec.is_virtfn && !rec.is_extfn);
	CHECK_EQ(rec.physfn_devfn, 0x30);
	/* A VF of 00:1f.2, an extended function: it records that. */
	((struct physdev_pci_device_add *)fg_ptr(FG_BASE))->physfn.devfn = 0xfa;
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), 0);
	CHECK(pci_device_lookup(0, 0, 0x28, &rec));
	CHECK(rec.is_virtfn && rec.is_extfn);
	CHECK_EQ(rec.physfn_devfn, 0xfa);
	CHECK_EQ(remove_dev(0, 0, 0x30), 0);
	CHECK_EQ(remove_dev(0, 0, 0x28), 0);
	CHECK_EQ(remove_dev(0, 0, 0xfa), 0);
	CHECK_EQ(refs, 0);
}

static void test_full(void)
{
	unsigned int i;

	reset(true);
	for (i = 0; i < PCI_REGISTRY_CAPACITY; i++) {
		put_add(FG_BASE, 2, (uint8_t)(i >> 8), (uint8_t)i, 0);
		CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), 0);
	}
	put_add(FG_BASE, 3, 0, 0, 0);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), -ENOMEM);
	put_add(FG_BASE, 2, 0, 7, 0);
	CHECK_EQ(op(PHYSDEVOP_pci_device_add, FG_BASE), 0);
	for (i = 0; i < PCI_REGISTRY_CAPACITY; i++)
		CHECK_EQ(remove_dev(2, (uint8_t)(i >> 8), (uint8_t)i), 0);
}

static long mmcfg(uint64_t address, uint16_t seg, uint8_t start, uint8_t end,
		  uint32_t flags)
{
	struct physdev_pci_mmcfg_reserved mc = { .address = address,
						 .segment = seg,
						 .start_bus = start,
						 .end_bus = end,
						 .flags = flags };

	memcpy(fg_ptr(FG_BASE), &mc, sizeof(mc));
	return op(PHYSDEVOP_pci_mmcfg_reserved, FG_BASE);
}

static void test_mmcfg(void)
{
	reset(true);
	CHECK_EQ(pci_mmcfg_add_area(0xb0000000, 0, 0, 0xff), 0);
	CHECK_EQ(pci_mmcfg_add_area(0xb0000000, 0, 2, 1), -EINVAL);
	CHECK_EQ(op(PHYSDEVOP_pci_mmcfg_reserved, FG_HOLE_VA), -EFAULT);
	CHECK_EQ(mmcfg(0xb0000000, 0, 0, 0xff, 1), 0);
	CHECK_EQ(mmcfg(0xb0000000, 0, 0, 0xff, 3), -EINVAL);
	CHECK_EQ(mmcfg(0xc0000000, 0, 0, 0xff, 1), -EIO);
	CHECK_EQ(mmcfg(0xb0000000, 0, 0, 0x7f, 1), -ENODEV);
	CHECK_EQ(mmcfg(0xb0000000, 1, 0, 0xff, 1), -ENODEV);
	CHECK_EQ(mmcfg(0xb0000000, 0, 0, 0xff, 0), 0);
	for (unsigned int i = 1; i < PCI_MMCFG_MAX_AREAS; i++)
		CHECK_EQ(pci_mmcfg_add_area(0xe0000000, (uint16_t)i, 0, 0), 0);
	CHECK_EQ(pci_mmcfg_add_area(0xe0000000, 99, 0, 0), -ENOSPC);
}

int main(void)
{
	test_unprivileged();
	test_add_remove();
	test_manage_ops();
	test_pxm_and_virtfn();
	test_full();
	test_mmcfg();
	CHECK_EQ(physdev_pci_op(PHYSDEVOP_restore_msi, FG_BASE), -ENOSYS);
	return check_summary("physdev-pci");
}
