/* SPDX-License-Identifier: MIT */
/*
 * Finding the ACPI tables: the RSDP (from the boot loader, else by scanning
 * the BIOS areas), then the XSDT or RSDT, whose entries point at every other
 * table. Each table is mapped through ioremap(), because firmware tables
 * live in reserved or ACPI memory that the direct map does not cover.
 */
#include <asm/acpi.h>
#include <satori/boot-info.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/string.h>

#include <asm/ioremap.h>

#include "tables.h"

paddr_t acpi_hpet_address;

static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += b[i];
	return sum == 0;
}

const void *acpi_map_table(paddr_t pa)
{
	const struct acpi_header *h = ioremap(pa, sizeof(*h));
	uint32_t len;

	if (!h)
		return NULL;
	len = h->length;
	if (len < sizeof(*h))
		return NULL;
	h = ioremap(pa, len);
	if (!h || !checksum_ok(h, len)) {
		log_warn("ACPI: bad table at %#lx\n", (unsigned long)pa);
		return NULL;
	}
	return h;
}

/* @avail: bytes readable at @r (a v2 RSDP may be longer than v1). */
static bool rsdp_valid(const struct acpi_rsdp *r, size_t avail)
{
	if (memcmp(r->signature, "RSD PTR ", 8) != 0 ||
	    !checksum_ok(r, ACPI_RSDP_V1_SIZE))
		return false;
	if (r->revision < 2)
		return true;
	return r->length >= sizeof(*r) && r->length <= avail &&
	       checksum_ok(r, r->length);
}

/*
 * The RSDP sits on a 16-byte boundary in [pa, pa + len). The area is
 * mapped once: a mapping per candidate would waste ioremap space.
 */
static const struct acpi_rsdp *rsdp_scan(paddr_t pa, size_t len)
{
	const uint8_t *area = ioremap(pa, len);

	if (!area)
		return NULL;
	for (size_t off = 0; off + ACPI_RSDP_V1_SIZE <= len; off += 16) {
		const struct acpi_rsdp *r = (const void *)(area + off);

		if (rsdp_valid(r, len - off))
			return r;
	}
	return NULL;
}

static const struct acpi_rsdp *rsdp_find(paddr_t hint)
{
	const uint16_t *ebda_seg;
	const struct acpi_rsdp *r;

	/* The boot loader's copy; a v2 RSDP is 36 bytes. */
	if (hint && (r = rsdp_scan(hint, sizeof(*r))))
		return r;
	/* The first KiB of the EBDA, then the BIOS ROM area. */
	ebda_seg = ioremap(0x40e, sizeof(uint16_t));
	if (ebda_seg && *ebda_seg &&
	    (r = rsdp_scan((paddr_t)*ebda_seg << 4, KiB(1))))
		return r;
	return rsdp_scan(0xe0000, 0x20000);
}

/* Entries of the XSDT are 64-bit, those of the RSDT 32-bit. */
static paddr_t sdt_entry(const struct acpi_header *sdt, size_t esize,
			 unsigned int i)
{
	const uint8_t *p = (const uint8_t *)(sdt + 1) + i * esize;
	uint64_t v = 0;

	memcpy(&v, p, esize);
	return v;
}

static void parse_hpet(const struct acpi_hpet *hpet)
{
	if (hpet->hdr.length < sizeof(*hpet) || hpet->base.space_id != 0)
		return;
	acpi_hpet_address = hpet->base.address;
	log_info("ACPI: HPET at %#lx\n", (unsigned long)acpi_hpet_address);
}

static void parse_table(const struct acpi_header *t, uint32_t bsp_apic_id)
{
	if (!memcmp(t->signature, "APIC", 4) &&
	    t->length >= sizeof(struct acpi_madt))
		acpi_parse_madt((const struct acpi_madt *)t, bsp_apic_id);
	else if (!memcmp(t->signature, "HPET", 4))
		parse_hpet((const struct acpi_hpet *)t);
	else if (!memcmp(t->signature, "FACP", 4))
		acpi_parse_fadt(t);
	else if (!memcmp(t->signature, "MCFG", 4))
		acpi_parse_mcfg(t);
}

int acpi_init(uint32_t bsp_apic_id)
{
	const struct acpi_rsdp *rsdp = rsdp_find(boot_info.acpi_rsdp);
	const struct acpi_header *sdt;
	size_t esize;

	/* Without a MADT the boot CPU is the only CPU we know of. */
	acpi_nr_cpus = 1;
	acpi_cpu_apic_ids[0] = bsp_apic_id;
	if (!rsdp) {
		log_warn("ACPI: no RSDP found\n");
		return -ENOENT;
	}
	esize = rsdp->revision >= 2 && rsdp->xsdt_address ? 8 : 4;
	sdt = acpi_map_table(esize == 8 ? rsdp->xsdt_address
					: rsdp->rsdt_address);
	if (!sdt)
		return -ENOENT;
	log_info("ACPI: RSDP rev %u, %s, OEM '%.6s'\n", rsdp->revision,
		 esize == 8 ? "XSDT" : "RSDT", rsdp->oem_id);
	for (unsigned int i = 0; i < (sdt->length - sizeof(*sdt)) / esize;
	     i++) {
		const struct acpi_header *t =
			acpi_map_table(sdt_entry(sdt, esize, i));

		if (t)
			parse_table(t, bsp_apic_id);
	}
	return 0;
}
