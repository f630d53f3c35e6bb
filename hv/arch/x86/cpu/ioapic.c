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

int ioapic_route_isa_irq(unsigned int irq, uint8_t vector,
			 uint32_t dest_apic_id)
{
	const struct ioapic *io;
	uint32_t lvt_flags;
	unsigned int pin;

	if (irq >= NR_ISA_IRQS || vector < FIRST_IRQ_VECTOR)
		return -EINVAL;
	if (dest_apic_id > 0xff)
		return -ERANGE; /* needs interrupt remapping */
	io = gsi_ioapic(isa_irq_gsi(irq, &lvt_flags), &pin);
	if (!io)
		return -ENODEV;
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
