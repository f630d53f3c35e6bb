/* SPDX-License-Identifier: MIT */
/*
 * Guest context entering the hypervisor: exceptions from ring 3 (bounced
 * to the guest kernel through its trap table), SYSCALL (a hypercall from
 * guest kernel mode, a system call bounced to the syscall callback from
 * guest user mode), and the exit path that every return to a guest runs
 * (softirqs, events, bounces, the SYSRET-or-IRET choice).
 */
#include <satori/hypercall.h>
#include <satori/log.h>
#include <satori/perfc.h>
#include <satori/sched.h>
#include <satori/softirq.h>
#include <satori/string.h>

#include <asm/cpu-ops.h>
#include <asm/desc.h>
#include <asm/layout.h>
#include <asm/pv-cpu.h>
#include <asm/pv-desc.h>
#include <asm/pv-emul.h>
#include <asm/pv-entry.h>
#include <asm/pv-exit.h>
#include <asm/pv.h>
#include <asm/traps.h>
#include <asm/ptwr.h>

#include "bounce-frame.h"
#include "hypercall-switch.h"
#include "iret.h"
#include "pv.h"

#define X86_EXC_DB 1
#define X86_EXC_UD 6
#define X86_EXC_NM 7
#define X86_EXC_NP 11
#define X86_EXC_SS 12
#define X86_EXC_GP 13
#define X86_EXC_PF 14
#define PFEC_PRESENT (1u << 0)
#define PFEC_WRITE (1u << 1)
#define PFEC_USER (1u << 2)

/* Vectors 0-31 for which the CPU pushes an error code (Intel SDM vol. 3,
 * 6.13): 8, 10-14, 17, 21, 29, 30. */
#define ERROR_CODE_VECTORS                                                  \
	((1u << 8) | (0x1fu << 10) | (1u << 17) | (1u << 21) | (1u << 29) | \
	 (1u << 30))

/* Vectors 0-31 that guest_exception() only bounces: all but #DB, #UD,
 * #NM, #GP and #PF, which have cases of their own in its switch (the
 * switch's default did the same for the others). */
#define PLAIN_BOUNCE_VECTORS                                              \
	(~((1u << X86_EXC_DB) | (1u << X86_EXC_UD) | (1u << X86_EXC_NM) | \
	   (1u << X86_EXC_GP) | (1u << X86_EXC_PF)))

static bool exception_has_error_code(unsigned int v)
{
	return v < 32 && ((ERROR_CODE_VECTORS >> v) & 1);
}

/* #GP: privileged instructions and `int $n` go to the emulator first
 * (asm/pv-emul.h); it says what to deliver. */
static void guest_gp(struct vcpu *v, struct cpu_user_regs *regs)
{
	switch (pv_emulate_privileged_op(v, regs)) {
	case PV_EMUL_DONE:
		return;
	case PV_EMUL_INJECT_UD:
		pv_inject_exception(v, X86_EXC_UD, false, 0);
		return;
	case PV_EMUL_BOUNCE_SOFTINT:
		pv_inject_exception(v, (regs->error_code >> 3) & 0xff, false,
				    0);
		return;
	default: /* INJECT_GP, NOT_MINE */
		pv_inject_exception(v, X86_EXC_GP, true, regs->error_code);
		return;
	}
}

/* #UD: the forced-emulation CPUID prefix, else the #UD itself. */
static void guest_ud(struct vcpu *v, struct cpu_user_regs *regs)
{
	if (pv_emulate_invalid_op(v, regs) != PV_EMUL_DONE)
		pv_inject_exception(v, X86_EXC_UD, false, 0);
}

/* int $0x80 through the DPL-3 gate: straight to trap_ctxt[0x80] whatever
 * its DPL (as Xen 4.17); with no handler, #GP at the instruction. */
static void guest_int80(struct vcpu *v, struct cpu_user_regs *regs)
{
	if (v->arch.trap_ctxt[PV_INT80_VECTOR].address) {
		pv_inject_exception(v, PV_INT80_VECTOR, false, 0);
		return;
	}
	regs->rip -= 2;
	pv_inject_exception(v, X86_EXC_GP, true, (PV_INT80_VECTOR << 3) | 2);
}

/* Fold the hardware DR6 into @v's virtual one (get_debugreg(6) reads
 * it) and reset the hardware DR6 for the next #DB. */
static void merge_dr6(struct vcpu *v)
{
	uint64_t dr6 = read_dr6();

	write_dr6(PV_DR6_DEFAULT);
	if (is_idle_vcpu(v))
		return;
	v->arch.debugreg[6] |= dr6 & ~PV_DR6_DEFAULT;
	v->arch.debugreg[6] &= dr6 | ~PV_DR6_DEFAULT;
}

/* Only a guest-kernel write to a present page can be a direct L1
 * write (asm/ptwr.h): the common #PF (not present, a read, user mode)
 * skips the call. pv_ptwr_fault() checks this again, with the rest. */
static inline bool ptwr_possible(const struct vcpu *v, uint32_t ec)
{
	return v->arch.kernel_mode && (ec & (PFEC_PRESENT | PFEC_WRITE)) ==
					      (PFEC_PRESENT | PFEC_WRITE);
}

static inline __attribute__((always_inline)) void
guest_pf(struct vcpu *v, struct cpu_user_regs *regs)
{
	uint64_t cr2 = read_cr2();

	/* A direct write to a live L1 (asm/ptwr.h): no fault to see. */
	if (ptwr_possible(v, regs->error_code) && pv_ptwr_fault(v, regs, cr2))
		return;
	/* The CPU reading an LDT page not mapped yet (asm/pv-desc.h). */
	if (__builtin_expect(cr2 >= HV_VIRT_START && cr2 < HV_VIRT_END, 0) &&
	    pv_ldt_fault_guest(v, regs->error_code, &cr2))
		return;
	perfc_incr(pf_bounce);
	v->arch.cr2 = cr2;
	pv_set_vcpu_info_cr2(v, cr2);
	/* Hardware says U=1 always (CPL 3); the guest wants its mode. */
	pv_queue_exception(v, X86_EXC_PF, true,
			   (regs->error_code & ~PFEC_USER) |
				   (v->arch.kernel_mode ? 0 : PFEC_USER));
}

static void guest_db(struct vcpu *v)
{
	merge_dr6(v);
	pv_inject_exception(v, X86_EXC_DB, false, 0);
}

void pv_hypervisor_db(void)
{
	merge_dr6(current);
}

/* The exit decision for @v (current) returning through @regs, with
 * interrupts off: nonzero when SYSRET may be used (pv-entry.S). Inline
 * in the entry paths below, out of line for ret_to_guest. */
static inline __attribute__((always_inline)) int
exit_prepare(struct vcpu *v, struct cpu_user_regs *regs)
{
	v->arch.exit_bounced = false;
	for (;;) {
		while (softirq_pending()) {
			local_irq_enable();
			do_softirq();
			local_irq_disable();
		}
		/* Xen's order: a virtual NMI before the event upcall. */
		if (__builtin_expect(v->arch.nmi_pending, 0))
			pv_deliver_nmi(v);
		arch_check_events(v);
		/* The common exit has no bounce; a bounce is written here,
		 * inline (bounce-frame.h). */
		if (v->arch.trap_bounce.flags)
			pv_write_bounce_frame(v, regs);
		if (!vcpu_runnable(v))
			raise_schedule();
		if (!softirq_pending())
			break;
	}
	/* Never ring 0, never IOPL > 0 or VM86 in hardware. */
	regs->cs |= 3;
	regs->ss |= 3;
	regs->rflags =
		(regs->rflags | X86_EFLAGS_IF | X86_EFLAGS_MBS) &
		~(uint64_t)(X86_EFLAGS_IOPL | X86_EFLAGS_VM | X86_EFLAGS_NT);
	/* A bounce enters its handler by SYSRET, as Xen's does
	 * (create_bounce_frame marks the frame TRAP_syscall): the handler
	 * finds RCX and R11 in the frame (pv-abi 2.4) and the registers
	 * clobbered. Much cheaper than IRETQ under TCG. */
	if (v->arch.exit_bounced) {
		regs->rcx = regs->rip;
		regs->r11 = regs->rflags;
	}
	return regs->cs == FLAT_RING3_CS64 && regs->ss == FLAT_RING3_DS32 &&
	       regs->rcx == regs->rip && regs->r11 == regs->rflags &&
	       is_canonical(regs->rip);
}

int pv_exit_prepare(struct cpu_user_regs *regs);
int pv_exit_prepare(struct cpu_user_regs *regs)
{
	return exit_prepare(current, regs);
}

/* Queue what exception @regs->entry_vector from @v's guest means (a
 * bounce, an emulation, a ptwr write). Inline: the common entry's fast
 * path (pv_exception_entry) runs it without a call. */
static inline __attribute__((always_inline)) void
guest_exception(struct vcpu *v, struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;

	/* The exceptions that only bounce (#BP, #DE, ...) need no switch. */
	if (vec < 32 && ((PLAIN_BOUNCE_VECTORS >> vec) & 1)) {
		pv_queue_exception(v, vec, (ERROR_CODE_VECTORS >> vec) & 1,
				   regs->error_code);
		return;
	}
	/* #PF, the other frequent one, before the switch as well. */
	if (vec == X86_EXC_PF) {
		guest_pf(v, regs);
		return;
	}
	switch (vec) {
	case X86_EXC_DB:
		guest_db(v);
		break;
	case X86_EXC_NM:
		v->arch.virtual_cr0_ts = false;
		clts();
		pv_inject_exception(v, vec, false, 0);
		break;
	case X86_EXC_GP:
		guest_gp(v, regs);
		break;
	case X86_EXC_UD:
		guest_ud(v, regs);
		break;
	case PV_INT80_VECTOR:
		guest_int80(v, regs);
		break;
	default:
		pv_inject_exception(v, vec, exception_has_error_code(vec),
				    regs->error_code);
		break;
	}
}

void pv_do_exception(struct cpu_user_regs *regs)
{
	guest_exception(current, regs);
}

__noreturn void pv_exception_entry(struct cpu_user_regs *regs);
/* common_entry's path for an exception from a guest on the normal stack
 * (not #DB, NMI, #DF, #MC): the exception, then the exit decision, in
 * one call, which leaves for the guest itself (asm/pv-exit.h). */
__hot_exception_path void pv_exception_entry(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;

	guest_exception(v, regs);
	pv_leave_exception_path(regs, exit_prepare(v, regs));
}

__noreturn void pv_do_exception_from_ist(const struct cpu_user_regs *regs)
{
	struct cpu_user_regs *frame = guest_cpu_user_regs();

	memcpy(frame, regs, sizeof(*frame));
	pv_do_exception(frame);
	pv_resume_frame(frame, frame);
}

/* SYSCALL from guest user mode (or 32-bit code): the guest's system
 * call, delivered to its syscall callback; #UD at the SYSCALL without
 * one. RCX/R11 in the frame keep the user RIP/RFLAGS the CPU saved. */
static void guest_user_syscall(struct vcpu *v, struct cpu_user_regs *regs)
{
	enum pv_callback_type type =
		regs->cs == FLAT_RING3_CS32 ? PV_CB_SYSCALL32 : PV_CB_SYSCALL;

	if (v->arch.kernel_mode || !pv_inject_callback(v, type)) {
		regs->rip -= 2;
		pv_inject_exception(v, X86_EXC_UD, false, 0);
		return;
	}
	regs->rflags &= ~(uint64_t)X86_EFLAGS_DF;
}

__noreturn void pv_syscall_entry(struct cpu_user_regs *regs);
/* The SYSCALL entry and the exit decision in one call, which leaves for
 * the guest itself (asm/pv-exit.h). IF is clear on entry (SFMASK) and
 * again before the exit part. */
__hot_syscall_path void pv_syscall_entry(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	unsigned int nr = regs->rax > 0xffffffffull ? 0xffffffffu
						    : (unsigned int)regs->rax;

	if (!v->arch.kernel_mode || regs->cs != FLAT_RING3_CS64) {
		guest_user_syscall(v, regs);
	} else {
		/* A short one runs without sti (satori/hypercall.h). */
		bool irqs_on = !hypercall_runs_irqs_off(nr);
		long rc;

		if (irqs_on)
			local_irq_enable();
		/* HYPERVISOR_iret ends every bounce: no dispatch switch. */
		rc = nr == __HYPERVISOR_iret
			     ? pv_iret(v, regs)
			     : hypercall_run(nr, regs->rdi, regs->rsi,
					     regs->rdx, regs->r10, regs->r8);
		pv_hypercall_return(v, regs, rc);
		if (irqs_on)
			local_irq_disable();
	}
	pv_leave_syscall_path(regs, exit_prepare(v, regs));
}

void pv_bad_iret(struct cpu_user_regs *regs);
/*
 * IRETQ to the guest faulted on a selector of the frame (a guest GDT/LDT
 * descriptor it changed, or one past its limit). As Xen 4.17 does, the
 * guest takes that fault itself, at the context it was returning to
 * (@regs), through its trap table; without a handler the domain crashes.
 */
void pv_bad_iret(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	unsigned int vector;
	uint32_t error_code;

	last_fixup_fault(&vector, &error_code);
	if (vector == X86_EXC_GP || vector == X86_EXC_NP ||
	    vector == X86_EXC_SS) {
		pv_inject_exception(v, vector, true, error_code);
		return;
	}
	domain_crash(v->domain,
		     "d%u.%u: return to %04x:%016lx (ss %04x rsp %016lx) "
		     "faulted (vector %u)",
		     v->domain->domain_id, v->vcpu_id, regs->cs,
		     (unsigned long)regs->rip, regs->ss,
		     (unsigned long)regs->rsp, vector);
}
