/* SPDX-License-Identifier: MIT */
/*
 * The event callback. The hypervisor enters it like an exception without
 * an error code, events masked: RCX, R11, RIP, CS, RFLAGS, RSP, SS on the
 * kernel stack. The stub restores RCX and R11 from their slots, saves the
 * caller-saved registers, runs event_upcall_dispatch() and returns with
 * HYPERVISOR_iret (flags 0), which restores the event mask the frame's
 * RFLAGS.IF carries.
 */
#include <guest/abi.h>

	.text
	.globl event_upcall_entry
event_upcall_entry:
	popq %rcx
	popq %r11
	pushq %rax
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	call event_upcall_dispatch
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rax
	pushq $0
	jmp hypercall_page + __HYPERVISOR_iret * HYPERCALL_ENTRY_SIZE
