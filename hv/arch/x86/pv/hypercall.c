/* SPDX-License-Identifier: MIT */
/*
 * Hypercall dispatch: one switch from number to handler. Only handlers
 * that exist on this branch are listed; every other number is -ENOSYS,
 * logged once per domain and number (hypercall_enosys()). The
 * hcall_trace= option (off by default, a debugging aid for guest bring-up)
 * logs every hypercall except iret with its arguments and result, and
 * every exception bounced to a guest (bounce.c).
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/hypercall.h>
#include <satori/log.h>
#include <satori/param.h>
#include <satori/perfc.h>

#include <public/xen.h>

long hypercall_enosys(unsigned int nr, unsigned int subop)
{
	struct domain *d = current->domain;
	unsigned int bit = nr < 128 ? nr : 127;
	uint64_t mask = 1ull << (bit % 64);

	if (!(__atomic_fetch_or(&d->enosys_logged[bit / 64], mask,
				__ATOMIC_RELAXED) &
	      mask))
		log_printf(LOG_WARN | LOG_GUEST,
			   "d%u: hypercall %u (subop %u) not implemented: "
			   "-ENOSYS\n",
			   d->domain_id, nr, subop);
	return -ENOSYS;
}

bool opt_hcall_trace;
boolean_param("hcall_trace", opt_hcall_trace);

static long hypercall_switch(unsigned int nr,
			     const uint64_t args[HYPERCALL_MAX_ARGS])
{
	switch (nr) {
	case __HYPERVISOR_set_trap_table:
		return do_set_trap_table(args[0]);
	case __HYPERVISOR_stack_switch:
		return do_stack_switch(args[0], args[1]);
	case __HYPERVISOR_set_callbacks:
		return do_set_callbacks(args[0], args[1], args[2]);
	case __HYPERVISOR_fpu_taskswitch:
		return do_fpu_taskswitch(args[0]);
	case __HYPERVISOR_set_debugreg:
		return do_set_debugreg(args[0], args[1]);
	case __HYPERVISOR_get_debugreg:
		return do_get_debugreg(args[0]);
	case __HYPERVISOR_memory_op:
		return do_memory_op(args[0], args[1]);
	case __HYPERVISOR_multicall:
		return do_multicall(args[0], args[1]);
	case __HYPERVISOR_xen_version:
		return do_xen_version(args[0], args[1]);
	case __HYPERVISOR_vm_assist:
		return do_vm_assist(args[0], args[1]);
	case __HYPERVISOR_set_segment_base:
		return do_set_segment_base(args[0], args[1]);
	case __HYPERVISOR_callback_op:
		return do_callback_op(args[0], args[1]);
	case __HYPERVISOR_physdev_op:
		return do_physdev_op(args[0], args[1]);
	case __HYPERVISOR_platform_op:
		return do_platform_op(args[0]);
	case __HYPERVISOR_console_io:
		return do_console_io(args[0], args[1], args[2]);
	case __HYPERVISOR_iret:
		return do_iret();
	case __HYPERVISOR_mmu_update:
		return do_mmu_update(args[0], args[1], args[2], args[3]);
	case __HYPERVISOR_update_va_mapping:
		return do_update_va_mapping(args[0], args[1], args[2]);
	case __HYPERVISOR_update_va_mapping_otherdomain:
		return do_update_va_mapping_otherdomain(args[0], args[1],
							args[2], args[3]);
	case __HYPERVISOR_event_channel_op:
		return do_event_channel_op(args[0], args[1]);
	case __HYPERVISOR_sched_op:
		return do_sched_op(args[0], args[1]);
	case __HYPERVISOR_set_timer_op:
		return do_set_timer_op(args[0]);
	case __HYPERVISOR_vcpu_op:
		return do_vcpu_op(args[0], args[1], args[2]);
	case __HYPERVISOR_set_gdt:
		return do_set_gdt(args[0], args[1]);
	case __HYPERVISOR_update_descriptor:
		return do_update_descriptor(args[0], args[1]);
	case __HYPERVISOR_mmuext_op:
		return do_mmuext_op(args[0], args[1], args[2], args[3]);
	case __HYPERVISOR_grant_table_op:
		return do_grant_table_op(args[0], args[1], args[2]);
	case __HYPERVISOR_domctl:
		return do_domctl(args[0]);
	case __HYPERVISOR_xenpmu_op:
		return do_xenpmu_op(args[0], args[1]);
	default:
		return hypercall_enosys(nr, 0);
	}
}

__hot_syscall_path long
hypercall_dispatch(unsigned int nr, const uint64_t args[HYPERCALL_MAX_ARGS])
{
	long rc;

	perfc_hypercall(nr);
	rc = hypercall_switch(nr, args);

	if (opt_hcall_trace && nr != __HYPERVISOR_iret)
		log_info(
			"d%uv%u: hcall %u(%#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
			current->domain->domain_id, current->vcpu_id, nr,
			args[0], args[1], args[2], args[3], args[4], rc);
	return rc;
}
