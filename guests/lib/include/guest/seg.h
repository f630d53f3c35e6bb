/* SPDX-License-Identifier: MIT */
/*
 * Reading memory through a segment selector, for the tests of the
 * descriptor tables (set_gdt, update_descriptor, MMUEXT_SET_LDT): loading
 * %fs makes the CPU check and use the descriptor the hypervisor validated,
 * and a bad one faults on the load.
 */
#ifndef GUEST_SEG_H
#define GUEST_SEG_H

#include <stdint.h>

/* Load @sel into %fs and return the quadword at %fs:0. */
static inline uint64_t read_fs0(uint16_t sel)
{
	uint64_t v;

	__asm__ volatile("mov %w1, %%fs\n\tmov %%fs:0, %0"
			 : "=r"(v)
			 : "r"(sel)
			 : "memory");
	return v;
}

#endif
