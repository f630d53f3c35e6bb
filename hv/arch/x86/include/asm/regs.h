/* SPDX-License-Identifier: MIT */
/*
 * The register frame saved on every entry to the hypervisor (exception,
 * interrupt). Its order matches Xen's struct cpu_user_regs for x86-64
 * (public/arch-x86/xen-x86_64.h) up to ss, so that PV code can later hand
 * it to guests field for field. The last five fields are the frame the CPU
 * pushes itself; entry.S pushes the rest.
 */
#ifndef ASM_X86_REGS_H
#define ASM_X86_REGS_H

#include <satori/types.h>

struct cpu_user_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx;
	uint64_t r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	uint32_t error_code;   /* Hardware error code, or 0. */
	uint32_t entry_vector; /* IDT vector this entry came through. */
	uint64_t rip;
	uint16_t cs, _pad0[3];
	uint64_t rflags;
	uint64_t rsp;
	uint16_t ss, _pad1[3];
};

_Static_assert(sizeof(struct cpu_user_regs) == 21 * sizeof(uint64_t),
	       "frame layout");
_Static_assert(offsetof(struct cpu_user_regs, error_code) ==
		       15 * sizeof(uint64_t),
	       "entry.S writes error_code and entry_vector here");

/* True if the frame was saved while running hypervisor (ring 0) code. */
static inline bool regs_from_hypervisor(const struct cpu_user_regs *regs)
{
	return (regs->cs & 3) == 0;
}

/* Where general register @n (ModRM/REX numbering: rax rcx rdx rbx rsp
 * rbp rsi rdi r8-r15; only the low 4 bits count) lives in @regs. Shared by
 * the privileged-op emulator and the page-table-write emulator. */
static inline size_t regs_gpr_offset(unsigned int n)
{
	static const uint8_t offsets[16] = {
		offsetof(struct cpu_user_regs, rax),
		offsetof(struct cpu_user_regs, rcx),
		offsetof(struct cpu_user_regs, rdx),
		offsetof(struct cpu_user_regs, rbx),
		offsetof(struct cpu_user_regs, rsp),
		offsetof(struct cpu_user_regs, rbp),
		offsetof(struct cpu_user_regs, rsi),
		offsetof(struct cpu_user_regs, rdi),
		offsetof(struct cpu_user_regs, r8),
		offsetof(struct cpu_user_regs, r9),
		offsetof(struct cpu_user_regs, r10),
		offsetof(struct cpu_user_regs, r11),
		offsetof(struct cpu_user_regs, r12),
		offsetof(struct cpu_user_regs, r13),
		offsetof(struct cpu_user_regs, r14),
		offsetof(struct cpu_user_regs, r15),
	};

	return offsets[n & 15];
}

static inline uint64_t *regs_gpr(struct cpu_user_regs *regs, unsigned int n)
{
	return (uint64_t *)((uint8_t *)regs + regs_gpr_offset(n));
}

#endif
