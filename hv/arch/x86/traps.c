/* SPDX-License-Identifier: MIT */
/*
 * Exceptions taken while running the hypervisor. A fault in hypervisor code
 * is a hypervisor bug: print what we know and stop the machine.
 */
#include <satori/log.h>
#include <satori/shutdown.h>

#include <asm/cpu-ops.h>
#include <asm/extable.h>
#include <asm/irq.h>

void do_exception(struct cpu_user_regs *regs)
{
	uint64_t fixup = search_exception_table(regs->rip);

	if (fixup) {
		regs->rip = fixup;
		return;
	}
	printk("FATAL: exception %u, error code %#x at rip %#lx, cr2 %#lx\n",
	       regs->entry_vector, regs->error_code, (unsigned long)regs->rip,
	       (unsigned long)read_cr2());
	machine_halt(1);
}
