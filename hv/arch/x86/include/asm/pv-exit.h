/* SPDX-License-Identifier: MIT */
/*
 * The way out of the C half of a PV guest entry without a return: once
 * the exit decision is made, the SYSCALL and guest-exception entries
 * reset RSP to the guest frame and jump to a copy of the exit sequence
 * (EXIT_TO_GUEST_DECIDED, asm/entry-frame.h) in their own page. Under
 * QEMU's TCG a return is a block lookup and a jump within the page a
 * chained one (docs/performance.md); the callee-saved registers the C
 * code used need no restoring, since the exit reloads every register
 * from the frame.
 */
#ifndef ASM_X86_PV_EXIT_H
#define ASM_X86_PV_EXIT_H

#include <satori/types.h>

#include <asm/regs.h>

/* EXIT_TO_GUEST_DECIDED in the SYSCALL path's page (pv-entry.S) and in
 * the exception path's (entry.S). Not functions: jump targets. */
void exit_to_guest_syscall_page(void);
void exit_to_guest_exception_page(void);

/* Leave for the guest through @regs (the frame at the stack top), by
 * SYSRET when @sysret is nonzero; from the SYSCALL path. */
static inline __noreturn __attribute__((always_inline)) void
pv_leave_syscall_path(struct cpu_user_regs *regs, int sysret)
{
	__asm__ __volatile__("movq %0, %%rsp\n\t"
			     "jmp exit_to_guest_syscall_page"
			     :
			     : "r"(regs), "a"(sysret)
			     : "memory");
	__builtin_unreachable();
}

/* The same from the guest-exception path. */
static inline __noreturn __attribute__((always_inline)) void
pv_leave_exception_path(struct cpu_user_regs *regs, int sysret)
{
	__asm__ __volatile__("movq %0, %%rsp\n\t"
			     "jmp exit_to_guest_exception_page"
			     :
			     : "r"(regs), "a"(sysret)
			     : "memory");
	__builtin_unreachable();
}

#endif
