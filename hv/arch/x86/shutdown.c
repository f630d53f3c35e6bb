/* SPDX-License-Identifier: MIT */
/*
 * Halt, power off and reboot.
 *
 * Tests end QEMU through its isa-debug-exit device: writing a value v to
 * its port makes QEMU exit with status (v << 1) | 1. The port is chosen on
 * the command line (debugexit=0xf4) so that real machines never see
 * a write to an arbitrary port. Without it, powering off is ACPI S5 with
 * the DSDT's sleep types (acpi/sleep.c), halting if that fails.
 */
#include <satori/shutdown.h>
#include <satori/cmdline.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/smp.h>
#include <satori/time.h>

#include <asm/acpi-sleep.h>

#include <asm/cpu-ops.h>

uint16_t debug_exit_port;

/* Xen's option: halt instead of rebooting after a fatal error. */
static bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);

/*
 * debugexit=<io-port>: enable the exit device at that port. outl needs four
 * ports, and 0 would mean "off", so 1..0xfffc are accepted.
 */
static int parse_debugexit(const char *value)
{
	uint64_t port;
	const char *end;

	if (!value || parse_uint(value, &end, &port) || *end || port == 0 ||
	    port > 0xfffc)
		return -EINVAL;
	debug_exit_port = (uint16_t)port;
	return 0;
}
custom_param("debugexit", parse_debugexit);

/* How long a power-off register write gets to take effect before the
 * CPU falls back to halting. */
#define POWER_OFF_WAIT_NS 500000000ULL

__noreturn void machine_stop_then(void (*last)(void), int status)
{
	local_irq_disable();
	smp_send_stop();
	if (last) {
		uint64_t until;

		last();
		until = now_ns() + POWER_OFF_WAIT_NS;
		while (now_ns() < until)
			cpu_relax();
		printk("shutdown: the power-off did not take effect; halting\n");
	}
	if (debug_exit_port)
		outl(debug_exit_port, (uint32_t)status);
	for (;;)
		halt();
}

__noreturn void machine_halt(int status)
{
	machine_stop_then(NULL, status);
}

__noreturn void machine_power_off(void)
{
	if (debug_exit_port)
		machine_halt(HALT_OK);
	printk("shutdown: powering off (ACPI S5)\n");
	machine_stop_then(acpi_power_off, HALT_OK);
}

__noreturn void machine_restart(void)
{
	if (opt_noreboot)
		machine_halt(HALT_OK);
	local_irq_disable();
	smp_send_stop();
	/* Pulse the reset line through the keyboard controller (port 0x64),
	 * then through the PCI reset control register (0xcf9). */
	for (int i = 0; i < 10000 && (inb(0x64) & 0x02); i++)
		cpu_relax();
	outb(0x64, 0xfe);
	outb(0xcf9, 0x06);
	for (;;)
		halt();
}

__noreturn void machine_fatal_stop(int status)
{
	if (opt_noreboot || debug_exit_port)
		machine_halt(status);
	machine_restart();
}
