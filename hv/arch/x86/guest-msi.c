/* SPDX-License-Identifier: MIT */
/*
 * Guest MSIs (asm/guest-msi.h): a vector per mapped device from the
 * guest vectors no GSI uses, the device's MSI capability programmed
 * through 0xcf8/0xcfc, or one MSI-X table entry (guest-msix.c keeps the
 * device's table), the interrupt handler that turns a message into the
 * bound pirq's event, and the filter on the hardware domain's config
 * writes. The local APIC is acknowledged at once; a device without mask
 * bits has its next message held until the guest's EOI instead.
 */
#include <satori/bug.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/event.h>
#include <satori/log.h>

#include <asm/apic.h>
#include <asm/guest-irq.h>
#include <asm/guest-msi.h>
#include <asm/guest-msix.h>
#include <asm/irq.h>
#include <asm/msi.h>
#include <asm/pci-conf.h>

struct guest_msi {
	struct domain *d; /* Owner; NULL: the vector is free. */
	uint8_t bus, devfn;
	struct msi_cap cap;   /* MSI only. */
	struct msix_dev *x;   /* MSI-X: the device's table; NULL for MSI. */
	uint16_t entry;	      /* MSI-X: the table entry. */
	uint16_t control;     /* As read at map time. */
	uint32_t pirq, port;  /* port 0: not bound. */
	unsigned int cpu;     /* The messages' destination. */
	bool in_flight, held; /* No mask bits: awaiting EOI, one waiting. */
	uint64_t count;	      /* Messages delivered while bound. */
};

/* Indexed by vector; only guest vectors no GSI uses are ever set. */
static struct guest_msi msis[NR_VECTORS];

static void dev_write(const struct guest_msi *m, unsigned int reg,
		      unsigned int bytes, uint32_t val)
{
	pci_cf8_write(pci_cf8_of(m->bus, m->devfn, reg), reg & 3, bytes, val);
}

static bool maskable(const struct guest_msi *m)
{
	return m->x || m->cap.mask_reg != 0;
}

static uint8_t vector_of(const struct guest_msi *m)
{
	return (uint8_t)(m - msis);
}

static void set_masked(const struct guest_msi *m, bool masked)
{
	uint32_t all = ~0u >> (32 - m->cap.max_vec);

	if (m->x)
		msix_entry_mask(m->x, m->entry, masked);
	else if (maskable(m))
		dev_write(m, m->cap.mask_reg, 4, masked ? all : all & ~1u);
}

static void set_destination(const struct guest_msi *m, unsigned int cpu)
{
	if (m->x) {
		msix_entry_write_msg(m->x, m->entry,
				     msi_msg_address(cpu_apic_id[cpu]),
				     msi_msg_data(vector_of(m)));
		return;
	}
	dev_write(m, m->cap.pos + 4u, 4, msi_msg_address(cpu_apic_id[cpu]));
}

static struct guest_msi *device_msi(uint8_t bus, uint8_t devfn)
{
	for (unsigned int v = 0; v < NR_VECTORS; v++)
		if (msis[v].d && !msis[v].x && msis[v].bus == bus &&
		    msis[v].devfn == devfn)
			return &msis[v];
	return NULL;
}

static int free_vector(void)
{
	for (unsigned int v = FIRST_IRQ_VECTOR; v < NR_VECTORS; v++)
		if (guest_irq_vector_spare(v) && !msis[v].d)
			return (int)v;
	return -ENOSPC;
}

/* Xen's msi_capability_init for the hardware domain: the enable bit is
 * left as found (the guest turns MSI on itself). */
static void program(struct guest_msi *m, uint8_t vector)
{
	uint16_t ctl = m->control & ~PCI_MSI_FLAGS_QSIZE;

	dev_write(m, m->cap.pos + 2u, 2, ctl & ~PCI_MSI_FLAGS_ENABLE);
	set_destination(m, m->cpu);
	if (m->cap.is64)
		dev_write(m, m->cap.pos + 8u, 4, 0);
	dev_write(m, m->cap.data_reg, 2, msi_msg_data(vector));
	set_masked(m, true);
	dev_write(m, m->cap.pos + 2u, 2, ctl);
}

int guest_msi_map(struct domain *d, uint8_t bus, uint8_t devfn,
		  unsigned int nvec, unsigned int *max_vec)
{
	struct pci_fn a = { bus, devfn };
	struct guest_msi *m;
	struct msi_cap cap;
	unsigned int pos;
	uint16_t control;
	int v;

	if (device_msi(bus, devfn))
		return -EBUSY;
	pos = msi_find_cap(pci_fn_conf_read, &a, PCI_CAP_ID_MSI);
	if (!pos)
		return -ENODEV;
	control = (uint16_t)pci_fn_conf_read(&a, pos + 2, 2);
	msi_cap_layout(&cap, (uint8_t)pos, control);
	if (nvec > cap.max_vec) {
		*max_vec = cap.max_vec;
		return -ENFILE;
	}
	v = free_vector();
	if (v < 0)
		return v;
	m = &msis[v];
	*m = (struct guest_msi){
		.bus = bus, .devfn = devfn, .cap = cap, .control = control
	};
	program(m, (uint8_t)v);
	m->d = d;
	return v;
}

/* Xen's __pci_enable_msix: an MSI the device has goes off first. */
static void msi_off(uint8_t bus, uint8_t devfn)
{
	struct guest_msi *old = device_msi(bus, devfn);
	uint16_t ctl;

	if (!old)
		return;
	ctl = (uint16_t)pci_fn_conf_read(&(struct pci_fn){ bus, devfn },
					 old->cap.pos + 2u, 2);
	dev_write(old, old->cap.pos + 2u, 2, ctl & ~PCI_MSI_FLAGS_ENABLE);
}

int guest_msix_map(struct domain *d, uint8_t bus, uint8_t devfn,
		   unsigned int entry_nr, uint64_t table_base)
{
	struct msix_dev *x;
	struct guest_msi *m;
	int v = free_vector();
	int rc;

	if (v < 0)
		return v;
	rc = msix_dev_get(bus, devfn, entry_nr, table_base, &x);
	if (rc)
		return rc;
	msi_off(bus, devfn);
	m = &msis[v];
	*m = (struct guest_msi){
		.bus = bus, .devfn = devfn, .x = x, .entry = (uint16_t)entry_nr
	};
	set_destination(m, m->cpu);
	m->d = d;
	return v;
}

void guest_msi_unmap(const struct domain *d, uint8_t vector)
{
	struct guest_msi *m = &msis[vector];
	uint16_t ctl;

	if (m->d != d)
		return;
	if (m->x) {
		/* Xen's __pci_disable_msix: the entry masked, MSI-X enable
		 * left to the guest. */
		msix_entry_mask(m->x, m->entry, true);
		msix_dev_put(m->x);
		*m = (struct guest_msi){ 0 };
		return;
	}
	ctl = (uint16_t)pci_fn_conf_read(&(struct pci_fn){ m->bus, m->devfn },
					 m->cap.pos + 2u, 2);
	dev_write(m, m->cap.pos + 2u, 2, ctl & ~PCI_MSI_FLAGS_ENABLE);
	set_masked(m, true);
	*m = (struct guest_msi){ 0 };
}

int guest_msi_bind(struct domain *d, uint8_t vector, uint32_t pirq,
		   uint32_t port)
{
	struct guest_msi *m = &msis[vector];
	const struct vcpu *v = d->vcpus[0];

	if (m->d != d)
		return -EINVAL;
	m->pirq = pirq;
	m->port = port;
	m->in_flight = m->held = false;
	m->count = 0;
	m->cpu = v ? v->processor : 0;
	set_destination(m, m->cpu);
	set_masked(m, false);
	return maskable(m) ? 0 : 1;
}

/* Xen's pci_restore_msi_state for MSI-X: every entry's message and
 * mask bit written again, then MSI-X on. */
static void msix_restore(uint8_t bus, uint8_t devfn)
{
	struct msix_dev *x = NULL;

	for (unsigned int v = 0; v < NR_VECTORS; v++) {
		struct guest_msi *m = &msis[v];

		if (!m->d || !m->x || m->bus != bus || m->devfn != devfn)
			continue;
		x = m->x;
		set_destination(m, m->cpu);
		set_masked(m, !m->port);
	}
	if (x)
		msix_dev_enable(x);
}

void guest_msi_restore(uint8_t bus, uint8_t devfn)
{
	struct guest_msi *m = device_msi(bus, devfn);
	uint16_t ctl;

	msix_restore(bus, devfn);
	if (!m)
		return;
	program(m, (uint8_t)(m - msis));
	if (m->port)
		set_masked(m, false);
	ctl = (uint16_t)pci_fn_conf_read(&(struct pci_fn){ bus, devfn },
					 m->cap.pos + 2u, 2);
	dev_write(m, m->cap.pos + 2u, 2,
		  (ctl & ~PCI_MSI_FLAGS_QSIZE) | PCI_MSI_FLAGS_ENABLE);
}

void guest_msi_unbind(const struct domain *d, uint8_t vector)
{
	struct guest_msi *m = &msis[vector];

	if (m->d != d || !m->port)
		return;
	set_masked(m, true);
	m->port = 0;
	m->in_flight = m->held = false;
}

static void deliver(struct guest_msi *m)
{
	if (!maskable(m)) {
		if (m->in_flight) {
			m->held = true;
			return;
		}
		m->in_flight = true;
	}
	m->count++;
	evtchn_send_pirq(m->d, m->port, m->pirq);
}

void guest_msi_eoi(const struct domain *d, uint8_t vector)
{
	struct guest_msi *m = &msis[vector];

	if (m->d != d || !m->port || !m->in_flight)
		return;
	m->in_flight = false;
	if (m->held) {
		m->held = false;
		deliver(m);
	}
}

static void guest_msi_interrupt(struct cpu_user_regs *regs)
{
	struct guest_msi *m = &msis[regs->entry_vector & 0xff];
	uint64_t flags = guest_irq_lock();

	apic_eoi();
	/* Not bound (or unmapped meanwhile): dropped, as a masked one. */
	if (m->d && m->port)
		deliver(m);
	guest_irq_unlock(flags);
}

void guest_msi_init(void)
{
	unsigned int n = 0;

	for (unsigned int v = FIRST_IRQ_VECTOR; v < NR_VECTORS; v++)
		if (guest_irq_vector_spare(v)) {
			BUG_ON(set_irq_vector_handler(v, guest_msi_interrupt));
			n++;
		}
	log_info("pirq: %u vectors for guest MSIs\n", n);
}

void guest_msi_conf_write(uint32_t cf8, unsigned int offset, unsigned int bytes,
			  uint32_t val)
{
	uint8_t bus = (uint8_t)(cf8 >> 16), devfn = (uint8_t)(cf8 >> 8);
	unsigned int reg = (cf8 & 0xfc) + offset;
	uint64_t flags = guest_irq_lock();
	const struct guest_msi *m = device_msi(bus, devfn);
	enum msi_write_verdict verdict = MSI_WRITE_PASS;

	/* The MSI-X rule first, as Xen; then the MSI one if it passed. */
	if (!msix_conf_write_filter(bus, devfn, reg, bytes, &val, &verdict) ||
	    verdict == MSI_WRITE_PASS) {
		verdict = m ? msi_filter_write(&m->cap, reg, bytes, &val)
			    : MSI_WRITE_PASS;
	}
	if (verdict != MSI_WRITE_DROP)
		pci_cf8_write(cf8, offset, bytes, val);
	guest_irq_unlock(flags);
	if (verdict == MSI_WRITE_DROP)
		log_printf(LOG_WARN | LOG_GUEST,
			   "d0: config write %#x/%u to %02x:%02x.%u's MSI or "
			   "MSI-X capability dropped\n",
			   (cf8 & 0xfc) + offset, bytes, (cf8 >> 16) & 0xff,
			   (cf8 >> 11) & 0x1f, (cf8 >> 8) & 7);
}

void guest_msi_dump(void)
{
	for (unsigned int v = 0; v < NR_VECTORS; v++) {
		uint64_t flags = guest_irq_lock();
		struct guest_msi m = msis[v];
		domid_t dom = m.d ? m.d->domain_id : 0;

		guest_irq_unlock(flags);
		if (!m.d)
			continue;
		if (m.x)
			printk("  MSI-X %02x:%02x.%u entry %u vector %#x: d%u "
			       "pirq %u port %u, %lu interrupts\n",
			       m.bus, (m.devfn >> 3) & 0x1f, m.devfn & 7,
			       m.entry, v, dom, m.pirq, m.port,
			       (unsigned long)m.count);
		else
			printk("  MSI %02x:%02x.%u vector %#x %s: d%u pirq %u "
			       "port %u%s, %lu interrupts\n",
			       m.bus, (m.devfn >> 3) & 0x1f, m.devfn & 7, v,
			       maskable(&m) ? "maskable" : "unmaskable", dom,
			       m.pirq, m.port,
			       m.in_flight ? ", awaits EOI" : "",
			       (unsigned long)m.count);
	}
}
