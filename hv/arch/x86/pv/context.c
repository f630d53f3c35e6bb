/* SPDX-License-Identifier: MIT */
/*
 * The PV context switch. A running vCPU's registers live in the frame at
 * the top of its CPU's stack; context_switch() copies them to
 * v->arch.regs, saves the CPU state only the vCPU uses (FPU/SSE/AVX
 * eagerly with XSAVE or FXSAVE, asm/xstate.h; FS/GS bases, data
 * selectors, CR0.TS, debug registers), loads the next vCPU's, and
 * resumes it on a reset stack through ret_to_guest, or runs the idle
 * loop. Resetting the stack means nothing survives a switch,
 * which is why it never returns.
 *
 * TLB: satori runs with CR4.PGE clear, so every CR3 write flushes all
 * translations. Loading another vCPU's L4 (another domain, or user vs
 * kernel) therefore never leaves stale guest entries behind. Keep PGE
 * off unless this code learns to flush global entries too.
 *
 * TSS.RSP0 never changes: every vCPU's frame is at the same place, the
 * top of the stack of the CPU it runs on.
 */
#include <satori/sched.h>
#include <satori/string.h>
#include <satori/vcpu-timer.h>

#include <asm/cpu-ops.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/pv-cpu.h>
#include <asm/pv-desc.h>
#include <asm/pv.h>
#include <asm/stack.h>
#include <asm/tlb-clock.h>
#include <asm/xstate.h>

#include "pv.h"
#include "pvclock.h"

/* DR7 L0-L3/G0-G3: any breakpoint enabled. */
#define DR7_ENABLE_BITS 0xffull

__noreturn void reset_stack_and_idle(void *sp);

static void save_vcpu(struct vcpu *v, const struct cpu_user_regs *frame)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t active_gs = rdmsr(MSR_GS_BASE);
	uint64_t shadow_gs = rdmsr(MSR_SHADOW_GS_BASE);

	memcpy(&a->regs, frame, sizeof(a->regs));
	a->fs_base = rdmsr(MSR_FS_BASE);
	a->gs_base_kernel = a->kernel_mode ? active_gs : shadow_gs;
	a->gs_base_user = a->kernel_mode ? shadow_gs : active_gs;
	a->ds = read_sel_ds();
	a->es = read_sel_es();
	a->fs = read_sel_fs();
	a->gs = read_sel_gs();
	clts();
	xstate_save(v);
	/* Guest breakpoints must not fire in the next vCPU. */
	if (a->debugreg[7] & DR7_ENABLE_BITS)
		write_dr7(0);
}

/*
 * Reload the guest's data selectors. The guest may have changed a
 * descriptor since it loaded the selector (the CPU kept the cached
 * segment); then the load faults, the null selector is loaded instead
 * and the guest hears of it through its failsafe callback (Xen's
 * load_segments).
 */
static void load_data_selectors(struct vcpu *v)
{
	const struct arch_vcpu *a = &v->arch;
	bool ok = try_load_sel_ds(a->ds);

	ok &= try_load_sel_es(a->es);
	ok &= try_load_sel_fs(a->fs);
	ok &= try_load_sel_gs(a->gs);
	if (!ok)
		pv_queue_failsafe(v);
}

static void load_vcpu(struct vcpu *v)
{
	const struct arch_vcpu *a = &v->arch;

	/* The guest's GDT and LDT first: its selectors may point into
	 * them. */
	pv_gdt_load(v);
	pv_ldt_load(v);
	/* Selector loads may clobber the bases: selectors first. */
	load_data_selectors(v);
	wrmsr(MSR_FS_BASE, a->fs_base);
	wrmsr(MSR_GS_BASE,
	      a->kernel_mode ? a->gs_base_kernel : a->gs_base_user);
	wrmsr(MSR_SHADOW_GS_BASE,
	      a->kernel_mode ? a->gs_base_user : a->gs_base_kernel);
	if (cpu_has_tsc_aux)
		wrmsr(MSR_TSC_AUX, a->tsc_aux);
	clts();
	xstate_load(v);
	if (a->virtual_cr0_ts)
		write_cr0(read_cr0() | X86_CR0_TS);
	pv_load_guest_cr3(v);
}

/* Debug registers, only for vCPUs that use them. */
static void load_debugregs(struct vcpu *v)
{
	if (v->arch.debugreg[7] & DR7_ENABLE_BITS)
		arch_load_debugregs(v);
}

void context_switch(struct vcpu *prev, struct vcpu *next)
{
	struct cpu_user_regs *frame = guest_cpu_user_regs();

	local_irq_disable();
	if (!is_idle_vcpu(prev)) {
		/* Its page tables are still loaded: its area is reachable. */
		pv_runstate_area_update(prev);
		vcpu_periodic_switch_out(prev);
		save_vcpu(prev, frame);
	}

	/*
	 * is_running = false lets domain_kill() free prev's page tables, so
	 * it is stored only once CR3 no longer points into them (the idle
	 * tables, or next's).
	 */
	if (is_idle_vcpu(next)) {
		uint64_t tick = tlb_clock_pre_flush();

		write_cr3(idle_pg_table_maddr());
		tlb_clock_post_flush(tick);
		__atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
		reset_stack_and_idle(frame);
	}
	load_vcpu(next);
	__atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
	pv_update_vcpu_time(next);
	pv_runstate_area_update(next);
	vcpu_timers_follow(next, smp_processor_id());
	vcpu_periodic_switch_in(next);
	next->arch.fpu_initialised = true;
	load_debugregs(next);
	pv_resume_frame(frame, &next->arch.regs);
}

void arch_set_current(struct vcpu *v)
{
	(void)v;
}

void pv_vcpu_init_regs(struct vcpu *v, uint64_t rip, uint64_t rsp, uint64_t rsi,
		       uint64_t l4_mfn)
{
	struct arch_vcpu *a = &v->arch;

	memset(&a->regs, 0, sizeof(a->regs));
	a->regs.rip = rip;
	a->regs.rsp = rsp;
	a->regs.rsi = rsi;
	a->regs.cs = FLAT_KERNEL_CS;
	a->regs.ss = FLAT_KERNEL_SS;
	a->regs.rflags = X86_EFLAGS_IF | X86_EFLAGS_MBS;
	a->kernel_mode = true;
	a->guest_table = l4_mfn;
	a->guest_table_user = 0;
	a->fs_base = a->gs_base_kernel = a->gs_base_user = 0;
	a->ds = a->es = a->fs = a->gs = 0;
	a->virtual_cr0_ts = false;
	xstate_vcpu_set_legacy(v, NULL);
	v->is_initialised = true;
}
