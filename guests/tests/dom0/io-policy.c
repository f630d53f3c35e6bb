/* SPDX-License-Identifier: MIT */
/*
 * dom0/io-policy: dom0's port permissions beyond the PIC/PIT/UART
 * (emul/io-ports): IGNNE# at 0xf0 reads all ones (weak: nothing decodes
 * it on QEMU either), while port 0x92 (A20) is dom0's as on Xen 4.17. The CMOS is mediated: the index written to 0x70
 * reads back from the domain's latch, and 0x71 then returns the register
 * it names with the NMI bit ignored: register A of QEMU's RTC is 0x26
 * (its update-in-progress bit 7 masked off here). A port dom0 owns, the
 * POST port 0x80, is written and read without a fault. The ACPI PM
 * timer port (PMBASE + 8 of QEMU q35's ICH9 LPC bridge, 00:1f.0 register
 * 0x40; the FADT names the same port) is the hypervisor's on Xen 4.17
 * (dom0_setup_permissions) and satori: all ones in every width, while the
 * PM1 control register next to it is dom0's (Linux then prints
 * "PM-Timer failed consistency check (0xffffff)").
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/port-io.h>
#include <guest/test.h>
#include <guest/traps.h>

#include <physdev.h>

const char test_name[] = "dom0/io-policy";

/* Dword @reg of PCI device 00:1f.0 through conf1. */
static uint32_t lpc_conf(unsigned int reg)
{
	outl(0xcf8, 0x80000000u | (0x1f << 11) | reg);
	return inl(0xcfc);
}

#define ICH9_LPC_ID 0x29188086u /* device:vendor */
#define ICH9_PMBASE 0x40

static void check_pm_timer(void)
{
	uint32_t id = lpc_conf(0);
	uint16_t pmbase, tmr;

	if (id != ICH9_LPC_ID) {
		printf("00:1f.0 is %#x, not QEMU's ICH9 LPC: no PM timer check\n",
		       id);
		return;
	}
	pmbase = (uint16_t)(lpc_conf(ICH9_PMBASE) & 0xff80);
	tmr = (uint16_t)(pmbase + 8);
	printf("PMBASE %#x, PM timer port %#x\n", pmbase, tmr);
	if (!pmbase)
		test_fail("ICH9 PMBASE not set up by the firmware");
	CHECK_EQ("PM1 control (dom0's)", inw((uint16_t)(pmbase + 4)) != 0xffff,
		 1);
	CHECK_EQ("inl PM timer", inl(tmr), 0xffffffffu);
	CHECK_EQ("inb PM timer + 3", inb((uint16_t)(tmr + 3)), 0xff);
	CHECK_EQ("inw PM timer + 2", inw((uint16_t)(tmr + 2)), 0xffff);
}

void test_main(void)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };
	uint8_t v;

	CHECK_EQ("set_trap_table", install_traps(0), 0);
	CHECK_EQ("PHYSDEVOP_set_iopl 1",
		 hypercall(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl,
			   (uint64_t)&iopl, 0, 0, 0),
		 0);
	trap_reset(); /* The counts below: since here, none expected. */
	/* Xen 4.17 leaves 0x92 to dom0: QEMU answers 2 (A20 enabled). */
	CHECK_EQ("inb 0x92 (A20/INIT)", inb(0x92), 0x02);
	CHECK_EQ("inb 0xf0 (IGNNE)", inb(0xf0), 0xff);
	CHECK_EQ("exceptions", trap_last.count, 0);
	outb(0x70, 0x0a);
	CHECK_EQ("CMOS index latch", inb(0x70), 0x0a);
	v = inb(0x71);
	printf("CMOS register A: %#x\n", v);
	CHECK_EQ("CMOS register A", v & 0x7f, 0x26);
	outb(0x70, 0x8a);
	v = inb(0x71);
	CHECK_EQ("CMOS register A, NMI bit in the index", v & 0x7f, 0x26);
	outb(0x80, 0x5a);
	CHECK_EQ("outb 0x80: exceptions", trap_last.count, 0);
	inb(0x80);
	CHECK_EQ("inb 0x80: exceptions", trap_last.count, 0);
	check_pm_timer();
	CHECK_EQ("PM timer: exceptions", trap_last.count, 0);
	test_success();
}
