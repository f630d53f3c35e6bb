/* SPDX-License-Identifier: MIT */
/*
 * Emulation of the privileged instructions a PV guest kernel executes at
 * CPL 3 (pv-abi.md 2.9): the #GP(0) path, the `int $n` soft-interrupt rule
 * (#GP with error code (n << 3) | 2) and the forced-emulation CPUID on the
 * #UD path. The trap handlers (branch pvexec) call these entry points and
 * act on the result; the emulator itself never bounces or injects.
 */
#ifndef ASM_X86_PV_EMUL_H
#define ASM_X86_PV_EMUL_H

#include <satori/types.h>

#include <asm/regs.h>

struct vcpu;

/*
 * What the trap handler must do after an emulation attempt. In every case
 * @regs is the guest frame the handler was given.
 */
enum pv_emul_result {
	/* Emulated: registers and RIP updated; just return to the guest. */
	PV_EMUL_DONE,
	/* Inject #GP with error code regs->error_code (0 for a refused
	 * instruction; (n << 3) | 2 for a refused `int $n`). */
	PV_EMUL_INJECT_GP,
	/* Inject #UD (no error code), e.g. a LOCK prefix or CR5. */
	PV_EMUL_INJECT_UD,
	/* Not an instruction this emulator handles, or its bytes could not
	 * be fetched: deliver the original fault (regs->entry_vector,
	 * regs->error_code) to the guest as if no emulator existed. */
	PV_EMUL_NOT_MINE,
	/* `int $n` the guest's trap table permits: bounce vector
	 * regs->error_code >> 3 as a software interrupt (no error code).
	 * RIP already points after the instruction. */
	PV_EMUL_BOUNCE_SOFTINT,
};

/*
 * #GP from guest mode (call it for every #GP a PV guest raises, before
 * injecting anything). Looks at regs->error_code: 0 → fetch and emulate
 * the instruction at RIP; (n << 3) | 2 → the soft-interrupt rule; anything
 * else → PV_EMUL_NOT_MINE. @v must be current (its page tables are live).
 */
int pv_emulate_privileged_op(struct vcpu *v, struct cpu_user_regs *regs);

/*
 * #UD from guest mode: if the 7 bytes at RIP are the forced-emulation
 * prefix `ud2; .ascii "xen"; cpuid` (0f 0b 78 65 6e 0f a2), answer the
 * guest CPUID policy for EAX/ECX into EAX..EDX, RIP += 7, PV_EMUL_DONE.
 * Otherwise PV_EMUL_NOT_MINE (deliver the #UD).
 */
int pv_emulate_invalid_op(struct vcpu *v, struct cpu_user_regs *regs);

/*
 * Hook for `mov reg, %cr3`: make @mfn the vCPU's new kernel base pointer
 * exactly as MMUEXT_NEW_BASEPTR would. @return 0, or -errno (the write
 * then raises #GP(0)). The MMU work provides the real definition; until it
 * does, a weak default returns -ENOSYS, so CR3 writes give #GP(0).
 */
int pv_emul_new_baseptr(struct vcpu *v, uint64_t mfn);

#endif
