/* SPDX-License-Identifier: MIT */
/*
 * Emulated control-register, XCR0 and MSR accesses of a PV guest kernel.
 *
 * CR0 reads are the real CR0 with TS replaced by the virtual TS, and only
 * TS may be written (Xen's rule). CR2 is the shadow of the last #PF
 * address. CR3 reads give the kernel L4's frame as a CR3 value; writes act
 * as NEW_BASEPTR through pv_emul_new_baseptr(). CR4 is virtual: the guest
 * controls DE and OSXSAVE, sees PAE/MCE/OSFXSR/OSXMMEXCPT as the
 * hypervisor has them, and other bits it writes are dropped without a
 * fault (pv_fixup_guest_cr4 in Xen). Xen also lets it set TSD; we do not
 * yet, because the context switch does not load CR4 per vCPU, and a TSD
 * left in the real CR4 would fault every other guest's user-mode rdtsc.
 * MSRs follow msr-policy.c; this file keeps the segment bases in step
 * with the hardware around each access. xsetbv is checked as Xen's
 * handle_xsetbv (xcr0.c) and loaded by xstate.c.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/log.h>

#include <asm/msr-policy.h>
#include <asm/xcr0.h>

#include "emul.h"

#define X86_CR0_TS (1ULL << 3)
#define X86_CR4_DE (1ULL << 3)
#define X86_CR4_PAE (1ULL << 5)
#define X86_CR4_MCE (1ULL << 6)
#define X86_CR4_OSFXSR (1ULL << 9)
#define X86_CR4_OSXMMEXCPT (1ULL << 10)
#define X86_CR4_OSXSAVE (1ULL << 18)

/* The bits a guest may set (FSGSBASE stays clear while the CPUID policy
 * hides it; TSD, see above), and the host bits it sees. DE has no effect
 * for a PV guest (no emulated DR4/DR5), so keeping it virtual is exact.
 * OSXSAVE is the guest's own choice, allowed when the hypervisor has it
 * (it uses XSAVE, and the policy shows XSAVE): it gates the emulated
 * xsetbv and the CPUID OSXSAVE bit; the real CR4.OSXSAVE stays set. */
#define PV_CR4_GUEST_MASK (X86_CR4_DE | X86_CR4_OSXSAVE)
#define PV_CR4_GUEST_VISIBLE_MASK \
	(X86_CR4_PAE | X86_CR4_MCE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)

#define X86_VEC_GP 13

uint64_t pv_fixup_guest_cr4(uint64_t guest_cr4, uint64_t host_cr4)
{
	uint64_t guest_mask = PV_CR4_GUEST_MASK;

	if (!(host_cr4 & X86_CR4_OSXSAVE))
		guest_mask &= ~X86_CR4_OSXSAVE;
	return (guest_cr4 & guest_mask) |
	       (host_cr4 & PV_CR4_GUEST_VISIBLE_MASK);
}

int emul_op_xsetbv(struct vcpu *v, struct cpu_user_regs *regs)
{
	uint32_t index = (uint32_t)regs->rcx;
	uint64_t val =
		((uint64_t)(uint32_t)regs->rdx << 32) | (uint32_t)regs->rax;

	if (!(v->arch.cr4 & X86_CR4_OSXSAVE))
		return PV_EMUL_INJECT_UD;
	if (!v->arch.kernel_mode ||
	    !xcr0_guest_accept(index, val, emul_hw_xcr0_guest_max()))
		return PV_EMUL_INJECT_GP;
	emul_hw_set_xcr0(v, val);
	return PV_EMUL_DONE;
}

static uint64_t guest_cr0(const struct vcpu *v)
{
	return (emul_hw_read_cr0() & ~X86_CR0_TS) |
	       (v->arch.virtual_cr0_ts ? X86_CR0_TS : 0);
}

static int read_cr(struct vcpu *v, unsigned int cr, uint64_t *val)
{
	switch (cr) {
	case 0:
		*val = guest_cr0(v);
		return 0;
	case 2:
		*val = v->arch.cr2;
		return 0;
	case 3:
		/* PV guests see machine frames: CR3 = mfn << 12. */
		*val = v->arch.guest_table << 12;
		return 0;
	case 4:
		*val = pv_fixup_guest_cr4(v->arch.cr4, emul_hw_read_cr4());
		return 0;
	default:
		return -EPERM; /* CR8: no TPR for PV guests. */
	}
}

static int write_cr(struct vcpu *v, unsigned int cr, uint64_t val)
{
	switch (cr) {
	case 0:
		if ((val ^ guest_cr0(v)) & ~X86_CR0_TS)
			return -EPERM;
		v->arch.virtual_cr0_ts = val & X86_CR0_TS;
		emul_hw_set_ts(v->arch.virtual_cr0_ts);
		return 0;
	case 2:
		v->arch.cr2 = val;
		return 0;
	case 3:
		return pv_emul_new_baseptr(v, val >> 12);
	case 4:
		v->arch.cr4 = pv_fixup_guest_cr4(val, emul_hw_read_cr4());
		return 0;
	default:
		return -EPERM;
	}
}

int emul_op_cr(struct vcpu *v, struct cpu_user_regs *regs,
	       const struct emul_insn *insn)
{
	uint64_t *gpr = emul_gpr(regs, insn->gpr);
	int rc;

	if (insn->op == EMUL_OP_MOV_FROM_CR)
		rc = read_cr(v, insn->cr, gpr);
	else
		rc = write_cr(v, insn->cr, *gpr);
	if (rc) {
		log_printf(LOG_GUEST | LOG_DEBUG,
			   "d%uv%u: mov %s cr%u refused (%d)\n",
			   v->domain->domain_id, v->vcpu_id,
			   insn->op == EMUL_OP_MOV_FROM_CR ? "from" : "to",
			   insn->cr, rc);
		return PV_EMUL_INJECT_GP;
	}
	return PV_EMUL_DONE;
}

/* While the vCPU runs its bases live in the MSRs (segment loads change
 * them behind our back); fetch them before the policy reads them. */
static void sync_bases_from_hw(struct vcpu *v)
{
	v->arch.fs_base = emul_hw_read_fs_base();
	v->arch.gs_base_kernel = emul_hw_read_gs_base();
	v->arch.gs_base_user = emul_hw_read_shadow_gs_base();
}

static void push_msr_to_hw(const struct vcpu *v, uint32_t msr)
{
	if (msr == MSR_FS_BASE)
		emul_hw_write_fs_base(v->arch.fs_base);
	else if (msr == MSR_GS_BASE)
		emul_hw_write_gs_base(v->arch.gs_base_kernel);
	else if (msr == MSR_SHADOW_GS_BASE)
		emul_hw_write_shadow_gs_base(v->arch.gs_base_user);
	else if (msr == MSR_TSC_AUX)
		emul_hw_write_tsc_aux(v->arch.tsc_aux);
}

static int emul_rdmsr(struct vcpu *v, struct cpu_user_regs *regs, uint32_t msr)
{
	struct msr_host host;
	uint64_t val;

	emul_hw_msr_host(&host, msr);
	sync_bases_from_hw(v);
	if (msr_policy_read(v, &host, msr, &val)) {
		/* Xen's quirk: a guest without a #GP handler yet reads 0
		 * rather than dying on an unknown MSR. */
		if (v->arch.trap_ctxt[X86_VEC_GP].address)
			return -EPERM;
		log_printf(LOG_GUEST | LOG_INFO, "d%uv%u: faking rdmsr %#x\n",
			   v->domain->domain_id, v->vcpu_id, msr);
		val = 0;
	}
	regs->rax = (uint32_t)val;
	regs->rdx = val >> 32;
	return 0;
}

int emul_op_msr(struct vcpu *v, struct cpu_user_regs *regs, bool write)
{
	uint32_t msr = (uint32_t)regs->rcx;
	uint64_t val = ((regs->rdx & 0xffffffffULL) << 32) |
		       (regs->rax & 0xffffffffULL);
	struct msr_host host;
	int rc;

	if (write) {
		emul_hw_msr_host(&host, msr);
		rc = msr_policy_write(v, &host, msr, val);
		if (!rc)
			push_msr_to_hw(v, msr);
	} else {
		rc = emul_rdmsr(v, regs, msr);
	}
	if (rc) {
		log_printf(LOG_GUEST | LOG_DEBUG, "d%uv%u: %s %#x refused\n",
			   v->domain->domain_id, v->vcpu_id,
			   write ? "wrmsr" : "rdmsr", msr);
		return PV_EMUL_INJECT_GP;
	}
	return PV_EMUL_DONE;
}
