/* SPDX-License-Identifier: MIT */
/*
 * Exceptions in test kernels. install_traps() registers the library's
 * stubs with set_trap_table (vectors 0-19 at DPL 0, #BP and #OF at DPL 3,
 * as Linux does, and the software interrupts 0x80 and 0x81 at the DPL the
 * test asks for). Each exception is recorded in trap_last and resumed: at
 * the fixup address if the faulting RIP has an EXTABLE entry, at the
 * frame's RIP for traps (#BP, #OF, 0x80, 0x81); any other exception ends
 * the test with ERROR.
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#include <stdint.h>

/* The stack as entry.S leaves it for trap_dispatch(), lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r10, r9, r8, rbp, rdi, rsi, rdx, rbx, rax;
	uint64_t vector;
	uint64_t rcx_slot;   /* bounce frame: the guest's RCX */
	uint64_t r11_slot;   /* bounce frame: the guest's R11 */
	uint64_t error_code; /* 0 for vectors without one */
	uint64_t rip;
	uint64_t cs; /* selector, RPL 0 if the kernel was interrupted; the
		      * upcall mask before delivery in bits 32-39 */
	uint64_t rflags, rsp, ss;
};

struct trap_record {
	struct trap_frame frame; /* as delivered */
	uint64_t cr2;		 /* from vcpu_info, if shared_info is mapped */
	unsigned int count;	 /* exceptions since trap_reset() */
};

extern struct trap_record trap_last;

/*
 * Clears the trap table, then registers it with vectors 0x80 and 0x81 at
 * @softint_dpl (0-3), or without them if @softint_dpl is negative.
 * Returns set_trap_table's result.
 */
long install_traps(int softint_dpl);
/* Forgets the last exception (count 0, vector ~0). */
void trap_reset(void);

/*
 * In inline asm: an exception at label @fault resumes at label @fixup,
 * e.g. "1: ud2; 2:" EXTABLE(1b, 2b).
 */
#define EXTABLE(fault, fixup)                                        \
	".pushsection .extable, \"a\"\n\t.balign 8\n\t.quad " #fault \
	", " #fixup "\n\t.popsection\n\t"

#endif /* GUEST_TRAPS_H */
