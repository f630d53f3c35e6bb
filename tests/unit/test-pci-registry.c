/* unit-sources: hv/common/pci/registry.c hv/common/pci/mmcfg-table.c */
/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the PCI device table and the MMCONFIG area table: add
 * (fields of a new record), a duplicate add (same record, owner kept),
 * address order across segments and buses, remove, remove of an unknown
 * address (-ENODEV), a full table (-ENOMEM's NULL, nothing changed, room
 * again after a remove); and Xen's answers to pci_mmcfg_reserved
 * (unknown flags, unknown range, wrong address, state changes).
 */
#include <satori/errno.h>
#include <satori/pci-registry.h>
#include <satori/pci.h>

#include <public/physdev.h>

#include <stdlib.h>

#include "check.h"

static void test_add_and_duplicate(void)
{
	struct pci_registry *r = calloc(1, sizeof(*r));
	struct pci_dev_rec *d, *again;
	bool created;

	d = pci_registry_get(r, 0, 0, 0xfa, 7, &created);
	CHECK(d != NULL);
	CHECK(created);
	CHECK_EQ(r->nr, 1);
	CHECK_EQ(d->seg, 0);
	CHECK_EQ(d->bus, 0);
	CHECK_EQ(d->devfn, 0xfa);
	CHECK_EQ(d->owner, 7);
	CHECK_EQ(d->pxm, PCI_NO_PXM);
	CHECK_EQ(d->vendor, 0xffff);
	CHECK(!d->is_extfn && !d->is_virtfn);
	d->vendor = 0x8086;
	d->is_extfn = true;

	/* Again: the same record, untouched, its first owner kept. */
	again = pci_registry_get(r, 0, 0, 0xfa, 9, &created);
	CHECK(again == d);
	CHECK(!created);
	CHECK_EQ(r->nr, 1);
	CHECK_EQ(again->owner, 7);
	CHECK_EQ(again->vendor, 0x8086);
	CHECK(again->is_extfn);
	CHECK(pci_registry_find(r, 0, 0, 0xfa) == d);
	CHECK(pci_registry_find(r, 0, 0, 0xf8) == NULL);
	CHECK(pci_registry_find(r, 1, 0, 0xfa) == NULL);
	free(r);
}

static void test_order_and_remove(void)
{
	struct pci_registry *r = calloc(1, sizeof(*r));
	bool created;

	pci_registry_get(r, 1, 0, 0, 0, &created);
	pci_registry_get(r, 0, 2, 0x10, 0, &created);
	pci_registry_get(r, 0, 0, 0x08, 0, &created);
	pci_registry_get(r, 0, 2, 0x00, 0, &created);
	pci_registry_get(r, 0, 0, 0x00, 0, &created);
	CHECK_EQ(r->nr, 5);
	CHECK_EQ(r->devs[0].devfn, 0x00);
	CHECK_EQ(r->devs[1].devfn, 0x08);
	CHECK_EQ(r->devs[2].bus, 2);
	CHECK_EQ(r->devs[2].devfn, 0x00);
	CHECK_EQ(r->devs[3].devfn, 0x10);
	CHECK_EQ(r->devs[4].seg, 1);

	CHECK_EQ(pci_registry_remove(r, 0, 2, 0x00), 0);
	CHECK_EQ(r->nr, 4);
	CHECK(pci_registry_find(r, 0, 2, 0x00) == NULL);
	CHECK_EQ(r->devs[2].devfn, 0x10);
	CHECK_EQ(r->devs[3].seg, 1);
	/* Twice, never added, another segment: -ENODEV, nothing changes. */
	CHECK_EQ(pci_registry_remove(r, 0, 2, 0x00), -ENODEV);
	CHECK_EQ(pci_registry_remove(r, 0, 0, 0x18), -ENODEV);
	CHECK_EQ(pci_registry_remove(r, 2, 0, 0x00), -ENODEV);
	CHECK_EQ(r->nr, 4);
	CHECK_EQ(pci_registry_remove(r, 1, 0, 0), 0);
	CHECK_EQ(pci_registry_remove(r, 0, 0, 0), 0);
	CHECK_EQ(r->nr, 2);
	CHECK_EQ(r->devs[0].devfn, 0x08);
	free(r);
}

static void test_capacity(void)
{
	struct pci_registry *r = calloc(1, sizeof(*r));
	unsigned int i;
	bool created;

	/* Filled from the top down: every insert moves the others. */
	for (i = PCI_REGISTRY_CAPACITY; i-- > 0;)
		CHECK(pci_registry_get(r, 0, (uint8_t)(i >> 8), (uint8_t)i, 0,
				       &created) != NULL);
	CHECK_EQ(r->nr, PCI_REGISTRY_CAPACITY);
	for (i = 0; i < PCI_REGISTRY_CAPACITY; i++)
		CHECK_EQ(((unsigned int)r->devs[i].bus << 8) | r->devs[i].devfn,
			 i);
	CHECK(pci_registry_get(r, 0, 0xff, 0xff, 0, &created) == NULL);
	CHECK(!created);
	CHECK_EQ(r->nr, PCI_REGISTRY_CAPACITY);
	/* A registered address still answers when full. */
	CHECK(pci_registry_get(r, 0, 0, 5, 0, &created) == &r->devs[5]);
	CHECK(!created);
	CHECK_EQ(pci_registry_remove(r, 0, 0, 5), 0);
	CHECK(pci_registry_get(r, 0, 0xff, 0xff, 0, &created) ==
	      &r->devs[PCI_REGISTRY_CAPACITY - 1]);
	CHECK(created);
	CHECK(pci_registry_get(r, 0, 0, 5, 0, &created) == NULL);
	free(r);
}

static int report(struct pci_mmcfg_table *t, uint64_t addr, uint16_t seg,
		  uint8_t start, uint8_t end, uint32_t flags,
		  enum pci_mmcfg_change *change)
{
	const struct pci_mmcfg_area *a;

	return pci_mmcfg_table_report(t, addr, seg, start, end, flags, &a,
				      change);
}

static void test_mmcfg(void)
{
	struct pci_mmcfg_table t = { .nr = 2,
				     .areas = { { .address = 0xb0000000,
						  .start_bus = 0,
						  .end_bus = 0xff },
						{ .address = 0xe0000000,
						  .seg = 1,
						  .start_bus = 0x10,
						  .end_bus = 0x1f } } };
	const struct pci_mmcfg_area *a;
	enum pci_mmcfg_change c;

	CHECK_EQ(report(&t, 0xb0000000, 0, 0, 0xff, 2, &c), -EINVAL);
	CHECK_EQ(report(&t, 0xb0000000, 0, 0, 0xff, 0x80000001u, &c), -EINVAL);
	/* The range must be an area's exactly. */
	CHECK_EQ(report(&t, 0xb0000000, 0, 0, 0x7f, 1, &c), -ENODEV);
	CHECK_EQ(report(&t, 0xb0000000, 2, 0, 0xff, 1, &c), -ENODEV);
	CHECK_EQ(report(&t, 0xe0000000, 1, 0x10, 0x1e, 1, &c), -ENODEV);
	CHECK_EQ(pci_mmcfg_table_report(&t, 0xc0000000, 0, 0, 0xff, 1, &a, &c),
		 -EIO);
	CHECK(a == &t.areas[0]);
	CHECK(!t.areas[0].reported);

	CHECK_EQ(report(&t, 0xb0000000, 0, 0, 0xff, 1, &c), 0);
	CHECK_EQ(c, MMCFG_NOW_RESERVED);
	CHECK(t.areas[0].reserved && t.areas[0].reported);
	CHECK_EQ(report(&t, 0xb0000000, 0, 0, 0xff, 1, &c), 0);
	CHECK_EQ(c, MMCFG_SAME);
	CHECK_EQ(report(&t, 0xb0000000, 0, 0, 0xff, 0, &c), 0);
	CHECK_EQ(c, MMCFG_NOW_UNUSED);
	CHECK(!t.areas[0].reserved);
	/* Xen says "Not using" on every unreserve. */
	CHECK_EQ(report(&t, 0xb0000000, 0, 0, 0xff, 0, &c), 0);
	CHECK_EQ(c, MMCFG_NOW_UNUSED);
	CHECK_EQ(report(&t, 0xe0000000, 1, 0x10, 0x1f, 1, &c), 0);
	CHECK_EQ(c, MMCFG_NOW_RESERVED);
	CHECK(t.areas[1].reserved && !t.areas[0].reserved);
}

int main(void)
{
	test_add_and_duplicate();
	test_order_and_remove();
	test_capacity();
	test_mmcfg();
	return check_summary("pci-registry");
}
