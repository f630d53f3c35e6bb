/* SPDX-License-Identifier: MIT */
/*
 * Guest GSIs (asm/guest-irq.h): the vector per GSI, the IO-APIC pin
 * programming on setup_gsi and bind, and the interrupt handler that turns
 * an interrupt into the bound pirq's event. A level-triggered GSI stays
 * masked from the interrupt until the guest's EOI, so a device that keeps
 * its line asserted cannot storm the hypervisor; the local APIC is
 * acknowledged at once either way (no vector stays in service while the
 * guest runs).
 */
#include <satori/bug.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/event.h>
#include <satori/keyhandler.h>
#include <satori/log.h>
#include <satori/spinlock.h>

#include <asm/apic.h>
#include <asm/guest-irq.h>
#include <asm/guest-msi.h>
#include <asm/irq.h>
#include <asm/pv-entry.h>

/* The vectors below and above the PV int $0x80 gate. */
#define PV_SOFTINT_GAP PV_INT80_VECTOR
#define LOW_VECTORS (PV_SOFTINT_GAP - GUEST_IRQ_VECTOR_FIRST)
#define MAX_GUEST_GSIS (GUEST_IRQ_VECTOR_LAST - GUEST_IRQ_VECTOR_FIRST)

struct guest_gsi {
	struct domain *d;	/* Bound domain; NULL: none. */
	uint32_t pirq, port;	/* Its pirq and event channel. */
	bool level, active_low; /* Valid once configured. */
	bool configured;	/* setup_gsi or a bind programmed the pin. */
	bool in_flight;		/* Level: masked until the guest's EOI. */
	uint64_t count;		/* Interrupts delivered while bound. */
};

static struct guest_gsi gsis[MAX_GUEST_GSIS];
static unsigned int nr_gsis;
static DEFINE_SPINLOCK(lock);

uint64_t guest_irq_lock(void)
{
	return spin_lock_irqsave(&lock);
}

void guest_irq_unlock(uint64_t flags)
{
	spin_unlock_irqrestore(&lock, flags);
}

unsigned int guest_irq_nr_gsis(void)
{
	return nr_gsis;
}

static uint8_t gsi_vector(uint32_t gsi)
{
	return (uint8_t)(gsi < LOW_VECTORS
				 ? GUEST_IRQ_VECTOR_FIRST + gsi
				 : PV_SOFTINT_GAP + 1 + gsi - LOW_VECTORS);
}

static int vector_gsi(unsigned int vector)
{
	if (vector >= GUEST_IRQ_VECTOR_FIRST && vector < PV_SOFTINT_GAP)
		return (int)(vector - GUEST_IRQ_VECTOR_FIRST);
	if (vector > PV_SOFTINT_GAP && vector <= GUEST_IRQ_VECTOR_LAST)
		return (int)(vector - PV_SOFTINT_GAP - 1 + LOW_VECTORS);
	return -1;
}

bool guest_irq_vector_spare(unsigned int vector)
{
	int gsi = vector_gsi(vector);

	return gsi >= 0 && (unsigned int)gsi >= nr_gsis;
}

bool guest_irq_gsi_usable(uint32_t gsi)
{
	return gsi < nr_gsis && !ioapic_gsi_hv_owned(gsi);
}

static void guest_gsi_interrupt(struct cpu_user_regs *regs)
{
	int gsi = vector_gsi(regs->entry_vector);
	struct guest_gsi *g;
	uint64_t flags;

	if (gsi < 0 || (unsigned int)gsi >= nr_gsis) {
		apic_eoi();
		return;
	}
	g = &gsis[gsi];
	flags = guest_irq_lock();
	if (!g->d) {
		/* Unbound meanwhile: keep it quiet. */
		ioapic_mask_gsi((uint32_t)gsi, true);
	} else if (g->level) {
		/* Masked before the EOI broadcast clears Remote IRR. */
		ioapic_mask_gsi((uint32_t)gsi, true);
		g->in_flight = true;
	}
	apic_eoi();
	if (g->d) {
		g->count++;
		evtchn_send_pirq(g->d, g->port, g->pirq);
	}
	guest_irq_unlock(flags);
}

void guest_irq_init(void)
{
	unsigned int n = ioapic_nr_gsis();

	nr_gsis = n < MAX_GUEST_GSIS ? n : MAX_GUEST_GSIS;
	for (unsigned int gsi = 0; gsi < nr_gsis; gsi++)
		BUG_ON(set_irq_vector_handler(gsi_vector(gsi),
					      guest_gsi_interrupt));
	if (n > nr_gsis)
		log_warn("pirq: GSIs %u-%u cannot be given to guests\n",
			 nr_gsis, n - 1);
}

int guest_irq_setup_gsi(uint32_t gsi, bool level, bool active_low)
{
	struct guest_gsi *g;

	if (gsi >= nr_gsis)
		return -EINVAL;
	g = &gsis[gsi];
	if (ioapic_gsi_hv_owned(gsi) || g->d || g->configured)
		return -EEXIST;
	g->level = level;
	g->active_low = active_low;
	g->configured = true;
	return ioapic_program_gsi(gsi, gsi_vector(gsi), cpu_apic_id[0], level,
				  active_low, true);
}

int guest_irq_bind(struct domain *d, uint32_t gsi, uint32_t pirq, uint32_t port)
{
	struct guest_gsi *g;
	int rc;

	if (!guest_irq_gsi_usable(gsi) || gsis[gsi].d)
		return -EBUSY;
	g = &gsis[gsi];
	if (!g->configured) {
		ioapic_gsi_default_mode(gsi, &g->level, &g->active_low);
		g->configured = true;
	}
	g->in_flight = false;
	rc = ioapic_program_gsi(gsi, gsi_vector(gsi), cpu_apic_id[0], g->level,
				g->active_low, false);
	if (rc)
		return rc;
	g->d = d;
	g->pirq = pirq;
	g->port = port;
	g->count = 0;
	return g->level;
}

void guest_irq_unbind(const struct domain *d, uint32_t pirq)
{
	for (unsigned int gsi = 0; gsi < nr_gsis; gsi++) {
		struct guest_gsi *g = &gsis[gsi];

		if (g->d != d || g->pirq != pirq)
			continue;
		ioapic_mask_gsi(gsi, true);
		g->d = NULL;
		g->in_flight = false;
	}
}

void guest_irq_eoi(const struct domain *d, uint32_t gsi)
{
	struct guest_gsi *g;

	if (gsi >= nr_gsis)
		return;
	g = &gsis[gsi];
	if (g->d != d || !g->in_flight)
		return;
	g->in_flight = false;
	ioapic_mask_gsi(gsi, false);
}

/* Xen's key for its interrupt bindings. Copies each entry under the lock,
 * prints without it. */
static void dump_guest_irqs(unsigned char key)
{
	(void)key;
	printk("'i': guest GSIs (vectors %#x-%#x)\n", GUEST_IRQ_VECTOR_FIRST,
	       GUEST_IRQ_VECTOR_LAST);
	for (unsigned int gsi = 0; gsi < nr_gsis; gsi++) {
		uint64_t flags = guest_irq_lock();
		struct guest_gsi g = gsis[gsi];
		domid_t dom = g.d ? g.d->domain_id : 0;

		guest_irq_unlock(flags);
		if (!g.d && !g.configured)
			continue;
		if (g.d)
			printk("  GSI %u vector %#x %s %s: d%u pirq %u port %u%s, "
			       "%lu interrupts\n",
			       gsi, gsi_vector(gsi), g.level ? "level" : "edge",
			       g.active_low ? "low" : "high", dom, g.pirq,
			       g.port, g.in_flight ? ", awaits EOI" : "",
			       (unsigned long)g.count);
		else
			printk("  GSI %u vector %#x %s %s: set up, not bound\n",
			       gsi, gsi_vector(gsi), g.level ? "level" : "edge",
			       g.active_low ? "low" : "high");
	}
	guest_msi_dump();
}

KEYHANDLER('i', dump_guest_irqs, "dump guest GSIs (pirq bindings)");
