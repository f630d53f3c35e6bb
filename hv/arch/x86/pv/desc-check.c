/* SPDX-License-Identifier: MIT */
/*
 * The rules a descriptor in a guest GDT or LDT page must follow. The CPU
 * reads those pages directly, so a descriptor that would give the guest
 * ring 0-2 code, a TSS or LDT of its choosing, or a gate into hypervisor
 * code must never be there. Pure logic, host-tested
 * (tests/unit/test-pv-desc.c).
 */
#include <asm/pv-desc.h>

#include <satori/errno.h>

#include <asm/desc.h>

/* Bits of the high dword of a descriptor. */
#define SEG_TYPE (0xfu << 8)
#define SEG_S (1u << 12)
#define SEG_DPL (3u << 13)
#define SEG_P (1u << 15)
#define SEG_TYPE_CALL_GATE (0xcu << 8)

/* Whether a call gate may target @sel: a guest GDT selector, the flat
 * kernel code selector, or an LDT selector (the gate is emulated). */
static bool gate_selector_ok(uint32_t sel)
{
	return (sel >> 3) < FIRST_RESERVED_GDT_ENTRY || sel == FLAT_KERNEL_CS ||
	       (sel & 4);
}

bool pv_check_descriptor(uint64_t *desc)
{
	uint32_t lo = (uint32_t)*desc, hi = (uint32_t)(*desc >> 32);
	uint32_t dpl, sel;

	if (!(hi & SEG_P))
		return true;
	/* The guest kernel runs in ring 3: nothing may ask for less. */
	dpl = 3;
	hi = (hi & ~SEG_DPL) | (dpl << 13);
	if (hi & SEG_S)
		goto good;
	/* Type 0 never loads; it is the upper half of a 16-byte gate. */
	if (!(hi & SEG_TYPE))
		return true;
	if ((hi & SEG_TYPE) != SEG_TYPE_CALL_GATE)
		return false;
	sel = lo >> 16;
	if (!gate_selector_ok(sel))
		return false;
	/* DPL 0: any use traps to the hypervisor, which can tell a gate
	 * call from kernel or user mode; the (raised) DPL goes in the RPL. */
	hi &= ~SEG_DPL;
	sel = (sel & ~3u) | dpl;
	lo = (lo & 0xffffu) | (sel << 16);
	if (hi & 0xffu)
		return false;
good:
	*desc = ((uint64_t)hi << 32) | lo;
	return true;
}

int pv_check_desc_table(uint64_t *descs)
{
	for (unsigned int i = 0; i < 512; i++)
		if (!pv_check_descriptor(&descs[i]))
			return -EINVAL;
	return 0;
}
