/* SPDX-License-Identifier: MIT */
/*
 * start_satori: the boot CPU's path from the first C instruction to a
 * running system. Each step is one call into the subsystem that owns it;
 * the order is the dependency order.
 */
#include <satori/boot-info.h>
#include <satori/log.h>
#include <satori/ns16550.h>
#include <satori/shutdown.h>

#include <asm/cpu-ops.h>
#include <asm/cpufeature.h>
#include <asm/irq.h>
#include <asm/mm.h>

#define SATORI_VERSION "0.1"

static void early_console_init(void)
{
	/* Xen's default line settings; console=/com1= refine them later. */
	static const struct uart_config com1 = {
		.io_base = 0x3f8,
		.baud = 115200,
		.data_bits = 8,
		.parity_bits = 0,
		.stop_bits = 1,
	};

	ns16550_init(&com1);
}

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

__noreturn void start_satori(uint32_t magic, uint32_t info);

__noreturn void start_satori(uint32_t magic, uint32_t info)
{
	early_console_init();
	idt_init();
	idt_load();
	printk("satori %s: a paravirtualizing hypervisor for x86-64\n",
	       SATORI_VERSION);
	if (!boot_info_parse(magic, info))
		printk("Unknown boot loader magic %#x: no modules or memory map\n",
		       magic);
	print_boot_info();
	cpu_features_init();
	mm_init();

	printk("Boot complete\n");
	machine_halt(0);
}
