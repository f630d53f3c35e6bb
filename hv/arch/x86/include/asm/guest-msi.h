/* SPDX-License-Identifier: MIT */
/*
 * MSIs delivered to guests: the hypervisor owns the vector and programs
 * the device's MSI capability itself (address, data, mask bits), as Xen
 * does for a PV hardware domain; the guest then binds an event channel
 * to the pirq and turns MSI on through the control register. One vector
 * per device, from the guest vectors the IO-APIC pins do not use
 * (asm/guest-irq.h). A device with per-vector masking is edge-like: no
 * EOI is needed. Without mask bits the vector waits for the guest's EOI
 * (Xen's ACKTYPE_EOI): a message arriving meanwhile is held, and sent
 * when the EOI comes. Every function but guest_msi_init() is called
 * with guest_irq_lock() held.
 */
#ifndef ASM_X86_GUEST_MSI_H
#define ASM_X86_GUEST_MSI_H

#include <satori/types.h>

struct domain;

/* Install the handler on the free guest vectors (after guest_irq_init()). */
void guest_msi_init(void);

/*
 * Give @d a vector for the MSI of 0:@bus:@devfn and program the device
 * (MSI enable off, message for the boot CPU, all vectors masked, one
 * vector enabled). @return the vector, or -ENODEV (no MSI capability or
 * no such function), -EBUSY (the hypervisor programmed this device's MSI
 * already), -ENFILE (@nvec above what the device can send; *@max_vec
 * says how many it can), -ENOSPC (no vector free).
 */
int guest_msi_map(struct domain *d, uint8_t bus, uint8_t devfn,
		  unsigned int nvec, unsigned int *max_vec);

/*
 * Give @d a vector for entry @entry_nr of 0:@bus:@devfn's MSI-X table
 * (asm/guest-msix.h: the table mapped and read-only to guests on the
 * device's first entry) and write the entry's message for the boot CPU,
 * the entry masked until the pirq is bound; an MSI the device has is
 * turned off, as Xen does. @return the vector, or -ENOSPC (no vector
 * free) or msix_dev_get()'s errors.
 */
int guest_msix_map(struct domain *d, uint8_t bus, uint8_t devfn,
		   unsigned int entry_nr, uint64_t table_base);

/* Undo guest_msi_map or guest_msix_map of @vector (MSI: enable off,
 * masked; MSI-X: the entry masked, the table given back with the last
 * entry); the vector is free again. */
void guest_msi_unmap(const struct domain *d, uint8_t vector);

/*
 * Deliver @vector as pirq @pirq's event on @port of @d, aimed at the CPU
 * @d's vCPU 0 last ran on; unmask it. @return 1 if the guest must EOI
 * each interrupt (no mask bits), 0 if not, -EINVAL if @vector is not @d's.
 */
int guest_msi_bind(struct domain *d, uint8_t vector, uint32_t pirq,
		   uint32_t port);

/*
 * PHYSDEVOP_restore_msi: if the hypervisor programmed 0:@bus:@devfn's
 * MSI, write it again (message, mask bits as bound, one vector) and turn
 * MSI on, as Xen's pci_restore_msi_state after a reset or resume.
 */
void guest_msi_restore(uint8_t bus, uint8_t devfn);

/* Stop delivering @vector (mask it if it can be masked). */
void guest_msi_unbind(const struct domain *d, uint8_t vector);

/* The guest's EOI of @vector: send a held message, if any. */
void guest_msi_eoi(const struct domain *d, uint8_t vector);

/*
 * The hardware domain's config write through 0xcf8/0xcfc (@cf8 latch,
 * @offset within the data dword): filtered by msi_filter_write
 * (asm/msi.h) when it hits an MSI capability the hypervisor programmed,
 * then done. Takes guest_irq_lock() itself.
 */
void guest_msi_conf_write(uint32_t cf8, unsigned int offset, unsigned int bytes,
			  uint32_t val);

/* Print every mapped MSI (debug key 'i'); takes the lock itself. */
void guest_msi_dump(void);

#endif
