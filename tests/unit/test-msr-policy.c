/* unit-sources: hv/arch/x86/msr-policy.c hv/arch/x86/msr-ranges.c */
/* SPDX-License-Identifier: MIT */
/*
 * The PV MSR policy: each whitelisted MSR's read value and write rule on a
 * fake vCPU, canonical checks on the segment bases, vendor-specific MSRs,
 * and #GP (-EPERM) for everything else, with the vCPU left unchanged.
 */
#include <asm/msr-policy.h>

#include <satori/domain.h>
#include <satori/errno.h>

#include <string.h>

#include "check.h"

static struct vcpu v0, v1;
static struct msr_host intel = {
	.intel = true,
	.efer = 0xd01 | EFER_SVME, /* SCE LME LMA NXE + SVME */
	.misc_enable = (1ULL << 0) | MISC_ENABLE_PERF_AVAIL |
		       MISC_ENABLE_MONITOR_ENABLE | (1ULL << 16),
	.tsc = 123456789,
};
static struct msr_host amd = {
	.amd = true, .tsc_aux = true, .efer = 0xd01, .ucode_rev = 0x8701021
};
static struct msr_host hygon = { .amd = true, .hygon = true, .efer = 0xd01 };

static uint64_t rd(const struct vcpu *v, const struct msr_host *h, uint32_t msr,
		   int *rc)
{
	uint64_t val = 0xdeadbeef;

	*rc = msr_policy_read(v, h, msr, &val);
	return val;
}

static void test_segment_bases(void)
{
	int rc;

	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_FS_BASE, 0x7fff12345000), 0);
	CHECK_EQ(v0.arch.fs_base, 0x7fff12345000);
	CHECK_EQ(rd(&v0, &intel, MSR_FS_BASE, &rc), 0x7fff12345000);
	CHECK_EQ(rc, 0);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_GS_BASE,
				  0xffff888000001000ULL),
		 0);
	CHECK_EQ(v0.arch.gs_base_kernel, 0xffff888000001000ULL);
	CHECK_EQ(rd(&v0, &intel, MSR_GS_BASE, &rc), 0xffff888000001000ULL);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_SHADOW_GS_BASE, 0x1000), 0);
	CHECK_EQ(v0.arch.gs_base_user, 0x1000);
	CHECK_EQ(rd(&v0, &intel, MSR_SHADOW_GS_BASE, &rc), 0x1000);
	CHECK_EQ(v0.arch.gs_base_kernel, 0xffff888000001000ULL);

	/* Non-canonical: #GP, nothing changes. */
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_FS_BASE, 0x0000800000000000),
		 -EPERM);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_GS_BASE, 0x8000000000000000),
		 -EPERM);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_SHADOW_GS_BASE,
				  0xffff7fffffffffffULL),
		 -EPERM);
	CHECK_EQ(v0.arch.fs_base, 0x7fff12345000);
	CHECK_EQ(v0.arch.gs_base_kernel, 0xffff888000001000ULL);
	CHECK_EQ(v0.arch.gs_base_user, 0x1000);
	/* The canonical edges are accepted. */
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_FS_BASE, 0x00007fffffffffff),
		 0);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_FS_BASE,
				  0xffff800000000000ULL),
		 0);
}

static void test_fixed_values(void)
{
	int rc;

	CHECK_EQ(rd(&v0, &intel, 0xc0000080, &rc), 0xd01);
	CHECK_EQ(rc, 0);
	CHECK_EQ(msr_policy_write(&v0, &intel, 0xc0000080, 0xd01), 0);
	CHECK_EQ(msr_policy_write(&v0, &intel, 0xc0000080, 0xd01 | EFER_SVME),
		 -EPERM);
	CHECK_EQ(msr_policy_write(&v0, &intel, 0xc0000080, 0x501), -EPERM);

	CHECK_EQ(rd(&v0, &intel, MSR_IA32_APIC_BASE, &rc), 0xfee00900);
	CHECK_EQ(rd(&v1, &intel, MSR_IA32_APIC_BASE, &rc), 0xfee00800);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_IA32_APIC_BASE, 0xfee00900),
		 -EPERM);

	CHECK_EQ(rd(&v0, &intel, MSR_IA32_CR_PAT, &rc), 0x0000050100070406ULL);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_IA32_CR_PAT,
				  0x0000050100070406ULL),
		 0);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_IA32_CR_PAT,
				  0x0007040600070406ULL),
		 -EPERM);

	CHECK_EQ(rd(&v0, &intel, MSR_IA32_TSC, &rc), 123456789);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_IA32_TSC, 0), -EPERM);
}

static void test_vendor_msrs(void)
{
	int rc;
	uint64_t val = rd(&v0, &intel, MSR_IA32_MISC_ENABLE, &rc);

	CHECK_EQ(rc, 0);
	CHECK_EQ(val, (1ULL << 0) | (1ULL << 16) | MISC_ENABLE_BTS_UNAVAIL |
			      MISC_ENABLE_PEBS_UNAVAIL |
			      MISC_ENABLE_XTPR_DISABLE);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_IA32_MISC_ENABLE, val),
		 -EPERM);
	CHECK_EQ(rd(&v0, &intel, MSR_INTEL_PLATFORM_INFO, &rc), 0);
	CHECK_EQ(rc, 0);

	val = rd(&v0, &amd, MSR_IA32_MISC_ENABLE, &rc);
	CHECK_EQ(rc, -EPERM);
	CHECK_EQ(val, 0xdeadbeef); /* untouched on failure */
	rd(&v0, &amd, MSR_INTEL_PLATFORM_INFO, &rc);
	CHECK_EQ(rc, -EPERM);
}

static void test_others_gp(void)
{
	/* 0x4d0: MCG_EXT_CTL (no LMCE); 0xc0010000, 0xc0011029: AMD's. */
	static const uint32_t msrs[] = { 0x3a,	     0x48,	 0x174,
					 0x1d9,	     0x200,	 0x2ff,
					 0x4d0,	     0x6e0,	 0xc0000081,
					 0xc0000082, 0xc0000084, 0xc0010000,
					 0xc0011029, 0x40000000, 0xffffffff };
	struct vcpu before;
	unsigned int i;
	int rc;

	memcpy(&before, &v0, sizeof(before));
	for (i = 0; i < sizeof(msrs) / sizeof(msrs[0]); i++) {
		CHECK_EQ(rd(&v0, &intel, msrs[i], &rc), 0xdeadbeef);
		CHECK_EQ(rc, -EPERM);
		CHECK_EQ(msr_policy_write(&v0, &intel, msrs[i], 0), -EPERM);
	}
	CHECK(memcmp(&before, &v0, sizeof(before)) == 0);
}

static void test_xen_extras(void)
{
	int rc;

	/* Microcode revision: the host's (intel fake has 0); only Intel
	 * may write, and only 0; Hygon #GP as in Xen. */
	CHECK_EQ(rd(&v0, &amd, MSR_UCODE_REV, &rc), 0x8701021);
	CHECK_EQ(rc, 0);
	CHECK_EQ(msr_policy_write(&v0, &amd, MSR_UCODE_REV, 0), -EPERM);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_UCODE_REV, 0), 0);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_UCODE_REV, 1), -EPERM);
	rd(&v0, &hygon, MSR_UCODE_REV, &rc);
	CHECK_EQ(rc, -EPERM);

	/* DE_CFG: AMD/Hygon only, LFENCE serialising, writes dropped. */
	CHECK_EQ(rd(&v0, &amd, MSR_AMD64_DE_CFG, &rc), DE_CFG_LFENCE_SERIALISE);
	CHECK_EQ(rc, 0);
	CHECK_EQ(msr_policy_write(&v0, &amd, MSR_AMD64_DE_CFG, 0), 0);
	CHECK_EQ(rd(&v0, &hygon, MSR_AMD64_DE_CFG, &rc), 2);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_AMD64_DE_CFG, 0), -EPERM);

	/* TSC_AUX: per vCPU, 32 bits, only with RDTSCP/RDPID. */
	CHECK_EQ(msr_policy_write(&v1, &amd, MSR_TSC_AUX, 0x12345), 0);
	CHECK_EQ(v1.arch.tsc_aux, 0x12345);
	CHECK_EQ(rd(&v1, &amd, MSR_TSC_AUX, &rc), 0x12345);
	CHECK_EQ(rd(&v0, &amd, MSR_TSC_AUX, &rc), 0);
	CHECK_EQ(msr_policy_write(&v1, &amd, MSR_TSC_AUX, 1ULL << 32), -EPERM);
	CHECK_EQ(v1.arch.tsc_aux, 0x12345);
	CHECK_EQ(msr_policy_write(&v1, &hygon, MSR_TSC_AUX, 1), -EPERM);

	CHECK_EQ(rd(&v0, &hygon, MSR_IA32_PERF_CAPABILITIES, &rc), 0);
	CHECK_EQ(rc, 0);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_IA32_PERF_CAPABILITIES, 0),
		 -EPERM);
}

static void test_vmce(void)
{
	int rc;

	CHECK_EQ(rd(&v0, &amd, MSR_IA32_MCG_CAP, &rc), 2);
	CHECK_EQ(rc, 0);
	CHECK_EQ(rd(&v0, &intel, MSR_IA32_MCG_CAP, &rc),
		 MCG_SER_P | MCG_TES_P | MCG_CMCI_P | 2);
	CHECK_EQ(msr_policy_write(&v0, &amd, MSR_IA32_MCG_CAP, 5), 0);
	CHECK_EQ(rd(&v0, &amd, MSR_IA32_MCG_CAP, &rc), 2);
	CHECK_EQ(rd(&v0, &amd, MSR_IA32_MCG_CTL, &rc), 0);
	CHECK_EQ(msr_policy_write(&v0, &amd, MSR_IA32_MCG_STATUS, 4), 0);
	CHECK_EQ(rd(&v0, &amd, MSR_IA32_MCG_STATUS, &rc), 4);
	CHECK_EQ(rd(&v1, &amd, MSR_IA32_MCG_STATUS, &rc), 0);
	CHECK_EQ(msr_policy_write(&v0, &amd, MSR_IA32_MCG_STATUS, 0), 0);
	/* Banks 0-1: CTL all ones, STATUS/ADDR/MISC 0 and clear-only. */
	CHECK_EQ(rd(&v0, &amd, MSR_IA32_MC0_CTL, &rc), ~0ULL);
	CHECK_EQ(rd(&v0, &amd, MSR_IA32_MC0_CTL + 4, &rc), ~0ULL);
	CHECK_EQ(rd(&v0, &amd, MSR_IA32_MC0_CTL + 5, &rc), 0);
	CHECK_EQ(msr_policy_write(&v0, &amd, MSR_IA32_MC0_CTL, 0), 0);
	CHECK_EQ(msr_policy_write(&v0, &amd, MSR_IA32_MC0_CTL + 1, 0), 0);
	CHECK_EQ(msr_policy_write(&v0, &amd, MSR_IA32_MC0_CTL + 1, 1), -EPERM);
	CHECK_EQ(msr_policy_write(&v0, &amd, MSR_IA32_MC0_CTL + 7, 1), -EPERM);
	/* Bank 2 and beyond, P5 registers: 0, writes dropped. */
	CHECK_EQ(rd(&v0, &amd, MSR_IA32_MC0_CTL + 8, &rc), 0);
	CHECK_EQ(rc, 0);
	CHECK_EQ(msr_policy_write(&v0, &amd, MSR_IA32_MC0_CTL + 9, 1), 0);
	CHECK_EQ(rd(&v0, &amd, 0x47f, &rc), 0);
	CHECK_EQ(rd(&v0, &amd, MSR_P5_MC_ADDR, &rc), 0);
	CHECK_EQ(rc, 0);
	rd(&v0, &amd, 0x480, &rc);
	CHECK_EQ(rc, -EPERM);
	/* CTL2: kept for banks 0-1 on Intel only. */
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_IA32_MC0_CTL2 + 1, 9), 0);
	CHECK_EQ(rd(&v0, &intel, MSR_IA32_MC0_CTL2 + 1, &rc), 9);
	CHECK_EQ(v1.arch.vmce_mci_ctl2[1], 0);
	CHECK_EQ(msr_policy_write(&v0, &amd, MSR_IA32_MC0_CTL2, 9), 0);
	CHECK_EQ(rd(&v0, &amd, MSR_IA32_MC0_CTL2, &rc), 0);
	CHECK_EQ(rd(&v0, &intel, MSR_IA32_MC0_CTL2 + 2, &rc), 0);
}

static void test_pmu_off(void)
{
	int rc;

	/* AMD counters on AMD, Intel's on Intel: 0, writes dropped. */
	CHECK_EQ(rd(&v0, &amd, MSR_K7_EVNTSEL0, &rc), 0);
	CHECK_EQ(rc, 0);
	CHECK_EQ(msr_policy_write(&v0, &amd, MSR_K7_EVNTSEL0 + 7, 0x1234), 0);
	CHECK_EQ(rd(&v0, &amd, MSR_FAM15H_EVNTSEL0 + 11, &rc), 0);
	CHECK_EQ(rc, 0);
	rd(&v0, &amd, MSR_K7_EVNTSEL0 + 8, &rc);
	CHECK_EQ(rc, -EPERM);
	rd(&v0, &amd, 0x186, &rc);
	CHECK_EQ(rc, -EPERM);
	CHECK_EQ(rd(&v0, &intel, 0x186, &rc), 0);
	CHECK_EQ(rc, 0);
	CHECK_EQ(msr_policy_write(&v0, &intel, 0x38f, 0xff), 0);
	CHECK_EQ(rd(&v0, &intel, 0xc1, &rc), 0);
	CHECK_EQ(msr_policy_write(&v0, &intel, MSR_K7_EVNTSEL0, 0), -EPERM);
}

int main(void)
{
	v1.vcpu_id = 1;
	test_segment_bases();
	test_fixed_values();
	test_vendor_msrs();
	test_others_gp();
	test_xen_extras();
	test_vmce();
	test_pmu_off();
	return check_summary("test-msr-policy");
}
