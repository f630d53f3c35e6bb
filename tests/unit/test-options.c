/* SPDX-License-Identifier: MIT */
/* unit-sources: hv/common/cmdline.c hv/drivers/uart-config.c hv/common/console-select.c hv/common/dom0-options.c hv/common/sched-policy.c */
/*
 * The option parsers behind com1=/com2=, console=, dom0_mem=,
 * dom0_max_vcpus= and sched=, and console_setup()'s choice of ports
 * (with the UART driver replaced by a recorder).
 */
#include <stdarg.h>

#include <satori/console.h>
#include <satori/dom0-options.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/ns16550.h>
#include <satori/param.h>
#include <satori/sched-policy.h>

#include "check.h"

/* --- Stand-ins for the hypervisor around the files under test --- */

static char log_buf[2048];
static size_t log_len;

void log_printf(int level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	log_len += (size_t)vsnprintf(log_buf + log_len,
				     sizeof(log_buf) - log_len, fmt, ap);
	va_end(ap);
}

const struct kernel_param *param_table(size_t *n)
{
	*n = 0;
	return NULL;
}

static const struct uart_config fake_ports[2] = {
	{ 0x3f8, 115200, 115200, 8, 0, 1, 4 },
	{ 0x2f8, 9600, 115200, 7, 0x18, 2, 3 },
};
static bool port_running[2] = { true, false };

int ns16550_start(unsigned int index)
{
	port_running[index] = true;
	return 0;
}

void ns16550_stop(unsigned int index)
{
	port_running[index] = false;
}

const struct uart_config *ns16550_config(unsigned int index)
{
	return &fake_ports[index];
}

/* --- com1=, com2= --- */

static const struct uart_config com1_default = { 0x3f8, 115200, 115200, 8,
						 0,	1,	4 };

static void test_uart_config(void)
{
	struct uart_config c = com1_default;

	CHECK_EQ(uart_config_parse("9600", &c), 0);
	CHECK_EQ(c.baud, 9600);
	CHECK_EQ(c.io_base, 0x3f8);
	CHECK_EQ(uart_config_parse("57600/1500000,7e2,0x2e8,5", &c), 0);
	CHECK_EQ(c.baud, 57600);
	CHECK_EQ(c.base_baud, 1500000);
	CHECK_EQ(c.data_bits, 7);
	CHECK_EQ(c.parity_bits, 0x18);
	CHECK_EQ(c.stop_bits, 2);
	CHECK_EQ(c.io_base, 0x2e8);
	CHECK_EQ(c.irq, 5);
	CHECK_EQ(uart_parity_letter(&c), 'e');

	c = com1_default;
	CHECK_EQ(uart_config_parse("auto,8o1", &c), 0);
	CHECK_EQ(c.baud, 0);
	CHECK_EQ(c.base_baud, 115200);
	CHECK_EQ(c.parity_bits, 0x08);
	CHECK_EQ(uart_config_parse(",,0x2f8", &c), 0); /* empty fields */
	CHECK_EQ(c.io_base, 0x2f8);
	CHECK_EQ(c.parity_bits, 0x08);
	CHECK_EQ(uart_config_parse("115200,8s1,,0", &c), 0);
	CHECK_EQ(c.baud, 115200);
	CHECK_EQ(c.irq, 0);
	CHECK_EQ(uart_parity_letter(&c), 's');
	CHECK_EQ(c.io_base, 0x2f8);

	/* Malformed or out of range: refused, settings unchanged. */
	static const char *const bad[] = {
		"0",	      "fast",	      "115200,9n1",   "115200,8x1",
		"115200,8n3", "115200,8n",    "115200,8n1,0", "9600,,0x10000",
		"9600,,,16",  "9600,,,4,pci", "1/115200x",    "230400",
		"1",	      "115200/",      "115200,8n1x",
	};
	struct uart_config before = c;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ(uart_config_parse(bad[i], &c), -EINVAL);
		CHECK(memcmp(&c, &before, sizeof(c)) == 0);
	}
	/* 230400 is too fast for the 115200 base, 1 too slow (divisor). */
}

/* --- console= and console_setup() --- */

static void test_console_devices(void)
{
	unsigned int d = 99;

	CHECK_EQ(console_devices_parse("com1", &d), 0);
	CHECK_EQ(d, CONSOLE_COM1);
	CHECK_EQ(console_devices_parse("com2,vga", &d), 0);
	CHECK_EQ(d, CONSOLE_COM2 | CONSOLE_VGA);
	CHECK_EQ(console_devices_parse("none", &d), 0);
	CHECK_EQ(d, 0);
	d = 5;
	CHECK_EQ(console_devices_parse("com3", &d), -EINVAL);
	CHECK_EQ(console_devices_parse("com1,", &d), -EINVAL);
	CHECK_EQ(console_devices_parse("", &d), -EINVAL);
	CHECK_EQ(console_devices_parse("com", &d), -EINVAL);
	CHECK_EQ(d, 5);
}

static void test_console_setup(void)
{
	/* Default: COM1 only, described on the console. */
	log_len = 0;
	console_setup();
	CHECK_EQ(port_running[0], true);
	CHECK_EQ(port_running[1], false);
	CHECK_STR_EQ(log_buf, "console: com1 115200 8n1, io 0x3f8, irq 4\n");
}

/* --- dom0_mem=, dom0_max_vcpus= --- */

static void test_dom0_mem(void)
{
	struct dom0_mem_opt m;

	CHECK_EQ(dom0_mem_parse("512M", &m), 0);
	CHECK(m.amount.set && !m.min.set && !m.max.set);
	CHECK_EQ(m.amount.bytes, 512ull << 20);

	CHECK_EQ(dom0_mem_parse("min:1G,max:4G,-1G", &m), 0);
	CHECK_EQ(m.min.bytes, 1ull << 30);
	CHECK_EQ(m.max.bytes, 4ull << 30);
	CHECK(m.amount.all_but);

	CHECK_EQ(dom0_mem_parse("25%", &m), 0);
	CHECK_EQ(m.amount.percent, 25);
	CHECK_EQ(m.amount.bytes, 0);
	CHECK_EQ(dom0_mem_parse("max:1G+10%", &m), 0);
	CHECK(!m.amount.set);
	CHECK_EQ(m.max.bytes, 1ull << 30);
	CHECK_EQ(m.max.percent, 10);
	CHECK_EQ(dom0_mem_parse("16G", &m), 0);
	CHECK_EQ(dom0_mem_parse("-16G", &m), 0);

	static const char *const bad[] = { "",	   "M",	    "100%",   "1G+",
					   "1G+5", "min:",  "mid:1G", "1G,",
					   "5Q",   "1G 2G", "--1G",   "1G+%" };
	CHECK_EQ(dom0_mem_parse("1G", &m), 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ(dom0_mem_parse(bad[i], &m), -EINVAL);
		CHECK_EQ(m.amount.bytes, 1ull << 30);
	}
}

/* dom0's pages as Xen 4.17's dom0_compute_nr_pages gives them, for a
 * host with 1 GiB (262144 pages) available. */
static void test_dom0_mem_pages(void)
{
	const unsigned long avail = 262144, M = 256; /* pages per MiB */
	struct dom0_mem_opt m = { 0 };
	unsigned long max;

	/* No option: all but 1/16 (64 MiB here; at most 128 MiB). */
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), avail - 64 * M);
	CHECK_EQ(max, UINT32_MAX);
	CHECK_EQ(dom0_mem_pages(&m, 16 * avail, &max), 16 * avail - 128 * M);
	CHECK_EQ(dom0_mem_parse("512M", &m), 0);
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), 512 * M);
	CHECK_EQ(max, UINT32_MAX);
	/* More than there is: all of it, no reserve. */
	CHECK_EQ(dom0_mem_parse("4G", &m), 0);
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), avail);
	/* Percentages and '-' are of the available memory. */
	CHECK_EQ(dom0_mem_parse("-256M", &m), 0);
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), 768 * M);
	CHECK_EQ(dom0_mem_parse("25%", &m), 0);
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), 256 * M);
	CHECK_EQ(dom0_mem_parse("128M+50%", &m), 0);
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), 640 * M);
	/* '-' beyond what there is wraps in Xen: everything. */
	CHECK_EQ(dom0_mem_parse("-2G", &m), 0);
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), avail);
	/* 0 is "not given": the default. */
	CHECK_EQ(dom0_mem_parse("0", &m), 0);
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), avail - 64 * M);
	/* min: raises, max: lowers and wins over min:, and is max_pages. */
	CHECK_EQ(dom0_mem_parse("min:600M,512M", &m), 0);
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), 600 * M);
	CHECK_EQ(dom0_mem_parse("max:300M,512M", &m), 0);
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), 300 * M);
	CHECK_EQ(max, 300 * M);
	CHECK_EQ(dom0_mem_parse("min:600M,max:300M", &m), 0);
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), 300 * M);
	CHECK_EQ(dom0_mem_parse("max:-768M", &m), 0);
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), 256 * M);
	CHECK_EQ(max, 256 * M);
	/* A max: above what exists is max_pages as given. */
	CHECK_EQ(dom0_mem_parse("max:2G,512M", &m), 0);
	CHECK_EQ(dom0_mem_pages(&m, avail, &max), 512 * M);
	CHECK_EQ(max, 2048 * M);
}

static void test_dom0_max_vcpus(void)
{
	struct dom0_vcpus_opt v = { 1, UINT32_MAX };

	CHECK_EQ(opt_dom0_max_vcpus.min, 1);
	CHECK_EQ(opt_dom0_max_vcpus.max, UINT32_MAX);
	CHECK_EQ(dom0_max_vcpus_parse("4", &v), 0);
	CHECK_EQ(v.min, 4);
	CHECK_EQ(v.max, 4);
	CHECK_EQ(dom0_max_vcpus_parse("2-8", &v), 0);
	CHECK_EQ(v.min, 2);
	CHECK_EQ(v.max, 8);
	CHECK_EQ(dom0_max_vcpus_parse("3-", &v), 0);
	CHECK_EQ(v.min, 3);
	CHECK_EQ(v.max, UINT32_MAX);
	static const char *const bad[] = { "",	  "0", "8-2",	    "-4",
					   "2-x", "a", "4294967296" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ(dom0_max_vcpus_parse(bad[i], &v), -EINVAL);
		CHECK_EQ(v.min, 3);
	}
}

/* --- sched= --- */

static void test_sched(void)
{
	CHECK_EQ(opt_sched, SCHED_CREDIT);
	CHECK_EQ(sched_policy_parse("credit"), SCHED_CREDIT);
	CHECK_EQ(sched_policy_parse("bvt"), SCHED_BVT);
	CHECK_EQ(sched_policy_parse("rr"), SCHED_RR);
	CHECK_EQ(sched_policy_parse("credit2"), -EINVAL);
	CHECK_EQ(sched_policy_parse(""), -EINVAL);
	CHECK_STR_EQ(sched_policy_name(SCHED_BVT), "bvt");
	CHECK_STR_EQ(sched_policy_name(SCHED_CREDIT), "credit");
	CHECK_STR_EQ(sched_policy_name(SCHED_RR), "rr");
}

int main(void)
{
	test_uart_config();
	test_console_devices();
	test_console_setup();
	test_dom0_mem();
	test_dom0_mem_pages();
	test_dom0_max_vcpus();
	test_sched();
	return check_summary("test-options");
}
