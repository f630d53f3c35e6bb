/* SPDX-License-Identifier: MIT */
/*
 * Weak stand-ins for the hypercall continuation contract (satori/
 * hypercall.h), which branch mmu implements. Until it is merged, long
 * memory_op requests are never preempted: they run to completion, with
 * the same result, only without letting other work in between. The
 * continuation itself can therefore never be asked for; if it is, the
 * machine stops with the function's name. The strong definitions replace
 * both at link time.
 */
#include <satori/bug.h>
#include <satori/hypercall.h>

__attribute__((weak)) bool hypercall_preempt_check(void)
{
	return false;
}

__attribute__((weak)) long
hypercall_create_continuation(unsigned int nr,
			      const uint64_t args[HYPERCALL_MAX_ARGS])
{
	(void)nr;
	(void)args;
	panic("%s: needs the continuation code (branch mmu)\n", __func__);
}
