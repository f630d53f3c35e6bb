/* SPDX-License-Identifier: MIT */
/*
 * start_satori: the boot CPU's path from the first C instruction to a
 * running system. Each step is one call into the subsystem that owns it;
 * the order is the dependency order.
 */
#include <satori/boot-info.h>
#include <satori/console.h>
#include <satori/console-input.h>
#include <satori/log.h>
#include <satori/ns16550.h>
#include <satori/selftest.h>
#include <satori/param.h>
#include <satori/shutdown.h>

#include <asm/cpu-ops.h>
#include <asm/cpu-tables.h>
#include <asm/irq.h>

#define SATORI_VERSION "0.1"

static void print_boot_info(void)
{
	printk("Boot protocol %s, loader '%s'\n", boot_info.protocol,
	       boot_info.loader_name);
	printk("Command line: %s\n", boot_info.cmdline);
	for (unsigned int i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		printk("Module %u: %#lx-%#lx '%s'\n", i + 1,
		       (unsigned long)m->start, (unsigned long)m->end,
		       m->cmdline);
	}
}

/*
 * keypoll (satori's own): once booted, serve debug keys by polling the
 * serial port instead of halting. A stand-in, for tests, until the UART
 * interrupt and softirqs drive console input.
 */
static bool opt_keypoll;
boolean_param("keypoll", opt_keypoll);

static __noreturn void poll_console_forever(void)
{
	printk("Polling the console for debug keys ('h' lists them)\n");
	for (;;) {
		if (console_rx_poll())
			console_input_process();
		cpu_relax();
	}
}

__noreturn void start_satori(uint32_t magic, uint32_t info);

__noreturn void start_satori(uint32_t magic, uint32_t info)
{
	ns16550_early_init();
	idt_init();
	idt_load();
	cpu_init_descriptors_boot();
	printk("satori %s: a paravirtualizing hypervisor for x86-64\n",
	       SATORI_VERSION);
	if (!boot_info_parse(magic, info))
		printk("Unknown boot loader magic %#x: no modules or memory map\n",
		       magic);
	cmdline_parse(boot_info.cmdline);
	console_setup();
	print_boot_info();

	selftest_run_late();
	printk("Boot complete\n");
	if (opt_keypoll)
		poll_console_forever();
	machine_halt(0);
}
