/* SPDX-License-Identifier: MIT */
/*
 * A tiny PV kernel image for the loader's tests, assembled and linked by
 * the host toolchain (see pv-tiny.lds): Linux-style Xen notes in a
 * PT_NOTE segment, or with -DLEGACY a Mini-OS-style __xen_guest string
 * instead. It is never run.
 */
#ifdef LEGACY
	.section __xen_guest, "a"
	.asciz "GUEST_OS=Mini-OS,XEN_VER=xen-3.0,VIRT_BASE=0x0,ELF_PADDR_OFFSET=0x0,HYPERCALL_PAGE=0x101,LOADER=generic"
#else
#define NOTE(type, size, value)				\
	.balign 4;					\
	.long 4, size, type;				\
	.asciz "Xen";					\
	.balign 4;					\
	value;						\
	.balign 4

	.section .note.Xen, "a", @note
	NOTE(6, 6, .asciz "linux")
	NOTE(5, 8, .asciz "xen-3.0")
	NOTE(8, 8, .asciz "generic")
	NOTE(3, 8, .quad 0xffffffff80000000)
	NOTE(4, 8, .quad 0)
	NOTE(1, 8, .quad start_xen)
	NOTE(2, 8, .quad hypercall_page)
	NOTE(10, 21, .ascii "!writable_page_tables")
#endif

	.text
	.globl start_xen
start_xen:
	hlt
	jmp start_xen
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc

	.data
	.quad 0x1122334455667788
	.bss
	.fill 8192, 1, 0
