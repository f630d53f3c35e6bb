/* SPDX-License-Identifier: MIT */
/*
 * MADT parsing: the CPUs (local APIC and local x2APIC entries), IO-APICs,
 * ISA interrupt source overrides and NMI wiring. The results are plain
 * arrays declared in asm/acpi.h; the boot CPU always comes first in the CPU
 * list so that CPU number 0 is the one running now.
 */
#include <asm/acpi.h>
#include <satori/log.h>

#include "tables.h"

unsigned int acpi_nr_cpus;
uint32_t acpi_cpu_apic_ids[NR_CPUS];
uint32_t acpi_cpu_uids[NR_CPUS];
unsigned int acpi_nr_cpus_ignored;
unsigned int acpi_nr_ioapics;
struct acpi_ioapic acpi_ioapics[ACPI_MAX_IOAPICS];
unsigned int acpi_nr_overrides;
struct acpi_irq_override acpi_overrides[ACPI_MAX_OVERRIDES];
unsigned int acpi_nr_nmi_sources;
struct acpi_nmi_source acpi_nmi_sources[ACPI_MAX_NMI_SOURCES];
unsigned int acpi_nr_lapic_nmis;
struct acpi_lapic_nmi acpi_lapic_nmis[ACPI_MAX_LAPIC_NMIS];
paddr_t acpi_lapic_address;
bool acpi_has_8259;

static void add_cpu(uint32_t apic_id, uint32_t uid, uint32_t flags,
		    uint32_t bsp_apic_id)
{
	if (apic_id == bsp_apic_id)
		acpi_cpu_uids[0] = uid;
	if (!(flags & MADT_CPU_ENABLED) || apic_id == bsp_apic_id)
		return;
	for (unsigned int i = 0; i < acpi_nr_cpus; i++)
		if (acpi_cpu_apic_ids[i] == apic_id)
			return; /* listed both as LAPIC and x2APIC */
	if (acpi_nr_cpus == NR_CPUS) {
		acpi_nr_cpus_ignored++;
		return;
	}
	acpi_cpu_uids[acpi_nr_cpus] = uid;
	acpi_cpu_apic_ids[acpi_nr_cpus++] = apic_id;
}

static void parse_lapic(const void *e, uint32_t bsp_apic_id)
{
	const struct madt_lapic *m = e;

	add_cpu(m->apic_id, m->acpi_id, m->flags, bsp_apic_id);
}

static void parse_x2apic(const void *e, uint32_t bsp_apic_id)
{
	const struct madt_x2apic *m = e;

	add_cpu(m->x2apic_id, m->acpi_uid, m->flags, bsp_apic_id);
}

static void parse_ioapic(const void *e, uint32_t bsp_apic_id)
{
	const struct madt_ioapic *m = e;

	(void)bsp_apic_id;
	if (acpi_nr_ioapics == ACPI_MAX_IOAPICS) {
		log_warn("ACPI: IO-APIC %u ignored (too many)\n", m->id);
		return;
	}
	acpi_ioapics[acpi_nr_ioapics++] = (struct acpi_ioapic){
		.id = m->id, .address = m->address, .gsi_base = m->gsi_base
	};
}

static void parse_override(const void *e, uint32_t bsp_apic_id)
{
	const struct madt_override *m = e;

	(void)bsp_apic_id;
	if (m->bus != 0 || acpi_nr_overrides == ACPI_MAX_OVERRIDES)
		return;
	acpi_overrides[acpi_nr_overrides++] = (struct acpi_irq_override){
		.isa_irq = m->source, .gsi = m->gsi, .flags = m->flags
	};
}

static void parse_nmi_source(const void *e, uint32_t bsp_apic_id)
{
	const struct madt_nmi_source *m = e;

	(void)bsp_apic_id;
	if (acpi_nr_nmi_sources < ACPI_MAX_NMI_SOURCES)
		acpi_nmi_sources[acpi_nr_nmi_sources++] =
			(struct acpi_nmi_source){ .gsi = m->gsi,
						  .flags = m->flags };
}

static void add_lapic_nmi(uint32_t uid, uint8_t lint, uint16_t flags)
{
	if (acpi_nr_lapic_nmis < ACPI_MAX_LAPIC_NMIS)
		acpi_lapic_nmis[acpi_nr_lapic_nmis++] = (struct acpi_lapic_nmi){
			.acpi_uid = uid, .lint = lint, .flags = flags
		};
}

static void parse_lapic_nmi(const void *e, uint32_t bsp_apic_id)
{
	const struct madt_lapic_nmi *m = e;

	(void)bsp_apic_id;
	/* 0xff, "all processors", widens to the x2APIC form's 0xffffffff. */
	add_lapic_nmi(m->acpi_id == 0xff ? 0xffffffff : m->acpi_id, m->lint,
		      m->flags);
}

static void parse_x2apic_nmi(const void *e, uint32_t bsp_apic_id)
{
	const struct madt_x2apic_nmi *m = e;

	(void)bsp_apic_id;
	add_lapic_nmi(m->acpi_uid, m->lint, m->flags);
}

static void parse_lapic_address(const void *e, uint32_t bsp_apic_id)
{
	const struct madt_lapic_address *m = e;

	(void)bsp_apic_id;
	acpi_lapic_address = m->address;
}

/* Entry types satori uses, with the length below which an entry is
 * malformed and skipped. Other types are skipped silently. */
static const struct {
	uint8_t min_length;
	void (*parse)(const void *entry, uint32_t bsp_apic_id);
} madt_parsers[] = {
	[MADT_LAPIC] = { sizeof(struct madt_lapic), parse_lapic },
	[MADT_IOAPIC] = { sizeof(struct madt_ioapic), parse_ioapic },
	[MADT_OVERRIDE] = { sizeof(struct madt_override), parse_override },
	[MADT_NMI_SOURCE] = { sizeof(struct madt_nmi_source),
			      parse_nmi_source },
	[MADT_LAPIC_NMI] = { sizeof(struct madt_lapic_nmi), parse_lapic_nmi },
	[MADT_LAPIC_ADDRESS] = { sizeof(struct madt_lapic_address),
				 parse_lapic_address },
	[MADT_X2APIC] = { sizeof(struct madt_x2apic), parse_x2apic },
	[MADT_X2APIC_NMI] = { sizeof(struct madt_x2apic_nmi),
			      parse_x2apic_nmi },
};

static void parse_entry(const struct madt_entry *e, uint32_t bsp_apic_id)
{
	if (e->type < ARRAY_SIZE(madt_parsers) && madt_parsers[e->type].parse &&
	    e->length >= madt_parsers[e->type].min_length)
		madt_parsers[e->type].parse(e, bsp_apic_id);
}

void acpi_parse_madt(const struct acpi_madt *madt, uint32_t bsp_apic_id)
{
	const uint8_t *p = madt->entries;
	const uint8_t *end = (const uint8_t *)madt + madt->hdr.length;

	acpi_lapic_address = madt->lapic_address;
	acpi_has_8259 = madt->flags & ACPI_MADT_PCAT_COMPAT;
	while (p + sizeof(struct madt_entry) <= end) {
		const struct madt_entry *e = (const void *)p;

		if (e->length < sizeof(*e) || p + e->length > end)
			break; /* corrupt: keep what was parsed so far */
		parse_entry(e, bsp_apic_id);
		p += e->length;
	}
	log_info("ACPI: MADT: %u CPUs enabled, %u IO-APICs, %u overrides\n",
		 acpi_nr_cpus, acpi_nr_ioapics, acpi_nr_overrides);
	if (acpi_nr_cpus_ignored)
		log_warn("ACPI: %u CPUs beyond NR_CPUS=%u ignored\n",
			 acpi_nr_cpus_ignored, NR_CPUS);
}
