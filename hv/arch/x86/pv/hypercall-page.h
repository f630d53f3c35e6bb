/* SPDX-License-Identifier: MIT */
/*
 * The contents of a 64-bit PV guest's hypercall page (pv-abi 1.11).
 */
#ifndef PV_HYPERCALL_PAGE_H
#define PV_HYPERCALL_PAGE_H

#include <satori/types.h>

#define HYPERCALL_PAGE_SIZE 4096
#define HYPERCALL_STUB_SIZE 32
#define HYPERCALL_IRET 23

/* Fill @page: 0xcc everywhere, then one SYSCALL stub per 32-byte slot
 * (slot 23, iret, has no return). */
void hypercall_page_fill(uint8_t page[HYPERCALL_PAGE_SIZE]);

#endif
