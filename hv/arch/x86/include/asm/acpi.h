/* SPDX-License-Identifier: MIT */
/*
 * ACPI static tables: what satori learns from the firmware at boot.
 *
 * acpi_init() finds the RSDP, walks the RSDT/XSDT, checks every checksum and
 * parses the MADT (CPUs, IO-APICs, interrupt overrides, NMI wiring) and the
 * HPET table into the plain arrays below. Nothing here is ever freed or
 * changed after boot, so readers need no locking.
 */
#ifndef ASM_X86_ACPI_H
#define ASM_X86_ACPI_H

#include <satori/smp.h>
#include <satori/types.h>

#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_OVERRIDES 16
#define ACPI_MAX_NMI_SOURCES 8
#define ACPI_MAX_LAPIC_NMIS 8

/* ISA interrupt polarity/trigger flags (MADT "MPS INTI flags"). */
#define ACPI_INTI_POLARITY_MASK 0x3
#define ACPI_INTI_POLARITY_HIGH 0x1
#define ACPI_INTI_POLARITY_LOW 0x3
#define ACPI_INTI_TRIGGER_MASK 0xc
#define ACPI_INTI_TRIGGER_EDGE 0x4
#define ACPI_INTI_TRIGGER_LEVEL 0xc

struct acpi_ioapic {
	uint32_t id;
	paddr_t address;
	uint32_t gsi_base;
};

/* An ISA IRQ that is not wired to the GSI of the same number. */
struct acpi_irq_override {
	uint8_t isa_irq;
	uint32_t gsi;
	uint16_t flags; /* ACPI_INTI_* */
};

struct acpi_nmi_source {
	uint32_t gsi;
	uint16_t flags;
};

/* A local APIC LINT pin wired to NMI; acpi_uid 0xffffffff means all CPUs. */
struct acpi_lapic_nmi {
	uint32_t acpi_uid;
	uint8_t lint;
	uint16_t flags;
};

/* Enabled CPUs, boot CPU first (the SMP engineer starts the others). */
extern unsigned int acpi_nr_cpus;
extern uint32_t acpi_cpu_apic_ids[NR_CPUS];
/* Their ACPI processor UIDs, same order (platform_op get_cpuinfo). */
extern uint32_t acpi_cpu_uids[NR_CPUS];
/* Enabled CPUs listed in the MADT but beyond NR_CPUS (not started). */
extern unsigned int acpi_nr_cpus_ignored;

extern unsigned int acpi_nr_ioapics;
extern struct acpi_ioapic acpi_ioapics[ACPI_MAX_IOAPICS];
extern unsigned int acpi_nr_overrides;
extern struct acpi_irq_override acpi_overrides[ACPI_MAX_OVERRIDES];
extern unsigned int acpi_nr_nmi_sources;
extern struct acpi_nmi_source acpi_nmi_sources[ACPI_MAX_NMI_SOURCES];
extern unsigned int acpi_nr_lapic_nmis;
extern struct acpi_lapic_nmi acpi_lapic_nmis[ACPI_MAX_LAPIC_NMIS];

/* Local APIC MMIO base from the MADT (0 if there is no MADT). */
extern paddr_t acpi_lapic_address;
/* The MADT says legacy 8259 PICs are present (PCAT_COMPAT). */
extern bool acpi_has_8259;

/* HPET block from the HPET table; 0 if there is none. */
extern paddr_t acpi_hpet_address;

/* The ACPI PM timer's I/O port from the FADT (4 ports); 0 if none. dom0
 * may not touch it (pv/emul-io.c), as on Xen. */
extern uint16_t acpi_pm_timer_port;

/*
 * Find and parse the tables. Call once on the boot CPU, after the console
 * and before apic_init(). @bsp_apic_id is the boot CPU's APIC ID, put
 * first in acpi_cpu_apic_ids. Without ACPI (or without a MADT) the CPU list
 * holds only the boot CPU.
 * @return 0, or -ENOENT if no valid RSDP was found.
 */
int acpi_init(uint32_t bsp_apic_id);

/*
 * Map the whole table whose physical address is @pa and check its length
 * and checksum. @return the table, or NULL if it is unreadable or corrupt.
 */
const void *acpi_map_table(paddr_t pa);

#endif
