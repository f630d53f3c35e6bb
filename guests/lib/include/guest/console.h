/* SPDX-License-Identifier: MIT */
/*
 * Formatted output to the hypervisor console (console_io write). Formats:
 * %d %i %u %x %X %p %s %c %%, with flags '-', '0' and '#', a width, and the
 * length modifiers l, ll and z. Output longer than 256 bytes per call is
 * cut; vsnprintf itself always NUL-terminates and returns the full length.
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Returns console_io's result: 0, or a negative errno. */
long printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* GUEST_CONSOLE_H */
