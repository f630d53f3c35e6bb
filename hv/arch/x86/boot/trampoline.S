/* SPDX-License-Identifier: MIT */
/*
 * The application-processor trampoline: real mode to long mode.
 *
 * A Startup IPI starts an AP in 16-bit real mode at CS:IP = (vector << 8):0,
 * so this code is copied to a page below 1 MiB (smp.c) and runs from there.
 * It cannot know its address at link time: every absolute address it needs
 * is written into its data area by smp.c before the IPI is sent, and the
 * code itself only uses offsets from the page start, held in %ebx.
 *
 * The page tables it loads are the hypervisor's idle tables, which
 * identity-map this page (and must sit below 4 GiB: CR3 is loaded from
 * 32-bit mode). It ends by jumping to ap_entry64 in the image with the AP's
 * own stack.
 */
#include <asm/layout.h>

#define TOFF(x) ((x) - trampoline_start)

	.section .rodata.trampoline, "a", @progbits
	.balign 16
	.globl trampoline_start, trampoline_end
	.code16
trampoline_start:
	cli
	cld
	mov	%cs, %ax
	mov	%ax, %ds
	xor	%ebx, %ebx
	mov	%ax, %bx
	shl	$4, %ebx
	lgdtl	TOFF(tramp_gdt_desc)
	mov	%cr0, %eax
	or	$1, %eax
	mov	%eax, %cr0
	ljmpl	*TOFF(tramp_pm_jump)

	.code32
tramp_pm:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	TOFF(tramp_cr4)(%ebx), %eax
	mov	%eax, %cr4
	mov	TOFF(tramp_cr3)(%ebx), %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx
	mov	TOFF(tramp_efer)(%ebx), %eax
	mov	TOFF(tramp_efer) + 4(%ebx), %edx
	wrmsr
	mov	TOFF(tramp_cr0)(%ebx), %eax
	mov	%eax, %cr0
	ljmpl	*TOFF(tramp_lm_jump)(%ebx)

	.code64
tramp_lm:
	mov	TOFF(tramp_stack)(%rbx), %rsp
	mov	TOFF(tramp_entry)(%rbx), %rax
	jmp	*%rax

	.balign 8
tramp_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad	0x00cf92000000ffff	/* 0x10: data */
	.quad	0x00af9a000000ffff	/* 0x18: 64-bit code */
tramp_gdt_end:

	/* Filled in by smp.c (struct trampoline_data mirrors this layout). */
	.balign 8
	.globl trampoline_data
trampoline_data:
tramp_gdt_desc:
	.short	tramp_gdt_end - tramp_gdt - 1
	.long	0			/* base + TOFF(tramp_gdt) */
	.short	0
tramp_pm_jump:
	.long	0			/* base + TOFF(tramp_pm) */
	.short	0x08
	.short	0
tramp_lm_jump:
	.long	0			/* base + TOFF(tramp_lm) */
	.short	0x18
	.short	0
tramp_cr0:
	.long	0
tramp_cr3:
	.long	0
tramp_cr4:
	.long	0
	.long	0
tramp_efer:
	.quad	0
tramp_stack:
	.quad	0
tramp_entry:
	.quad	0
trampoline_end:

	.section .rodata, "a", @progbits
	.balign 4
	.globl trampoline_size, trampoline_data_offset
	.globl trampoline_pm_offset, trampoline_lm_offset, trampoline_gdt_offset
trampoline_size:
	.long	trampoline_end - trampoline_start
trampoline_data_offset:
	.long	TOFF(trampoline_data)
trampoline_gdt_offset:
	.long	TOFF(tramp_gdt)
trampoline_pm_offset:
	.long	TOFF(tramp_pm)
trampoline_lm_offset:
	.long	TOFF(tramp_lm)

	/*
	 * ap_entry64: first instruction of an AP at its high address.
	 * %rsp: the AP's primary stack top (its cpu_info is just above).
	 */
	.section .text, "ax", @progbits
	.code64
	.globl ap_entry64
	.type ap_entry64, @function
ap_entry64:
	xor	%eax, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%eax, %fs
	mov	%eax, %gs
	xor	%ebp, %ebp
	call	start_secondary
	ud2
	.size ap_entry64, . - ap_entry64
