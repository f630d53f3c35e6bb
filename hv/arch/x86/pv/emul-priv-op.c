/* SPDX-License-Identifier: MIT */
/*
 * The #GP path of PV guests: decide what a general-protection fault from
 * guest mode means (pv-abi 2.3, 2.9).
 *
 * Error code (n << 3) | 2 is `int $n` hitting a DPL-0 IDT gate: the guest
 * may raise vector n itself if its trap table says so (DPL >= 1 from the
 * kernel, DPL 3 from user; for 0x80 any entry will do, as in Xen), and
 * then the caller bounces n with RIP after the two-byte instruction.
 * Error code 0 may be a privileged instruction: fetch up to 15 bytes at
 * RIP through the guest's own page tables, decode, and emulate the few a
 * PV kernel needs, only in guest kernel mode (I/O is checked against the
 * virtual IOPL instead; cpuid and rdtsc(p), legal at CPL 3, in either
 * mode; xsetbv checks the virtual CR4.OSXSAVE first, as Xen). Anything
 * else is the guest's own fault and goes back to it unchanged.
 */
#include <asm/pv-emul.h>

#include <satori/domain.h>
#include <satori/guest-access.h>
#include <satori/log.h>

#include <asm/cpuid-policy.h>

#include "emul.h"

#define PAGE_SIZE_4K 4096u
#define GP_ERR_EXT (1u << 0)
#define GP_ERR_IDT (1u << 1)
#define X86_CR4_OSXSAVE (1ULL << 18)

uint64_t *emul_gpr(struct cpu_user_regs *regs, unsigned int n)
{
	return regs_gpr(regs, n);
}

unsigned int emul_fetch_insn(uint64_t rip, uint8_t *buf)
{
	unsigned int first = PAGE_SIZE_4K - (unsigned int)(rip % PAGE_SIZE_4K);

	if (first > EMUL_MAX_INSN_LEN)
		first = EMUL_MAX_INSN_LEN;
	if (copy_from_guest_raw(buf, rip, first))
		return 0;
	if (first == EMUL_MAX_INSN_LEN ||
	    copy_from_guest_raw(buf + first, rip + first,
				EMUL_MAX_INSN_LEN - first))
		return first;
	return EMUL_MAX_INSN_LEN;
}

/* Linux's and Mini-OS's int $0x80 system calls: Xen delivers them
 * whenever the trap table has an entry, whatever its DPL (its IDT gate is
 * DPL 3), and #GP only without one. */
#define SOFTINT_SYSCALL_VECTOR 0x80

static int emulate_softint(struct vcpu *v, struct cpu_user_regs *regs)
{
	unsigned int vector = (regs->error_code >> 3) & 0xff;
	const struct pv_trap *t = &v->arch.trap_ctxt[vector];
	bool allowed = (t->flags & 3) >= (v->arch.kernel_mode ? 1u : 3u);

	if (vector == SOFTINT_SYSCALL_VECTOR)
		allowed = t->address != 0;
	if (!allowed)
		return PV_EMUL_INJECT_GP;
	regs->rip += 2; /* cd ib */
	return PV_EMUL_BOUNCE_SOFTINT;
}

static int emul_op_cpuid(struct vcpu *v, struct cpu_user_regs *regs)
{
	struct cpuid_policy_host host;
	struct cpuid_regs r;

	emul_hw_cpuid_host(&host);
	/* A faulted (not forced) CPUID: OSXSAVE is the virtual CR4's. */
	host.vcpu_xcr0 = v->arch.xcr0;
	host.vcpu_osxsave = v->arch.cr4 & X86_CR4_OSXSAVE;
	r = cpuid_policy_guest(&host, (uint32_t)regs->rax, (uint32_t)regs->rcx);

	regs->rax = r.eax;
	regs->rbx = r.ebx;
	regs->rcx = r.ecx;
	regs->rdx = r.edx;
	return PV_EMUL_DONE;
}

static void set_edx_eax(struct cpu_user_regs *regs, uint64_t val)
{
	regs->rax = (uint32_t)val;
	regs->rdx = val >> 32;
}

/* Kernel-mode-only instructions without operands. */
static int emul_op_simple(struct vcpu *v, struct cpu_user_regs *regs,
			  enum emul_op op)
{
	uint32_t aux;

	switch (op) {
	case EMUL_OP_CLTS:
		v->arch.virtual_cr0_ts = false;
		emul_hw_set_ts(false);
		return PV_EMUL_DONE;
	case EMUL_OP_WBINVD:
		/* Only a domain that may drive devices needs caches flushed;
		 * for others the flush would be pure cost to the host. */
		if (v->domain->is_privileged)
			emul_hw_wbinvd();
		return PV_EMUL_DONE;
	case EMUL_OP_CPUID:
		return emul_op_cpuid(v, regs);
	case EMUL_OP_RDTSC:
		set_edx_eax(regs, emul_hw_rdtsc());
		return PV_EMUL_DONE;
	case EMUL_OP_RDTSCP:
		if (!emul_hw_read_tsc_aux(&aux))
			return PV_EMUL_INJECT_UD;
		set_edx_eax(regs, emul_hw_rdtsc());
		regs->rcx = aux;
		return PV_EMUL_DONE;
	default:
		/* hlt: PV kernels block with SCHEDOP_block instead. */
		return PV_EMUL_INJECT_GP;
	}
}

/*
 * cli/sti fault in a PV guest (its kernel runs in ring 3). As in Xen,
 * with a virtual IOPL at least the guest's virtual CPL (1 in kernel
 * mode, 3 in user mode) they are skipped and change nothing; else #GP.
 * They must not touch the event upcall mask: the matching popf (Linux's
 * early this_cpu_cmpxchg16b_emu does pushf; cli; ...; popf, before
 * alternatives are patched) cannot be trapped, so a cli that masked
 * events would leave them masked for good (Linux then hits the
 * irqs_disabled() BUG in cpa_flush once MCE init allocates early).
 */
static int emul_op_cli_sti(const struct vcpu *v)
{
	if (v->arch.iopl < (v->arch.kernel_mode ? 1u : 3u))
		return PV_EMUL_INJECT_GP;
	return PV_EMUL_DONE;
}

static int emulate_insn(struct vcpu *v, struct cpu_user_regs *regs,
			const struct emul_insn *insn)
{
	bool io = insn->op == EMUL_OP_IN || insn->op == EMUL_OP_OUT ||
		  insn->op == EMUL_OP_INS || insn->op == EMUL_OP_OUTS;

	/* cpuid, rdtsc and rdtscp are legal at CPL 3 on hardware; they reach
	 * us only through faulting we might enable, and then user mode gets
	 * the same answer as the kernel. */
	bool user_ok = insn->op == EMUL_OP_CPUID || insn->op == EMUL_OP_RDTSC ||
		       insn->op == EMUL_OP_RDTSCP;

	if (io)
		return emul_op_io(v, regs, insn);
	if (insn->op == EMUL_OP_CLI || insn->op == EMUL_OP_STI)
		return emul_op_cli_sti(v);
	if (insn->op == EMUL_OP_XSETBV)
		return emul_op_xsetbv(v, regs);
	if (!v->arch.kernel_mode && !user_ok)
		return PV_EMUL_INJECT_GP;
	switch (insn->op) {
	case EMUL_OP_RDMSR:
	case EMUL_OP_WRMSR:
		return emul_op_msr(v, regs, insn->op == EMUL_OP_WRMSR);
	case EMUL_OP_MOV_FROM_CR:
	case EMUL_OP_MOV_TO_CR:
		return emul_op_cr(v, regs, insn);
	default:
		return emul_op_simple(v, regs, insn->op);
	}
}

static int decode_and_emulate(struct vcpu *v, struct cpu_user_regs *regs)
{
	uint8_t buf[EMUL_MAX_INSN_LEN];
	unsigned int len = emul_fetch_insn(regs->rip, buf);
	struct emul_insn insn;
	int rc;

	switch (emul_decode(buf, len, &insn)) {
	case EMUL_DECODE_OK:
		break;
	case EMUL_DECODE_UD:
		return PV_EMUL_INJECT_UD;
	case EMUL_DECODE_GP:
		return PV_EMUL_INJECT_GP;
	default:
		return PV_EMUL_NOT_MINE;
	}
	rc = emulate_insn(v, regs, &insn);
	if (rc == EMUL_RESTART)
		return PV_EMUL_DONE;
	if (rc == PV_EMUL_DONE)
		regs->rip += insn.len;
	return rc;
}

int pv_emulate_privileged_op(struct vcpu *v, struct cpu_user_regs *regs)
{
	uint32_t ec = regs->error_code;

	if (ec & GP_ERR_EXT)
		return PV_EMUL_NOT_MINE;
	if (ec & GP_ERR_IDT)
		return emulate_softint(v, regs);
	if (ec != 0)
		return PV_EMUL_NOT_MINE;
	return decode_and_emulate(v, regs);
}
