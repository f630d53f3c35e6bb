/* SPDX-License-Identifier: MIT */
/*
 * IDT vectors and their handlers.
 *
 * Vectors 0-31 are exceptions (handled in traps.c). Vectors 32-255 are
 * interrupts: each has at most one handler, installed at boot. The handler
 * runs with interrupts off and must acknowledge the interrupt controller.
 */
#ifndef ASM_X86_IRQ_H
#define ASM_X86_IRQ_H

#include <satori/types.h>

#include <asm/regs.h>

#define NR_VECTORS 256
#define FIRST_IRQ_VECTOR 32

/* Fixed vectors, high priority classes first (the APIC prioritises by
 * vector >> 4). */
#define SPURIOUS_APIC_VECTOR 0xff
#define ERROR_APIC_VECTOR 0xfe
#define TIMER_APIC_VECTOR 0xfd
#define CALL_FUNCTION_VECTOR 0xfc
#define EVENT_CHECK_VECTOR 0xfb
#define INVALIDATE_TLB_VECTOR 0xfa
#define SERIAL_VECTOR 0xf0

typedef void irq_handler_fn(struct cpu_user_regs *regs);

/*
 * Install @fn for interrupt @vector (>= FIRST_IRQ_VECTOR).
 * @return 0, -EINVAL for an exception vector, -EBUSY if already taken.
 */
int set_irq_vector_handler(unsigned int vector, irq_handler_fn *fn);

/* Called by entry.S for vectors 0-31 (traps.c) and 32-255 (irq.c). */
void do_exception(struct cpu_user_regs *regs);
void do_IRQ(struct cpu_user_regs *regs);

/* Load this CPU's IDT (the table itself is shared by all CPUs). */
void idt_load(void);

/* Fill the shared IDT; once, on the boot CPU. */
void idt_init(void);

/* Point @vector at IST stack @ist (1-7) of the TSS, or 0 for none. */
void idt_set_ist(unsigned int vector, unsigned int ist);

#endif
