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
 * With lazy_idle=1, a vCPU that blocks stays loaded while its CPU idles
 * (see loaded_vcpu below), so that waking it again there costs no
 * reload.
 *
 * TLB: satori runs with CR4.PGE clear, so every CR3 write flushes all
 * translations. Loading another vCPU's L4 (another domain, or user vs
 * kernel) therefore never leaves stale guest entries behind. Keep PGE
 * off unless this code learns to flush global entries too.
 *
 * TSS.RSP0 never changes: every vCPU's frame is at the same place, the
 * top of the stack of the CPU it runs on.
 */
#include <satori/param.h>
#include <satori/sched.h>
#include <satori/softirq.h>
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

/*
 * Lazy switch to idle (as Xen; lazy_idle=, on by default): a vCPU that
 * blocks leaves its CPU state -- CR3, FPU, segment bases and selectors,
 * GDT -- loaded while its CPU idles, and keeps is_running (so nobody frees its page tables,
 * steals it or reads its saved state meanwhile, and TLB flushes for its
 * domain still reach this CPU). If it is the next vCPU this CPU runs, as
 * in a pipe ping-pong between two vCPUs, nothing is reloaded: two CR3
 * writes (each a full TLB flush, under TCG a flush of QEMU's soft TLB
 * and jump cache), an FXSAVE/FXRSTOR and seven MSR accesses saved per
 * wake-up. Any other vCPU first saves it for good (save_cpu_state, CR3
 * off its tables, then is_running cleared); so does a request from
 * another CPU (context_release_lazy()), e.g. vcpu_sleep() pausing or
 * killing its domain. loaded_vcpu[cpu] is only set while that CPU runs
 * its idle vCPU, and only that CPU changes it.
 */
static struct vcpu *loaded_vcpu[NR_CPUS];
static bool release_wanted[NR_CPUS];
static uint64_t switch_start_ns[NR_CPUS]; /* perfc: a guest switch began */

/*
 * lazy_idle= (boolean, on by default, as Xen always does). On a quiet
 * host it is the faster choice for Linux's cross-vCPU wake-ups (pipe,
 * fork): the woken vCPU resumes on its own CPU with nothing reloaded.
 * Under TCG on a heavily loaded host, waking the halted QEMU vCPU thread
 * takes milliseconds; there lazy_idle=0 wake_affine_us=200 (the waker's
 * CPU takes the sibling over) is faster (docs/performance.md).
 */
static bool opt_lazy_idle = true;
boolean_param("lazy_idle", opt_lazy_idle);

/* FS/GS bases, data selectors, FPU, DR7: everything but the registers. */
static void save_cpu_state(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t active_gs = rdmsr(MSR_GS_BASE);
	uint64_t shadow_gs = rdmsr(MSR_SHADOW_GS_BASE);

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

/* CR3 to the idle tables: no guest table is reachable from here on, and
 * (a full flush) no guest translation is left, which the TLB-flush clock
 * is told (TLB_CPU_CLEAN: type changes skip this CPU until it loads a
 * guest's tables again). */
static void load_idle_tables(void)
{
	perfc_incr(cr3_idle);
	(void)tlb_clock_pre_flush();
	write_cr3(idle_pg_table_maddr());
	tlb_clock_mark_clean();
}

/*
 * Whether @v, switching to idle on @cpu, may stay loaded: only a vCPU
 * that merely blocked (a paused, downed or dying one is about to be
 * inspected or torn down), without guest breakpoints armed (they would
 * fire in the idle loop), and when no release is pending for @cpu.
 */
static bool may_stay_loaded(const struct vcpu *v, unsigned int cpu)
{
	const struct domain *d = v->domain;

	if (__atomic_exchange_n(&release_wanted[cpu], false, __ATOMIC_ACQ_REL))
		return false;
	return opt_lazy_idle && v->is_up &&
	       __atomic_load_n(&v->blocked, __ATOMIC_ACQUIRE) &&
	       !v->pause_count && !d->pause_count &&
	       d->state == DOMSTATE_RUNNING &&
	       !(v->arch.debugreg[7] & DR7_ENABLE_BITS);
}

/* Save the vCPU still loaded on this (idle) CPU for good, if any. */
static void release_loaded(unsigned int cpu)
{
	struct vcpu *v = loaded_vcpu[cpu];
	uint64_t flags = local_irq_save();

	if (v) {
		perfc_incr(lazy_sync);
		save_cpu_state(v);
		load_idle_tables();
		loaded_vcpu[cpu] = NULL;
		__atomic_store_n(&v->is_running, false, __ATOMIC_RELEASE);
	}
	local_irq_restore(flags);
}

void context_release_lazy(struct vcpu *v)
{
	unsigned int cpu = __atomic_load_n(&v->processor, __ATOMIC_ACQUIRE);

	if (cpu >= NR_CPUS ||
	    __atomic_load_n(&loaded_vcpu[cpu], __ATOMIC_ACQUIRE) != v)
		return;
	/* Loaded here: this CPU runs its idle vCPU (softirq work). */
	if (cpu == smp_processor_id()) {
		release_loaded(cpu);
		return;
	}
	if (!__atomic_exchange_n(&release_wanted[cpu], true, __ATOMIC_ACQ_REL))
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

void context_idle_check(void)
{
	unsigned int cpu = smp_processor_id();

	if (__atomic_exchange_n(&release_wanted[cpu], false, __ATOMIC_ACQ_REL))
		release_loaded(cpu);
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

	/* Coming from the idle tables: from here on this CPU may hold the
	 * guest's translations (asm/tlb-clock.h). */
	tlb_clock_leave_clean();
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

/* The guest-visible part of starting @next: time, runstate, timers. */
static __noreturn void enter_vcpu(struct vcpu *next,
				  struct cpu_user_regs *frame)
{
	pv_update_vcpu_time(next);
	pv_runstate_area_update(next);
	vcpu_timers_follow(next, smp_processor_id());
	vcpu_periodic_switch_in(next);
	if (CONFIG_PERFC && switch_start_ns[smp_processor_id()])
		perfc_add(ctxsw_guest_ns,
			  perfc_now() - switch_start_ns[smp_processor_id()]);
	pv_resume_frame(frame, &next->arch.regs);
}

/*
 * From idle to @next. If @next is still loaded here, only the
 * guest-visible part is left to do. Otherwise the vCPU still loaded (if
 * any) is saved first, and its is_running cleared once CR3 holds @next's
 * tables.
 */
static __noreturn void switch_from_idle(struct vcpu *idle, struct vcpu *next,
					struct cpu_user_regs *frame)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu *loaded = loaded_vcpu[cpu];

	__atomic_store_n(&idle->is_running, false, __ATOMIC_RELEASE);
	loaded_vcpu[cpu] = NULL;
	if (loaded == next) {
		perfc_incr(ctxsw_lazy_hit);
		enter_vcpu(next, frame);
	}
	perfc_incr(ctxsw_from_idle);
	if (loaded)
		save_cpu_state(loaded);
	load_vcpu(next);
	if (loaded)
		__atomic_store_n(&loaded->is_running, false, __ATOMIC_RELEASE);
	next->arch.fpu_initialised = true;
	load_debugregs(next);
	enter_vcpu(next, frame);
}

/* From guest vCPU @prev to idle: stay loaded if allowed, else save. */
static __noreturn void switch_to_idle(struct vcpu *prev,
				      struct cpu_user_regs *frame)
{
	unsigned int cpu = smp_processor_id();

	perfc_incr(ctxsw_to_idle);
	if (may_stay_loaded(prev, cpu)) {
		__atomic_store_n(&loaded_vcpu[cpu], prev, __ATOMIC_RELEASE);
		reset_stack_and_idle(frame);
	}
	save_cpu_state(prev);
	/*
	 * is_running = false lets domain_kill() free prev's page tables, so
	 * it is stored only once CR3 no longer points into them.
	 */
	load_idle_tables();
	__atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
	reset_stack_and_idle(frame);
}

void context_switch(struct vcpu *prev, struct vcpu *next)
{
	struct cpu_user_regs *frame = guest_cpu_user_regs();
	uint64_t t0, t1;

	if (CONFIG_PERFC)
		switch_start_ns[smp_processor_id()] =
			is_idle_vcpu(prev) || is_idle_vcpu(next) ? 0
								 : perfc_now();
	local_irq_disable();
	if (is_idle_vcpu(prev))
		switch_from_idle(prev, next, frame);
	/* Its page tables are still loaded: its area is reachable. */
	pv_runstate_area_update(prev);
	vcpu_periodic_switch_out(prev);
	memcpy(&prev->arch.regs, frame, sizeof(prev->arch.regs));
	if (is_idle_vcpu(next))
		switch_to_idle(prev, frame);
	perfc_incr(ctxsw_guest);
	t0 = perfc_now();
	save_cpu_state(prev);
	t1 = perfc_now();
	load_vcpu(next);
	perfc_add(ctxsw_save_ns, t1 - t0);
	perfc_add(ctxsw_load_ns, perfc_now() - t1);
	/* CR3 holds next's tables now: prev's may go (domain_kill). */
	__atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
	next->arch.fpu_initialised = true;
	load_debugregs(next);
	enter_vcpu(next, frame);
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
