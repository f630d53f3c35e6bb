/* SPDX-License-Identifier: MIT */
/*
 * Start of day of every test kernel. The ELF notes tell the domain builder
 * what this image is (a 64-bit PV kernel, linked at VA = PA = 1 MiB, no
 * VIRT_BASE) and where to write the hypercall page; the entry point is
 * e_entry. The builder enters in 64-bit mode with RSP on its boot stack and
 * the start_info pointer in RSI, which guest_start() receives.
 */
#include <guest/abi.h>


/* One note: name "Xen", a type and a descriptor given as directives. */
.macro ELFNOTE type, desc:vararg
	.pushsection .note.Xen, "a", @note
	.balign 4
	.long 4f - 3f		/* name size */
	.long 6f - 5f		/* descriptor size */
	.long \type
3:	.asciz "Xen"
4:	.balign 4
5:	\desc
6:	.balign 4
	.popsection
.endm

ELFNOTE XEN_ELFNOTE_GUEST_OS, .asciz "satori-test"
ELFNOTE XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
ELFNOTE XEN_ELFNOTE_LOADER, .asciz "generic"
ELFNOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page
ELFNOTE XEN_ELFNOTE_FEATURES, .asciz "!writable_page_tables|pae_pgdir_above_4gb|dom0"
ELFNOTE XEN_ELFNOTE_PAE_MODE, .asciz "yes"

	.section .text.head, "ax", @progbits
	.code64
	.globl _start
_start:
	/* The builder's stack is fine; align it as the C ABI wants. */
	andq $~15, %rsp
	movq %rsi, %rdi
	call guest_start
	ud2

/*
 * The hypervisor fills this page with one 32-byte stub per hypercall
 * number. Until then every byte is int3, so a call into an unfilled page
 * traps at once instead of sliding along.
 */
	.section .text.hypercall_page, "ax", @progbits
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc
	.size hypercall_page, 4096
	.type hypercall_page, @object
