/* SPDX-License-Identifier: MIT */
/*
 * Hypercall continuations, the x86 PV half: when to yield, and how a
 * recorded continuation becomes a re-issued SYSCALL (pv_hypercall_return,
 * inline in pv.h for the hypercall path). The guest's
 * hypercall page enters with SYSCALL (2 bytes, 0f 05); stepping RIP back
 * over it and loading RAX and the argument registers makes the guest
 * repeat the call with the new arguments the next time it runs, after
 * softirqs (and so the scheduler) had their turn. The test option
 * cont_yield= makes every such re-issue wait behind the other runnable
 * vCPUs of the CPU (docs/command-line.md).
 */
#include <satori/domain.h>
#include <satori/hypercall.h>
#include <satori/param.h>
#include <satori/softirq.h>

#include <asm/regs.h>

#include "pv.h"

/*
 * Test-only, off by default: a hypercall that stops part way also yields
 * (SCHEDOP_yield) before its re-issue, so that with sched=rr every other
 * runnable vCPU of the CPU runs between two legs. Makes "another vCPU
 * sees the half-done state" deterministic (boot test
 * bootdoms-mmu-deep-pin) instead of depending on where a timer fires.
 */
bool pv_cont_yield;
boolean_param("cont_yield", pv_cont_yield);

bool hypercall_preempt_check(void)
{
	return softirq_pending();
}
