/* SPDX-License-Identifier: MIT */
/*
 * Interrupt dispatch: one handler per vector, installed at boot. A vector
 * with no handler is logged once and otherwise ignored (the handler would
 * have acknowledged the APIC; an unexpected vector is not acknowledged, so
 * a stuck level-triggered source shows up in the log rather than a hang).
 */
#include <satori/errno.h>
#include <satori/log.h>

#include <asm/irq.h>

static irq_handler_fn *irq_handlers[NR_VECTORS];

int set_irq_vector_handler(unsigned int vector, irq_handler_fn *fn)
{
	if (vector < FIRST_IRQ_VECTOR || vector >= NR_VECTORS)
		return -EINVAL;
	if (!__atomic_compare_exchange_n(&irq_handlers[vector],
					 &(irq_handler_fn *){ NULL }, fn, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return -EBUSY;
	return 0;
}

void do_IRQ(struct cpu_user_regs *regs)
{
	irq_handler_fn *fn = irq_handlers[regs->entry_vector];

	if (fn)
		fn(regs);
	else
		log_once(LOG_WARN, "Interrupt on vector %u with no handler\n",
			 regs->entry_vector);
}
