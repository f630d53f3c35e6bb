/* SPDX-License-Identifier: MIT */
/*
 * Byte copies that survive faults (hv/arch/x86/mm/probe.S). Each returns
 * the number of bytes not transferred: 0 means all of them. Callers check
 * the range and lift SMAP first (see <satori/guest-access.h>).
 */
#ifndef ASM_X86_UACCESS_H
#define ASM_X86_UACCESS_H

#include <satori/types.h>

size_t raw_copy_bytes(void *dst, const void *src, size_t n);
size_t raw_clear_bytes(void *dst, size_t n);

#endif
