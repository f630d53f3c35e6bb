/* SPDX-License-Identifier: MIT */
/* Segment selectors and descriptor-table helpers. */
#ifndef ASM_X86_DESC_H
#define ASM_X86_DESC_H

/* The hypervisor's code and data selectors (boot GDT, head.S). */
#define HYPERVISOR_CS 0x08
#define HYPERVISOR_DS 0x10

#endif
