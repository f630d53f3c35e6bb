/* SPDX-License-Identifier: MIT */
/*
 * 16550-compatible UART on I/O ports: the serial console.
 *
 * Output is polled (the console must work from fault and panic paths).
 * Input is read by polling from the console's receive path.
 * Register offsets: THR/RBR 0, IER 1, FCR 2, LCR 3, MCR 4, LSR 5.
 */
#include <satori/console.h>
#include <satori/ns16550.h>

#include <asm/cpu-ops.h>

#define UART_CLOCK_HZ 1843200

#define REG_DATA 0
#define REG_IER 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define REG_DLL 0
#define REG_DLM 1

#define LCR_DLAB 0x80
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define MCR_DTR_RTS_OUT2 0x0b
#define FCR_ENABLE_CLEAR 0x07

static uint16_t uart_base;

static void uart_putc(char c)
{
	/* Bounded wait: a missing UART must not hang the console forever. */
	for (int i = 0; i < 100000; i++)
		if (inb(uart_base + REG_LSR) & LSR_THR_EMPTY)
			break;
	outb(uart_base + REG_DATA, (uint8_t)c);
}

static void uart_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

static struct console_driver uart_console = {
	.name = "com",
	.write = uart_write,
};

int ns16550_getc(void)
{
	if (!uart_base || !(inb(uart_base + REG_LSR) & LSR_DATA_READY))
		return -1;
	return inb(uart_base + REG_DATA);
}

void ns16550_init(const struct uart_config *cfg)
{
	uint32_t divisor = UART_CLOCK_HZ / 16 / cfg->baud;
	uint8_t lcr =
		(uint8_t)((cfg->data_bits - 5) | ((cfg->stop_bits == 2) << 2) |
			  cfg->parity_bits);

	uart_base = cfg->io_base;
	outb(uart_base + REG_IER, 0);
	outb(uart_base + REG_LCR, LCR_DLAB);
	outb(uart_base + REG_DLL, (uint8_t)divisor);
	outb(uart_base + REG_DLM, (uint8_t)(divisor >> 8));
	outb(uart_base + REG_LCR, lcr);
	outb(uart_base + REG_FCR, FCR_ENABLE_CLEAR);
	outb(uart_base + REG_MCR, MCR_DTR_RTS_OUT2);
	console_register(&uart_console);
}
