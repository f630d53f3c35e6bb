/* SPDX-License-Identifier: MIT */
/* Ending the machine: halt, reboot, and the test exit device. */
#ifndef SATORI_SHUTDOWN_H
#define SATORI_SHUTDOWN_H

#include <satori/types.h>

/*
 * Status values for machine_halt(). Under test, QEMU's exit status is
 * (status << 1) | 1, so each kind of ending is told apart by the runner:
 * 1 = clean end of boot, 3 = test failure, 5 = panic, 7 = BUG/ASSERT,
 * 9 = fatal exception, 11 = machine check.
 */
enum halt_status {
	HALT_OK = 0,
	HALT_TEST_FAILED = 1,
	HALT_PANIC = 2,
	HALT_BUG = 3,
	HALT_EXCEPTION = 4,
	HALT_MACHINE_CHECK = 5,
	HALT_DOM0_CRASH = 6, /* The initial domain crashed (SHUTDOWN_crash). */
};

/*
 * Stop the machine. With the test exit device enabled (debugexit= on the
 * command line), QEMU exits with status (@status << 1) | 1; otherwise the
 * boot CPU halts forever.
 */
__noreturn void machine_halt(int status);

/*
 * Stop the other CPUs with interrupts off, call @last (if not NULL: a
 * register write meant to end the machine, such as ACPI S5) and give it
 * half a second; then halt as machine_halt(@status) does.
 */
__noreturn void machine_stop_then(void (*last)(void), int status);

/*
 * The hardware domain powered off: with the test exit device, halt with
 * HALT_OK (the tests' status); otherwise ACPI S5 from the FADT and the
 * DSDT's \_S5 (halting if there is none or it has no effect).
 */
__noreturn void machine_power_off(void);

/* Reboot the machine (unless noreboot, which halts instead). */
__noreturn void machine_restart(void);

/*
 * End the machine after a fatal error: halt with @status if noreboot is
 * set or the test exit device is configured (so tests see @status),
 * otherwise reboot.
 */
__noreturn void machine_fatal_stop(int status);

#endif
