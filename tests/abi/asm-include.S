/* SPDX-License-Identifier: MIT */
/*
 * Assembly sources (the hypervisor's entry code, guest start-of-day code)
 * may include the public headers: with __ASSEMBLY__ they give constants
 * only. `make abi` assembles this in both views.
 */
#include "ours-all.h"

	.text
	mov	$__HYPERVISOR_iret, %eax
	mov	$(__HYPERVISOR_sched_op * 32), %ecx
	movabs	$HYPERVISOR_VIRT_START, %rax
	movabs	$MACH2PHYS_VIRT_END, %rdx
	mov	$FLAT_KERNEL_CS, %esi
	mov	$(VGCF_in_syscall | VGCF_online), %edi
	mov	$UVMF_ALL, %r8d
	mov	$EVTCHN_FIFO_LINK_BITS, %r9d
	mov	$XEN_EFAULT, %r10d
