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

void console_register(struct console_driver *drv);

/* Write raw bytes to every console, "\n" becoming "\r\n". */
void console_write(const char *s, size_t n);

/*
 * From panic and fault paths: stop honouring the console lock, which the
 * CPU that died may have been holding. Output may then interleave.
 */
void console_force_unlock(void);

#endif
