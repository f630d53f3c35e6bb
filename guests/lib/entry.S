/* SPDX-License-Identifier: MIT */
/*
 * Exception entry stubs for the trap table. A 64-bit PV guest receives an
 * exception on its kernel stack as: RCX, R11, [error code], RIP, CS,
 * RFLAGS, RSP, SS. Every stub brings that to one layout, struct
 * trap_frame in <guest/traps.h> (an error-code slot of 0 where the vector
 * has none), saves the other registers, calls trap_dispatch() and returns
 * with HYPERVISOR_iret through the hypercall page.
 */
#include <guest/abi.h>

/* Vectors whose frame carries an error code. */
.macro STUB vec, has_err
	.globl trap_stub_\vec
trap_stub_\vec:
	.if \has_err == 0
	/*
	 * Insert a zero error code under the RCX and R11 slots. The two
	 * registers are free: the slots hold the values they had anyway.
	 */
	popq %rcx
	popq %r11
	pushq $0
	pushq %r11
	pushq %rcx
	.endif
	pushq $\vec
	jmp trap_common
.endm

	.text
STUB 0, 0
STUB 1, 0
STUB 2, 0
STUB 3, 0
STUB 4, 0
STUB 5, 0
STUB 6, 0
STUB 7, 0
STUB 8, 1
STUB 10, 1
STUB 11, 1
STUB 12, 1
STUB 13, 1
STUB 14, 1
STUB 16, 0
STUB 17, 1
STUB 18, 0
STUB 19, 0
STUB 0x80, 0
STUB 0x81, 0

trap_common:
	pushq %rax
	pushq %rbx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	call trap_dispatch
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rbx
	popq %rax
	addq $8, %rsp		/* vector */
	popq %rcx
	popq %r11
	addq $8, %rsp		/* error code */
	/* RIP, CS, RFLAGS, RSP, SS remain: iret with flags 0. */
	pushq $0
	jmp hypercall_page + __HYPERVISOR_iret * HYPERCALL_ENTRY_SIZE
