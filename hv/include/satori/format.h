/* SPDX-License-Identifier: MIT */
/*
 * Formatted output into a buffer (hv/lib/vsnprintf.c). Pure logic: the same
 * file builds into the hypervisor and into the host unit tests.
 *
 * Supports %d %i %u %x %X %o %p %s %c %% with the flags "-0+ #", width and
 * precision (also as '*'), and the length modifiers hh h l ll z t j.
 */
#ifndef SATORI_FORMAT_H
#define SATORI_FORMAT_H

#include <stdarg.h>

#include <satori/types.h>

/*
 * Format into @buf of @size bytes, always NUL-terminated when @size > 0.
 * @return the length the full output would have had (as C99 vsnprintf).
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
