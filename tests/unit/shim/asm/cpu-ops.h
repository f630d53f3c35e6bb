/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for asm/cpu-ops.h: only the plain types the pure modules
 * use (struct cpuid_regs), none of the privileged-instruction wrappers,
 * which would clash with other shims and must never run on the host.
 */
#ifndef ASM_X86_CPU_OPS_H
#define ASM_X86_CPU_OPS_H

#include <satori/types.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

#endif
