/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU stacks and the per-CPU information block at their top.
 *
 * Each CPU owns one STACK_SIZE (64 KiB) block, aligned to STACK_SIZE:
 *
 *   pages 15..10 primary stack; struct cpu_info occupies its highest bytes
 *   page  9      guard
 *   pages 8..7   #DB IST stack (IST4)
 *   pages 6..5   #MC IST stack (IST3)
 *   pages 4..3   NMI IST stack (IST2)
 *   pages 2..1   #DF IST stack (IST1)
 *   page  0      guard
 *
 * Because the block is aligned, any stack pointer inside it leads to the
 * CPU's cpu_info by rounding up, from the primary stack and the IST stacks
 * alike. That is how smp_processor_id() works without GS, which belongs to
 * PV guests (Xen's get_cpu_info() trick).
 */
#ifndef ASM_X86_STACK_H
#define ASM_X86_STACK_H

#include <asm/layout.h>

#define STACK_ORDER 4
#define STACK_SIZE (PAGE_SIZE << STACK_ORDER)
#define CPU_INFO_SIZE 64

#define IST_STACK_PAGES 2
#define PRIMARY_STACK_FIRST_PAGE 10

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

/* The lowest address of the primary stack of @block. */
static inline void *stack_block_primary_base(void *block)
{
	return (char *)block + PRIMARY_STACK_FIRST_PAGE * PAGE_SIZE;
}

/* The top of the stack for IST slot @ist (1-4) in @block. */
static inline void *stack_block_ist_top(void *block, unsigned int ist)
{
	return (char *)block + (1 + IST_STACK_PAGES * ist) * PAGE_SIZE;
}

/* The stack block the caller is running on. */
static inline void *stack_block_base(void)
{
	uint64_t sp = (uint64_t)__builtin_frame_address(0);

	return (void *)(sp & ~(uint64_t)(STACK_SIZE - 1));
}

/* The boot CPU's block, in the image's .bss (head.S). */
extern char cpu0_stack[STACK_SIZE];
#endif

#endif
