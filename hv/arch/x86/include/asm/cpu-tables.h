/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU descriptor tables and stacks: the hypervisor's reserved GDT page,
 * the TSS (RSP0 for entries from ring 3, IST stacks for NMI, #DF and #MC),
 * and a record of every stack a CPU may run on so that backtraces can check
 * each frame pointer before reading through it.
 */
#ifndef ASM_X86_CPU_TABLES_H
#define ASM_X86_CPU_TABLES_H

#include <satori/types.h>

#include <asm/desc.h>
#include <asm/layout.h>

/* The 64-bit TSS (Intel SDM vol. 3, 8.7). No I/O bitmap. */
struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7]; /* ist[0] is IST1 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

_Static_assert(sizeof(struct tss64) == 104, "TSS layout");

/*
 * One CPU's GDT page and TSS; page aligned. Its stacks (primary and IST)
 * live in its stack block (asm/stack.h).
 */
struct cpu_tables {
	uint64_t gdt[PAGE_SIZE / 8]; /* GDT entries 7168..7679 */
	struct tss64 tss;
} __aligned(PAGE_SIZE);

/* Allocation order of a struct cpu_tables (a GDT page and the TSS). */
#define CPU_TABLES_ORDER 1
_Static_assert(sizeof(struct cpu_tables) <= (PAGE_SIZE << CPU_TABLES_ORDER),
	       "CPU_TABLES_ORDER");

/*
 * Build and load the boot CPU's GDT and TSS from static storage, switch
 * CS/SS/DS to HYPERVISOR_CS/DS and point NMI, #DF and #MC at their IST
 * stacks in cpu0_stack. Call once, right after idt_init()/idt_load().
 */
void cpu_init_descriptors_boot(void);

/*
 * The same for a secondary CPU, from its own startup path (interrupts
 * off, IDT loaded). @tables: a page-aligned struct cpu_tables that stays
 * allocated for the CPU's life (the caller allocates it). @stack_block:
 * the CPU's STACK_SIZE-aligned stack block (asm/stack.h); the top of its
 * primary stack becomes RSP0.
 */
void cpu_init_descriptors(unsigned int cpu, struct cpu_tables *tables,
			  void *stack_block);

/*
 * If @addr lies in one of @cpu's registered stacks (its main stack or an
 * IST stack), return true and that stack's bounds [*lo, *hi).
 */
bool cpu_stack_bounds(unsigned int cpu, uint64_t addr, uint64_t *lo,
		      uint64_t *hi);

#endif
