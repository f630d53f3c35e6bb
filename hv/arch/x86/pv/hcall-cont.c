/* SPDX-License-Identifier: MIT */
/*
 * Hypercall continuations, the x86 PV half: when to yield, and how a
 * recorded continuation becomes a re-issued SYSCALL (pv_hypercall_return,
 * inline in pv.h for the hypercall path). The guest's
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

bool hypercall_preempt_check(void)
{
	return softirq_pending();
}
