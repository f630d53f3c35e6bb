/* SPDX-License-Identifier: MIT */
/*
 * The MSRs a PV guest kernel may read or write with rdmsr/wrmsr, as a
 * table (msr-policy.c). Pure: the segment bases are read from and written
 * to struct arch_vcpu; the emulator syncs them with the hardware around
 * each call.
 */
#ifndef ASM_X86_MSR_POLICY_H
#define ASM_X86_MSR_POLICY_H

#include <satori/types.h>

struct vcpu;

#define MSR_IA32_TSC 0x00000010
#define MSR_IA32_APIC_BASE 0x0000001b
#define MSR_INTEL_PLATFORM_INFO 0x000000ce
#define MSR_IA32_MISC_ENABLE 0x000001a0
#define MSR_IA32_CR_PAT 0x00000277
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102

#define EFER_SVME (1ULL << 12)

/* Xen's PAT: WB, WT, UC-, UC, WC, WP, UC, UC (entries 0-7). */
#define PV_GUEST_PAT 0x0000050100070406ULL

/* MISC_ENABLE bits Xen changes for guests. */
#define MISC_ENABLE_PERF_AVAIL (1ULL << 7)
#define MISC_ENABLE_BTS_UNAVAIL (1ULL << 11)
#define MISC_ENABLE_PEBS_UNAVAIL (1ULL << 12)
#define MISC_ENABLE_MONITOR_ENABLE (1ULL << 18)
#define MISC_ENABLE_XTPR_DISABLE (1ULL << 23)

/* Host values the policy derives guest values from. */
struct msr_host {
	bool intel;	      /* MISC_ENABLE and PLATFORM_INFO exist. */
	uint64_t efer;	      /* The hypervisor's EFER. */
	uint64_t misc_enable; /* The host MISC_ENABLE (Intel only). */
	uint64_t tsc;	      /* The TSC now (for MSR_IA32_TSC). */
};

/*
 * rdmsr @msr for @v (in guest kernel mode). @return 0 with *@val, or
 * -EPERM: the guest gets #GP(0).
 */
int msr_policy_read(const struct vcpu *v, const struct msr_host *host,
		    uint32_t msr, uint64_t *val);

/*
 * wrmsr @val to @msr for @v (in guest kernel mode). @return 0 (state in
 * @v updated), or -EPERM: #GP(0) (unknown MSR, non-canonical base, a
 * value that would change a read-only MSR).
 */
int msr_policy_write(struct vcpu *v, const struct msr_host *host, uint32_t msr,
		     uint64_t val);

/* True if @va is canonical for 48-bit virtual addresses. */
static inline bool is_canonical_address(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

#endif
