/* SPDX-License-Identifier: MIT */
/*
 * Exception fixups: instructions that may fault on purpose (guest-memory
 * accessors, probing MSRs) register a fixup address in the .ex_table
 * section. When such an instruction faults, the exception handler resumes
 * at the fixup instead of treating the fault as a hypervisor bug.
 *
 * Each entry holds two 32-bit offsets, each relative to its own field's
 * address, so the table needs no relocations.
 */
#ifndef ASM_X86_EXTABLE_H
#define ASM_X86_EXTABLE_H

#include <satori/types.h>

struct exception_table_entry {
	int32_t insn;
	int32_t fixup;
};

/* The fixup address for a faulting @rip in hypervisor code, or 0. */
uint64_t search_exception_table(uint64_t rip);

#endif
