/* SPDX-License-Identifier: MIT */
/* The 16550 serial console (hv/drivers/ns16550.c). */
#ifndef SATORI_NS16550_H
#define SATORI_NS16550_H

#include <satori/types.h>

/* Line settings, as in Xen's com1=<baud>,<data><parity><stop> option. */
struct uart_config {
	uint16_t io_base;
	uint32_t baud;
	uint8_t data_bits;   /* 5-8 */
	uint8_t parity_bits; /* LCR bits 3-5: 0 none, 0x08 odd, 0x18 even */
	uint8_t stop_bits;   /* 1 or 2 */
};

void ns16550_init(const struct uart_config *cfg);

/* A received byte, or -1 if none is waiting. */
int ns16550_getc(void);

#endif
