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

#define MSR_P5_MC_ADDR 0x00000000
#define MSR_P5_MC_TYPE 0x00000001
#define MSR_IA32_TSC 0x00000010
#define MSR_IA32_APIC_BASE 0x0000001b
#define MSR_UCODE_REV 0x0000008b /* AMD: PATCHLEVEL */
#define MSR_INTEL_PLATFORM_INFO 0x000000ce
#define MSR_IA32_MCG_CAP 0x00000179
#define MSR_IA32_MCG_STATUS 0x0000017a
#define MSR_IA32_MCG_CTL 0x0000017b
#define MSR_IA32_MC0_CTL2 0x00000280 /* Intel, CMCI: one per bank */
#define MSR_IA32_MC0_CTL 0x00000400  /* bank n: CTL STATUS ADDR MISC at +4n */
#define MSR_IA32_PERF_CAPABILITIES 0x00000345
#define MSR_IA32_MISC_ENABLE 0x000001a0
#define MSR_IA32_CR_PAT 0x00000277
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define MSR_TSC_AUX 0xc0000103
#define MSR_K7_EVNTSEL0 0xc0010000     /* K7 EVNTSEL0-3, PERFCTR0-3 */
#define MSR_FAM15H_EVNTSEL0 0xc0010200 /* 6 EVNTSEL/PERFCTR pairs */
#define MSR_AMD64_DE_CFG 0xc0011029

/* DE_CFG as Xen shows it: LFENCE is dispatch-serialising. */
#define DE_CFG_LFENCE_SERIALISE (1ULL << 1)

/*
 * The machine-check architecture Xen shows a PV vCPU (vMCE): two banks,
 * no MCG_CTL; on Intel also SER_P, TES_P and CMCI_P (CTL2 per bank).
 * No machine check is ever injected, so the banks read as empty.
 */
#define VMCE_NR_BANKS 2
#define MCG_CMCI_P (1ULL << 10)
#define MCG_TES_P (1ULL << 11)
#define MCG_SER_P (1ULL << 24)

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
	bool amd;	      /* AuthenticAMD or HygonGenuine */
	bool hygon;	      /* HygonGenuine (with amd) */
	bool tsc_aux;	      /* RDTSCP or RDPID: TSC_AUX exists */
	uint64_t ucode_rev;   /* The host MSR_UCODE_REV (when asked for). */
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

/*
 * The MSR ranges Xen answers for every PV guest (msr-ranges.c): vMCE
 * (MCG_*, the bank MSRs, P5_MC_*) and the performance counters with
 * vPMU off (read as 0, writes dropped). @return -ENOENT if @msr is in
 * none of them, else as msr_policy_read/msr_policy_write.
 */
int msr_range_read(const struct vcpu *v, const struct msr_host *host,
		   uint32_t msr, uint64_t *val);
int msr_range_write(struct vcpu *v, const struct msr_host *host, uint32_t msr,
		    uint64_t val);

/* True if @va is canonical for 48-bit virtual addresses. */
static inline bool is_canonical_address(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

#endif
