/* unit-sources: hv/arch/x86/msr-policy.c */
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
static struct msr_host amd = { .intel = false, .efer = 0xd01 };

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
	static const uint32_t msrs[] = { 0x0,	     0x3a,	 0x48,
					 0x8b,	     0x174,	 0x1d9,
					 0x200,	     0x2ff,	 0x6e0,
					 0xc0000081, 0xc0000082, 0xc0000084,
					 0xc0000103, 0x40000000, 0xffffffff };
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

int main(void)
{
	v1.vcpu_id = 1;
	test_segment_bases();
	test_fixed_values();
	test_vendor_msrs();
	test_others_gp();
	return check_summary("test-msr-policy");
}
