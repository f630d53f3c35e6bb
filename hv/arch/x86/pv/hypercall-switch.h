/* SPDX-License-Identifier: MIT */
/*
 * The hypercall switch, from number to handler, as an inline function:
 * hypercall_dispatch() (hypercall.c, multicall's way in) and the SYSCALL
 * entry (exceptions.c, with the arguments straight from the saved
 * registers) each compile it, without a jump table (Makefile): compares
 * and direct calls, so no indirect branch on the hypercall path. Only
 * handlers that exist are listed; every other number is -ENOSYS, logged
 * once per domain and number (hypercall_enosys()).
 */
#ifndef PV_HYPERCALL_SWITCH_H
#define PV_HYPERCALL_SWITCH_H

#include <satori/hypercall.h>
#include <satori/perfc.h>

#include <public/xen.h>

/* hcall_trace= (opt_hcall_trace): log a hypercall and its result
 * (hypercall.c). */
void hypercall_trace(unsigned int nr, uint64_t a0, uint64_t a1, uint64_t a2,
		     uint64_t a3, uint64_t a4, long rc);

static inline __attribute__((always_inline)) long
hypercall_switch(unsigned int nr, uint64_t a0, uint64_t a1, uint64_t a2,
		 uint64_t a3, uint64_t a4)
{
	(void)a4; /* no handler yet takes five arguments */
	switch (nr) {
	case __HYPERVISOR_set_trap_table:
		return do_set_trap_table(a0);
	case __HYPERVISOR_stack_switch:
		return do_stack_switch(a0, a1);
	case __HYPERVISOR_set_callbacks:
		return do_set_callbacks(a0, a1, a2);
	case __HYPERVISOR_fpu_taskswitch:
		return do_fpu_taskswitch(a0);
	case __HYPERVISOR_set_debugreg:
		return do_set_debugreg(a0, a1);
	case __HYPERVISOR_get_debugreg:
		return do_get_debugreg(a0);
	case __HYPERVISOR_memory_op:
		return do_memory_op(a0, a1);
	case __HYPERVISOR_multicall:
		return do_multicall(a0, a1);
	case __HYPERVISOR_xen_version:
		return do_xen_version(a0, a1);
	case __HYPERVISOR_vm_assist:
		return do_vm_assist(a0, a1);
	case __HYPERVISOR_set_segment_base:
		return do_set_segment_base(a0, a1);
	case __HYPERVISOR_callback_op:
		return do_callback_op(a0, a1);
	case __HYPERVISOR_physdev_op:
		return do_physdev_op(a0, a1);
	case __HYPERVISOR_platform_op:
		return do_platform_op(a0);
	case __HYPERVISOR_console_io:
		return do_console_io(a0, a1, a2);
	case __HYPERVISOR_iret:
		return do_iret();
	case __HYPERVISOR_mmu_update:
		return do_mmu_update(a0, a1, a2, a3);
	case __HYPERVISOR_update_va_mapping:
		return do_update_va_mapping(a0, a1, a2);
	case __HYPERVISOR_update_va_mapping_otherdomain:
		return do_update_va_mapping_otherdomain(a0, a1, a2, a3);
	case __HYPERVISOR_event_channel_op:
		return do_event_channel_op(a0, a1);
	case __HYPERVISOR_sched_op:
		return do_sched_op(a0, a1);
	case __HYPERVISOR_set_timer_op:
		return do_set_timer_op(a0);
	case __HYPERVISOR_vcpu_op:
		return do_vcpu_op(a0, a1, a2);
	case __HYPERVISOR_set_gdt:
		return do_set_gdt(a0, a1);
	case __HYPERVISOR_update_descriptor:
		return do_update_descriptor(a0, a1);
	case __HYPERVISOR_mmuext_op:
		return do_mmuext_op(a0, a1, a2, a3);
	case __HYPERVISOR_grant_table_op:
		return do_grant_table_op(a0, a1, a2);
	case __HYPERVISOR_domctl:
		return do_domctl(a0);
	case __HYPERVISOR_xenpmu_op:
		return do_xenpmu_op(a0, a1);
	case __HYPERVISOR_arch_0: /* mca */
		return do_mca(a0);
	default:
		return hypercall_enosys(nr, 0);
	}
}

/* hypercall_switch(), its perfc count (PERFC=y only) and the
 * hcall_trace= log. */
static inline __attribute__((always_inline)) long
hypercall_run(unsigned int nr, uint64_t a0, uint64_t a1, uint64_t a2,
	      uint64_t a3, uint64_t a4)
{
	long rc;

	perfc_hypercall(nr);
	rc = hypercall_switch(nr, a0, a1, a2, a3, a4);

	if (__builtin_expect(opt_hcall_trace, 0) && nr != __HYPERVISOR_iret)
		hypercall_trace(nr, a0, a1, a2, a3, a4, rc);
	return rc;
}

#endif
