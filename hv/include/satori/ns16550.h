/* SPDX-License-Identifier: MIT */
/*
 * The 16550 serial ports COM1 and COM2 (hv/drivers/ns16550.c) and the
 * parser of their com1=/com2= options (hv/drivers/uart-config.c).
 */
#ifndef SATORI_NS16550_H
#define SATORI_NS16550_H

#include <satori/types.h>

#define NS16550_NR_PORTS 2 /* COM1, COM2 */

/* Line settings, as in Xen's com1=<baud>[/<base-baud>],<dps>,<io>,<irq>. */
struct uart_config {
	uint16_t io_base;
	uint32_t baud;	     /* 0: auto, keep the divisor firmware set */
	uint32_t base_baud;  /* UART clock / 16: divisor = base_baud / baud */
	uint8_t data_bits;   /* 5-8 */
	uint8_t parity_bits; /* LCR bits 3-5: 0 none, 0x08 odd, 0x18 even,
				0x28 mark, 0x38 space */
	uint8_t stop_bits;   /* 1 or 2 */
	uint8_t irq;	     /* ISA IRQ, 0 for none (polled input) */
};

/*
 * Parse Xen's com1=/com2= syntax into @cfg, which holds the defaults on
 * entry: <baud>|auto[/<base-baud>][,[<data><parity><stop>][,[<io-base>]
 * [,[<irq>]]]]. Empty fields keep their default; "auto" (baud 0) keeps
 * the baud rate the firmware programmed.
 * @return 0, or -EINVAL (and @cfg untouched) if malformed or out of range.
 */
int uart_config_parse(const char *s, struct uart_config *cfg);

/* The parity as Xen writes it: n, o, e, m or s. */
char uart_parity_letter(const struct uart_config *cfg);

/* Bring COM1 up with Xen's defaults (115200 8n1): the first boot step. */
void ns16550_early_init(void);

/*
 * (Re)program port @index (0: COM1, 1: COM2) from its com1=/com2= settings
 * and make it a console. @return 0, or -EINVAL for a bad @index.
 */
int ns16550_start(unsigned int index);

/* Stop using port @index as a console (output and input). */
void ns16550_stop(unsigned int index);

/* @return the settings of port @index (NULL for a bad @index). */
const struct uart_config *ns16550_config(unsigned int index);

/* A received byte from the console input port, or -1 if none is waiting. */
int ns16550_getc(void);

/*
 * The input port's ISA IRQ (0 if polled or no port is active), and whether
 * it raises that IRQ when a byte arrives. Enable only once the IRQ is
 * routed and a handler installed (see console_rx_poll()).
 */
unsigned int ns16550_rx_irq(void);
void ns16550_rx_irq_enable(bool on);

#endif
