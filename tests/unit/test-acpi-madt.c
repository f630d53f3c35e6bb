/* unit-sources: hv/arch/x86/acpi/madt.c */
/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the MADT parser: a crafted table with the boot CPU not
 * listed first, a disabled CPU, a CPU listed both as LAPIC and x2APIC, an
 * x2APIC-only CPU, IO-APIC, overrides (a non-ISA one ignored), NMI entries,
 * the LAPIC address override; then a table whose last entry overruns it.
 */
#include <asm/acpi.h>
#include <satori/log.h>

#include <stdarg.h>
#include <string.h>

#include "../../hv/arch/x86/acpi/tables.h"
#include "check.h"

/* The parser logs its summary; the tests check values, not text. */
void log_printf(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

static uint8_t buf[2048];
static size_t len;

static void put(const void *entry, size_t size)
{
	memcpy(buf + len, entry, size);
	len += size;
}

static void start_table(void)
{
	struct acpi_madt m = { .lapic_address = 0xfee00000,
			       .flags = ACPI_MADT_PCAT_COMPAT };

	memset(buf, 0, sizeof(buf));
	len = 0;
	memcpy(m.hdr.signature, "APIC", 4);
	put(&m, sizeof(m));
}

static void parse(uint32_t bsp)
{
	((struct acpi_madt *)buf)->hdr.length = (uint32_t)len;
	acpi_nr_cpus = 1; /* as acpi_init() does */
	acpi_cpu_apic_ids[0] = bsp;
	acpi_nr_cpus_ignored = acpi_nr_ioapics = acpi_nr_overrides = 0;
	acpi_nr_nmi_sources = acpi_nr_lapic_nmis = 0;
	acpi_parse_madt((const struct acpi_madt *)buf, bsp);
}

static void put_lapic(uint8_t id, uint32_t flags)
{
	struct madt_lapic e = { { MADT_LAPIC, sizeof(e) }, id, id, flags };

	put(&e, sizeof(e));
}

static void put_x2apic(uint32_t id, uint32_t flags)
{
	struct madt_x2apic e = { { MADT_X2APIC, sizeof(e) }, 0, id, flags, id };

	put(&e, sizeof(e));
}

static void put_override(uint8_t bus, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	struct madt_override e = {
		{ MADT_OVERRIDE, sizeof(e) }, bus, irq, gsi, flags
	};

	put(&e, sizeof(e));
}

static void test_full_table(void)
{
	struct madt_ioapic io = {
		{ MADT_IOAPIC, sizeof(io) }, 5, 0, 0xfec00000, 24
	};
	struct madt_nmi_source ns = { { MADT_NMI_SOURCE, sizeof(ns) },
				      0xd,
				      23 };
	struct madt_lapic_nmi ln = {
		{ MADT_LAPIC_NMI, sizeof(ln) }, 0xff, 5, 1
	};
	struct madt_lapic_address la = { { MADT_LAPIC_ADDRESS, sizeof(la) },
					 0,
					 0xfee10000 };

	start_table();
	put_lapic(0, MADT_CPU_ENABLED);
	put_lapic(1, 0); /* disabled */
	put_lapic(2, MADT_CPU_ENABLED);
	put_x2apic(2, MADT_CPU_ENABLED); /* the BSP again */
	put_x2apic(0, MADT_CPU_ENABLED); /* duplicate of LAPIC 0 */
	put_x2apic(300, MADT_CPU_ENABLED);
	put(&io, sizeof(io));
	put_override(0, 0, 2, 0);
	put_override(0, 9, 9, 0xd);
	put_override(1, 5, 5, 0); /* not ISA: ignored */
	put(&ns, sizeof(ns));
	put(&ln, sizeof(ln));
	put(&la, sizeof(la));
	parse(2);

	CHECK_EQ(acpi_nr_cpus, 3);
	CHECK_EQ(acpi_cpu_apic_ids[0], 2);
	CHECK_EQ(acpi_cpu_apic_ids[1], 0);
	CHECK_EQ(acpi_cpu_apic_ids[2], 300);
	CHECK_EQ(acpi_nr_ioapics, 1);
	CHECK_EQ(acpi_ioapics[0].id, 5);
	CHECK_EQ(acpi_ioapics[0].address, 0xfec00000);
	CHECK_EQ(acpi_ioapics[0].gsi_base, 24);
	CHECK_EQ(acpi_nr_overrides, 2);
	CHECK_EQ(acpi_overrides[0].isa_irq, 0);
	CHECK_EQ(acpi_overrides[0].gsi, 2);
	CHECK_EQ(acpi_overrides[1].isa_irq, 9);
	CHECK_EQ(acpi_overrides[1].flags, 0xd);
	CHECK_EQ(acpi_nr_nmi_sources, 1);
	CHECK_EQ(acpi_nmi_sources[0].gsi, 23);
	CHECK_EQ(acpi_nr_lapic_nmis, 1);
	CHECK_EQ(acpi_lapic_nmis[0].acpi_uid, 0xffffffff);
	CHECK_EQ(acpi_lapic_nmis[0].lint, 1);
	CHECK_EQ(acpi_lapic_address, 0xfee10000);
	CHECK(acpi_has_8259);
}

/* An entry running past the table's end stops the walk; earlier entries
 * are kept. A zero-length entry would loop forever if not rejected. */
static void test_truncated(void)
{
	struct madt_entry zero = { MADT_LAPIC, 0 };

	start_table();
	put_lapic(1, MADT_CPU_ENABLED);
	put_lapic(2, MADT_CPU_ENABLED);
	len -= 2; /* the second entry now overruns the table */
	parse(0);
	CHECK_EQ(acpi_nr_cpus, 2);
	CHECK_EQ(acpi_cpu_apic_ids[1], 1);

	start_table();
	put(&zero, sizeof(zero));
	put_lapic(3, MADT_CPU_ENABLED);
	parse(0);
	CHECK_EQ(acpi_nr_cpus, 1);
}

static void test_too_many_cpus(void)
{
	start_table();
	for (unsigned int i = 1; i <= NR_CPUS + 3; i++)
		put_x2apic(i, MADT_CPU_ENABLED);
	parse(0);
	CHECK_EQ(acpi_nr_cpus, NR_CPUS);
	CHECK_EQ(acpi_nr_cpus_ignored, 4);
	CHECK_EQ(acpi_cpu_apic_ids[NR_CPUS - 1], NR_CPUS - 1);
}

int main(void)
{
	test_full_table();
	test_truncated();
	test_too_many_cpus();
	return check_summary("test-acpi-madt");
}
