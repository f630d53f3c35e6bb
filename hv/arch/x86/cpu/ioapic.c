/* SPDX-License-Identifier: MIT */
/*
 * IO-APICs: every pin starts masked; ISA IRQs are routed on request,
 * following the MADT's interrupt source overrides. Registers are reached
 * through the index/data window (IOREGSEL at +0, IOWIN at +0x10).
 */
#include <asm/apic.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/spinlock.h>

#include <asm/acpi.h>
#include <asm/ioremap.h>
#include <asm/irq.h>

#define IOAPIC_MMIO_SIZE 0x20
#define IOREGSEL 0
#define IOWIN (0x10 / 4)
#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_REG_REDIR(pin) (0x10 + 2 * (pin))
#define NR_ISA_IRQS 16

struct ioapic {
	volatile uint32_t *mmio;
	paddr_t phys; /* for dom0's physdev_op apic_read */
	uint32_t gsi_base;
	unsigned int nr_pins;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;
static DEFINE_SPINLOCK(ioapic_lock);
/* GSIs routed for the hypervisor itself by ioapic_route_isa_irq(): never
 * a guest's (pirqs, setup_gsi). Bit per GSI, for the first 256. */
#define HV_GSI_BITS 256
static uint64_t hv_owned_gsis[HV_GSI_BITS / 64];

static uint32_t ioapic_read(const struct ioapic *io, unsigned int reg)
{
	io->mmio[IOREGSEL] = reg;
	return io->mmio[IOWIN];
}

static void ioapic_write(const struct ioapic *io, unsigned int reg, uint32_t v)
{
	io->mmio[IOREGSEL] = reg;
	io->mmio[IOWIN] = v;
}

/* Write the high half first so the entry is never live half-written. */
static void write_redir(const struct ioapic *io, unsigned int pin, uint32_t low,
			uint32_t high)
{
	uint64_t flags = spin_lock_irqsave(&ioapic_lock);

	ioapic_write(io, IOAPIC_REG_REDIR(pin), APIC_LVT_MASKED);
	ioapic_write(io, IOAPIC_REG_REDIR(pin) + 1, high);
	ioapic_write(io, IOAPIC_REG_REDIR(pin), low);
	spin_unlock_irqrestore(&ioapic_lock, flags);
}

/* ISA defaults (edge, active high) unless an override says otherwise. */
static uint32_t isa_irq_gsi(unsigned int irq, uint32_t *lvt_flags)
{
	*lvt_flags = 0;
	for (unsigned int i = 0; i < acpi_nr_overrides; i++) {
		const struct acpi_irq_override *o = &acpi_overrides[i];

		if (o->isa_irq != irq)
			continue;
		if ((o->flags & ACPI_INTI_POLARITY_MASK) ==
		    ACPI_INTI_POLARITY_LOW)
			*lvt_flags |= APIC_LVT_ACTIVE_LOW;
		if ((o->flags & ACPI_INTI_TRIGGER_MASK) ==
		    ACPI_INTI_TRIGGER_LEVEL)
			*lvt_flags |= APIC_LVT_LEVEL;
		return o->gsi;
	}
	return irq;
}

static const struct ioapic *gsi_ioapic(uint32_t gsi, unsigned int *pin)
{
	for (unsigned int i = 0; i < nr_ioapics; i++) {
		const struct ioapic *io = &ioapics[i];

		if (gsi >= io->gsi_base && gsi - io->gsi_base < io->nr_pins) {
			*pin = gsi - io->gsi_base;
			return io;
		}
	}
	return NULL;
}

/* Pins the MADT wires to NMI deliver it to the boot CPU, as firmware
 * intends (e.g. a watchdog or IOCHK line). */
static void setup_nmi_sources(void)
{
	for (unsigned int i = 0; i < acpi_nr_nmi_sources; i++) {
		const struct acpi_nmi_source *n = &acpi_nmi_sources[i];
		const struct ioapic *io;
		uint32_t low = APIC_DM_NMI;
		unsigned int pin;

		io = gsi_ioapic(n->gsi, &pin);
		if (!io)
			continue;
		if ((n->flags & ACPI_INTI_POLARITY_MASK) ==
		    ACPI_INTI_POLARITY_LOW)
			low |= APIC_LVT_ACTIVE_LOW;
		write_redir(io, pin, low, cpu_apic_id[0] << 24);
		log_info("IO-APIC: GSI %u is an NMI source\n", n->gsi);
	}
}

void ioapic_init(void)
{
	for (unsigned int i = 0; i < acpi_nr_ioapics; i++) {
		struct ioapic *io = &ioapics[nr_ioapics];

		io->mmio = ioremap(acpi_ioapics[i].address, IOAPIC_MMIO_SIZE);
		if (!io->mmio) {
			log_err("IO-APIC %u: cannot map %#lx\n",
				acpi_ioapics[i].id,
				(unsigned long)acpi_ioapics[i].address);
			continue;
		}
		io->phys = acpi_ioapics[i].address;
		io->gsi_base = acpi_ioapics[i].gsi_base;
		io->nr_pins =
			((ioapic_read(io, IOAPIC_REG_VERSION) >> 16) & 0xff) +
			1;
		for (unsigned int pin = 0; pin < io->nr_pins; pin++)
			write_redir(io, pin, APIC_LVT_MASKED, 0);
		log_info("IO-APIC %u: GSIs %u-%u, all masked\n",
			 acpi_ioapics[i].id, io->gsi_base,
			 io->gsi_base + io->nr_pins - 1);
		nr_ioapics++;
	}
	setup_nmi_sources();
}

static void set_hv_owned(uint32_t gsi, bool owned)
{
	uint64_t bit = 1ULL << (gsi % 64);

	if (gsi >= HV_GSI_BITS)
		return;
	if (owned)
		__atomic_fetch_or(&hv_owned_gsis[gsi / 64], bit,
				  __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&hv_owned_gsis[gsi / 64], ~bit,
				   __ATOMIC_RELAXED);
}

int ioapic_route_isa_irq(unsigned int irq, uint8_t vector,
			 uint32_t dest_apic_id)
{
	const struct ioapic *io;
	uint32_t lvt_flags, gsi;
	unsigned int pin;

	if (irq >= NR_ISA_IRQS || vector < FIRST_IRQ_VECTOR)
		return -EINVAL;
	if (dest_apic_id > 0xff)
		return -ERANGE; /* needs interrupt remapping */
	gsi = isa_irq_gsi(irq, &lvt_flags);
	io = gsi_ioapic(gsi, &pin);
	if (!io)
		return -ENODEV;
	set_hv_owned(gsi, true);
	write_redir(io, pin, APIC_DM_FIXED | lvt_flags | vector,
		    dest_apic_id << 24);
	return 0;
}

int ioapic_mask_isa_irq(unsigned int irq)
{
	const struct ioapic *io;
	uint32_t lvt_flags;
	unsigned int pin;

	if (irq >= NR_ISA_IRQS)
		return -EINVAL;
	io = gsi_ioapic(isa_irq_gsi(irq, &lvt_flags), &pin);
	if (!io)
		return -ENODEV;
	write_redir(io, pin, APIC_LVT_MASKED, 0);
	set_hv_owned(isa_irq_gsi(irq, &lvt_flags), false);
	return 0;
}

unsigned int ioapic_nr_gsis(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nr_ioapics; i++)
		if (ioapics[i].gsi_base + ioapics[i].nr_pins > n)
			n = ioapics[i].gsi_base + ioapics[i].nr_pins;
	return n;
}

bool ioapic_gsi_hv_owned(uint32_t gsi)
{
	uint32_t lvt_flags;

	/* The PIT's IRQ 0 (and its cascade pin) stay the hypervisor's, as
	 * in Xen, whether or not it routes them now. */
	if (gsi == isa_irq_gsi(0, &lvt_flags) || gsi == 0)
		return true;
	return gsi < HV_GSI_BITS &&
	       (__atomic_load_n(&hv_owned_gsis[gsi / 64], __ATOMIC_RELAXED) >>
		(gsi % 64)) &
		       1;
}

void ioapic_gsi_default_mode(uint32_t gsi, bool *level, bool *active_low)
{
	uint32_t lvt_flags;

	for (unsigned int irq = 0; irq < NR_ISA_IRQS; irq++)
		if (isa_irq_gsi(irq, &lvt_flags) == gsi) {
			*level = lvt_flags & APIC_LVT_LEVEL;
			*active_low = lvt_flags & APIC_LVT_ACTIVE_LOW;
			return;
		}
	/* PCI interrupts: level, active low. */
	*level = true;
	*active_low = true;
}

/* Redirection entry low word for a guest GSI. */
static uint32_t gsi_low(uint8_t vector, bool level, bool active_low,
			bool masked)
{
	return APIC_DM_FIXED | vector | (level ? APIC_LVT_LEVEL : 0) |
	       (active_low ? APIC_LVT_ACTIVE_LOW : 0) |
	       (masked ? APIC_LVT_MASKED : 0);
}

int ioapic_program_gsi(uint32_t gsi, uint8_t vector, uint32_t dest_apic_id,
		       bool level, bool active_low, bool masked)
{
	const struct ioapic *io;
	unsigned int pin;

	if (vector < FIRST_IRQ_VECTOR)
		return -EINVAL;
	if (dest_apic_id > 0xff)
		return -ERANGE;
	io = gsi_ioapic(gsi, &pin);
	if (!io)
		return -ENODEV;
	write_redir(io, pin, gsi_low(vector, level, active_low, masked),
		    dest_apic_id << 24);
	return 0;
}

int ioapic_mask_gsi(uint32_t gsi, bool masked)
{
	const struct ioapic *io;
	unsigned int pin;
	uint64_t flags;
	uint32_t low;

	io = gsi_ioapic(gsi, &pin);
	if (!io)
		return -ENODEV;
	flags = spin_lock_irqsave(&ioapic_lock);
	low = ioapic_read(io, IOAPIC_REG_REDIR(pin));
	low = masked ? low | APIC_LVT_MASKED : low & ~APIC_LVT_MASKED;
	ioapic_write(io, IOAPIC_REG_REDIR(pin), low);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

/* The IO-APIC at physical address @physbase, as Xen finds it for dom0's
 * physdev_op apic_read/apic_write. */
static const struct ioapic *ioapic_at(uint64_t physbase)
{
	for (unsigned int i = 0; i < nr_ioapics; i++)
		if (ioapics[i].phys == physbase)
			return &ioapics[i];
	return NULL;
}

int ioapic_guest_read(uint64_t physbase, uint32_t reg, uint32_t *val)
{
	const struct ioapic *io = ioapic_at(physbase);
	uint64_t flags;

	if (!io)
		return -EINVAL;
	flags = spin_lock_irqsave(&ioapic_lock);
	*val = ioapic_read(io, reg & 0xff);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

int ioapic_guest_write_check(uint64_t physbase, uint32_t reg, uint32_t val)
{
	if (!ioapic_at(physbase))
		return -EINVAL;
	if (reg < IOAPIC_REG_REDIR(0) || (reg & 1))
		return 0; /* not the low half of a redirection entry */
	if (((val >> 8) & 7) > 1)
		return -EINVAL; /* SMI, NMI, INIT, ExtINT delivery */
	return 1;
}
