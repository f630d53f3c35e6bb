/* SPDX-License-Identifier: MIT */
/* unit-sources: hv/common/console-input.c hv/common/keyhandler.c */
/*
 * Console input (hv/common/console-input.c) and key dispatch
 * (hv/common/keyhandler.c) with a scripted UART: keys reach their handlers,
 * 'h' lists keys in key order, Ctrl-A x3 switches input to dom0's buffer
 * and back (each pass that gives dom0 bytes raises VIRQ_CONSOLE once),
 * held Ctrl-As are released, and full rings drop and report.
 */
#include <stdlib.h>
#include <stdarg.h>

#include <satori/console-input.h>
#include <satori/format.h>
#include <satori/keyhandler.h>
#include <satori/log.h>
#include <satori/ns16550.h>
#include <satori/shutdown.h>

#include "check.h"

/* --- Stand-ins: a scripted UART, the console, reboot, the key table --- */

static const char *uart_input;
static size_t uart_left;

int ns16550_getc(void)
{
	if (!uart_left)
		return -1;
	uart_left--;
	return (unsigned char)*uart_input++;
}

static void type(const char *s, size_t n)
{
	uart_input = s;
	uart_left = n;
}

static char out[4096];
static size_t out_len;

static void out_vprintf(const char *fmt, va_list ap)
{
	out_len += (size_t)vsnprintf(out + out_len, sizeof(out) - out_len, fmt,
				     ap);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vprintf(fmt, ap);
	va_end(ap);
}

void log_printf(int level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	out_vprintf(fmt, ap);
	va_end(ap);
}

/* keyhandler.c's 'R' handler calls it; nothing here presses 'R'. */
void machine_restart(void)
{
	abort();
}

static char keys_run[64];
static size_t nr_keys_run;

static void record_key(unsigned char key)
{
	keys_run[nr_keys_run++] = (char)key;
}

static const struct keyhandler keys[] = {
	{ 'd', record_key, "dump something" },
	{ 'h', keyhandler_show_all, "show this list" },
	{ 0x02, record_key, "a control key" },
};

const struct keyhandler *keyhandler_table(size_t *n)
{
	*n = ARRAY_SIZE(keys);
	return keys;
}

static void reset_output(void)
{
	out_len = 0;
	out[0] = '\0';
	nr_keys_run = 0;
	memset(keys_run, 0, sizeof(keys_run));
}

/* VIRQ_CONSOLE raised for dom0 (hv/common/event/ stands in here). */
static unsigned int console_virqs;

void send_hardware_domain_virq(unsigned int virq)
{
	if (virq == 2) /* VIRQ_CONSOLE */
		console_virqs++;
}

/* Type @n bytes and let the hypervisor take them in. */
static void feed(const char *s, size_t n)
{
	type(s, n);
	console_rx_poll();
	console_input_process();
}

#define FEED(s) feed(s, sizeof(s) - 1)

/* --- Tests --- */

static void test_keys(void)
{
	reset_output();
	FEED("d\x02");
	CHECK_STR_EQ(keys_run, "d\x02");
	CHECK_STR_EQ(out, "");
	FEED("x\x7f");
	CHECK_STR_EQ(out, "key 'x': no such debug key, 'h' lists them\n"
			  "key 0x7f: no such debug key, 'h' lists them\n");
	reset_output();
	FEED("h");
	CHECK_STR_EQ(out, "Debug keys:\n"
			  "  0x02 a control key\n"
			  "  'd'  dump something\n"
			  "  'h'  show this list\n");
	CHECK_EQ(nr_keys_run, 0);
}

static void test_switch(void)
{
	char buf[16] = { 0 };

	reset_output();
	CHECK(!console_input_to_guest());
	FEED("\x01\x01\x01"
	     "dd");
	CHECK(console_input_to_guest());
	CHECK_STR_EQ(out, "console: input to dom0 (type Ctrl-A three times "
			  "to switch)\n");
	CHECK_EQ(nr_keys_run, 0);   /* the keys went to dom0 */
	CHECK_EQ(console_virqs, 1); /* one pass, one VIRQ_CONSOLE */
	CHECK_EQ(console_guest_read(buf, sizeof(buf)), 2);
	CHECK_STR_EQ(buf, "dd");
	CHECK_EQ(console_guest_read(buf, sizeof(buf)), 0);

	/* Fewer than three Ctrl-As are held, then handed on. */
	memset(buf, 0, sizeof(buf));
	FEED("\x01\x01z\x01");
	CHECK_EQ(console_guest_read(buf, sizeof(buf)), 3);
	CHECK_STR_EQ(buf, "\x01\x01z");
	/* The held Ctrl-A counts towards the next switch. */
	CHECK_EQ(console_virqs, 2);
	FEED("\x01\x01"
	     "d");
	CHECK(!console_input_to_guest());
	CHECK_EQ(console_virqs, 2); /* the key went to the hypervisor */
	CHECK_STR_EQ(keys_run, "d");
	CHECK_EQ(console_guest_read(buf, sizeof(buf)), 0);

	/* In hypervisor mode a released Ctrl-A is just an unknown key. */
	reset_output();
	FEED("\x01"
	     "d");
	CHECK_STR_EQ(out, "key 0x01: no such debug key, 'h' lists them\n");
	CHECK_STR_EQ(keys_run, "d");
}

static void test_rx_ring_full(void)
{
	static char burst[CONSOLE_RX_RING_SIZE + 44];
	char buf[CONSOLE_RX_RING_SIZE + 44];

	memset(burst, 'q', sizeof(burst));
	FEED("\x01\x01\x01"); /* to dom0, so the bytes can be counted */
	reset_output();
	type(burst, sizeof(burst));
	/* One poll reads at most a ring's worth; the next finds it full. */
	CHECK_EQ(console_rx_poll(), CONSOLE_RX_RING_SIZE);
	CHECK_EQ(console_rx_poll(), 0);
	CHECK_EQ(uart_left, 0);
	console_input_process();
	CHECK_STR_EQ(out, "console: 44 input bytes dropped (buffer full)\n");
	CHECK_EQ(console_guest_read(buf, sizeof(buf)), CONSOLE_RX_RING_SIZE);
	/* Reported once. */
	reset_output();
	console_input_process();
	CHECK_STR_EQ(out, "");
}

static void test_guest_ring_full(void)
{
	static char burst[200];
	char buf[CONSOLE_GUEST_RING_SIZE + 1];
	size_t fed = 0;

	memset(burst, 'g', sizeof(burst));
	reset_output();
	while (fed < CONSOLE_GUEST_RING_SIZE + 100) {
		feed(burst, sizeof(burst));
		fed += sizeof(burst);
	}
	CHECK_EQ(console_guest_read(buf, sizeof(buf)), CONSOLE_GUEST_RING_SIZE);
	CHECK(strstr(out, "input bytes dropped") != NULL);
	CHECK_EQ(fed, 1200);
	FEED("\x01\x01\x01"); /* back to the hypervisor */
	CHECK(!console_input_to_guest());
}

int main(void)
{
	test_keys();
	test_switch();
	test_rx_ring_full();
	test_guest_ring_full();
	return check_summary("test-console-input");
}
