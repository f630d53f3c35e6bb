/* SPDX-License-Identifier: MIT */
/*
 * Weak stand-ins for what the PV execution code (branch pvexec) defines:
 * the dispatcher and the hooks the simple hypercalls call.
 * They let this branch link before pvexec is merged. None pretends to
 * work: nothing can call them while no guest runs (the hypercall entry
 * is pvexec's), and one that is called anyway stops the machine with its
 * name. The strong definitions replace them at link time.
 */
#include <satori/bug.h>
#include <satori/domain.h>
#include <satori/hypercall.h>

#define PVEXEC_MISSING(fn) panic("%s: needs the PV execution code\n", fn)

__attribute__((weak)) long
hypercall_dispatch(unsigned int nr, const uint64_t args[HYPERCALL_MAX_ARGS])
{
	(void)nr;
	(void)args;
	PVEXEC_MISSING(__func__);
}

__attribute__((weak)) long hypercall_enosys(unsigned int nr, unsigned int subop)
{
	(void)nr;
	(void)subop;
	PVEXEC_MISSING(__func__);
}

__attribute__((weak)) void arch_load_segment_bases(struct vcpu *v)
{
	(void)v;
	PVEXEC_MISSING(__func__);
}

__attribute__((weak)) void arch_load_user_gs_sel(struct vcpu *v, uint16_t sel)
{
	(void)v;
	(void)sel;
	PVEXEC_MISSING(__func__);
}

__attribute__((weak)) void arch_fpu_sync_ts(struct vcpu *v)
{
	(void)v;
	PVEXEC_MISSING(__func__);
}

__attribute__((weak)) void arch_load_debugregs(struct vcpu *v)
{
	(void)v;
	PVEXEC_MISSING(__func__);
}
