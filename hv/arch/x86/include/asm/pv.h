/* SPDX-License-Identifier: MIT */
/*
 * Running PV vCPUs: what the rest of the hypervisor calls (boot, traps,
 * the domain builder, the event-channel code).
 */
#ifndef ASM_X86_PV_H
#define ASM_X86_PV_H

#include <satori/domain.h>

#include <asm/pv-nmi.h>
#include <asm/regs.h>
#include <asm/stack.h>

/* On every CPU before it schedules: SYSCALL MSRs and this CPU's stub
 * and stack top (pv/entry-setup.c). */
void pv_cpu_init(unsigned int cpu);

/* Record the BIOS state platform_op reports to dom0 (the keyboard shift
 * flags); boot time, after the memory and ioremap setup. */
void platform_boot_init(void);

/*
 * Give @v the start-of-day state of pv-abi 1.8: kernel mode, CS/SS flat,
 * RFLAGS 0x202, @rip, @rsp, RSI = @rsi, the kernel L4 @l4_mfn, events
 * masked, a fresh FPU. The builder calls this before vcpu_wake().
 */
void pv_vcpu_init_regs(struct vcpu *v, uint64_t rip, uint64_t rsp, uint64_t rsi,
		       uint64_t l4_mfn);

/* The guest's event mask ("virtual IF"); 1 while no vcpu_info exists
 * (start of day: events masked). Setting it without one is ignored. */
#define VCPU_INFO_UPCALL_PENDING 0 /* offset of evtchn_upcall_pending */
#define VCPU_INFO_UPCALL_MASK 1	   /* offset of evtchn_upcall_mask */

static inline volatile uint8_t *pv_vcpu_info_byte(const struct vcpu *v,
						  unsigned int off)
{
	return (volatile uint8_t *)v->vcpu_info + off;
}

/* Inline: read on every bounce and event check. */
static inline bool pv_upcall_mask(const struct vcpu *v)
{
	return !v->vcpu_info || *pv_vcpu_info_byte(v, VCPU_INFO_UPCALL_MASK);
}

static inline void pv_set_upcall_mask(struct vcpu *v, bool masked)
{
	if (v->vcpu_info)
		*pv_vcpu_info_byte(v, VCPU_INFO_UPCALL_MASK) = masked;
}

static inline bool pv_upcall_pending(const struct vcpu *v)
{
	return v->vcpu_info && *pv_vcpu_info_byte(v, VCPU_INFO_UPCALL_PENDING);
}

/* Drop the references a registered vcpu_info frame holds (domain
 * teardown, before its memory goes; v->vcpu_info must no longer point
 * there). pv/vcpu-info.c. */
void pv_unmap_vcpu_info(struct vcpu *v);

/* The running guest's frame: the top of this CPU's primary stack. */
static inline struct cpu_user_regs *guest_cpu_user_regs(void)
{
	return (struct cpu_user_regs *)get_cpu_info() - 1;
}

/* An exception (vector 0-31) taken in guest context (pv/traps.c). */
void pv_do_exception(struct cpu_user_regs *regs);

/*
 * The same for an exception whose gate has an IST stack (#DB): @regs is
 * on that stack, where the exit path cannot run. Moves the frame to the
 * top of the primary stack (free: the CPU was in the guest), handles it
 * there and returns to the guest through ret_to_guest.
 */
__noreturn void pv_do_exception_from_ist(const struct cpu_user_regs *regs);

/*
 * #DB taken in hypervisor context. Only guests load DR7, so it is a guest
 * watchpoint hit by a hypervisor access to guest memory (a guest
 * accessor), or one the guest held back with MOV SS until the first
 * instruction of the SYSCALL stub (RSP still the guest's: hence the
 * gate's IST stack): record it in the guest's DR6 and carry on.
 */
void pv_hypervisor_db(void);

/*
 * Deliver the event upcall now (pv/bounce.c): any bounce already queued
 * first (an exception frame, as Xen writes it before looking at events),
 * then, if events are still unmasked, a bounce to the event callback that
 * masks them. A guest without an event callback gets no upcall.
 */
void pv_deliver_event_upcall(struct vcpu *v);

/*
 * Hook on every return to a guest, after softirqs and before a bounce
 * is delivered: deliver an event upcall if one is due, i.e.
 * evtchn_upcall_pending && !evtchn_upcall_mask (pv-abi 2.8). Inline and
 * one 16-bit load: the common exit pays two compares.
 */
static inline void arch_check_events(struct vcpu *v)
{
	uint16_t w;

	if (!v->vcpu_info)
		return;
	/* Byte 0: upcall_pending, byte 1: upcall_mask (little endian). */
	w = *(const volatile uint16_t *)v->vcpu_info;
	if (__builtin_expect((w & 0xff) && !(w >> 8), 0))
		pv_deliver_event_upcall(v);
}

#endif
