/* unit-sources: hv/arch/x86/acpi/sleep-info.c */
/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the pure half of ACPI sleep: FADT decoding (32-bit ports
 * vs X_ blocks, revision and length limits, hardware-reduced tables,
 * sleep control/status layout checks), the \_S5 search in AML (QEMU's
 * encoding, byte prefixes, out-of-range types, truncation) and Xen's
 * order of refusals for XENPF_enter_acpi_sleep; the PM timer port.
 */
#include <asm/acpi-sleep.h>
#include <satori/errno.h>

#include <public/platform.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../hv/arch/x86/acpi/tables.h"
#include "check.h"

static struct acpi_fadt fadt;

static void fadt_init(uint8_t revision)
{
	memset(&fadt, 0, sizeof(fadt));
	memcpy(fadt.hdr.signature, "FACP", 4);
	fadt.hdr.revision = revision;
	fadt.hdr.length = sizeof(fadt);
	fadt.dsdt = 0x7ffe0040;
	fadt.pm1a_cnt_blk = 0x604;
	fadt.pm1_cnt_len = 2;
}

static void set_gas(struct acpi_gas *g, uint8_t space, uint8_t width,
		    uint8_t access, uint64_t addr)
{
	*g = (struct acpi_gas){ .space_id = space,
				.bit_width = width,
				.access_size = access,
				.address = addr };
}

static void test_fadt_legacy_ports(void)
{
	struct acpi_sleep_info si;

	fadt_init(1);
	/* Revision 1 has no X_ fields, whatever the length says. */
	set_gas(&fadt.x_pm1a_cnt_blk, ACPI_SPACE_MEMORY, 16, 2, 0xfe000000);
	acpi_fadt_decode(&fadt, sizeof(fadt), &si);
	CHECK_EQ(si.pm1a_cnt.space, ACPI_SPACE_IO);
	CHECK_EQ(si.pm1a_cnt.address, 0x604);
	CHECK_EQ(si.pm1a_cnt.bit_width, 16);
	CHECK_EQ(si.pm1b_cnt.address, 0);
	CHECK_EQ(si.dsdt, 0x7ffe0040);
	CHECK_EQ(si.sleep_control.address, 0);
}

static void test_fadt_x_blocks(void)
{
	struct acpi_sleep_info si;

	fadt_init(3);
	set_gas(&fadt.x_pm1a_cnt_blk, ACPI_SPACE_MEMORY, 16, 2, 0xfe000000);
	fadt.x_dsdt = 0x123456000;
	acpi_fadt_decode(&fadt, sizeof(fadt), &si);
	CHECK_EQ(si.pm1a_cnt.space, ACPI_SPACE_MEMORY);
	CHECK_EQ(si.pm1a_cnt.address, 0xfe000000);
	CHECK_EQ(si.dsdt, 0x123456000);
	/* An X_ block with address 0 falls back to the port. */
	fadt.pm1b_cnt_blk = 0x608;
	acpi_fadt_decode(&fadt, sizeof(fadt), &si);
	CHECK_EQ(si.pm1b_cnt.space, ACPI_SPACE_IO);
	CHECK_EQ(si.pm1b_cnt.address, 0x608);
	/* A table too short for X_PM1a_CNT_BLK uses the 32-bit port. */
	acpi_fadt_decode(&fadt, 180, &si);
	CHECK_EQ(si.pm1a_cnt.address, 0x604);
	CHECK_EQ(si.pm1a_cnt.space, ACPI_SPACE_IO);
	/* Too short even for the flags: nothing at all. */
	acpi_fadt_decode(&fadt, 100, &si);
	CHECK_EQ(si.pm1a_cnt.address, 0);
	CHECK_EQ(si.dsdt, 0);
}

static void test_fadt_sleep_control(void)
{
	struct acpi_sleep_info si;

	fadt_init(5);
	set_gas(&fadt.sleep_control, ACPI_SPACE_IO, 8, 1, 0x700);
	set_gas(&fadt.sleep_status, ACPI_SPACE_IO, 8, 1, 0x701);
	acpi_fadt_decode(&fadt, sizeof(fadt), &si);
	CHECK_EQ(si.sleep_control.address, 0x700);
	CHECK_EQ(si.sleep_status.address, 0x701);
	CHECK_EQ(si.pm1a_cnt.address, 0x604);
	/* Hardware-reduced: no PM1 registers. */
	fadt.flags = ACPI_FADT_HW_REDUCED;
	acpi_fadt_decode(&fadt, sizeof(fadt), &si);
	CHECK_EQ(si.pm1a_cnt.address, 0);
	CHECK_EQ(si.sleep_control.address, 0x700);
	/* A bit offset (or width != access size) voids both (Xen). */
	fadt.sleep_control.bit_offset = 1;
	acpi_fadt_decode(&fadt, sizeof(fadt), &si);
	CHECK_EQ(si.sleep_control.address, 0);
	CHECK_EQ(si.sleep_status.address, 0);
	/* Revision 4 does not have them. */
	fadt_init(4);
	set_gas(&fadt.sleep_control, ACPI_SPACE_IO, 8, 1, 0x700);
	set_gas(&fadt.sleep_status, ACPI_SPACE_IO, 8, 1, 0x701);
	acpi_fadt_decode(&fadt, sizeof(fadt), &si);
	CHECK_EQ(si.sleep_control.address, 0);
}

static void test_find_s5(void)
{
	/* QEMU q35: Name(_S5, Package(4){Zero, Zero, Zero, Zero}) after
	 * _S3 in a larger body. */
	static const uint8_t qemu[] = { 0x10, 0x08, '_',  'S',	'3',
					'_',  0x12, 0x06, 0x04, 0x01,
					0x01, 0x00, 0x00, 0x08, '_',
					'S',  '5',  '_',  0x12, 0x06,
					0x04, 0x00, 0x00, 0x00, 0x00 };
	/* Name(\_S5_, Package(2){0x07, 0x05}) with byte prefixes and a
	 * two-byte PkgLength. */
	static const uint8_t rooted[] = { 0x08, '\\', '_',  'S',  '5',
					  '_',	0x12, 0x46, 0x00, 0x02,
					  0x0a, 0x07, 0x0a, 0x05 };
	static const uint8_t too_big[] = { 0x08, '_',  'S',  '5',  '_',
					   0x12, 0x05, 0x02, 0x0a, 0x08 };
	/* "_S5_" as a method name, not a Name(): no NameOp before it. */
	static const uint8_t method[] = { 0x14, '_',  'S',  '5', '_',
					  0x12, 0x04, 0x01, 0x01 };
	uint8_t a = 0xee, b = 0xee;

	CHECK(acpi_find_s5(qemu, sizeof(qemu), &a, &b));
	CHECK_EQ(a, 0);
	CHECK_EQ(b, 0);
	CHECK(acpi_find_s5(rooted, sizeof(rooted), &a, &b));
	CHECK_EQ(a, 7);
	CHECK_EQ(b, 5);
	CHECK(!acpi_find_s5(too_big, sizeof(too_big), &a, &b));
	CHECK(!acpi_find_s5(method, sizeof(method), &a, &b));
	/* Cut inside the package: every prefix is refused, none overruns
	 * (ASan checks the reads). */
	for (size_t n = 0; n < sizeof(rooted); n++) {
		uint8_t *copy = malloc(n ? n : 1);

		memcpy(copy, rooted, n);
		CHECK(!acpi_find_s5(copy, n, &a, &b));
		free(copy);
	}
}

static struct xenpf_enter_acpi_sleep req(uint16_t a, uint16_t b, uint32_t state,
					 uint32_t flags)
{
	return (struct xenpf_enter_acpi_sleep){
		.val_a = a, .val_b = b, .sleep_state = state, .flags = flags
	};
}

static void test_sleep_check(void)
{
	struct acpi_sleep_info si = { 0 };
	struct xenpf_enter_acpi_sleep r;

	r = req(0x2000, 0, 5, 0);
	CHECK_EQ(acpi_sleep_check(&si, &r), -EPERM); /* no PM1a */
	r = req(1, 0, 5, XENPF_ACPI_SLEEP_EXTENDED);
	CHECK_EQ(acpi_sleep_check(&si, &r), -EPERM); /* no sleep control */
	si.pm1a_cnt.address = 0x604;
	r = req(0x2000, 0, 5, 0);
	CHECK_EQ(acpi_sleep_check(&si, &r), 0);
	r = req(0x2000, 0x2400, 5, 0);
	CHECK_EQ(acpi_sleep_check(&si, &r), 0);
	r = req(0x2000, 0x0400, 5, 0); /* SLP_EN differs */
	CHECK_EQ(acpi_sleep_check(&si, &r), -EINVAL);
	r = req(0x2000, 0, 5, 2);
	CHECK_EQ(acpi_sleep_check(&si, &r), -EINVAL);
	r = req(0x2000, 0, 0, 0);
	CHECK_EQ(acpi_sleep_check(&si, &r), -EINVAL);
	r = req(0x2000, 0, 6, 0);
	CHECK_EQ(acpi_sleep_check(&si, &r), -EINVAL);
	r = req(0x2000, 0, 0xffffffffu, 0);
	CHECK_EQ(acpi_sleep_check(&si, &r), -EINVAL);
	r = req(0x2000, 0, 3, 0);
	CHECK_EQ(acpi_sleep_check(&si, &r), 0);
	/* Extended form: the registers are checked before the flags. */
	r = req(1, 0, 5, XENPF_ACPI_SLEEP_EXTENDED | 2);
	CHECK_EQ(acpi_sleep_check(&si, &r), -EPERM);
	si.sleep_control.address = 0x700;
	si.sleep_status.address = 0x701;
	CHECK_EQ(acpi_sleep_check(&si, &r), -EINVAL);
	r = req(8, 0, 5, XENPF_ACPI_SLEEP_EXTENDED);
	CHECK_EQ(acpi_sleep_check(&si, &r), -ERANGE);
	r = req(7, 8, 5, XENPF_ACPI_SLEEP_EXTENDED);
	CHECK_EQ(acpi_sleep_check(&si, &r), -ERANGE);
	r = req(7, ACPI_SLEEP_TYPE_INVALID, 5, XENPF_ACPI_SLEEP_EXTENDED);
	CHECK_EQ(acpi_sleep_check(&si, &r), 0);
	r = req(7, 0, 9, XENPF_ACPI_SLEEP_EXTENDED);
	CHECK_EQ(acpi_sleep_check(&si, &r), -EINVAL);
}

/* The PM timer port, as Xen finds it (Linux's "PM-Timer IO Port"). */
static void test_fadt_pm_timer(void)
{
	CHECK_EQ(offsetof(struct acpi_fadt, pm_tmr_blk), 76);
	CHECK_EQ(offsetof(struct acpi_fadt, pm_tmr_len), 91);
	CHECK_EQ(offsetof(struct acpi_fadt, x_pm_tmr_blk), 208);
	CHECK_EQ(offsetof(struct acpi_fadt, sleep_control), 244);
	fadt_init(1);
	fadt.pm_tmr_blk = 0x608;
	CHECK_EQ(acpi_fadt_pm_timer_port(&fadt, sizeof(fadt)), 0x608);
	/* Too short to hold PM_TMR_BLK: none. */
	CHECK_EQ(acpi_fadt_pm_timer_port(&fadt, 79), 0);
	/* Revision 3: a good X_ block wins (access size unset or dword). */
	fadt_init(3);
	fadt.pm_tmr_blk = 0x608;
	set_gas(&fadt.x_pm_tmr_blk, ACPI_SPACE_IO, 32, 3, 0x1008);
	CHECK_EQ(acpi_fadt_pm_timer_port(&fadt, sizeof(fadt)), 0x1008);
	set_gas(&fadt.x_pm_tmr_blk, ACPI_SPACE_IO, 32, 0, 0x1008);
	CHECK_EQ(acpi_fadt_pm_timer_port(&fadt, sizeof(fadt)), 0x1008);
	/* Not a dword, a bit offset, memory space or address 0: the 32-bit
	 * field instead. */
	set_gas(&fadt.x_pm_tmr_blk, ACPI_SPACE_IO, 32, 2, 0x1008);
	CHECK_EQ(acpi_fadt_pm_timer_port(&fadt, sizeof(fadt)), 0x608);
	set_gas(&fadt.x_pm_tmr_blk, ACPI_SPACE_IO, 32, 3, 0x1008);
	fadt.x_pm_tmr_blk.bit_offset = 8;
	CHECK_EQ(acpi_fadt_pm_timer_port(&fadt, sizeof(fadt)), 0x608);
	set_gas(&fadt.x_pm_tmr_blk, ACPI_SPACE_MEMORY, 32, 3, 0xfed00000);
	CHECK_EQ(acpi_fadt_pm_timer_port(&fadt, sizeof(fadt)), 0x608);
	set_gas(&fadt.x_pm_tmr_blk, ACPI_SPACE_IO, 32, 3, 0);
	CHECK_EQ(acpi_fadt_pm_timer_port(&fadt, sizeof(fadt)), 0x608);
	/* Revision 2 has no usable X_ fields; a table cut before
	 * X_PM_TMR_BLK uses the 32-bit field. */
	fadt_init(2);
	fadt.pm_tmr_blk = 0x608;
	set_gas(&fadt.x_pm_tmr_blk, ACPI_SPACE_IO, 32, 3, 0x1008);
	CHECK_EQ(acpi_fadt_pm_timer_port(&fadt, sizeof(fadt)), 0x608);
	fadt.hdr.revision = 3;
	CHECK_EQ(acpi_fadt_pm_timer_port(&fadt, 210), 0x608);
	/* No timer, or one past the 16-bit port space. */
	fadt_init(1);
	CHECK_EQ(acpi_fadt_pm_timer_port(&fadt, sizeof(fadt)), 0);
	fadt.pm_tmr_blk = 0x10000;
	CHECK_EQ(acpi_fadt_pm_timer_port(&fadt, sizeof(fadt)), 0);
}

int main(void)
{
	test_fadt_legacy_ports();
	test_fadt_x_blocks();
	test_fadt_sleep_control();
	test_find_s5();
	test_sleep_check();
	test_fadt_pm_timer();
	return check_summary("test-acpi-sleep");
}
