/* SPDX-License-Identifier: MIT */
/*
 * Physical interrupts delivered to guests: one IO-APIC GSI, one vector,
 * at most one bound guest pirq. Level-triggered GSIs are masked at the
 * IO-APIC from the interrupt until the guest's EOI (Xen's "unmask"
 * acknowledge type); edge-triggered ones are acknowledged at once and
 * need no EOI. Every function is called with guest_irq_lock() held
 * (pv/pirq.c), which the interrupt handler takes too; the event
 * channel lock nests inside it, never the other way round.
 */
#ifndef ASM_X86_GUEST_IRQ_H
#define ASM_X86_GUEST_IRQ_H

#include <satori/types.h>

struct domain;

/* GSIs a guest may name: the IO-APICs' pins, one vector each from
 * GUEST_IRQ_VECTOR_FIRST up to GUEST_IRQ_VECTOR_LAST, skipping 0x80 (the
 * PV guests' int $0x80 gate). 143 GSIs at most. */
#define GUEST_IRQ_VECTOR_FIRST 0x50
#define GUEST_IRQ_VECTOR_LAST 0xdf

/* Set up the vectors (boot CPU, after ioapic_init()). */
void guest_irq_init(void);

/* The lock over every guest GSI and every pirq table (irqsave). */
uint64_t guest_irq_lock(void);
void guest_irq_unlock(uint64_t flags);

/* Number of GSIs guests may name (0 before guest_irq_init()). */
unsigned int guest_irq_nr_gsis(void);

/* Whether guest vector @vector carries no GSI (is free for an MSI:
 * asm/guest-msi.h). Valid after guest_irq_init(). */
bool guest_irq_vector_spare(unsigned int vector);

/* Whether @gsi may ever be given to a guest (in range and not the
 * hypervisor's). */
bool guest_irq_gsi_usable(uint32_t gsi);

/*
 * PHYSDEVOP_setup_gsi: record @gsi's trigger mode and polarity and program
 * its pin (masked). @return 0, -EINVAL (range), -EEXIST (the
 * hypervisor's, bound, or set up before: Xen programs a pin once).
 */
int guest_irq_setup_gsi(uint32_t gsi, bool level, bool active_low);

/*
 * Deliver @gsi to pirq @pirq of @d, bound to event channel @port
 * (evtchn_send_pirq): program and unmask the pin. @return 1 if the guest must EOI each interrupt
 * (level-triggered), 0 if not, -EBUSY (the hypervisor's, or bound
 * already), -ENODEV/-ERANGE from the IO-APIC.
 */
int guest_irq_bind(struct domain *d, uint32_t gsi, uint32_t pirq,
		   uint32_t port);

/* Stop delivering pirq @pirq of @d (mask its pin), if bound. */
void guest_irq_unbind(const struct domain *d, uint32_t pirq);

/* The guest's EOI of @gsi: unmask it if it waits for one from @d. */
void guest_irq_eoi(const struct domain *d, uint32_t gsi);

#endif
