/* SPDX-License-Identifier: MIT */
/*
 * PCI configuration mechanism #1: a dword address latched at port 0xcf8,
 * data at 0xcfc-0xcff. The latch is one per machine, so the hypervisor's
 * own reads (pci_conf_read, satori/pci.h) and dom0's mediated accesses
 * (the port I/O emulator) go through these two functions, which hold one
 * lock across the latch write and the data access.
 */
#ifndef ASM_X86_PCI_CONF_H
#define ASM_X86_PCI_CONF_H

#include <satori/types.h>

#define PCI_CF8_ENABLE_BIT 0x80000000u

/* Latch @cf8, then read @bytes (1, 2, 4) at 0xcfc + @offset (offset +
 * bytes <= 4). */
uint32_t pci_cf8_read(uint32_t cf8, unsigned int offset, unsigned int bytes);

/* Latch @cf8, then write @bytes of @val at 0xcfc + @offset. */
void pci_cf8_write(uint32_t cf8, unsigned int offset, unsigned int bytes,
		   uint32_t val);

/* A function on bus 0-255 of segment 0 (the one mechanism #1 reaches),
 * as the context of the capability walkers (asm/msi.h). */
struct pci_fn {
	uint8_t bus, devfn;
};

/* The 0xcf8 latch value for dword register @reg of @bus/@devfn. */
static inline uint32_t pci_cf8_of(uint8_t bus, uint8_t devfn, unsigned int reg)
{
	return PCI_CF8_ENABLE_BIT | ((uint32_t)bus << 16) |
	       ((uint32_t)devfn << 8) | (reg & 0xfc);
}

/* Read @bytes at register @reg of the struct pci_fn @ctx points to. */
uint32_t pci_fn_conf_read(void *ctx, unsigned int reg, unsigned int bytes);

#endif
