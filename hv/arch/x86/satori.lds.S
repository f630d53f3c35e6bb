/* SPDX-License-Identifier: MIT */
/*
 * Linker script. One loadable segment whose file offsets run linearly with
 * physical addresses, so that the multiboot "address" header (the a.out
 * kludge) can load the ELF64 image: QEMU's -kernel refuses ELF64 otherwise.
 * Sections are page aligned so that the image can be mapped W^X.
 */
#include <asm/layout.h>
#include <asm/stack.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

PHDRS
{
	image PT_LOAD;
}

SECTIONS
{
	. = IMAGE_VOFF + IMAGE_LOAD_PA;
	_image_start = .;

	.text : AT(ADDR(.text) - IMAGE_VOFF) {
		_stext = .;
		*(.text.head)
		/* Fast paths from a page boundary of their own (types.h,
		 * __hot_path): the SYSCALL stubs and exit (pv-entry.S), the
		 * hypercall page, the exception page, the other C fast paths,
		 * then the exception stubs (entry.S). */
		. = ALIGN(PAGE_SIZE);
		_stext_hot = .;
		*(.text.hot.entry)
		. = ALIGN(PAGE_SIZE);
		_stext_hot_syscall = .;
		*(.text.hot.syscall)
		_etext_hot_syscall = .;
		. = ALIGN(PAGE_SIZE);
		_stext_hot_exception = .;
		*(.text.hot.exception)
		_etext_hot_exception = .;
		*(.text.hot)
		*(.text.hot.tail)
		. = ALIGN(PAGE_SIZE);
		*(.text.hot.mmu.first)
		*(.text.hot.mmu)
		_etext_hot = .;
		. = ALIGN(PAGE_SIZE);
		*(.text .text.*)
		. = ALIGN(16);
		_etext_code = .;
	} :image
	. = ALIGN(PAGE_SIZE);
	_etext = .;

	.rodata : AT(ADDR(.rodata) - IMAGE_VOFF) {
		_srodata = .;
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__param_start = .;
		KEEP(*(.data.param))
		__param_end = .;
		. = ALIGN(8);
		__keyhandler_start = .;
		KEEP(*(.data.keyhandler))
		__keyhandler_end = .;
		. = ALIGN(8);
		__initcall_start = .;
		KEEP(*(.data.initcall))
		__initcall_end = .;
		. = ALIGN(8);
		__ex_table_start = .;
		KEEP(*(.ex_table))
		__ex_table_end = .;
		. = ALIGN(8);
		/* The GNU build-id note (ld --build-id): XENVER_build_id. */
		__note_build_id_start = .;
		KEEP(*(.note.gnu.build-id))
		__note_build_id_end = .;
		. = ALIGN(8);
		*(.rodata.symtab)
	} :image
	. = ALIGN(PAGE_SIZE);
	_erodata = .;

	.data : AT(ADDR(.data) - IMAGE_VOFF) {
		_sdata = .;
		*(.data.page_aligned)
		*(.data .data.*)
		/* Padded in the file: the loader copies up to _edata. */
		. = ALIGN(PAGE_SIZE);
	} :image
	_edata = .;

	.bss : AT(ADDR(.bss) - IMAGE_VOFF) {
		_sbss = .;
		*(.bss.page_aligned)
		*(.bss .bss.*)
		*(COMMON)
		/* The boot CPU's stack block (asm/stack.h). Aligned here rather
		 * than in head.S: a 64 KiB input-section alignment would move
		 * the segment's file offset past the multiboot header window. */
		. = ALIGN(STACK_SIZE);
		cpu0_stack = .;
		. += STACK_SIZE;
		. = ALIGN(PAGE_SIZE);
	} :image
	_end = .;

	/* The SYSCALL and exception paths must each stay within one page
	 * (types.h: TCG chains jumps within a page only). */
	ASSERT(_etext_hot_syscall - _stext_hot_syscall <= PAGE_SIZE,
	       "the .text.hot.syscall functions outgrew their page")
	ASSERT(_etext_hot_exception - _stext_hot_exception <= PAGE_SIZE,
	       "the .text.hot.exception functions outgrew their page")

	/DISCARD/ : {
		*(.note.gnu.property)
		*(.comment)
		*(.eh_frame)
		*(.note.GNU-stack)
	}
}
