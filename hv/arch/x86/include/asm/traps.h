/* SPDX-License-Identifier: MIT */
/*
 * State dumps for exceptions, BUG and debug keys: registers, control
 * registers and a symbolized backtrace that never faults on a corrupt
 * frame-pointer chain.
 */
#ifndef ASM_X86_TRAPS_H
#define ASM_X86_TRAPS_H

#include <satori/types.h>

#include <asm/regs.h>

/* Mnemonic ("#PF") and name ("page fault") of exception @vector (< 32). */
const char *exception_mnemonic(unsigned int vector);
const char *exception_name(unsigned int vector);

/* Print @regs, CR0/CR2/CR3/CR4, EFER and the CPU number. */
void show_registers(const struct cpu_user_regs *regs);

/*
 * Print "Call trace:" then regs->rip and every return address found by
 * following the rbp chain from regs->rbp. Each frame must be 8-byte
 * aligned, lie above the previous one and inside the registered stack
 * holding regs->rsp (cpu_stack_bounds()); the walk stops at the first
 * frame that is not, or after BACKTRACE_MAX_DEPTH frames.
 */
void show_backtrace(const struct cpu_user_regs *regs);

#define BACKTRACE_MAX_DEPTH 32

/* The vector and error code of the last hypervisor-mode fault this CPU
 * resumed at an exception-table fixup (e.g. a faulting IRETQ to a guest,
 * which the fixup turns into an exception for the guest). */
void last_fixup_fault(unsigned int *vector, uint32_t *error_code);

#endif
