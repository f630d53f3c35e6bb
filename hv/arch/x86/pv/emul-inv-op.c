/* SPDX-License-Identifier: MIT */
/*
 * The #UD path of PV guests: forced-emulation CPUID. A guest that wants
 * the hypervisor's CPUID policy rather than the raw CPU writes
 * `ud2; .ascii "xen"; cpuid` (Linux's xen_cpuid, XTF's pv_cpuid); the ud2
 * traps, and we answer the policy for EAX/ECX and skip all seven bytes.
 * Any other #UD is the guest's.
 */
#include <asm/pv-emul.h>

#include <satori/guest-access.h>
#include <satori/string.h>

#include <satori/domain.h>

#include <asm/cpuid-policy.h>

#include "emul.h"

#define X86_CR4_OSXSAVE (1ULL << 18)

static const uint8_t forced_cpuid[7] = {
	0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2
};

int pv_emulate_invalid_op(struct vcpu *v, struct cpu_user_regs *regs)
{
	uint8_t buf[sizeof(forced_cpuid)];
	struct cpuid_policy_host host;
	struct cpuid_regs r;

	if (copy_from_guest_raw(buf, regs->rip, sizeof(buf)) ||
	    memcmp(buf, forced_cpuid, sizeof(buf)) != 0)
		return PV_EMUL_NOT_MINE;
	emul_hw_cpuid_host(&host);
	/*
	 * Xen's PV quirk (a de facto ABI Linux relies on): the kernel's
	 * enlightened CPUID shows OSXSAVE whenever XSAVE is offered, before
	 * it has set its CR4.OSXSAVE; user mode sees its CR4's bit.
	 */
	host.vcpu_xcr0 = v->arch.xcr0;
	host.vcpu_osxsave = (v->arch.cr4 & X86_CR4_OSXSAVE) ||
			    (host.xcr0_guest_max && v->arch.kernel_mode);
	r = cpuid_policy_guest(&host, (uint32_t)regs->rax, (uint32_t)regs->rcx);
	regs->rax = r.eax;
	regs->rbx = r.ebx;
	regs->rcx = r.ecx;
	regs->rdx = r.edx;
	regs->rip += sizeof(forced_cpuid);
	return PV_EMUL_DONE;
}
