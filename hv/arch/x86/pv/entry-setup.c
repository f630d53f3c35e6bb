/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU SYSCALL setup: each CPU's MSR_LSTAR/CSTAR point at its own stub
 * in entry/pv-entry.S, which finds the CPU's stack top in
 * syscall_stack_top[cpu]. STAR makes SYSRET land on CS 0xe033 / SS
 * 0xe02b (the 64-bit flat ring-3 selectors); SFMASK clears IF, DF, TF,
 * AC, NT, RF and VM on entry. SYSENTER_CS stays 0, so SYSENTER faults
 * with #GP and is bounced like any #GP. CR4.OSFXSR/OSXMMEXCPT enable SSE
 * for guests, CR4.OSXSAVE and XCR0 (xstate.c) XSAVE and AVX.
 */
#include <satori/bug.h>
#include <satori/smp.h>

#include <asm/cpu-ops.h>
#include <asm/desc.h>
#include <asm/pv-cpu.h>
#include <asm/pv-desc.h>
#include <asm/pv-entry.h>
#include <asm/pv.h>
#include <asm/stack.h>
#include <asm/xstate.h>

_Static_assert(SYSCALL_STUB_CPUS == NR_CPUS, "one SYSCALL stub per CPU");

extern char syscall_stubs64[], syscall_stubs32[];
extern uint64_t syscall_stack_top[SYSCALL_STUB_CPUS];

#define SFMASK_BITS                                                      \
	(X86_EFLAGS_IF | X86_EFLAGS_DF | X86_EFLAGS_TF | X86_EFLAGS_AC | \
	 X86_EFLAGS_NT | X86_EFLAGS_RF | X86_EFLAGS_VM)

void pv_cpu_init(unsigned int cpu)
{
	BUG_ON(cpu >= SYSCALL_STUB_CPUS);
	/* TSS.RSP0 is the same address: ring-3 exceptions and SYSCALL
	 * build their frames in the same place. */
	syscall_stack_top[cpu] = (uint64_t)stack_block_top(stack_block_base());
	wrmsr(MSR_STAR, ((uint64_t)FLAT_RING3_CS32 << 48) |
				((uint64_t)HYPERVISOR_CS << 32));
	wrmsr(MSR_LSTAR,
	      (uint64_t)(syscall_stubs64 + (size_t)cpu * SYSCALL_STUB_SIZE));
	wrmsr(MSR_CSTAR,
	      (uint64_t)(syscall_stubs32 + (size_t)cpu * SYSCALL_STUB_SIZE));
	wrmsr(MSR_SFMASK, SFMASK_BITS);
	wrmsr(MSR_SYSENTER_CS, 0);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* Guests use x87/SSE (FXSAVE/FXRSTOR, SSE exceptions as #XM). */
	write_cr0(read_cr0() | X86_CR0_MP | X86_CR0_NE);
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	/* And x87/SSE/AVX through XSAVE where the CPU has it. */
	xstate_cpu_init(cpu);
	/* GDTR moves to the window that will hold guests' GDT frames. */
	pv_gdt_cpu_init(cpu);
}
