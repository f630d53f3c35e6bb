/* SPDX-License-Identifier: MIT */
/*
 * First instructions: the multiboot headers and the switch from 32-bit
 * protected mode to long mode.
 *
 * A multiboot1 or multiboot2 loader enters _start in 32-bit protected mode,
 * paging off, flat segments, interrupts off, with
 *   %eax: the loader's magic (0x2badb002 or 0x36d76289)
 *   %ebx: physical address of its information structure
 * and no usable stack. We build bootstrap page tables that map the first
 * 4 GiB three times (identity, image and direct map), enter long mode, jump
 * to the image's high address and call start_satori(magic, info) on the
 * boot stack. C code replaces these tables as soon as it can.
 */
#include <asm/layout.h>
#include <asm/stack.h>

#define PA(x) ((x) - IMAGE_VOFF)

#define MB1_MAGIC 0x1badb002
/* Page-align modules, want a memory map, load by the address fields. */
#define MB1_FLAGS ((1 << 0) | (1 << 1) | (1 << 16))

#define MB2_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0

#define PTE_P 0x001
#define PTE_W 0x002
#define PTE_PS 0x080

#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define CR0_PE (1 << 0)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)

	.section .text.head, "ax", @progbits
	.code32
	.globl _start
	.type _start, @function
_start:
	jmp	start32

	.balign 4
mb1_header:
	.long	MB1_MAGIC
	.long	MB1_FLAGS
	.long	-(MB1_MAGIC + MB1_FLAGS)
	.long	PA(mb1_header)	/* header_addr */
	.long	PA(_image_start)	/* load_addr */
	.long	PA(_edata)	/* load_end_addr */
	.long	PA(_end)	/* bss_end_addr */
	.long	PA(start32)	/* entry_addr */

	.balign 8
mb2_header:
	.long	MB2_MAGIC
	.long	MB2_ARCH_I386
	.long	mb2_header_end - mb2_header
	.long	-(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* Address tag: load the file by these physical addresses. */
	.balign 8
	.short	2, 0
	.long	24
	.long	PA(mb2_header)
	.long	PA(_image_start)
	.long	PA(_edata)
	.long	PA(_end)
	/* Entry address tag. */
	.balign 8
	.short	3, 0
	.long	12
	.long	PA(start32)
	/* Page-align modules. */
	.balign 8
	.short	6, 0
	.long	8
	/* End tag. */
	.balign 8
	.short	0, 0
	.long	8
mb2_header_end:

	.balign 16
start32:
	cli
	cld
	mov	$PA(cpu0_stack + STACK_SIZE - CPU_INFO_SIZE), %esp
	mov	%eax, PA(boot_mb_magic)
	mov	%ebx, PA(boot_mb_info)

	/* Long mode is required; without it there is nothing we can run. */
	mov	$0x80000000, %eax
	cpuid
	cmp	$0x80000001, %eax
	jb	no_long_mode
	mov	$0x80000001, %eax
	cpuid
	bt	$29, %edx
	jnc	no_long_mode

	/* Four L2 tables of 2 MiB pages cover physical 0-4 GiB. */
	mov	$PA(boot_l2), %edi
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$21, %eax
	or	$(PTE_P | PTE_W | PTE_PS), %eax
	mov	%eax, (%edi, %ecx, 8)
	mov	%ecx, %eax
	shr	$11, %eax
	mov	%eax, 4(%edi, %ecx, 8)
	inc	%ecx
	cmp	$2048, %ecx
	jb	1b

	/* One L3 table pointing at the four L2 tables, shared by all three
	 * views: identity (slot 0), image (slot 261), direct map (slot 262).
	 * The image's VA is IMAGE_VOFF + PA, so slot 261 sees PA 0-4 GiB. */
	mov	$PA(boot_l3), %edi
	mov	$(PA(boot_l2) + (PTE_P | PTE_W)), %eax
	mov	%eax, 0(%edi)
	add	$4096, %eax
	mov	%eax, 8(%edi)
	add	$4096, %eax
	mov	%eax, 16(%edi)
	add	$4096, %eax
	mov	%eax, 24(%edi)

	mov	$PA(boot_l4), %edi
	mov	$(PA(boot_l3) + (PTE_P | PTE_W)), %eax
	mov	%eax, 0(%edi)
	mov	%eax, (((IMAGE_VOFF >> 39) & 511) * 8)(%edi)
	mov	%eax, (((DIRECTMAP_START >> 39) & 511) * 8)(%edi)

	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$PA(boot_l4), %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	wrmsr
	mov	%cr0, %eax
	or	$(CR0_PE | CR0_PG | CR0_WP), %eax
	mov	%eax, %cr0

	lgdt	PA(boot_gdt_desc)
	ljmp	$0x08, $PA(start64_low)

no_long_mode:
	hlt
	jmp	no_long_mode
	.size _start, . - _start

	.code64
start64_low:
	/* Still on the identity mapping: jump to the image's high address. */
	movabs	$start64, %rax
	jmp	*%rax

start64:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	lea	(cpu0_stack + STACK_SIZE - CPU_INFO_SIZE)(%rip), %rsp
	xor	%ebp, %ebp
	mov	boot_mb_magic(%rip), %edi
	mov	boot_mb_info(%rip), %esi
	call	start_satori
	ud2

	.section .rodata, "a", @progbits
	.balign 8
boot_gdt:
	.quad	0
	.quad	0x00af9b000000ffff	/* 0x08: 64-bit ring-0 code */
	.quad	0x00cf93000000ffff	/* 0x10: ring-0 data */
boot_gdt_end:
	.balign 8
	.short	0
boot_gdt_desc:
	.short	boot_gdt_end - boot_gdt - 1
	.long	PA(boot_gdt)

	.section .data, "aw", @progbits
	.balign 4
	.globl boot_mb_magic, boot_mb_info
boot_mb_magic:
	.long	0
boot_mb_info:
	.long	0

	.section .bss.page_aligned, "aw", @nobits
	.balign 4096
	.globl boot_l4
boot_l4:
	.skip	4096
boot_l3:
	.skip	4096
boot_l2:
	.skip	4 * 4096
