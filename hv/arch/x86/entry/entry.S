/* SPDX-License-Identifier: MIT */
/*
 * Exception and interrupt entry.
 *
 * Each of the 256 IDT vectors has a 16-byte stub that makes the stack look
 * the same for all of them: the CPU's frame (ss, rsp, rflags, cs, rip),
 * then one 8-byte slot holding the error code (low half; 0 when the CPU
 * pushes none) and the vector number (high half). common_entry then saves
 * the general registers below that, giving a struct cpu_user_regs
 * (asm/regs.h), and calls the C handler with a pointer to it.
 *
 * Entry: on the current stack (ring 0) or on the TSS stack (ring 3, PV
 * guests, which leave through ret_to_guest in pv-entry.S) or on an IST stack (NMI, #DF, #MC). Interrupts are off (all
 * gates are interrupt gates).
 */
#include <asm/asm-offsets.h>
#include <asm/entry-frame.h>
#include <asm/layout.h>
#include <asm/pv-entry.h>
#include <asm/stack.h>

/* Vectors for which the CPU pushes an error code (Intel SDM vol. 3, 6.13). */
#define HAS_ERROR_CODE(v) \
	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
	 (v) == 29 || (v) == 30)

/* RFLAGS.AC, bit 18. */
#define RFLAGS_AC (1 << 18)

/* Exceptions 0-31 that a guest's ring 3 raises on the TSS stack and that
 * pv_exception_entry() handles directly: all but the IST ones (#DB 1,
 * NMI 2, #DF 8, #MC 18; cpu/gdt.c), which keep going through
 * do_exception(). */
#define PV_FAST_EXCEPTIONS \
	(0xffffffff & ~((1 << 1) | (1 << 2) | (1 << 8) | (1 << 18)))

	.section .text.hot.tail, "ax", @progbits
	.balign 16
	.globl entry_stubs
	.type entry_stubs, @function
entry_stubs:
	vec = 0
	.rept 256
	.balign 16
	.if !HAS_ERROR_CODE(vec)
	pushq	$0
	.endif
	movl	$vec, 4(%rsp)
	jmp	common_entry
	vec = vec + 1
	.endr
	.size entry_stubs, . - entry_stubs

	/* In the page of pv_exception_entry(), so that TCG chains the call
	 * (satori/types.h, __hot_exception_path). */
	.section .text.hot.exception, "ax", @progbits
	.type common_entry, @function
common_entry:
	cld
	/* An interrupt does not clear RFLAGS.AC: one taken inside a guest
	 * accessor (stac ... clac), or from a guest that set AC, would run
	 * with SMAP off. Delivery leaves AC as it was, so the saved RFLAGS
	 * says whether it is set: clac only then (under TCG clac ends the
	 * translated block). clac would #UD on a CPU without SMAP, hence
	 * the flag. */
	testl	$RFLAGS_AC, (UREGS_rflags - UREGS_error_code)(%rsp)
	jz	3f
	cmpb	$0, smap_enabled(%rip)
	je	3f
	clac
3:
	SAVE_GPRS
	/* %rbp still holds the interrupted code's frame pointer, so a
	 * backtrace walks from the handler into the interrupted frames. */
	mov	%rsp, %rdi
	/* From a guest (ring 3) on this stack, not an IRQ: exception and
	 * exit decision in one call, pv_exception_entry(). The IST vectors
	 * (#DB, NMI, #DF, #MC) take the general path. */
	testb	$3, UREGS_cs(%rsp)
	jz	5f
	movl	UREGS_entry_vector(%rsp), %eax
	cmpl	$PV_INT80_VECTOR, %eax
	je	6f
	cmpl	$32, %eax
	jae	1f
	movl	$PV_FAST_EXCEPTIONS, %ecx
	btl	%eax, %ecx
	jnc	0f
	/* Does not return: it leaves by exit_to_guest_exception_page. */
6:	call	pv_exception_entry
	ud2
5:	cmpl	$PV_INT80_VECTOR, UREGS_entry_vector(%rsp)
	je	0f
	cmpl	$32, UREGS_entry_vector(%rsp)
	jae	1f
0:	call	do_exception
	jmp	2f
1:	call	do_IRQ
2:	/* The outermost frame of the primary stack, from ring 3, is a PV
	 * guest's: leave through the guest exit path (softirqs, bounces).
	 * IST frames (NMI, #MC) and nested ones return directly. */
	leaq	UREGS_size(%rsp), %rax
	andl	$(STACK_SIZE - 1), %eax
	cmpl	$(STACK_SIZE - CPU_INFO_SIZE), %eax
	jne	4f
	testb	$3, UREGS_cs(%rsp)
	jnz	ret_to_guest
4:	RESTORE_GPRS
	add	$8, %rsp
	iretq
	.size common_entry, . - common_entry

	/* pv_exception_entry()'s way out, in its page (asm/pv-exit.h). */
	.globl exit_to_guest_exception_page
	.type exit_to_guest_exception_page, @function
exit_to_guest_exception_page:
	EXIT_TO_GUEST_DECIDED
	.size exit_to_guest_exception_page, . - exit_to_guest_exception_page
