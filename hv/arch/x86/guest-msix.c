/* SPDX-License-Identifier: MIT */
/*
 * The hardware domain's MSI-X devices (asm/guest-msix.h): a record per
 * device with mapped entries, the hypervisor's uncached mapping of its
 * vector table, and the table and PBA frames kept read-only to guests
 * while any entry is mapped. The setup follows Xen 4.17's
 * msix_capability_init for a hardware domain: all vectors masked through
 * the function mask while the table is touched, MSI-X enable left as the
 * guest had it.
 */
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/pci.h>

#include <asm/guest-irq.h>
#include <asm/guest-msix.h>
#include <asm/ioremap.h>
#include <asm/iomem-deny.h>
#include <asm/mm.h>
#include <asm/msix.h>
#include <asm/pci-conf.h>

/* Devices with MSI-X entries mapped at once; a machine has few. */
#define MSIX_MAX_DEVICES 32

struct msix_dev {
	unsigned int users; /* Mapped entries; 0: the slot is free. */
	uint8_t bus, devfn;
	struct msix_layout l;
	uint32_t *table;    /* The first entry, uncached. */
	bool host_maskall;  /* The hypervisor needs the function mask. */
	bool guest_maskall; /* The guest's last function mask. */
	bool prepared;	    /* PHYSDEVOP_prepare_msix holds one use. */
};

static struct msix_dev devs[MSIX_MAX_DEVICES];
/* Records in use: the page-table hook's fast path reads it unlocked. */
static unsigned int nr_devs;

static uint16_t control_of(const struct msix_dev *x)
{
	struct pci_fn a = { x->bus, x->devfn };

	return (uint16_t)pci_fn_conf_read(&a, x->l.pos + PCI_MSIX_CONTROL, 2);
}

/* Write the control word of the MSI-X capability at @pos of @bus/@devfn. */
static void write_control(uint8_t bus, uint8_t devfn, unsigned int pos,
			  uint16_t ctl)
{
	unsigned int reg = pos + PCI_MSIX_CONTROL;

	pci_cf8_write(pci_cf8_of(bus, devfn, reg), reg & 3, 2, ctl);
}

static void set_control(const struct msix_dev *x, uint16_t ctl)
{
	write_control(x->bus, x->devfn, x->l.pos, ctl);
}

static bool memory_decoded(uint8_t bus, uint8_t devfn)
{
	struct pci_fn a = { bus, devfn };

	return pci_fn_conf_read(&a, PCI_COMMAND, 2) & PCI_COMMAND_MEMORY;
}

static volatile uint32_t *entry_word(const struct msix_dev *x,
				     unsigned int entry, unsigned int off)
{
	/* Device memory: every access must reach it. */
	return (volatile uint32_t *)x->table +
	       (entry * MSIX_ENTRY_SIZE + off) / 4;
}

static struct msix_dev *find_dev(uint8_t bus, uint8_t devfn)
{
	for (unsigned int i = 0; i < MSIX_MAX_DEVICES; i++)
		if (devs[i].users && devs[i].bus == bus &&
		    devs[i].devfn == devfn)
			return &devs[i];
	return NULL;
}

/* Device memory the hardware domain could map anyway: not RAM, not a
 * frame the hypervisor keeps, inside the physical address width. */
static bool frames_are_device_memory(uint64_t first, uint64_t last)
{
	if (last >= iomem_pfn_limit())
		return false;
	for (uint64_t pfn = first; pfn <= last; pfn++)
		if (host_e820_page_is_ram((paddr_t)pfn << PAGE_SHIFT) ||
		    iomem_hv_frame(pfn))
			return false;
	return true;
}

/* A new record: the layout checked and the table mapped. */
static int dev_create(struct msix_dev *x, const struct pci_fn *a)
{
	const struct msix_layout *l = &x->l;
	size_t len = (size_t)l->nr_entries * MSIX_ENTRY_SIZE;

	if (!frames_are_device_memory(l->table_first_pfn, l->table_last_pfn) ||
	    !frames_are_device_memory(l->pba_first_pfn, l->pba_last_pfn)) {
		log_printf(LOG_WARN | LOG_GUEST,
			   "pirq: %02x:%02x.%u's MSI-X table or PBA is not "
			   "device memory; refused\n",
			   a->bus, PCI_SLOT(a->devfn), PCI_FUNC(a->devfn));
		return -ENXIO;
	}
	x->table = ioremap(l->table_pa, len);
	if (!x->table)
		return -ENOMEM;
	x->bus = a->bus;
	x->devfn = a->devfn;
	x->host_maskall = false;
	x->prepared = false;
	return 0;
}

static struct msix_dev *free_slot(void)
{
	for (unsigned int i = 0; i < MSIX_MAX_DEVICES; i++)
		if (!devs[i].users)
			return &devs[i];
	return NULL;
}

/* The device's layout, and its record (existing or a fresh slot). */
static int lookup(struct pci_fn *a, unsigned int pos, struct msix_layout *l,
		  struct msix_dev **x)
{
	if (msix_locate(pci_fn_conf_read, a, pos, l))
		return -ENXIO;
	*x = find_dev(a->bus, a->devfn);
	if (*x) {
		/* Xen warns when the table moved under mapped entries; its
		 * read-only frames would be stale, so satori refuses. */
		return (*x)->l.table_pa == l->table_pa &&
				       (*x)->l.pba_pa == l->pba_pa
			       ? 0
			       : -ENXIO;
	}
	*x = free_slot();
	if (!*x)
		return -ENOSPC;
	(*x)->l = *l;
	return dev_create(*x, a);
}

static void warn_table_base(const struct pci_fn *a, uint64_t table_base,
			    uint64_t bar)
{
	if (table_base != bar)
		log_printf(LOG_WARN | LOG_GUEST,
			   "pirq: MSI-X table_base %#lx of %02x:%02x.%u is not "
			   "its BAR %#lx; the BAR is used\n",
			   (unsigned long)table_base, a->bus,
			   PCI_SLOT(a->devfn), PCI_FUNC(a->devfn),
			   (unsigned long)bar);
}

/* With the function masked and enabled: locate, record, mask @entry
 * (none if negative: prepare_msix). */
static int setup_masked(struct pci_fn *a, unsigned int pos, int entry,
			uint64_t table_base, struct msix_dev **out)
{
	struct msix_layout l;
	struct msix_dev *x;
	int rc;

	if (!memory_decoded(a->bus, a->devfn))
		return -ENXIO;
	rc = lookup(a, pos, &l, &x);
	if (rc)
		return rc;
	if (entry >= 0) {
		warn_table_base(a, table_base, l.table_bar);
		*entry_word(x, (unsigned int)entry, MSIX_ENTRY_CTRL) =
			MSIX_ENTRY_CTRL_MASKBIT;
	}
	if (!x->users++)
		__atomic_fetch_add(&nr_devs, 1, __ATOMIC_RELEASE);
	*out = x;
	return 0;
}

/* Xen's msix_capability_init for @entry (none if negative), the
 * capability at @pos reading @ctl. */
static int capability_init(struct pci_fn *a, unsigned int pos, uint16_t ctl,
			   int entry, uint64_t table_base,
			   struct msix_dev **out)
{
	uint8_t bus = a->bus, devfn = a->devfn;
	struct msix_dev *old = find_dev(bus, devfn);
	int rc;

	/* Some devices need MSI-X on before their table can be touched;
	 * the function mask keeps every vector quiet meanwhile. */
	write_control(bus, devfn, pos,
		      ctl | PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
	rc = setup_masked(a, pos, entry, table_base, out);
	if (rc) {
		/* Xen: MSI-X goes off again if no entry was in use. */
		write_control(bus, devfn, pos,
			      old ? ctl : ctl & ~PCI_MSIX_FLAGS_ENABLE);
		return rc;
	}
	/* First use: the function mask is the guest's as it last set it. */
	if (!old)
		(*out)->guest_maskall = ctl & PCI_MSIX_FLAGS_MASKALL;
	if ((*out)->host_maskall)
		ctl |= PCI_MSIX_FLAGS_MASKALL;
	set_control(*out, ctl);
	return 0;
}

int msix_dev_get(uint8_t bus, uint8_t devfn, unsigned int entry_nr,
		 uint64_t table_base, struct msix_dev **out)
{
	struct pci_fn a = { bus, devfn };
	unsigned int pos = msi_find_cap(pci_fn_conf_read, &a, PCI_CAP_ID_MSIX);
	uint16_t ctl;

	if (!pos)
		return -ENODEV;
	ctl = (uint16_t)pci_fn_conf_read(&a, pos + PCI_MSIX_CONTROL, 2);
	if (entry_nr >= msix_table_size(ctl))
		return -EINVAL;
	return capability_init(&a, pos, ctl, (int)entry_nr, table_base, out);
}

int msix_dev_prepare(uint8_t bus, uint8_t devfn, bool release)
{
	struct pci_fn a = { bus, devfn };
	unsigned int pos = msi_find_cap(pci_fn_conf_read, &a, PCI_CAP_ID_MSIX);
	struct msix_dev *x = find_dev(bus, devfn);
	int rc;

	if (!pos)
		return -ENODEV;
	/* Xen: prepare only an unused device, release only one whose sole
	 * use is the preparation (a mapped entry's use is not one: putting
	 * it would free the table under the entry's vector). */
	if (release) {
		if (!x || !x->prepared || x->users != 1)
			return -EBUSY;
		x->prepared = false;
		msix_dev_put(x);
		return 0;
	}
	if (x)
		return -EBUSY;
	rc = capability_init(
		&a, pos,
		(uint16_t)pci_fn_conf_read(&a, pos + PCI_MSIX_CONTROL, 2), -1,
		0, &x);
	if (!rc)
		x->prepared = true;
	return rc;
}

void msix_dev_put(struct msix_dev *x)
{
	if (!x->users || --x->users)
		return;
	iounmap(x->table, (size_t)x->l.nr_entries * MSIX_ENTRY_SIZE);
	x->table = NULL;
	__atomic_fetch_sub(&nr_devs, 1, __ATOMIC_RELEASE);
}

/* Open the table for an access: MSI-X must be on for some devices, so
 * it is turned on with every vector masked. @return the control word
 * to put back, as found. */
static uint16_t access_begin(struct msix_dev *x)
{
	uint16_t ctl = control_of(x);

	if (!(ctl & PCI_MSIX_FLAGS_ENABLE))
		set_control(x, ctl | PCI_MSIX_FLAGS_ENABLE |
				       PCI_MSIX_FLAGS_MASKALL);
	return ctl;
}

static void access_end(struct msix_dev *x, uint16_t ctl)
{
	ctl &= (uint16_t)~PCI_MSIX_FLAGS_MASKALL;
	if (x->host_maskall || x->guest_maskall)
		ctl |= PCI_MSIX_FLAGS_MASKALL;
	set_control(x, ctl);
}

void msix_entry_write_msg(struct msix_dev *x, unsigned int entry, uint32_t addr,
			  uint32_t data)
{
	uint16_t ctl;

	if (!memory_decoded(x->bus, x->devfn))
		return; /* Written again on bind and restore. */
	ctl = access_begin(x);
	*entry_word(x, entry, MSIX_ENTRY_ADDR_LO) = addr;
	*entry_word(x, entry, MSIX_ENTRY_ADDR_HI) = 0;
	*entry_word(x, entry, MSIX_ENTRY_DATA) = data;
	access_end(x, ctl);
}

void msix_entry_mask(struct msix_dev *x, unsigned int entry, bool masked)
{
	uint16_t ctl = access_begin(x);

	if (memory_decoded(x->bus, x->devfn)) {
		*entry_word(x, entry, MSIX_ENTRY_CTRL) =
			masked ? MSIX_ENTRY_CTRL_MASKBIT : 0;
		(void)*entry_word(x, entry, MSIX_ENTRY_CTRL); /* Posted. */
	} else if (masked && !x->host_maskall) {
		/* The entry cannot be reached: mask the whole function,
		 * for as long as the record lives (Xen's host_maskall). */
		x->host_maskall = true;
		log_printf(LOG_WARN | LOG_GUEST,
			   "pirq: cannot mask MSI-X entry %u of %02x:%02x.%u "
			   "(memory decoding off): function masked\n",
			   entry, x->bus, PCI_SLOT(x->devfn),
			   PCI_FUNC(x->devfn));
	}
	access_end(x, ctl);
}

uint32_t msix_entry_ctrl(const struct msix_dev *x, unsigned int entry)
{
	return *entry_word(x, entry, MSIX_ENTRY_CTRL);
}

void msix_dev_enable(struct msix_dev *x)
{
	uint16_t ctl = control_of(x) | PCI_MSIX_FLAGS_ENABLE;

	access_end(x, ctl);
}

bool msix_conf_write_filter(uint8_t bus, uint8_t devfn, unsigned int reg,
			    unsigned int bytes, uint32_t *val,
			    enum msi_write_verdict *verdict)
{
	struct msix_dev *x = find_dev(bus, devfn);

	if (!x)
		return false;
	*verdict = msix_filter_write(x->l.pos, reg, bytes, val, x->host_maskall,
				     &x->guest_maskall);
	return true;
}

bool guest_msix_ro_frame(uint64_t pfn)
{
	uint64_t flags;
	bool ro = false;

	if (!__atomic_load_n(&nr_devs, __ATOMIC_ACQUIRE))
		return false;
	flags = guest_irq_lock();
	for (unsigned int i = 0; i < MSIX_MAX_DEVICES && !ro; i++)
		ro = devs[i].users &&
		     msix_layout_overlaps(&devs[i].l, pfn, pfn);
	guest_irq_unlock(flags);
	return ro;
}

void msix_dev_describe(const struct msix_dev *x, uint8_t *bus, uint8_t *devfn,
		       unsigned int *users)
{
	*bus = x->bus;
	*devfn = x->devfn;
	*users = x->users;
}
