/* SPDX-License-Identifier: MIT */
/*
 * The general-register part of struct cpu_user_regs (asm/regs.h), as
 * pushed and popped by every entry path: exceptions and interrupts
 * (entry/entry.S) and SYSCALL from PV guests (entry/pv-entry.S). One
 * definition, so the frame layout cannot drift between the two paths.
 * Assembly only.
 */
#ifndef ASM_X86_ENTRY_FRAME_H
#define ASM_X86_ENTRY_FRAME_H

#ifdef __ASSEMBLY__
#include <asm/extable.h>

/* Assembler macros, not C: */
/* clang-format off */
/* Push in reverse field order, so %r15 ends up at the lowest address. */
.macro SAVE_GPRS
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

.macro RESTORE_GPRS
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
.endm

/*
 * The last step back to a PV guest, once the exit decision is made (IF
 * clear, %eax = nonzero when SYSRET is safe, %rsp = the frame): restore
 * the registers and SYSRET, or IRETQ (a fault on it goes to
 * guest_iret_fault in pv-entry.S). A macro, so that each entry path has
 * it in its own page: under TCG a jump to another page is a block
 * lookup, within the page a chained jump.
 */
.macro EXIT_TO_GUEST_DECIDED
	testl	%eax, %eax
	jnz	.Lexit_sysret\@
	RESTORE_GPRS
	addq	$8, %rsp
.Lexit_iretq\@:
	iretq
	ASM_EXTABLE(.Lexit_iretq\@, guest_iret_fault)
.Lexit_sysret\@:
	RESTORE_GPRS
	addq	$8, %rsp
	/* RCX = RIP and R11 = RFLAGS were checked; SS/CS come from STAR. */
	movq	(UREGS_rsp - UREGS_rip)(%rsp), %rsp
	sysretq
.endm
/* clang-format on */
#endif

#endif
