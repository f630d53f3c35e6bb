/* SPDX-License-Identifier: MIT */
/*
 * Configuration space through ports 0xcf8/0xcfc (mechanism #1), the only
 * access method satori uses: it reaches segment 0 and the first 256
 * bytes of each function. Everything else reads as all ones, which is
 * what a read of an absent function returns too.
 */
#include <satori/pci.h>
#include <satori/spinlock.h>

#include <asm/cpu-ops.h>
#include <asm/pci-conf.h>

/* The machine's one address latch; taken with interrupts off so that an
 * interrupt handler on this CPU can never find it held. */
static DEFINE_SPINLOCK(cf8_lock);

static uint32_t data_read(uint16_t port, unsigned int bytes)
{
	if (bytes == 1)
		return inb(port);
	if (bytes == 2)
		return inw(port);
	return inl(port);
}

static void data_write(uint16_t port, unsigned int bytes, uint32_t val)
{
	if (bytes == 1)
		outb(port, (uint8_t)val);
	else if (bytes == 2)
		outw(port, (uint16_t)val);
	else
		outl(port, val);
}

uint32_t pci_cf8_read(uint32_t cf8, unsigned int offset, unsigned int bytes)
{
	uint64_t flags = spin_lock_irqsave(&cf8_lock);
	uint32_t val;

	outl(0xcf8, cf8);
	val = data_read((uint16_t)(0xcfc + offset), bytes);
	spin_unlock_irqrestore(&cf8_lock, flags);
	return val;
}

void pci_cf8_write(uint32_t cf8, unsigned int offset, unsigned int bytes,
		   uint32_t val)
{
	uint64_t flags = spin_lock_irqsave(&cf8_lock);

	outl(0xcf8, cf8);
	data_write((uint16_t)(0xcfc + offset), bytes, val);
	spin_unlock_irqrestore(&cf8_lock, flags);
}

uint32_t pci_conf_read(uint16_t seg, uint8_t bus, uint8_t devfn,
		       unsigned int reg, unsigned int bytes)
{
	uint32_t cf8;

	if (seg != 0 || reg + bytes > 256 || (reg & (bytes - 1)))
		return bytes == 4 ? 0xffffffffu : (1u << (bytes * 8)) - 1;
	cf8 = PCI_CF8_ENABLE_BIT | ((uint32_t)bus << 16) |
	      ((uint32_t)devfn << 8) | (reg & 0xfc);
	return pci_cf8_read(cf8, reg & 3, bytes);
}

uint32_t pci_fn_conf_read(void *ctx, unsigned int reg, unsigned int bytes)
{
	const struct pci_fn *f = ctx;

	return pci_cf8_read(pci_cf8_of(f->bus, f->devfn, reg), reg & 3, bytes);
}
