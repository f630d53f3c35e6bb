/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor console: output fans out to every registered driver
 * (serial port, later VGA); input from the serial port feeds the debug-key
 * handler (and later dom0's console).
 */
#ifndef SATORI_CONSOLE_H
#define SATORI_CONSOLE_H

#include <satori/types.h>

struct console_driver {
	const char *name;
	void (*write)(const char *s, size_t n);
	struct console_driver *next;
};

/* Add @drv to the consoles (no effect if it is one already). */
void console_register(struct console_driver *drv);

/* Remove @drv from the consoles (no effect if it is not one). */
void console_unregister(struct console_driver *drv);

/* Write raw bytes to every console, "\n" becoming "\r\n". */
void console_write(const char *s, size_t n);

/* Console devices, as named by Xen's console= option. */
#define CONSOLE_COM1 0x1
#define CONSOLE_COM2 0x2
#define CONSOLE_VGA 0x4 /* accepted, not supported */

/*
 * Parse a console= value ("com1,vga", "none", ...) into CONSOLE_* bits.
 * @return 0, or -EINVAL (@devices untouched) for an unknown device.
 */
int console_devices_parse(const char *s, unsigned int *devices);

/*
 * Switch the console to the devices chosen by console= and com1=/com2=
 * (hv/common/console-select.c). Once, right after cmdline_parse().
 */
void console_setup(void);

/*
 * From panic and fault paths: stop honouring the console lock, which the
 * CPU that died may have been holding. Output may then interleave.
 */
void console_force_unlock(void);

#endif
