/* unit-sources: hv/arch/x86/pv/physdev-irq.c hv/arch/x86/pv/physdev-msi.c hv/arch/x86/pirq-table.c */
/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the pirq subops of physdev_op against a fake caller:
 * who may map, unmap and set up GSIs (the privileged hardware domain;
 * a domU gets -EPERM, a privileged non-hardware domain -EINVAL for a
 * GSI), the order of the checks (range before permission where Xen has
 * it so), mapping for another domain, unknown domains, MSI types, the
 * argument copied back on error, and what reaches the hardware layer
 * (setup_gsi's mode bits, EOI and unbind of the right GSI/pirq). MSIs:
 * Xen's order of checks (index, vector count, pirq, device, MSI-X),
 * the device's owner, the "already mapped" success, unmap and EOI
 * reaching the vector.
 */
#include <satori/errno.h>

#include <satori/log.h>
#include <satori/pci-registry.h>
#include <satori/pci.h>

#include <asm/guest-irq.h>
#include <asm/guest-msi.h>
#include <asm/guest-msix.h>
#include <asm/pirq-table.h>

#include <public/physdev.h>
#include <public/xen.h>

#include <stdlib.h>

#include "../../hv/arch/x86/pv/pirq.h"
#include "check.h"
#include "fake-guest.h"

#define NR_GSIS 24

static struct domain other_dom; /* domid 7 */
static int refs;
/* What the hardware layer was asked. */
static int last_eoi_gsi, last_unbind_pirq, last_setup_gsi;
static bool last_level, last_low;

bool get_domain(struct domain *d)
{
	(void)d;
	refs++;
	return true;
}

struct domain *get_domain_by_id(domid_t id)
{
	if (id != 7)
		return NULL;
	refs++;
	return &other_dom;
}

/* As hv/common/domain.c's, over the fakes above. */
struct domain *get_domain_by_any_id(domid_t id)
{
	struct domain *self = current->domain;

	if (id == DOMID_SELF || id == self->domain_id)
		return get_domain(self) ? self : NULL;
	return get_domain_by_id(id);
}

void put_domain(struct domain *d)
{
	(void)d;
	refs--;
}

/* The MSI layer: device 00:03.0 (owned by d0) and 00:05.0 (by d7) have
 * an MSI capability able to send 4 vectors, 00:04.0 (d0) has none. */
#define MSI_DEVFN 0x18
#define NOCAP_DEVFN 0x20
#define D7_DEVFN 0x28
#define MSI_VECTOR 0x70
static int last_msi_unmap, last_msi_eoi, msi_maps;
static unsigned int last_nvec;

bool pci_device_lookup(uint16_t seg, uint8_t bus, uint8_t devfn,
		       struct pci_dev_rec *out)
{
	if (seg != 0 || bus != 0 ||
	    (devfn != MSI_DEVFN && devfn != NOCAP_DEVFN && devfn != D7_DEVFN))
		return false;
	*out = (struct pci_dev_rec){ .devfn = devfn,
				     .owner = devfn == D7_DEVFN ? 7 : 0 };
	return true;
}

int guest_msi_map(struct domain *d, uint8_t bus, uint8_t devfn,
		  unsigned int nvec, unsigned int *max_vec)
{
	(void)d;
	(void)bus;
	last_nvec = nvec;
	if (devfn == NOCAP_DEVFN)
		return -ENODEV;
	if (nvec > 4) {
		*max_vec = 4;
		return -ENFILE;
	}
	msi_maps++;
	return MSI_VECTOR + msi_maps - 1;
}

static unsigned int last_msix_entry;
static uint64_t last_table_base;

int guest_msix_map(struct domain *d, uint8_t bus, uint8_t devfn,
		   unsigned int entry_nr, uint64_t table_base)
{
	(void)d;
	(void)bus;
	if (devfn == NOCAP_DEVFN)
		return -ENODEV;
	if (entry_nr >= 4)
		return -EINVAL;
	last_msix_entry = entry_nr;
	last_table_base = table_base;
	msi_maps++;
	return MSI_VECTOR + msi_maps - 1;
}

void guest_msi_unmap(const struct domain *d, uint8_t vector)
{
	(void)d;
	last_msi_unmap = vector;
}

static int last_restore_devfn;

void guest_msi_restore(uint8_t bus, uint8_t devfn)
{
	(void)bus;
	last_restore_devfn = devfn;
}

void guest_msi_eoi(const struct domain *d, uint8_t vector)
{
	(void)d;
	last_msi_eoi = vector;
}

void log_printf(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

uint64_t guest_irq_lock(void)
{
	return 0;
}

void guest_irq_unlock(uint64_t flags)
{
	(void)flags;
}

unsigned int guest_irq_nr_gsis(void)
{
	return NR_GSIS;
}

void guest_irq_unbind(const struct domain *d, uint32_t pirq)
{
	(void)d;
	last_unbind_pirq = (int)pirq;
}

void guest_irq_eoi(const struct domain *d, uint32_t gsi)
{
	(void)d;
	last_eoi_gsi = (int)gsi;
}

int guest_irq_setup_gsi(uint32_t gsi, bool level, bool active_low)
{
	last_setup_gsi = (int)gsi;
	last_level = level;
	last_low = active_low;
	return 0;
}

unsigned int domain_nr_pirqs(const struct domain *d)
{
	return NR_GSIS +
	       (d->is_initdomain ? PIRQ_EXTRA_HWDOM : PIRQ_EXTRA_DOMU);
}

struct pirq_table *domain_pirq_table(struct domain *d)
{
	unsigned int n = domain_nr_pirqs(d);

	if (!d->arch.pirqs) {
		d->arch.pirqs = malloc(pirq_table_bytes(n));
		pirq_table_init(d->arch.pirqs, n, NR_GSIS);
	}
	return d->arch.pirqs;
}

void pirq_set_eoi_bit(struct domain *d, uint32_t pirq, bool needs_eoi)
{
	(void)d;
	(void)pirq;
	(void)needs_eoi;
}

static void reset(bool privileged, bool hwdom)
{
	free(fg_dom.arch.pirqs);
	free(other_dom.arch.pirqs);
	fg_reset();
	memset(&other_dom, 0, sizeof(other_dom));
	other_dom.domain_id = 7;
	fg_dom.is_privileged = privileged;
	fg_dom.is_initdomain = hwdom;
	last_eoi_gsi = last_unbind_pirq = last_setup_gsi = -1;
	last_msi_unmap = last_msi_eoi = -1;
	msi_maps = 0;
}

static long map(domid_t dom, int type, int index, int pirq)
{
	struct physdev_map_pirq m = {
		.domid = dom, .type = type, .index = index, .pirq = pirq
	};

	memcpy(fg_ptr(FG_BASE), &m, sizeof(m));
	return physdev_map_pirq(FG_BASE);
}

static int mapped_pirq(void)
{
	struct physdev_map_pirq m;

	memcpy(&m, fg_ptr(FG_BASE), sizeof(m));
	return m.pirq;
}

static long map_msi(domid_t dom, int type, int pirq, unsigned int devfn,
		    int entry_nr, uint64_t table_base)
{
	struct physdev_map_pirq m = { .domid = dom,
				      .type = type,
				      .index = -1,
				      .pirq = pirq,
				      .devfn = (int)devfn,
				      .entry_nr = entry_nr,
				      .table_base = table_base };

	memcpy(fg_ptr(FG_BASE), &m, sizeof(m));
	return physdev_map_pirq(FG_BASE);
}

static long unmap(domid_t dom, int pirq)
{
	struct physdev_unmap_pirq u = { .domid = dom, .pirq = pirq };

	memcpy(fg_ptr(FG_BASE), &u, sizeof(u));
	return physdev_unmap_pirq(FG_BASE);
}

static long setup(int gsi, uint8_t trig, uint8_t pol)
{
	struct physdev_setup_gsi s = { .gsi = gsi,
				       .triggering = trig,
				       .polarity = pol };

	memcpy(fg_ptr(FG_BASE), &s, sizeof(s));
	return physdev_setup_gsi(FG_BASE);
}

static long eoi(uint32_t pirq)
{
	struct physdev_eoi e = { .irq = pirq };

	memcpy(fg_ptr(FG_BASE), &e, sizeof(e));
	return physdev_eoi(FG_BASE);
}

static long status(uint32_t pirq, uint32_t *flags)
{
	struct physdev_irq_status_query q = { .irq = pirq };
	long rc;

	memcpy(fg_ptr(FG_BASE), &q, sizeof(q));
	rc = physdev_irq_status_query(FG_BASE);
	memcpy(&q, fg_ptr(FG_BASE), sizeof(q));
	*flags = q.flags;
	return rc;
}

static void test_domu(void)
{
	struct physdev_irq v = { .irq = 9 };
	struct physdev_get_free_pirq f = { .type = MAP_PIRQ_TYPE_GSI };
	uint32_t flags = 0;

	reset(false, false);
	CHECK_EQ(map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 8, 8), -EPERM);
	CHECK_EQ(fg_dom.arch.pirqs, NULL);
	CHECK_EQ(map(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, -1), -EPERM);
	CHECK_EQ(map(99, MAP_PIRQ_TYPE_GSI, 8, 8), -ESRCH);
	CHECK_EQ(unmap(DOMID_SELF, 8), -EPERM);
	CHECK_EQ(setup(-1, 0, 0), -EINVAL);
	CHECK_EQ(setup(NR_GSIS, 0, 0), -EINVAL);
	CHECK_EQ(setup(8, 0, 0), -EPERM);
	CHECK_EQ(last_setup_gsi, -1);
	memcpy(fg_ptr(FG_BASE), &v, sizeof(v));
	CHECK_EQ(physdev_alloc_irq_vector(FG_BASE), -EPERM);
	/* Xen lets any domain reserve a pirq. */
	memcpy(fg_ptr(FG_BASE), &f, sizeof(f));
	CHECK_EQ(physdev_get_free_pirq(FG_BASE), 0);
	memcpy(&f, fg_ptr(FG_BASE), sizeof(f));
	CHECK_EQ(f.pirq, 16);
	/* 24 GSIs + 32. */
	CHECK_EQ(status(NR_GSIS + 31, &flags), 0);
	CHECK_EQ(flags, XENIRQSTAT_needs_eoi);
	CHECK_EQ(status(NR_GSIS + 32, &flags), -EINVAL);
	CHECK_EQ(eoi(NR_GSIS + 32), -EINVAL);
	CHECK_EQ(eoi(20), -EINVAL); /* never used */
	CHECK_EQ(eoi(16), 0);	    /* reserved: Xen knows it */
	CHECK_EQ(last_eoi_gsi, -1);
	CHECK_EQ(refs, 0);
}

static void test_dom0(void)
{
	struct physdev_irq v = { .irq = 9 };

	reset(true, true);
	CHECK_EQ(map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 8, 8), 0);
	CHECK_EQ(mapped_pirq(), 8);
	CHECK_EQ(fg_dom.arch.pirqs->e[8].state, PIRQ_MAPPED);
	CHECK_EQ(fg_dom.arch.pirqs->e[8].gsi, 8);
	CHECK_EQ(map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 20, -1), 0);
	CHECK_EQ(mapped_pirq(), 16);
	/* Errors leave the copied-back pirq as it was. */
	CHECK_EQ(map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 0, -1), -EPERM);
	CHECK_EQ(mapped_pirq(), -1);
	CHECK_EQ(map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, NR_GSIS, 5), -EINVAL);
	CHECK_EQ(map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, -1, 5), -EINVAL);
	CHECK_EQ(map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 5, 100000), -EINVAL);
	CHECK_EQ(map(DOMID_SELF, 7, 5, 5), -EINVAL);
	/* 00:00.0 is not registered. */
	CHECK_EQ(map(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, -1), -ENODEV);
	CHECK_EQ(map(DOMID_SELF, MAP_PIRQ_TYPE_MSI_SEG, -1, -1), -ENODEV);
	CHECK_EQ(map(99, MAP_PIRQ_TYPE_GSI, 5, 5), -ESRCH);
	CHECK_EQ(physdev_map_pirq(FG_HOLE_VA), -EFAULT);
	CHECK_EQ(physdev_unmap_pirq(FG_HOLE_VA), -EFAULT);
	CHECK_EQ(physdev_setup_gsi(FG_HOLE_VA), -EFAULT);
	CHECK_EQ(physdev_eoi(FG_HOLE_VA), -EFAULT);
	/* For another domain: its table, not ours. */
	CHECK_EQ(map(7, MAP_PIRQ_TYPE_GSI, 11, 3), 0);
	CHECK_EQ(other_dom.arch.pirqs->e[3].gsi, 11);
	CHECK_EQ(fg_dom.arch.pirqs->e[3].state, PIRQ_FREE);
	CHECK_EQ(unmap(7, 3), 0);
	CHECK_EQ(unmap(7, 3), -EINVAL);
	/* setup_gsi passes the low bit of each field. */
	CHECK_EQ(setup(9, 3, 0xfe), 0);
	CHECK_EQ(last_setup_gsi, 9);
	CHECK_EQ(last_level, true);
	CHECK_EQ(last_low, false);
	/* EOI and unmap reach the GSI / pirq they name. */
	CHECK_EQ(eoi(16), 0);
	CHECK_EQ(last_eoi_gsi, 20);
	CHECK_EQ(unmap(DOMID_SELF, 16), 0);
	CHECK_EQ(last_unbind_pirq, 16);
	CHECK_EQ(unmap(DOMID_SELF, 16), -EINVAL);
	CHECK_EQ(unmap(DOMID_SELF, -1), -EINVAL);
	memcpy(fg_ptr(FG_BASE), &v, sizeof(v));
	CHECK_EQ(physdev_alloc_irq_vector(FG_BASE), 0);
	memcpy(&v, fg_ptr(FG_BASE), sizeof(v));
	CHECK_EQ(v.vector, 9);
	CHECK_EQ(refs, 0);
}

/* A privileged domain that is not the hardware domain names GSIs only
 * through pirqs of its own, which it has none of. */
static void test_privileged_not_hwdom(void)
{
	reset(true, false);
	CHECK_EQ(map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 8, 8), -EINVAL);
	CHECK_EQ(setup(8, 0, 0), 0);
	CHECK_EQ(refs, 0);
}

static void test_msi_errors(void)
{
	reset(true, true);
	/* An index names an existing IRQ: none on satori. */
	CHECK_EQ(map(DOMID_SELF, MAP_PIRQ_TYPE_MSI, 5, -1), -EINVAL);
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MULTI_MSI, -1, MSI_DEVFN, 0,
			 0),
		 -EDOM);
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MULTI_MSI, -1, MSI_DEVFN, 33,
			 0),
		 -EDOM);
	/* No interrupt remapping: one vector only, as Xen. */
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MULTI_MSI, -1, MSI_DEVFN, 2,
			 0),
		 -EOPNOTSUPP);
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MULTI_MSI, -1, MSI_DEVFN, 1,
			 0x1000),
		 -EINVAL);
	CHECK_EQ(
		map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI, 100000, MSI_DEVFN, 1, 0),
		-EINVAL);
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, NOCAP_DEVFN, 1, 0),
		 -ENODEV);
	/* Another domain's device; a segment satori cannot reach. */
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, D7_DEVFN, 1, 0),
		 -ENODEV);
	CHECK_EQ(map_msi(7, MAP_PIRQ_TYPE_MSI, -1, MSI_DEVFN, 1, 0), -ENODEV);
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI_SEG, -1, MSI_DEVFN, 1,
			 0) /* bus 0, segment 0 */,
		 0);
	CHECK_EQ(unmap(DOMID_SELF, mapped_pirq()), 0);
	/* MSI-X: the device checks first, then the entry (the shim's
	 * table has 4); a negative entry is no small one. */
	CHECK_EQ(map_msi(7, MAP_PIRQ_TYPE_MSI, -1, MSI_DEVFN, 0, 0xfe000000),
		 -ENODEV);
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, NOCAP_DEVFN, 0,
			 0xfe000000),
		 -ENODEV);
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, MSI_DEVFN, 4,
			 0xfe000000),
		 -EINVAL);
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, MSI_DEVFN, -1,
			 0xfe000000),
		 -EINVAL);
	CHECK_EQ(msi_maps, 1);
	CHECK_EQ(refs, 0);
}

static void test_msix_map(void)
{
	struct pirq_entry *e;
	int pirq;

	reset(true, true);
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI_SEG, -1, MSI_DEVFN, 3,
			 0xfe000000),
		 0);
	pirq = mapped_pirq();
	CHECK_EQ(last_msix_entry, 3u);
	CHECK_EQ(last_table_base, 0xfe000000ULL);
	e = &fg_dom.arch.pirqs->e[pirq];
	CHECK_EQ(e->state, PIRQ_MAPPED);
	CHECK_EQ(e->msi, true);
	CHECK_EQ(e->gsi, MSI_VECTOR);
	/* Unmap gives the vector back through guest_msi_unmap. */
	CHECK_EQ(unmap(DOMID_SELF, pirq), 0);
	CHECK_EQ(last_msi_unmap, MSI_VECTOR);
	CHECK_EQ(fg_dom.arch.pirqs->e[pirq].state, PIRQ_FREE);
}

static void test_msi_map(void)
{
	struct pirq_entry *e;
	int pirq;

	reset(true, true);
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, MSI_DEVFN, 7, 0),
		 0);
	pirq = mapped_pirq();
	/* The highest free pirq; one vector whatever entry_nr says. */
	CHECK_EQ(pirq, NR_GSIS + PIRQ_EXTRA_HWDOM - 1);
	CHECK_EQ(last_nvec, 1);
	e = &fg_dom.arch.pirqs->e[pirq];
	CHECK_EQ(e->state, PIRQ_MAPPED);
	CHECK_EQ(e->msi, true);
	CHECK_EQ(e->gsi, MSI_VECTOR);
	/* Mapped already: Xen's success with nothing changed. */
	CHECK_EQ(
		map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI, pirq, NOCAP_DEVFN, 1, 0),
		0);
	CHECK_EQ(msi_maps, 1);
	CHECK_EQ(map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MULTI_MSI, 40, MSI_DEVFN, 1,
			 0),
		 0);
	CHECK_EQ(mapped_pirq(), 40);
	CHECK_EQ(fg_dom.arch.pirqs->e[40].gsi, MSI_VECTOR + 1);
	/* The GSI side does not see MSI pirqs. */
	CHECK_EQ(pirq_table_gsi_to_pirq(fg_dom.arch.pirqs, MSI_VECTOR + 1), -1);
	CHECK_EQ(eoi(40), 0);
	CHECK_EQ(last_msi_eoi, MSI_VECTOR + 1);
	CHECK_EQ(last_eoi_gsi, -1);
	CHECK_EQ(unmap(DOMID_SELF, 40), 0);
	CHECK_EQ(last_msi_unmap, MSI_VECTOR + 1);
	CHECK_EQ(last_unbind_pirq, -1);
	CHECK_EQ(fg_dom.arch.pirqs->e[40].msi, false);
	CHECK_EQ(unmap(DOMID_SELF, 40), -EINVAL);
	/* For domain 7 with its own device: its table. */
	CHECK_EQ(map_msi(7, MAP_PIRQ_TYPE_MSI, -1, D7_DEVFN, 1, 0), 0);
	CHECK_EQ(mapped_pirq(), NR_GSIS + PIRQ_EXTRA_DOMU - 1);
	CHECK_EQ(other_dom.arch.pirqs->e[mapped_pirq()].msi, true);
	CHECK_EQ(refs, 0);
}

static long restore(unsigned int cmd, uint16_t seg, uint8_t devfn)
{
	struct physdev_restore_msi r = { .devfn = devfn };
	struct physdev_pci_device e = { .seg = seg, .devfn = devfn };

	if (cmd == PHYSDEVOP_restore_msi)
		memcpy(fg_ptr(FG_BASE), &r, sizeof(r));
	else
		memcpy(fg_ptr(FG_BASE), &e, sizeof(e));
	return physdev_restore_msi(cmd, FG_BASE);
}

static void test_restore(void)
{
	reset(false, false);
	last_restore_devfn = -1;
	CHECK_EQ(physdev_restore_msi(PHYSDEVOP_restore_msi, FG_HOLE_VA),
		 -EFAULT);
	/* Xen: the device first, then the privilege. */
	CHECK_EQ(restore(PHYSDEVOP_restore_msi, 0, 0x08), -ENODEV);
	CHECK_EQ(restore(PHYSDEVOP_restore_msi, 0, MSI_DEVFN), -EPERM);
	reset(true, true);
	CHECK_EQ(restore(PHYSDEVOP_restore_msi_ext, 1, MSI_DEVFN), -ENODEV);
	CHECK_EQ(last_restore_devfn, -1);
	/* Another domain's device too (Xen's pci_get_pdev(NULL, ..)). */
	CHECK_EQ(restore(PHYSDEVOP_restore_msi_ext, 0, D7_DEVFN), 0);
	CHECK_EQ(last_restore_devfn, D7_DEVFN);
	CHECK_EQ(restore(PHYSDEVOP_restore_msi, 0, MSI_DEVFN), 0);
	CHECK_EQ(last_restore_devfn, MSI_DEVFN);
}

static int last_prepare_devfn;
static bool last_release;

int msix_dev_prepare(uint8_t bus, uint8_t devfn, bool release)
{
	(void)bus;
	last_prepare_devfn = devfn;
	last_release = release;
	return devfn == NOCAP_DEVFN ? -ENODEV : 0;
}

static long prepare(unsigned int cmd, uint16_t seg, uint8_t devfn)
{
	struct physdev_pci_device e = { .seg = seg, .devfn = devfn };

	memcpy(fg_ptr(FG_BASE), &e, sizeof(e));
	return physdev_prepare_msix(cmd, FG_BASE);
}

static void test_prepare_msix(void)
{
	reset(false, false);
	last_prepare_devfn = -1;
	CHECK_EQ(physdev_prepare_msix(PHYSDEVOP_prepare_msix, FG_HOLE_VA),
		 -EFAULT);
	/* Xen: the privilege first, then the device. */
	CHECK_EQ(prepare(PHYSDEVOP_prepare_msix, 0, MSI_DEVFN), -EPERM);
	reset(true, true);
	CHECK_EQ(prepare(PHYSDEVOP_prepare_msix, 0, 0x08), -ENODEV);
	CHECK_EQ(prepare(PHYSDEVOP_release_msix, 1, MSI_DEVFN), -ENODEV);
	CHECK_EQ(last_prepare_devfn, -1);
	CHECK_EQ(prepare(PHYSDEVOP_prepare_msix, 0, NOCAP_DEVFN), -ENODEV);
	CHECK_EQ(prepare(PHYSDEVOP_prepare_msix, 0, MSI_DEVFN), 0);
	CHECK_EQ(last_prepare_devfn, MSI_DEVFN);
	CHECK_EQ(last_release, false);
	CHECK_EQ(prepare(PHYSDEVOP_release_msix, 0, MSI_DEVFN), 0);
	CHECK_EQ(last_release, true);
}

int main(void)
{
	test_domu();
	test_dom0();
	test_privileged_not_hwdom();
	test_msi_errors();
	test_msi_map();
	test_msix_map();
	test_restore();
	test_prepare_msix();
	reset(false, false);
	return check_summary("test-physdev-irq");
}
