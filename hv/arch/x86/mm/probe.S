/* SPDX-License-Identifier: MIT */
/*
 * Accesses that may fault on purpose, each covered by an exception-table
 * entry: the W^X self-test probes and the raw byte copies behind the
 * guest-memory accessors. On a fault the handler resumes at the fixup,
 * which reports the failure to the C caller.
 */
#define EFAULT 14

#include <asm/extable.h>

	.text

/* int mm_probe_write(volatile void *p): rewrite one byte in place. */
	.globl mm_probe_write
	.type mm_probe_write, @function
mm_probe_write:
1:	movb	(%rdi), %al
2:	movb	%al, (%rdi)
	xor	%eax, %eax
	ret
3:	mov	$-EFAULT, %eax
	ret
	ASM_EXTABLE(1b, 3b)
	ASM_EXTABLE(2b, 3b)
	.size mm_probe_write, . - mm_probe_write

/* int mm_probe_exec_data(void): jump to code placed in .data. It returns
 * 0 to our caller if it ran; if fetching it faults, the fixup returns
 * -EFAULT instead (the return address is still on the stack). */
	.globl mm_probe_exec_data
	.type mm_probe_exec_data, @function
mm_probe_exec_data:
	lea	data_code(%rip), %rax
	jmp	*%rax
	.size mm_probe_exec_data, . - mm_probe_exec_data

exec_fixup:
	mov	$-EFAULT, %eax
	ret
	ASM_EXTABLE(data_code, exec_fixup)

/* size_t raw_copy_bytes(void *dst, const void *src, size_t n): @return
 * the number of bytes NOT copied (0 on success). Whole quadwords first,
 * then the 0-7 tail bytes: a byte-wise rep movsb costs one iteration per
 * byte where it is emulated (QEMU TCG: docs/performance.md), and the PV
 * frames and multicall entries copied here are all quadwords. */
	.globl raw_copy_bytes
	.type raw_copy_bytes, @function
raw_copy_bytes:
	mov	%rdx, %rcx
	shr	$3, %rcx
	and	$7, %edx
8:	rep movsq
	mov	%rdx, %rcx
4:	rep movsb
5:	mov	%rcx, %rax
	ret
9:	/* A quadword faulted: what is left is RCX quadwords plus the tail. */
	lea	(%rdx, %rcx, 8), %rax
	ret
	ASM_EXTABLE(8b, 9b)
	ASM_EXTABLE(4b, 5b)
	.size raw_copy_bytes, . - raw_copy_bytes

/* size_t raw_clear_bytes(void *dst, size_t n): as above, storing zeroes. */
	.globl raw_clear_bytes
	.type raw_clear_bytes, @function
raw_clear_bytes:
	mov	%rsi, %rcx
	xor	%eax, %eax
6:	rep stosb
7:	mov	%rcx, %rax
	ret
	ASM_EXTABLE(6b, 7b)
	.size raw_clear_bytes, . - raw_clear_bytes

	.data
data_code:
	xor	%eax, %eax
	ret
