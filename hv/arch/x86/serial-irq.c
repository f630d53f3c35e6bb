/* SPDX-License-Identifier: MIT */
/*
 * Serial console input by interrupt. The UART's ISA IRQ is routed through
 * the IO-APIC to the boot CPU. The interrupt handler only drains the UART
 * into the receive ring; key handlers and the hand-off to dom0 run later
 * from a softirq, so a key press never runs a dump in interrupt context.
 */
#include <satori/console-input.h>
#include <satori/log.h>
#include <satori/ns16550.h>
#include <satori/softirq.h>

#include <asm/apic.h>
#include <asm/irq.h>

static void serial_interrupt(struct cpu_user_regs *regs)
{
	(void)regs;
	console_rx_poll();
	apic_eoi();
	raise_softirq(CONSOLE_INPUT_SOFTIRQ);
}

void serial_input_init(void)
{
	unsigned int irq = ns16550_rx_irq();
	int rc;

	open_softirq(CONSOLE_INPUT_SOFTIRQ, console_input_process);
	if (!irq) {
		log_info("console: no serial input port\n");
		return;
	}
	rc = set_irq_vector_handler(SERIAL_VECTOR, serial_interrupt);
	if (!rc)
		rc = ioapic_route_isa_irq(irq, SERIAL_VECTOR, apic_id());
	if (rc) {
		log_warn("console: serial IRQ %u not routed (%d): no input\n",
			 irq, rc);
		return;
	}
	ns16550_rx_irq_enable(true);
	/* Bytes that arrived before the IRQ was routed. */
	if (console_rx_poll())
		raise_softirq(CONSOLE_INPUT_SOFTIRQ);
	log_info("console: input on IRQ %u, vector %#x\n", irq, SERIAL_VECTOR);
}
