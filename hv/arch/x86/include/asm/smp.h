/* SPDX-License-Identifier: MIT */
/* x86 side of SMP: APIC IDs of CPUs, AP entry, the stop flag. */
#ifndef ASM_X86_SMP_H
#define ASM_X86_SMP_H

#include <satori/types.h>

#include <asm/regs.h>

/*
 * Inside a function run by smp_call_function*(): the state the CPU was
 * interrupted in (for dumps); NULL elsewhere.
 */
const struct cpu_user_regs *smp_call_regs(void);

/* Install the call-function IPI handler (boot CPU, before APs start). */
void smp_call_init(void);

/* Set by smp_send_stop(): the NMI handler parks the CPU when it sees it. */
extern bool smp_stopping;

#endif
