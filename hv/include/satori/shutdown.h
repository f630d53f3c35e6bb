/* SPDX-License-Identifier: MIT */
/* Ending the machine: halt, reboot, and the test exit device. */
#ifndef SATORI_SHUTDOWN_H
#define SATORI_SHUTDOWN_H

#include <satori/types.h>

/*
 * Stop the machine. With the test exit device enabled (debugexit= on the
 * command line), QEMU exits with status (@status << 1) | 1; otherwise the
 * boot CPU halts forever.
 */
__noreturn void machine_halt(int status);

/* Reboot the machine (unless noreboot, which halts instead). */
__noreturn void machine_restart(void);

#endif
