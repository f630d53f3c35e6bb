/* SPDX-License-Identifier: MIT */
/*
 * PV guest entry by SYSCALL, and the one return path to a guest.
 *
 * SYSCALL leaves RSP pointing into the guest and gives us no free
 * register, and satori keeps GS for guests (no swapgs anywhere). So
 * every CPU gets its own stub (MSR_LSTAR/CSTAR point at it): the stub
 * parks the guest RSP in its CPU's scratch slot, loads its CPU's stack
 * top from a table, and pushes SS and the guest RSP. Both are addressed
 * RIP-relative with the CPU number folded in at assembly time, so the
 * stubs are ordinary read-only code and nothing is written at run time.
 * The scratch slot is live for three instructions with IF clear (SFMASK);
 * NMI and #MC run on IST stacks and never touch it.
 *
 * From there the frame is the same struct cpu_user_regs an exception
 * from ring 3 builds (the CPU also starts at TSS.RSP0 = the same stack
 * top), with entry_vector = TRAP_syscall.
 *
 * ret_to_guest is the only way back to a guest: interrupts off, then
 * pv_exit_prepare() runs softirqs (scheduling), pending events and
 * bounces and says whether SYSRET is safe; else IRETQ. The SYSCALL and
 * guest-exception entries run the same decision inline in their C
 * function and jump to a copy of the last step in their own page
 * (asm/pv-exit.h). A fault on IRETQ itself (a bad guest selector) lands
 * in pv_bad_iret(), which gives the fault to the guest (its trap table)
 * instead of the hypervisor.
 */
#include <asm/asm-offsets.h>
#include <asm/desc.h>
#include <asm/entry-frame.h>
#include <asm/layout.h>
#include <asm/pv-entry.h>

	.section .data
	.balign 8
	.globl syscall_stack_top
syscall_stack_top:
	.fill SYSCALL_STUB_CPUS, 8, 0
syscall_rsp_scratch:
	.fill SYSCALL_STUB_CPUS, 8, 0

.macro SYSCALL_STUBS name, target
	.balign PAGE_SIZE
	.globl \name
\name:
	cpu = 0
	.rept SYSCALL_STUB_CPUS
	.balign SYSCALL_STUB_SIZE
	movq	%rsp, (syscall_rsp_scratch + 8 * cpu)(%rip)
	movq	(syscall_stack_top + 8 * cpu)(%rip), %rsp
	pushq	$FLAT_KERNEL_SS
	pushq	(syscall_rsp_scratch + 8 * cpu)(%rip)
	jmp	\target
	cpu = cpu + 1
	.endr
.endm



	/* The 64-bit stubs share a page with syscall_common64 and the exit,
	 * so that TCG chains the stub's jump (a cross-page jump is a block
	 * lookup); the compat stubs are not on any 64-bit guest's path. */
	.section .text.hot.entry, "ax", @progbits
	SYSCALL_STUBS syscall_stubs64, syscall_common64

.macro SYSCALL_COMMON cs
	pushq	%r11
	pushq	$\cs
	pushq	%rcx
	pushq	$0
	movl	$TRAP_syscall, 4(%rsp)
	SAVE_GPRS
	movq	%rsp, %rdi
	/* Does not return: it leaves by exit_to_guest_syscall_page. */
	call	pv_syscall_entry
	ud2
.endm

	.type syscall_common64, @function
syscall_common64:
	SYSCALL_COMMON FLAT_RING3_CS64
	.size syscall_common64, . - syscall_common64

	.type syscall_common32, @function
syscall_common32:
	SYSCALL_COMMON FLAT_RING3_CS32
	.size syscall_common32, . - syscall_common32

/* RSP = the guest frame at the top of this CPU's stack. */
	.globl ret_to_guest
	.type ret_to_guest, @function
ret_to_guest:
	cli
	movq	%rsp, %rdi
	call	pv_exit_prepare
	EXIT_TO_GUEST_DECIDED
	/* IRETQ to the guest faulted (EXIT_TO_GUEST_DECIDED's fixup): RSP
	 * is back at the frame's rip slot. */
	.globl guest_iret_fault
guest_iret_fault:
	subq	$UREGS_rip, %rsp
	movq	%rsp, %rdi
	call	pv_bad_iret
	jmp	ret_to_guest
	.size ret_to_guest, . - ret_to_guest

	/* pv_syscall_entry()'s way out, in its page (asm/pv-exit.h). */
	.section .text.hot.syscall, "ax", @progbits
	.globl exit_to_guest_syscall_page
	.type exit_to_guest_syscall_page, @function
exit_to_guest_syscall_page:
	EXIT_TO_GUEST_DECIDED
	.size exit_to_guest_syscall_page, . - exit_to_guest_syscall_page

	.section .text, "ax", @progbits
	SYSCALL_STUBS syscall_stubs32, syscall_common32

/* void pv_resume_frame(struct cpu_user_regs *frame,
 *                      const struct cpu_user_regs *saved):
 * make frame the stack top, fill it from saved, return to the guest. */
	.globl pv_resume_frame
	.type pv_resume_frame, @function
pv_resume_frame:
	movq	%rdi, %rsp
	movl	$UREGS_qwords, %ecx
	cld
	rep movsq
	jmp	ret_to_guest
	.size pv_resume_frame, . - pv_resume_frame

/* void reset_stack_and_idle(void *sp): idle_loop() on an empty stack. */
	.globl reset_stack_and_idle
	.type reset_stack_and_idle, @function
reset_stack_and_idle:
	movq	%rdi, %rsp
	xorl	%ebp, %ebp
	call	idle_loop
	ud2
	.size reset_stack_and_idle, . - reset_stack_and_idle
