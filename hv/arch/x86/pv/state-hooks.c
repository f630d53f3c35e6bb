/* SPDX-License-Identifier: MIT */
/*
 * The hooks through which hypercall handlers make a change to v->arch
 * take effect at once on the running vCPU (asm/domain.h): segment bases,
 * the user %gs selector, CR0.TS and the debug registers. For a vCPU not
 * running on this CPU they do nothing; its next context switch loads the
 * fields.
 */
#include <satori/domain.h>

#include <asm/cpu-ops.h>
#include <asm/pv-cpu.h>
#include <asm/pv.h>

#include "pv.h"

void arch_load_segment_bases(struct vcpu *v)
{
	const struct arch_vcpu *a = &v->arch;

	if (v != current)
		return;
	wrmsr(MSR_FS_BASE, a->fs_base);
	wrmsr(MSR_GS_BASE,
	      a->kernel_mode ? a->gs_base_kernel : a->gs_base_user);
	wrmsr(MSR_SHADOW_GS_BASE,
	      a->kernel_mode ? a->gs_base_user : a->gs_base_kernel);
}

void arch_load_user_gs_sel(struct vcpu *v, uint16_t sel)
{
	if (v != current)
		return;
	/* The user GS base is the inactive one while the kernel runs:
	 * make it active, load the selector (its descriptor sets the
	 * base), read back both, switch back. */
	if (v->arch.kernel_mode)
		swapgs();
	load_sel_gs(sel);
	v->arch.gs = read_sel_gs();
	v->arch.gs_base_user = rdmsr(MSR_GS_BASE);
	if (v->arch.kernel_mode)
		swapgs();
}

void arch_fpu_sync_ts(struct vcpu *v)
{
	if (v != current)
		return;
	if (v->arch.virtual_cr0_ts)
		write_cr0(read_cr0() | X86_CR0_TS);
	else
		clts();
}

void arch_load_debugregs(struct vcpu *v)
{
	const uint64_t *dr = v->arch.debugreg;

	if (v != current)
		return;
	write_dr7(0); /* No breakpoint half-loaded. */
	write_dr0(dr[0]);
	write_dr1(dr[1]);
	write_dr2(dr[2]);
	write_dr3(dr[3]);
	write_dr6(dr[6]);
	write_dr7(dr[7]);
}
