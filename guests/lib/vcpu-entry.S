/* SPDX-License-Identifier: MIT */
/*
 * Entry points of the vCPU library (vcpu.c): where a secondary vCPU
 * starts (RSP at the top of its own stack, RDI its id) and the event
 * upcall, which the hypervisor enters like an exception without an error
 * code (RCX, R11, RIP, CS, RFLAGS, RSP, SS on the stack, events masked)
 * and which returns with HYPERVISOR_iret.
 */
#include <guest/abi.h>

	.text
	.globl vcpu_secondary_entry
vcpu_secondary_entry:
	andq $~15, %rsp
	call vcpu_secondary_main
	ud2

	.globl vcpu_upcall_entry
vcpu_upcall_entry:
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
	/* Keep the C ABI's 16-byte alignment: 15 words pushed so far. */
	movq %rsp, %rbp
	andq $~15, %rsp
	call vcpu_event_upcall
	movq %rbp, %rsp
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
	popq %rcx
	popq %r11
	/* RIP, CS, RFLAGS, RSP, SS remain: iret with flags 0. */
	pushq $0
	jmp hypercall_page + __HYPERVISOR_iret * HYPERCALL_ENTRY_SIZE
