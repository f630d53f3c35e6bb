/* SPDX-License-Identifier: MIT */
/* CPU numbering, bring-up and cross-CPU calls. */
#ifndef SATORI_SMP_H
#define SATORI_SMP_H

#include <satori/types.h>

#define NR_CPUS 64

/*
 * Index of the CPU running the caller (0 = the boot CPU). Inline in the
 * hypervisor: it is read on every guest entry and exit, and it is one load
 * from the cpu_info at the top of the stack block. Host unit tests provide
 * their own definition.
 */
#ifndef SATORI_UNIT_TEST
#include <asm/stack.h>

static inline unsigned int smp_processor_id(void)
{
	return get_cpu_info()->processor_id;
}
#else
unsigned int smp_processor_id(void);
#endif

/* Number of CPUs online. */
unsigned int num_online_cpus(void);

/* Bring up every CPU the firmware lists (boot CPU only, once). */
void smp_boot_cpus(void);

/*
 * Run @fn(@data) on every online CPU but the caller, from interrupt context
 * on each. With @wait, return only when all of them have finished.
 * Interrupts must be enabled in the caller when @wait is set (else two
 * CPUs calling each other would deadlock).
 */
void smp_call_function(void (*fn)(void *), void *data, bool wait);

/* As smp_call_function, on one CPU (which may be the caller's: runs it). */
void smp_call_function_single(unsigned int cpu, void (*fn)(void *), void *data,
			      bool wait);

/* Flush every CPU's TLB, global entries included. Returns when done. */
void flush_tlb_all(void);

/* Stop every other CPU (panic path): they spin with interrupts off. */
void smp_send_stop(void);

#endif
