/* SPDX-License-Identifier: MIT */
/*
 * Guest programs for selftest=ring3, assembled into .rodata and copied to
 * the test guests' code page at R3_CODE_VA. Position independent; they
 * talk to satori only through SYSCALL hypercalls, exceptions and the
 * trap-table entries and syscall callback the harness installs, and they
 * leave what they observed in the data page (ring3-selftest.h).
 *
 * r3_hello: console_io write, a timed loop of null hypercalls
 * (xen_version(0)), yields, int3 and #PF bounced to handlers that return
 * with HYPERVISOR_iret, an iret to user mode, a user-mode SYSCALL bounced
 * to the syscall callback, which shuts the domain down (poweroff).
 * r3_crash: ud2 with no trap table: the domain must be crashed.
 * r3_block: SCHEDOP_block, then (once the harness wakes it) poweroff.
 */
#include "ring3-selftest.h"

#define HC_console_io 18
#define HC_xen_version 17
#define HC_iret 23
#define HC_sched_op 29

/* Leave a bounce handler: drop RCX/R11 and return via HYPERVISOR_iret. */
.macro IRET_HYPERCALL
	popq	%rcx
	popq	%r11
	pushq	$0
	pushq	%rcx
	pushq	%r11
	pushq	%rax
	movl	$HC_iret, %eax
	syscall
	ud2
.endm

/* Offset of @label within its program, as a guest VA. */
#define GVA(label, start) (R3_CODE_VA + (label - start))

	.section .rodata, "a"
	.balign 16
	.globl r3_hello_start, r3_hello_end
	.globl r3_hello_int3_handler, r3_hello_pf_handler, r3_hello_syscall_cb
	.globl r3_hello_int3_ret, r3_hello_user_syscall_ret
r3_hello_start:
	movl	$R3_DATA_VA, %ebp
	movl	$HC_console_io, %eax
	xorl	%edi, %edi
	movl	$(msg_end - msg), %esi
	leaq	msg(%rip), %rdx
	syscall
	movq	%rax, R3_CONSOLE_RC(%rbp)

	movl	$R3_NULL_CALLS, %r13d
	rdtsc
	shlq	$32, %rdx
	orq	%rax, %rdx
	movq	%rdx, %r12
1:	movl	$HC_xen_version, %eax
	xorl	%edi, %edi
	xorl	%esi, %esi
	syscall
	decl	%r13d
	jnz	1b
	movq	%rax, R3_NULL_RC(%rbp)
	rdtsc
	shlq	$32, %rdx
	orq	%rax, %rdx
	subq	%r12, %rdx
	movq	%rdx, R3_NULL_CYCLES(%rbp)

	movl	$20, %r13d
2:	movl	$HC_sched_op, %eax
	xorl	%edi, %edi
	syscall
	decl	%r13d
	jnz	2b
	movq	$1, R3_YIELDS_DONE(%rbp)

	int3
r3_hello_int3_ret:
	movq	$1, R3_AFTER_INT3(%rbp)

	movl	$R3_UNMAPPED_VA, %ebx
	movq	%rax, (%rbx)		/* 3 bytes: 48 89 03 */
	movq	$1, R3_AFTER_PF(%rbp)

	/* To user mode: iret_context with CS RPL 3. */
	pushq	$0xe02b
	pushq	$R3_USER_STACK
	pushq	$0x202
	pushq	$0xe033
	leaq	user_code(%rip), %rax
	pushq	%rax
	pushq	$0
	pushq	$0
	pushq	$0
	pushq	$0
	movl	$HC_iret, %eax
	syscall
	ud2

user_code:
	movq	$1, R3_IN_USER(%rbp)
	syscall
r3_hello_user_syscall_ret:
	ud2

r3_hello_syscall_cb:
	movq	0(%rsp), %rax
	movq	%rax, R3_CB_RCX(%rbp)
	movq	24(%rsp), %rax
	movq	%rax, R3_CB_CS(%rbp)
	movl	$0, R3_REASON(%rbp)
	movl	$HC_sched_op, %eax
	movl	$2, %edi
	leaq	R3_REASON(%rbp), %rsi
	syscall
	ud2

r3_hello_int3_handler:
	movq	16(%rsp), %rax
	movq	%rax, R3_INT3_RIP(%rbp)
	movq	24(%rsp), %rax
	movq	%rax, R3_INT3_CS(%rbp)
	IRET_HYPERCALL

r3_hello_pf_handler:
	movq	16(%rsp), %rax
	movq	%rax, R3_PF_EC(%rbp)
	addq	$3, 24(%rsp)
	popq	%rcx
	popq	%r11
	addq	$8, %rsp
	pushq	%r11
	pushq	%rcx
	IRET_HYPERCALL

msg:	.ascii	"hello from ring 3\n"
msg_end:
r3_hello_end:

	.balign 16
	.globl r3_crash_start, r3_crash_end
r3_crash_start:
	ud2
r3_crash_end:

	.balign 16
	.globl r3_block_start, r3_block_end
r3_block_start:
	movl	$R3_DATA_VA, %ebp
	movl	$HC_sched_op, %eax
	movl	$1, %edi
	syscall
	movq	%rax, R3_BLOCK_RC(%rbp)
	movl	$0, R3_REASON(%rbp)
	movl	$HC_sched_op, %eax
	movl	$2, %edi
	leaq	R3_REASON(%rbp), %rsi
	syscall
	ud2
r3_block_end:
