/* SPDX-License-Identifier: MIT */
/*
 * Entering ACPI S5: the register writes behind dom0's
 * XENPF_enter_acpi_sleep and behind the hypervisor's own power-off when
 * the hardware domain shuts down. Registers in memory space are mapped
 * once at boot (ioremap is boot-only); I/O-space ones are written with
 * out. S3 would need the hypervisor to save and rebuild all CPU and
 * device state on wakeup, which satori cannot do, so it is refused.
 */
#include <asm/acpi-sleep.h>
#include <asm/acpi.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/shutdown.h>

#include <asm/cpu-ops.h>
#include <asm/ioremap.h>

#include <public/platform.h>

#include "tables.h"

struct acpi_sleep_info acpi_sleep_info;
uint16_t acpi_pm_timer_port;

/* Mappings of the memory-space registers (NULL for I/O space). */
static volatile void *pm1a_va, *pm1b_va, *sleep_control_va;

static volatile void *map_reg(const struct acpi_sleep_reg *r)
{
	if (r->space != ACPI_SPACE_MEMORY || !r->address)
		return NULL;
	return ioremap(r->address, sizeof(uint32_t));
}

static void find_s5(void)
{
	const struct acpi_header *dsdt;
	struct acpi_sleep_info *si = &acpi_sleep_info;

	dsdt = si->dsdt ? acpi_map_table(si->dsdt) : NULL;
	if (!dsdt)
		return;
	si->s5_known = acpi_find_s5((const uint8_t *)(dsdt + 1),
				    dsdt->length - sizeof(*dsdt),
				    &si->s5_type_a, &si->s5_type_b);
}

void acpi_parse_fadt(const struct acpi_header *fadt)
{
	struct acpi_sleep_info *si = &acpi_sleep_info;

	acpi_fadt_decode(fadt, fadt->length, si);
	acpi_pm_timer_port = acpi_fadt_pm_timer_port(fadt, fadt->length);
	if (acpi_pm_timer_port)
		log_info("ACPI: PM timer at port %#x\n", acpi_pm_timer_port);
	pm1a_va = map_reg(&si->pm1a_cnt);
	pm1b_va = map_reg(&si->pm1b_cnt);
	sleep_control_va = map_reg(&si->sleep_control);
	find_s5();
	log_info("ACPI: sleep: PM1a %u:%#lx PM1b %u:%#lx control %u:%#lx, "
		 "S5 %s %u/%u\n",
		 si->pm1a_cnt.space, (unsigned long)si->pm1a_cnt.address,
		 si->pm1b_cnt.space, (unsigned long)si->pm1b_cnt.address,
		 si->sleep_control.space,
		 (unsigned long)si->sleep_control.address,
		 si->s5_known ? "types" : "unknown", si->s5_type_a,
		 si->s5_type_b);
}

static bool reg_write(const struct acpi_sleep_reg *r, volatile void *va,
		      uint32_t val)
{
	if (r->space == ACPI_SPACE_IO && r->address <= 0xffff) {
		uint16_t port = (uint16_t)r->address;

		if (r->bit_width == 8)
			outb(port, (uint8_t)val);
		else if (r->bit_width == 16)
			outw(port, (uint16_t)val);
		else if (r->bit_width == 32)
			outl(port, val);
		else
			return false;
		return true;
	}
	if (!va)
		return false;
	if (r->bit_width == 8)
		*(volatile uint8_t *)va = (uint8_t)val;
	else if (r->bit_width == 16)
		*(volatile uint16_t *)va = (uint16_t)val;
	else if (r->bit_width == 32)
		*(volatile uint32_t *)va = val;
	else
		return false;
	return true;
}

/* Write the sleep registers: PM1a then PM1b (legacy), or the sleep
 * control register with type A (hardware-reduced, as Xen). */
static void write_sleep_regs(uint16_t val_a, uint16_t val_b, bool extended)
{
	const struct acpi_sleep_info *si = &acpi_sleep_info;

	if (extended) {
		reg_write(&si->sleep_control, sleep_control_va,
			  ((val_a << ACPI_X_SLP_TYP_SHIFT) &
			   ACPI_X_SLP_TYP_MASK) |
				  ACPI_X_SLP_EN);
		return;
	}
	if (!reg_write(&si->pm1a_cnt, pm1a_va, val_a))
		return;
	if (si->pm1b_cnt.address)
		reg_write(&si->pm1b_cnt, pm1b_va, val_b);
}

static struct xenpf_enter_acpi_sleep s5_request;

static void enter_s5_request(void)
{
	write_sleep_regs(s5_request.val_a, s5_request.val_b,
			 s5_request.flags & XENPF_ACPI_SLEEP_EXTENDED);
}

int acpi_enter_sleep(const struct xenpf_enter_acpi_sleep *req)
{
	int rc = acpi_sleep_check(&acpi_sleep_info, req);

	if (rc)
		return rc;
	if (req->sleep_state != 5)
		return -EINVAL;
	printk("ACPI: hardware domain enters S5\n");
	s5_request = *req;
	machine_stop_then(enter_s5_request, HALT_OK);
}

void acpi_power_off(void)
{
	const struct acpi_sleep_info *si = &acpi_sleep_info;
	uint16_t a, b;

	if (!si->s5_known)
		return;
	if (!si->pm1a_cnt.address) {
		write_sleep_regs(si->s5_type_a, 0, true);
		return;
	}
	a = (uint16_t)((si->s5_type_a << ACPI_PM1_SLP_TYP_SHIFT) |
		       ACPI_PM1_SLP_EN);
	b = (uint16_t)((si->s5_type_b << ACPI_PM1_SLP_TYP_SHIFT) |
		       ACPI_PM1_SLP_EN);
	write_sleep_regs(a, b, false);
}
