/* SPDX-License-Identifier: MIT */
/*
 * Local APIC, IO-APIC and the legacy 8259 PICs.
 *
 * The local APIC runs in x2APIC mode (MSR access) when the CPU has it and
 * in xAPIC mode (MMIO) otherwise; every caller goes through apic_read() and
 * apic_write(), so the mode is invisible above this header. The legacy PICs
 * are masked for good: all external interrupts come through the IO-APICs.
 */
#ifndef ASM_X86_APIC_H
#define ASM_X86_APIC_H

#include <satori/smp.h>
#include <satori/types.h>

/* Register offsets in the xAPIC MMIO page; x2APIC MSR = 0x800 + off/16. */
#define APIC_ID 0x20
#define APIC_VERSION 0x30
#define APIC_TPR 0x80
#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_ESR 0x280
#define APIC_ICR 0x300
#define APIC_ICR2 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TMICT 0x380
#define APIC_TMCCT 0x390
#define APIC_TDCR 0x3e0

#define APIC_SVR_ENABLE (1u << 8)
#define APIC_LVT_MASKED (1u << 16)
#define APIC_LVT_LEVEL (1u << 15)
#define APIC_LVT_ACTIVE_LOW (1u << 13)
#define APIC_DM_FIXED (0u << 8)
#define APIC_DM_NMI (4u << 8)
#define APIC_DM_INIT (5u << 8)
#define APIC_DM_STARTUP (6u << 8)
#define APIC_ICR_BUSY (1u << 12)
#define APIC_ICR_ASSERT (1u << 14)
#define APIC_TIMER_ONESHOT (0u << 17)
#define APIC_TIMER_TSC_DEADLINE (2u << 17)
#define APIC_TDCR_DIV_1 0xb

/* The local APIC is in x2APIC mode (set by apic_init_bsp()). */
extern bool x2apic_enabled;

uint32_t apic_read(unsigned int reg);
void apic_write(unsigned int reg, uint32_t v);

/* Signal end of interrupt to this CPU's local APIC. */
void apic_eoi(void);

/* This CPU's APIC ID (full 32 bits in x2APIC mode). */
uint32_t apic_id(void);

/* This CPU's APIC ID from CPUID, usable before the APIC is set up. */
uint32_t apic_id_from_cpuid(void);

/* APIC ID of CPU number @cpu, recorded by apic_init_local(). */
extern uint32_t cpu_apic_id[NR_CPUS];

/*
 * Boot CPU: choose the mode (x2APIC when CPUID.1:ECX[21]), map the xAPIC
 * page if needed, mask the 8259s and set up this CPU's APIC as
 * apic_init_local(0) does. Call after acpi_init() and idt_init(), with
 * interrupts off.
 */
void apic_init_bsp(void);

/*
 * Every CPU (the boot CPU through apic_init_bsp()): enable the APIC in the
 * mode chosen by the boot CPU, install spurious/error vectors, TPR 0, LINT
 * pins per the MADT, and record cpu_apic_id[@cpu]. Secondary CPUs call it
 * early in their start path, with interrupts off.
 */
void apic_init_local(unsigned int cpu);

/*
 * Send fixed-delivery interrupt @vector to the CPU whose APIC ID is
 * @dest_apic_id (physical destination), waiting until an xAPIC accepts it.
 */
void apic_send_ipi(uint32_t dest_apic_id, uint8_t vector);

/* INIT assert to @dest_apic_id (start of the INIT-SIPI-SIPI sequence). */
void apic_send_init(uint32_t dest_apic_id);

/* Send a non-maskable interrupt to @dest_apic_id (stopping CPUs). */
void apic_send_nmi(uint32_t dest_apic_id);

/* STARTUP IPI: @dest_apic_id starts in real mode at @page_pa (4K aligned,
 * below 1 MiB). */
void apic_send_startup(uint32_t dest_apic_id, paddr_t page_pa);

/* Mask both 8259 PICs (their vectors moved to 0x20-0x2f first). */
void pic_disable(void);

/*
 * Program every pin of every IO-APIC in the MADT masked. Boot CPU, after
 * apic_init_bsp().
 */
void ioapic_init(void);

/*
 * Route ISA IRQ @irq (0-15) to @vector on the CPU with @dest_apic_id and
 * unmask it, honouring the MADT's interrupt source overrides (GSI,
 * polarity, trigger). @return 0, -EINVAL for a bad irq/vector, -ENODEV if
 * no IO-APIC serves its GSI, -ERANGE if @dest_apic_id does not fit the
 * 8-bit IO-APIC destination field.
 */
int ioapic_route_isa_irq(unsigned int irq, uint8_t vector,
			 uint32_t dest_apic_id);

/* Mask the pin behind ISA IRQ @irq again. @return as above. */
int ioapic_mask_isa_irq(unsigned int irq);

/*
 * dom0's view of the IO-APICs (physdev_op apic_read): read register
 * @reg (its low 8 bits select it, as IOREGSEL does) of the IO-APIC whose
 * MMIO base is @physbase. @return 0 with *@val, or -EINVAL if no
 * IO-APIC is at @physbase.
 */
int ioapic_guest_read(uint64_t physbase, uint32_t reg, uint32_t *val);

/*
 * Xen's first checks of a dom0 IO-APIC write (physdev_op apic_write):
 * @return -EINVAL for an unknown @physbase or a low redirection-entry
 * half with SMI/NMI/INIT/ExtINT delivery, 0 for a write Xen ignores
 * (not the low half of a redirection entry), 1 for a routing change
 * (which needs the pirq code).
 */
int ioapic_guest_write_check(uint64_t physbase, uint32_t reg, uint32_t val);

/* GSIs 0..ioapic_nr_gsis()-1 exist (the highest IO-APIC pin + 1). */
unsigned int ioapic_nr_gsis(void);

/* @gsi is the hypervisor's: GSI 0, the PIT's (ISA IRQ 0) or one routed
 * by ioapic_route_isa_irq() and not masked since (the serial port). */
bool ioapic_gsi_hv_owned(uint32_t gsi);

/* The trigger mode firmware implies for @gsi: an ISA IRQ's (edge, high
 * unless the MADT overrides it), else PCI's (level, active low). */
void ioapic_gsi_default_mode(uint32_t gsi, bool *level, bool *active_low);

/*
 * Program @gsi's pin: fixed delivery of @vector to @dest_apic_id with the
 * given trigger mode and polarity, masked or not. Guest pirqs only (the
 * caller keeps hypervisor GSIs out). @return 0, -EINVAL (vector),
 * -ERANGE (destination), -ENODEV (no IO-APIC serves @gsi).
 */
int ioapic_program_gsi(uint32_t gsi, uint8_t vector, uint32_t dest_apic_id,
		       bool level, bool active_low, bool masked);

/* Mask or unmask @gsi's pin, keeping the rest of its entry. 0, -ENODEV. */
int ioapic_mask_gsi(uint32_t gsi, bool masked);

#endif
