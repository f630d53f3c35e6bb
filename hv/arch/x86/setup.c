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
#include <satori/sched.h>
#include <satori/selftest.h>
#include <satori/param.h>
#include <satori/shutdown.h>
#include <satori/smp.h>
#include <satori/softirq.h>
#include <satori/timer.h>

#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/cpu-ops.h>
#include <asm/cpu-tables.h>
#include <asm/cpufeature.h>
#include <asm/guest-irq.h>
#include <asm/guest-msi.h>
#include <asm/irq.h>
#include <asm/mm.h>
#include <asm/nmi.h>
#include <asm/pv-build.h>
#include <asm/pv.h>
#include <asm/rtc.h>
#include <asm/time.h>

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
	cpu_features_init();
	mm_init();

	/* Needs boot_info (the RSDP from multiboot2) and ioremap. */
	acpi_init(apic_id_from_cpuid());
	platform_boot_init();
	apic_init_bsp();
	ioapic_init();
	time_init();
	wallclock_init();
	apic_timer_init(true);
	timers_init();
	nmi_init();
	pv_cpu_init(0);
	scheduler_init();
	smp_boot_cpus();

	serial_input_init();
	/* After the serial IRQ: the GSIs satori routes are not the guests'. */
	guest_irq_init();
	guest_msi_init();
	boot_domains_build();

	printk("Boot complete\n");
	selftest_run_late();
	local_irq_enable();
	idle_loop();
}
