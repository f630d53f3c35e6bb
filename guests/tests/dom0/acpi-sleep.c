/* SPDX-License-Identifier: MIT */
/*
 * dom0/acpi-sleep: the refusals of platform_op XENPF_enter_acpi_sleep,
 * the call Linux's ACPI power-off makes. QEMU's q35 FADT (revision 3)
 * has PM1a but no hardware-reduced sleep control register, so the
 * extended form is -EPERM; stray flags, PM1a/PM1b values that disagree
 * on SLP_EN, and states outside S1-S5 are -EINVAL. Every request here is
 * refused before the hypervisor touches the hardware: the test never
 * enters a sleep state (S5 would end the machine).
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>

#include <platform.h>

const char test_name[] = "dom0/acpi-sleep";

#define SLP_EN 0x2000 /* PM1 control SLP_EN; SLP_TYP is bits 10-12 */

static long enter_sleep(uint16_t val_a, uint16_t val_b, uint32_t state,
			uint32_t flags)
{
	struct xen_platform_op op;

	__builtin_memset(&op, 0, sizeof(op));
	op.cmd = XENPF_enter_acpi_sleep;
	op.interface_version = XENPF_INTERFACE_VERSION;
	op.u.enter_acpi_sleep.val_a = val_a;
	op.u.enter_acpi_sleep.val_b = val_b;
	op.u.enter_acpi_sleep.sleep_state = state;
	op.u.enter_acpi_sleep.flags = flags;
	return hypercall(__HYPERVISOR_platform_op, (uint64_t)&op, 0, 0, 0, 0);
}

void test_main(void)
{
	CHECK_EQ("extended form, no sleep control register",
		 enter_sleep(0, 0, 5, XENPF_ACPI_SLEEP_EXTENDED), -XEN_EPERM);
	CHECK_EQ("extended form with another flag",
		 enter_sleep(0, 0, 5, XENPF_ACPI_SLEEP_EXTENDED | 2),
		 -XEN_EPERM);
	CHECK_EQ("unknown flag", enter_sleep(SLP_EN, 0, 5, 2), -XEN_EINVAL);
	CHECK_EQ("PM1a/PM1b SLP_EN mismatch", enter_sleep(SLP_EN, 0x0400, 5, 0),
		 -XEN_EINVAL);
	CHECK_EQ("PM1b SLP_EN without PM1a's", enter_sleep(0, SLP_EN, 5, 0),
		 -XEN_EINVAL);
	CHECK_EQ("state S0", enter_sleep(0, 0, 0, 0), -XEN_EINVAL);
	CHECK_EQ("state S6", enter_sleep(0, 0, 6, 0), -XEN_EINVAL);
	CHECK_EQ("state 0xffffffff", enter_sleep(0, 0, 0xffffffffu, 0),
		 -XEN_EINVAL);
	test_success();
}
