/* SPDX-License-Identifier: MIT */
/*
 * Page helpers for tests that need a hole in their own address space.
 */
#ifndef GUEST_MM_H
#define GUEST_MM_H

#include <stdint.h>

/*
 * A page-aligned address whose page is mapped and whose next page is not:
 * the library unmaps a page of its own .bss with update_va_mapping the
 * first time. Returns 0 if the hypervisor refused. Tests put buffers that
 * straddle into the hole at (result + 4096 - n) and fault at result + 4096.
 */
uint64_t page_before_hole(void);

#endif /* GUEST_MM_H */
