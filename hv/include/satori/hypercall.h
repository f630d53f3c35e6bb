/* SPDX-License-Identifier: MIT */
/*
 * Hypercall handlers: one function per hypercall, named do_<name> after
 * Xen's __HYPERVISOR_<name> so that Xen's and Linux's sources map 1:1.
 *
 * Every argument is a raw 64-bit register value from an untrusted guest:
 * each handler validates its own arguments before touching any state, and
 * reaches guest memory only through copy_{from,to}_guest_raw(). Handlers
 * run on the calling vCPU (current) with interrupts enabled (but see
 * HYPERCALLS_IRQS_OFF) and return 0 or a positive value, or -errno
 * (public/errno.h values).
 *
 * hypercall_dispatch() (arch/x86/pv/hypercall.c) maps a number to its
 * handler with one switch; a number with no handler returns -ENOSYS and is
 * logged once per domain. multicall uses the same dispatch.
 */
#ifndef SATORI_HYPERCALL_H
#define SATORI_HYPERCALL_H

#include <satori/types.h>

#define HYPERCALL_MAX_ARGS 5

/*
 * The hypercalls that the SYSCALL entry runs with interrupts still off,
 * as the exit path after them runs anyway: bit n is hypercall n. Their
 * work is small and bounded (no guest-sized loop), they never wait for
 * another CPU, and an interrupt that arrives meanwhile is taken as soon
 * as the guest resumes, its softirqs on that very exit. What it saves is
 * the `sti` itself, which under QEMU's TCG ends two translated blocks
 * with two returns to QEMU's main loop (docs/performance.md); Xen runs
 * every hypercall with interrupts on. HYPERVISOR_iret (23) ends every
 * bounce; xen_version (17) is Linux's way to force an event upcall after
 * unmasking (xen_force_evtchn_callback) and the null hypercall. A handler
 * on this list must keep those properties; inside a multicall every
 * handler runs with interrupts on. hypercall.c checks the numbers.
 */
#define HYPERCALLS_IRQS_OFF ((1ull << 17) | (1ull << 23))

/* Whether the SYSCALL entry runs hypercall @nr with interrupts off. */
static inline bool hypercall_runs_irqs_off(unsigned int nr)
{
	return nr < 64 && ((HYPERCALLS_IRQS_OFF >> nr) & 1);
}

/* Run hypercall @nr with @args on the current vCPU. */
long hypercall_dispatch(unsigned int nr,
			const uint64_t args[HYPERCALL_MAX_ARGS]);

/*
 * Preemption of long hypercalls (Xen's hypercall continuations). A handler
 * working through a long batch calls hypercall_preempt_check() between
 * items; when it says so, the handler records its progress in its own
 * arguments (e.g. a smaller count and an advanced pointer, or a resume
 * index in the upper bits of cmd, as Xen does per hypercall) and returns
 * hypercall_create_continuation(nr, new_args). The guest then re-issues the
 * same hypercall with the new arguments when it next runs (the SYSCALL is
 * re-executed: RIP moves back 2 bytes, RAX = @nr, the argument registers
 * take @args), so other vCPUs and softirqs run in between, and the guest
 * sees the same final result as without preemption. Inside a multicall the
 * entry's arguments are rewritten instead and the multicall itself is
 * continued from that entry.
 */

/* Whether the current hypercall should yield: a softirq is pending. */
bool hypercall_preempt_check(void);

/* Arrange the re-issue of hypercall @nr with @args; returns the value the
 * handler must return unchanged (the guest never sees it). */
long hypercall_create_continuation(unsigned int nr,
				   const uint64_t args[HYPERCALL_MAX_ARGS]);

/* Log "-ENOSYS" once per domain and hypercall number; returns -ENOSYS. */
long hypercall_enosys(unsigned int nr, unsigned int subop);

/* The handlers, with Xen's argument order (the public headers). */
long do_set_trap_table(uint64_t traps);
long do_domctl(uint64_t arg);
long do_mmu_update(uint64_t reqs, uint64_t count, uint64_t done_out,
		   uint64_t foreigndom);
long do_set_gdt(uint64_t frame_list, uint64_t entries);
long do_stack_switch(uint64_t ss, uint64_t esp);
long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall);
long do_fpu_taskswitch(uint64_t set);
long do_set_debugreg(uint64_t reg, uint64_t value);
long do_get_debugreg(uint64_t reg);
long do_update_descriptor(uint64_t maddr, uint64_t desc);
long do_memory_op(uint64_t cmd, uint64_t arg);
long do_multicall(uint64_t call_list, uint64_t nr_calls);
long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags);
long do_set_timer_op(uint64_t timeout_abs_ns);
long do_update_va_mapping_otherdomain(uint64_t va, uint64_t val, uint64_t flags,
				      uint64_t domid);
long do_xen_version(uint64_t cmd, uint64_t arg);
long do_console_io(uint64_t cmd, uint64_t count, uint64_t buffer);
long do_grant_table_op(uint64_t cmd, uint64_t uop, uint64_t count);
long do_vm_assist(uint64_t cmd, uint64_t type);
long do_iret(void);
long do_vcpu_op(uint64_t cmd, uint64_t vcpuid, uint64_t arg);
long do_set_segment_base(uint64_t which, uint64_t base);
long do_mmuext_op(uint64_t ops, uint64_t count, uint64_t done_out,
		  uint64_t foreigndom);
long do_sched_op(uint64_t cmd, uint64_t arg);
/* vPMU is off (Xen's default): every xenpmu_op is -EOPNOTSUPP. */
long do_xenpmu_op(uint64_t op, uint64_t arg);
long do_callback_op(uint64_t cmd, uint64_t arg);
long do_event_channel_op(uint64_t cmd, uint64_t arg);
long do_physdev_op(uint64_t cmd, uint64_t arg);
/* Its pirq_eoi_gmfn_v2 for the current domain (pv/pirq-eoi.c). */
long pv_pirq_eoi_gmfn(uint64_t arg);
/* Dom0 only: settime, firmware_info, get_cpuinfo, pminfo (pv/platform.c). */
long do_platform_op(uint64_t arg);
/* Control domain only: physcpuinfo, fetch (never any data), injection
 * refused with -ENODEV (pv/mca.c). */
long do_mca(uint64_t arg);

/* hcall_trace= (off by default): log every hypercall with its arguments
 * and result, and every exception bounced to a guest. */
extern bool opt_hcall_trace;

#endif
