/* SPDX-License-Identifier: MIT */
/*
 * Hypercall continuations, the x86 PV half: when to yield, and how a
 * recorded continuation becomes a re-issued SYSCALL. The guest's
 * hypercall page enters with SYSCALL (2 bytes, 0f 05); stepping RIP back
 * over it and loading RAX and the argument registers makes the guest
 * repeat the call with the new arguments the next time it runs, after
 * softirqs (and so the scheduler) had their turn.
 */
#include <satori/domain.h>
#include <satori/hypercall.h>
#include <satori/softirq.h>

#include <asm/regs.h>

#include "pv.h"

/* Length of the SYSCALL instruction the guest entered with. */
#define SYSCALL_INSN_LEN 2

bool hypercall_preempt_check(void)
{
	return softirq_pending();
}

void pv_hypercall_return(struct vcpu *v, struct cpu_user_regs *regs, long rc)
{
	if (!v->hcall_cont.pending) {
		regs->rax = (uint64_t)rc;
		return;
	}
	v->hcall_cont.pending = false;
	regs->rip -= SYSCALL_INSN_LEN;
	regs->rax = v->hcall_cont.nr;
	regs->rdi = v->hcall_cont.args[0];
	regs->rsi = v->hcall_cont.args[1];
	regs->rdx = v->hcall_cont.args[2];
	regs->r10 = v->hcall_cont.args[3];
	regs->r8 = v->hcall_cont.args[4];
}
