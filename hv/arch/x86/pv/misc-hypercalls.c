/* SPDX-License-Identifier: MIT */
/*
 * Small PV state hypercalls: stack_switch (the kernel stack for bounces
 * from guest user mode), fpu_taskswitch (the virtual CR0.TS) and
 * set_segment_base (FS/GS bases and the user %gs selector). Each records
 * the new value in v->arch and asks the execution code, through an
 * asm/domain.h hook, to put it into the hardware while the vCPU runs.
 * xenpmu_op answers as Xen does with its virtual PMU off (the default,
 * vpmu=): -EOPNOTSUPP for every operation, nothing read or logged.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/hypercall.h>

#include <public/xen.h>

#include "pv-util.h"

long do_stack_switch(uint64_t ss, uint64_t esp)
{
	struct vcpu *v = current;

	/*
	 * Xen checks nothing more: a bad selector or stack makes the next
	 * bounce fail, which is the failsafe callback's or the guest's own
	 * problem (the bounce code validates what it loads).
	 */
	v->arch.kernel_ss = pv_fixup_selector((uint16_t)ss);
	v->arch.kernel_sp = esp;
	return 0;
}

long do_fpu_taskswitch(uint64_t set)
{
	struct vcpu *v = current;

	/* Xen's argument is an int: only the low 32 bits count. */
	v->arch.virtual_cr0_ts = (int)set != 0;
	arch_fpu_sync_ts(v);
	return 0;
}

static long set_user_gs_sel(struct vcpu *v, uint64_t base)
{
	uint16_t sel = (uint16_t)base;

	/* Selectors 0-3 are NUL and load as they are. */
	if (sel > 3)
		sel |= 3;
	arch_load_user_gs_sel(v, sel);
	return 0;
}

long do_set_segment_base(uint64_t which, uint64_t base)
{
	struct vcpu *v = current;

	/* Xen's `which` is an unsigned int. */
	switch ((uint32_t)which) {
	case SEGBASE_FS:
	case SEGBASE_GS_USER:
	case SEGBASE_GS_KERNEL:
		if (!pv_canonical(base))
			return -EINVAL;
		break;
	case SEGBASE_GS_USER_SEL:
		return set_user_gs_sel(v, base);
	default:
		return -EINVAL;
	}

	if ((uint32_t)which == SEGBASE_FS)
		v->arch.fs_base = base;
	else if ((uint32_t)which == SEGBASE_GS_USER)
		v->arch.gs_base_user = base;
	else
		v->arch.gs_base_kernel = base;
	arch_load_segment_bases(v);
	return 0;
}

long do_xenpmu_op(uint64_t op, uint64_t arg)
{
	(void)op;
	(void)arg;
	return -EOPNOTSUPP;
}
