/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU stacks and the per-CPU information block at their top.
 *
 * Each CPU owns one STACK_SIZE block, aligned to STACK_SIZE:
 *
 *   page 7..4  primary stack; struct cpu_info occupies its highest bytes
 *   page 3     #MC IST stack
 *   page 2     NMI IST stack
 *   page 1     #DF IST stack
 *   page 0     guard (never used as stack)
 *
 * Because the block is aligned, any stack pointer inside it leads to the
 * CPU's cpu_info by rounding up, from the primary stack and the IST stacks
 * alike. That is how smp_processor_id() works without GS, which belongs to
 * PV guests (Xen's get_cpu_info() trick).
 */
#ifndef ASM_X86_STACK_H
#define ASM_X86_STACK_H

#include <asm/layout.h>

#define STACK_ORDER 3
#define STACK_SIZE (PAGE_SIZE << STACK_ORDER)
#define CPU_INFO_SIZE 64

#define STACK_GUARD_PAGE 0
#define STACK_DF_PAGE 1
#define STACK_NMI_PAGE 2
#define STACK_MC_PAGE 3

#ifndef __ASSEMBLY__
#include <satori/types.h>

struct cpu_info {
	uint32_t processor_id;
	uint32_t apic_id;
	uint64_t reserved[7];
};

_Static_assert(sizeof(struct cpu_info) == CPU_INFO_SIZE, "cpu_info size");

static inline struct cpu_info *get_cpu_info(void)
{
	uint64_t sp = (uint64_t)__builtin_frame_address(0);

	return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 - CPU_INFO_SIZE);
}

/* The initial stack pointer of a stack block: just below its cpu_info. */
static inline void *stack_block_top(void *block)
{
	return (char *)block + STACK_SIZE - CPU_INFO_SIZE;
}

/* The top of IST stack page @page in @block (stacks grow down). */
static inline void *stack_block_ist(void *block, unsigned int page)
{
	return (char *)block + (page + 1) * PAGE_SIZE;
}

/* The boot CPU's block, in the image's .bss (head.S). */
extern char cpu0_stack[STACK_SIZE];
#endif

#endif
