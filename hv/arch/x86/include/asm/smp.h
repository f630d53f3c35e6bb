/* SPDX-License-Identifier: MIT */
/* x86 side of SMP: APIC IDs of CPUs, AP entry, the stop flag. */
#ifndef ASM_X86_SMP_H
#define ASM_X86_SMP_H

#include <satori/types.h>

/* The local APIC ID of CPU @cpu (valid once it was brought up). */
uint32_t cpu_apic_id(unsigned int cpu);

/* Install the call-function IPI handler (boot CPU, before APs start). */
void smp_call_init(void);

/* Set by smp_send_stop(): the NMI handler parks the CPU when it sees it. */
extern bool smp_stopping;

#endif
