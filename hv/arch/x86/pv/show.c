/* SPDX-License-Identifier: MIT */
/*
 * Printing a vCPU's registers (domain_crash, debug keys): a vCPU running
 * on this CPU has them in the frame at the top of the stack, any other
 * in v->arch.regs (as of its last deschedule if it runs elsewhere).
 */
#include <satori/domain.h>
#include <satori/log.h>

#include <asm/pv.h>
#include <asm/traps.h>

void arch_vcpu_show_registers(const struct vcpu *v)
{
	const struct cpu_user_regs *r = &v->arch.regs;

	if (v == current) {
		show_registers(guest_cpu_user_regs());
		return;
	}
	printk("  d%uv%u%s rip %016lx rsp %016lx rflags %016lx cs %04x "
	       "ss %04x\n",
	       v->domain->domain_id, v->vcpu_id,
	       v->is_running ? " (running elsewhere: last saved)" : "",
	       (unsigned long)r->rip, (unsigned long)r->rsp,
	       (unsigned long)r->rflags, r->cs, r->ss);
	printk("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n",
	       (unsigned long)r->rax, (unsigned long)r->rbx,
	       (unsigned long)r->rcx, (unsigned long)r->rdx);
	printk("  rsi %016lx rdi %016lx rbp %016lx cr2 %016lx\n",
	       (unsigned long)r->rsi, (unsigned long)r->rdi,
	       (unsigned long)r->rbp, (unsigned long)v->arch.cr2);
}
