/* SPDX-License-Identifier: MIT */
/*
 * Exceptions taken while running the hypervisor. A fault in hypervisor code
 * is a hypervisor bug: print what we know and stop the machine.
 */
#include <satori/log.h>
#include <satori/shutdown.h>

#include <asm/cpu-ops.h>
#include <asm/irq.h>

void do_exception(struct cpu_user_regs *regs)
{
	printk("FATAL: exception %u, error code %#x at rip %#lx, cr2 %#lx\n",
	       regs->entry_vector, regs->error_code, (unsigned long)regs->rip,
	       (unsigned long)read_cr2());
	machine_halt(1);
}
