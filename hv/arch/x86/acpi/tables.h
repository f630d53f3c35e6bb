/* SPDX-License-Identifier: MIT */
/*
 * Binary layouts of the ACPI tables satori reads (ACPI 6.x, chapter 5.2),
 * private to hv/arch/x86/acpi/. All fields are little-endian and packed.
 */
#ifndef ARCH_X86_ACPI_TABLES_H
#define ARCH_X86_ACPI_TABLES_H

#include <satori/types.h>

struct acpi_rsdp {
	char signature[8]; /* "RSD PTR " */
	uint8_t checksum;  /* over the first 20 bytes */
	char oem_id[6];
	uint8_t revision; /* 0: ACPI 1.0 (RSDT only); 2: XSDT fields valid */
	uint32_t rsdt_address;
	uint32_t length;
	uint64_t xsdt_address;
	uint8_t ext_checksum; /* over @length bytes */
	uint8_t reserved[3];
} __packed;

#define ACPI_RSDP_V1_SIZE 20

struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __packed;

struct acpi_madt {
	struct acpi_header hdr;
	uint32_t lapic_address;
	uint32_t flags;
	uint8_t entries[];
} __packed;

#define ACPI_MADT_PCAT_COMPAT 1u

enum acpi_madt_type {
	MADT_LAPIC = 0,
	MADT_IOAPIC = 1,
	MADT_OVERRIDE = 2,
	MADT_NMI_SOURCE = 3,
	MADT_LAPIC_NMI = 4,
	MADT_LAPIC_ADDRESS = 5,
	MADT_X2APIC = 9,
	MADT_X2APIC_NMI = 10,
};

struct madt_entry {
	uint8_t type;
	uint8_t length;
} __packed;

#define MADT_CPU_ENABLED 1u

struct madt_lapic {
	struct madt_entry e;
	uint8_t acpi_id;
	uint8_t apic_id;
	uint32_t flags;
} __packed;

struct madt_ioapic {
	struct madt_entry e;
	uint8_t id;
	uint8_t reserved;
	uint32_t address;
	uint32_t gsi_base;
} __packed;

struct madt_override {
	struct madt_entry e;
	uint8_t bus; /* 0: ISA */
	uint8_t source;
	uint32_t gsi;
	uint16_t flags;
} __packed;

struct madt_nmi_source {
	struct madt_entry e;
	uint16_t flags;
	uint32_t gsi;
} __packed;

struct madt_lapic_nmi {
	struct madt_entry e;
	uint8_t acpi_id; /* 0xff: all CPUs */
	uint16_t flags;
	uint8_t lint;
} __packed;

struct madt_lapic_address {
	struct madt_entry e;
	uint16_t reserved;
	uint64_t address;
} __packed;

struct madt_x2apic {
	struct madt_entry e;
	uint16_t reserved;
	uint32_t x2apic_id;
	uint32_t flags;
	uint32_t acpi_uid;
} __packed;

struct madt_x2apic_nmi {
	struct madt_entry e;
	uint16_t flags;
	uint32_t acpi_uid; /* 0xffffffff: all CPUs */
	uint8_t lint;
	uint8_t reserved[3];
} __packed;

/* Generic Address Structure. */
struct acpi_gas {
	uint8_t space_id; /* 0: system memory */
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t address;
} __packed;

struct acpi_hpet {
	struct acpi_header hdr;
	uint32_t block_id;
	struct acpi_gas base;
	uint8_t number;
	uint16_t min_tick;
	uint8_t page_protection;
} __packed;

/* The FADT ("FACP") up to the fields satori reads (ACPI 6.x 5.2.9). */
struct acpi_fadt {
	struct acpi_header hdr;
	uint32_t facs;
	uint32_t dsdt;
	uint8_t pad44[20];
	uint32_t pm1a_cnt_blk; /* offset 64 */
	uint32_t pm1b_cnt_blk;
	uint32_t pm2_cnt_blk;
	uint32_t pm_tmr_blk; /* offset 76 */
	uint8_t pad80[9];
	uint8_t pm1_cnt_len; /* offset 89 */
	uint8_t pad90;
	uint8_t pm_tmr_len; /* offset 91 */
	uint8_t pad92[20];
	uint32_t flags; /* offset 112 */
	uint8_t pad116[24];
	uint64_t x_dsdt; /* offset 140 */
	struct acpi_gas x_pm1a_evt_blk;
	struct acpi_gas x_pm1b_evt_blk;
	struct acpi_gas x_pm1a_cnt_blk; /* offset 172 */
	struct acpi_gas x_pm1b_cnt_blk;
	struct acpi_gas x_pm2_cnt_blk;
	struct acpi_gas x_pm_tmr_blk; /* offset 208 */
	uint8_t pad220[24];
	struct acpi_gas sleep_control; /* offset 244 */
	struct acpi_gas sleep_status;
} __packed;

#define ACPI_FADT_HW_REDUCED (1u << 20)
/* GAS access_size 3: dword accesses. */
#define ACPI_GAS_ACCESS_DWORD 3

/* The MCFG: where each segment's MMCONFIG (ECAM) area is (PCI Firmware
 * Specification 3.x, 4.1.2). */
struct acpi_mcfg {
	struct acpi_header hdr;
	uint8_t reserved[8];
} __packed;

struct acpi_mcfg_entry {
	uint64_t address; /* Of bus 0 of the segment. */
	uint16_t segment;
	uint8_t start_bus;
	uint8_t end_bus;
	uint32_t reserved;
} __packed;

/* Record the MCFG's areas with the PCI code (mcfg.c). */
void acpi_parse_mcfg(const struct acpi_header *mcfg);

/* Decode the FADT's sleep registers and the DSDT's \_S5 (sleep.c). */
void acpi_parse_fadt(const struct acpi_header *fadt);

/* Parse the MADT into the acpi_* arrays (madt.c). */
void acpi_parse_madt(const struct acpi_madt *madt, uint32_t bsp_apic_id);

#endif
