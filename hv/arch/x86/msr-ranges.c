/* SPDX-License-Identifier: MIT */
/*
 * The MSR ranges Xen 4.17 answers for PV guests without faulting:
 *
 *   vMCE: MCG_CAP (2 banks; on Intel also SER_P, TES_P, CMCI_P),
 *     MCG_STATUS (kept per vCPU), MCG_CTL (reads 0: no MCG_CTL_P;
 *     writes dropped), P5_MC_ADDR/TYPE (read 0), 0x400-0x47f: the two
 *     banks' CTL read all ones (writes dropped), STATUS/ADDR/MISC read 0
 *     and accept only 0; higher banks read 0 and drop writes. On Intel
 *     CTL2 of banks 0-1 is kept per vCPU, the rest of 0x280-0x29f reads 0.
 *   Performance counters with vPMU off (Xen's default): the K7 and
 *     family 15h counters on AMD/Hygon, the P6 counters, event selects,
 *     fixed counters and global controls on Intel read 0 and drop writes.
 *
 * No machine check is ever injected, so the banks stay empty. Pure logic
 * (host unit tests in test-msr-policy).
 */
#include <asm/msr-policy.h>

#include <satori/domain.h>
#include <satori/errno.h>

#define IN(msr, first, last) ((msr) >= (first) && (msr) <= (last))

static uint64_t vmce_mcg_cap(const struct msr_host *h)
{
	if (h->intel)
		return MCG_SER_P | MCG_TES_P | MCG_CMCI_P | VMCE_NR_BANKS;
	return VMCE_NR_BANKS;
}

static bool is_vmce(uint32_t msr)
{
	return msr == MSR_P5_MC_ADDR || msr == MSR_P5_MC_TYPE ||
	       IN(msr, MSR_IA32_MCG_CAP, MSR_IA32_MCG_CTL) ||
	       IN(msr, MSR_IA32_MC0_CTL2, MSR_IA32_MC0_CTL2 + 31) ||
	       IN(msr, MSR_IA32_MC0_CTL, MSR_IA32_MC0_CTL + 4 * 32 - 1);
}

/* The bank registers Xen keeps: CTL2 of banks 0-1 when CMCI_P is shown
 * (Intel): @return the bank index, or -1. */
static int ctl2_bank(const struct msr_host *h, uint32_t msr)
{
	if (!h->intel ||
	    !IN(msr, MSR_IA32_MC0_CTL2, MSR_IA32_MC0_CTL2 + VMCE_NR_BANKS - 1))
		return -1;
	return (int)(msr - MSR_IA32_MC0_CTL2);
}

static void vmce_read(const struct vcpu *v, const struct msr_host *h,
		      uint32_t msr, uint64_t *val)
{
	int bank = ctl2_bank(h, msr);

	*val = 0;
	if (msr == MSR_IA32_MCG_CAP)
		*val = vmce_mcg_cap(h);
	else if (msr == MSR_IA32_MCG_STATUS)
		*val = v->arch.vmce_mcg_status;
	else if (bank >= 0)
		*val = v->arch.vmce_mci_ctl2[bank];
	else if (IN(msr, MSR_IA32_MC0_CTL,
		    MSR_IA32_MC0_CTL + 4 * VMCE_NR_BANKS - 1) &&
		 (msr & 3) == 0)
		*val = ~0ULL; /* MCi_CTL: every error type enabled */
}

static int vmce_write(struct vcpu *v, const struct msr_host *h, uint32_t msr,
		      uint64_t val)
{
	int bank = ctl2_bank(h, msr);

	if (msr == MSR_IA32_MCG_STATUS)
		v->arch.vmce_mcg_status = val;
	else if (bank >= 0)
		v->arch.vmce_mci_ctl2[bank] = val;
	else if (IN(msr, MSR_IA32_MC0_CTL,
		    MSR_IA32_MC0_CTL + 4 * VMCE_NR_BANKS - 1) &&
		 (msr & 3) != 0 && val != 0)
		return -EPERM; /* STATUS, ADDR, MISC: only clearing */
	return 0;
}

/* The counters Xen's vPMU code answers for the host's vendor. */
static bool is_pmu(const struct msr_host *h, uint32_t msr)
{
	if (h->amd)
		return IN(msr, MSR_K7_EVNTSEL0, MSR_K7_EVNTSEL0 + 7) ||
		       IN(msr, MSR_FAM15H_EVNTSEL0, MSR_FAM15H_EVNTSEL0 + 11);
	if (h->intel)
		return IN(msr, 0xc1, 0xc8) ||	/* P6 PERFCTR0-7 */
		       IN(msr, 0x186, 0x189) || /* P6 EVNTSEL0-3 */
		       IN(msr, 0x309, 0x30b) || /* FIXED_CTR0-2 */
		       IN(msr, 0x38d, 0x390);	/* FIXED_CTR_CTRL-GLOBAL_OVF */
	return false;
}

int msr_range_read(const struct vcpu *v, const struct msr_host *host,
		   uint32_t msr, uint64_t *val)
{
	if (is_vmce(msr)) {
		vmce_read(v, host, msr, val);
		return 0;
	}
	if (is_pmu(host, msr)) {
		*val = 0;
		return 0;
	}
	return -ENOENT;
}

int msr_range_write(struct vcpu *v, const struct msr_host *host, uint32_t msr,
		    uint64_t val)
{
	if (is_vmce(msr))
		return vmce_write(v, host, msr, val);
	if (is_pmu(host, msr))
		return 0;
	return -ENOENT;
}
