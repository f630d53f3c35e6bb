/* SPDX-License-Identifier: MIT */
/*
 * The CPUID a PV guest sees: a pure function of the host's CPUID leaves
 * and a few host facts (cpuid-policy.c explains every hidden bit). Used by
 * the forced-emulation CPUID (#UD path) and any trapped CPUID.
 */
#ifndef ASM_X86_CPUID_POLICY_H
#define ASM_X86_CPUID_POLICY_H

#include <satori/types.h>

#include <asm/cpu-ops.h>

#include <public/arch-x86/cpuid.h>

/* Xen's version as the hypervisor leaves report it (0x40000001). */
#define CPUID_XEN_MAJOR 4
#define CPUID_XEN_MINOR 17

#define CPUID_XEN_BASE XEN_CPUID_FIRST_LEAF
#define CPUID_XEN_MAX_LEAF XEN_CPUID_LEAF(XEN_CPUID_MAX_NUM_LEAVES)

/* The limits of what we pass through (Xen 4.17's PV maxima). */
#define CPUID_GUEST_MAX_BASIC 0xdu
#define CPUID_GUEST_MAX_EXTD 0x80000008u

/* The host facts the policy depends on. */
struct cpuid_policy_host {
	/* Raw host CPUID (the real instruction, or a test's table). */
	struct cpuid_regs (*leaf)(uint32_t leaf, uint32_t subleaf);
	uint32_t tsc_khz; /* Measured TSC frequency. */
	uint64_t max_mfn; /* Highest machine frame number present. */
	/* XSAVE: the XCR0 bits guests may set (0: XSAVE, AVX and leaf 0xd
	 * hidden). Leaf 0xd's sizes come from the host's leaves 0xd.2-62. */
	uint64_t xcr0_guest_max;
	/* The asking vCPU: its XCR0 (leaf 0xd.0/1 EBX) and whether leaf 1
	 * shows OSXSAVE (its virtual CR4, or Xen's quirk for the kernel's
	 * forced CPUID: emul-inv-op.c). */
	uint64_t vcpu_xcr0;
	bool vcpu_osxsave;
};

/*
 * The guest's view of CPUID leaf @leaf, subleaf @subleaf. Leaves outside
 * the ranges we expose read as zeros, as in Xen.
 */
struct cpuid_regs cpuid_policy_guest(const struct cpuid_policy_host *host,
				     uint32_t leaf, uint32_t subleaf);

/* Leaf 1 ECX: the hypervisor-present bit the policy always sets. */
#define CPUID1_ECX_HYPERVISOR (1u << 31)

#endif
