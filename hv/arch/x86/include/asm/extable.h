/* SPDX-License-Identifier: MIT */
/*
 * Exception fixups: instructions that may fault on purpose (guest-memory
 * accessors, probing MSRs) register a fixup address in the .ex_table
 * section. When such an instruction faults, the exception handler resumes
 * at the fixup instead of treating the fault as a hypervisor bug.
 *
 * Each entry holds two 32-bit offsets, each relative to its own field's
 * address, so the table needs no relocations. ASM_EXTABLE writes one
 * entry, in C inline asm (as text) and in assembly alike.
 */
#ifndef ASM_X86_EXTABLE_H
#define ASM_X86_EXTABLE_H

#ifdef __ASSEMBLY__

/* clang-format off */
/* A fault at @insn resumes at @fixup. */
#define ASM_EXTABLE(insn, fixup)      \
	.pushsection .ex_table, "a";  \
	.balign 4;                    \
	.long insn - .;               \
	.long fixup - .;              \
	.popsection
/* clang-format on */

#else

#include <satori/types.h>

struct exception_table_entry {
	int32_t insn;
	int32_t fixup;
};

/* The fixup address for a faulting @rip in hypervisor code, or 0. */
uint64_t search_exception_table(uint64_t rip);

/* Inline asm text: a fault at label @insn resumes at label @fixup. */
#define ASM_EXTABLE(insn, fixup)                \
	".pushsection .ex_table, \"a\"\n"       \
	".balign 4\n"                           \
	".long " #insn " - ., " #fixup " - .\n" \
	".popsection\n"

/*
 * Inline asm text for the usual shape: the instruction at label 1 may
 * fault, label 2 follows it. On a fault, run @insns (asm text, each line
 * ending in "\n") out of line in .text.fixup, then continue at label 2,
 * as if the instruction had completed. The hot path carries no extra
 * instruction.
 */
#define ASM_FAULT_FIXUP(insns)               \
	".pushsection .text.fixup, \"ax\"\n" \
	"3: " insns "   jmp 2b\n"            \
	".popsection\n" ASM_EXTABLE(1b, 3b)

#endif /* __ASSEMBLY__ */

#endif
