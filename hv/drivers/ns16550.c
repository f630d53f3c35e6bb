/* SPDX-License-Identifier: MIT */
/*
 * 16550-compatible UARTs on I/O ports, COM1 and COM2: the serial console.
 *
 * Output is polled, because the console must work from fault and panic
 * paths. Input is read by ns16550_getc(), called from the console's
 * receive path (console_rx_poll()), either from the UART interrupt or from
 * a periodic poll. Register offsets: THR/RBR 0, IER 1, FCR 2, LCR 3, MCR 4,
 * LSR 5; with LCR.DLAB set, 0 and 1 hold the baud divisor.
 */
#include <satori/ns16550.h>
#include <satori/console.h>
#include <satori/errno.h>
#include <satori/param.h>

#include <asm/cpu-ops.h>

#define REG_DATA 0
#define REG_IER 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define REG_DLL 0
#define REG_DLM 1

#define IER_RX_AVAILABLE 0x01
#define LCR_DLAB 0x80
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define MCR_DTR_RTS_OUT2 0x0b /* OUT2 gates the IRQ line on PCs */
#define FCR_ENABLE_CLEAR 0x07

struct ns16550_port {
	struct uart_config cfg;
	struct console_driver console;
	bool running;
};

static void com1_write(const char *s, size_t n);
static void com2_write(const char *s, size_t n);

/* The PC's standard ports, with Xen's default line settings. */
static struct ns16550_port ports[NS16550_NR_PORTS] = {
	{
		.cfg = { .io_base = 0x3f8,
			 .baud = 115200,
			 .base_baud = 115200,
			 .data_bits = 8,
			 .stop_bits = 1,
			 .irq = 4 },
		.console = { .name = "com1", .write = com1_write },
	},
	{
		.cfg = { .io_base = 0x2f8,
			 .baud = 115200,
			 .base_baud = 115200,
			 .data_bits = 8,
			 .stop_bits = 1,
			 .irq = 3 },
		.console = { .name = "com2", .write = com2_write },
	},
};

/* Where console input comes from: the first running port. */
static struct ns16550_port *input_port;

static int parse_com1(const char *value)
{
	return value ? uart_config_parse(value, &ports[0].cfg) : -EINVAL;
}
custom_param("com1", parse_com1);

static int parse_com2(const char *value)
{
	return value ? uart_config_parse(value, &ports[1].cfg) : -EINVAL;
}
custom_param("com2", parse_com2);

static void uart_putc(const struct ns16550_port *port, char c)
{
	uint16_t base = port->cfg.io_base;

	/* Bounded wait: a missing UART must not hang the console forever. */
	for (int i = 0; i < 100000; i++)
		if (inb(base + REG_LSR) & LSR_THR_EMPTY)
			break;
	outb(base + REG_DATA, (uint8_t)c);
}

static void uart_write(const struct ns16550_port *port, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc(port, '\r');
		uart_putc(port, s[i]);
	}
}

static void com1_write(const char *s, size_t n)
{
	uart_write(&ports[0], s, n);
}

static void com2_write(const char *s, size_t n)
{
	uart_write(&ports[1], s, n);
}

static void uart_program(const struct uart_config *cfg)
{
	uint16_t base = cfg->io_base;
	uint8_t lcr =
		(uint8_t)((cfg->data_bits - 5) | ((cfg->stop_bits == 2) << 2) |
			  cfg->parity_bits);

	outb(base + REG_IER, 0);
	if (cfg->baud) {
		uint32_t divisor = cfg->base_baud / cfg->baud;

		outb(base + REG_LCR, LCR_DLAB);
		outb(base + REG_DLL, (uint8_t)divisor);
		outb(base + REG_DLM, (uint8_t)(divisor >> 8));
	}
	outb(base + REG_LCR, lcr);
	outb(base + REG_FCR, FCR_ENABLE_CLEAR);
	outb(base + REG_MCR, MCR_DTR_RTS_OUT2);
}

static void choose_input_port(void)
{
	input_port = NULL;
	for (unsigned int i = NS16550_NR_PORTS; i-- > 0;)
		if (ports[i].running)
			input_port = &ports[i];
}

int ns16550_start(unsigned int index)
{
	struct ns16550_port *port;

	if (index >= NS16550_NR_PORTS)
		return -EINVAL;
	port = &ports[index];
	uart_program(&port->cfg);
	port->running = true;
	console_register(&port->console);
	choose_input_port();
	return 0;
}

void ns16550_stop(unsigned int index)
{
	if (index >= NS16550_NR_PORTS || !ports[index].running)
		return;
	outb(ports[index].cfg.io_base + REG_IER, 0);
	console_unregister(&ports[index].console);
	ports[index].running = false;
	choose_input_port();
}

void ns16550_early_init(void)
{
	ns16550_start(0);
}

const struct uart_config *ns16550_config(unsigned int index)
{
	return index < NS16550_NR_PORTS ? &ports[index].cfg : NULL;
}

int ns16550_getc(void)
{
	uint8_t lsr;

	if (!input_port)
		return -1;
	lsr = inb(input_port->cfg.io_base + REG_LSR);
	/* All ones: nothing answers at this port (floating bus). */
	if (lsr == 0xff || !(lsr & LSR_DATA_READY))
		return -1;
	return inb(input_port->cfg.io_base + REG_DATA);
}

unsigned int ns16550_rx_irq(void)
{
	return input_port ? input_port->cfg.irq : 0;
}

void ns16550_rx_irq_enable(bool on)
{
	if (input_port)
		outb(input_port->cfg.io_base + REG_IER,
		     on ? IER_RX_AVAILABLE : 0);
}
