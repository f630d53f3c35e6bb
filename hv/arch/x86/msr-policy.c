/* SPDX-License-Identifier: MIT */
/*
 * MSR policy for PV guests: one table row per MSR a guest kernel may
 * touch, with its read and write rule. Everything else is #GP, which
 * Linux (built with XEN_PV_MSR_SAFE) catches through its exception table.
 *
 *   FS_BASE, GS_BASE, SHADOW_GS_BASE  the guest's segment bases: GS_BASE is
 *       the active (kernel) base, SHADOW_GS_BASE the user one (pv-abi 2.1).
 *       Writes must be canonical.
 *   EFER          the hypervisor's EFER without SVME; writing the value it
 *                 reads is accepted and changes nothing, anything else #GP.
 *   APIC_BASE     0xfee00900 on vCPU 0 (BSP flag), 0xfee00800 elsewhere:
 *                 the enabled default base a guest expects; read only.
 *   CR_PAT        Xen's PAT, which the guest's PTE cache bits index; a
 *                 write of the same value is accepted.
 *   MISC_ENABLE   (Intel) host value without PERF_AVAIL and MONITOR, with
 *                 BTS/PEBS unavailable and xTPR disabled; read only.
 *   PLATFORM_INFO (Intel) 0: no CPUID faulting offered; read only.
 *   TSC           the host TSC (the guest reads it natively anyway).
 *   UCODE_REV     (0x8b, Intel/AMD) the host's microcode revision; Intel
 *                 may write 0 (its documented read protocol).
 *   PERF_CAPABILITIES  0: no extra capabilities.
 *   TSC_AUX       per vCPU, 32 bits, when the host has RDTSCP or RDPID
 *                 (both shown to guests); loaded while the vCPU runs.
 *   DE_CFG        (AMD/Hygon) LFENCE_SERIALISE; writes dropped.
 *   vMCE and performance-counter ranges: msr-ranges.c.
 * Each as Xen 4.17 answers a PV guest (arch/x86/msr.c, pv/emul-priv-op.c).
 * Pure logic; the host tests drive it with fake vCPUs.
 */
#include <asm/msr-policy.h>

#include <satori/domain.h>
#include <satori/errno.h>

#define MSR_EFER_INDEX 0xc0000080

struct msr_rule {
	uint32_t index;
	int (*read)(const struct vcpu *v, const struct msr_host *h,
		    uint64_t *val);
	/* NULL: read only. */
	int (*write)(struct vcpu *v, const struct msr_host *h, uint64_t val);
};

static int read_fs_base(const struct vcpu *v, const struct msr_host *h,
			uint64_t *val)
{
	(void)h;
	*val = v->arch.fs_base;
	return 0;
}

static int write_fs_base(struct vcpu *v, const struct msr_host *h, uint64_t val)
{
	(void)h;
	if (!is_canonical_address(val))
		return -EPERM;
	v->arch.fs_base = val;
	return 0;
}

static int read_gs_base(const struct vcpu *v, const struct msr_host *h,
			uint64_t *val)
{
	(void)h;
	*val = v->arch.gs_base_kernel;
	return 0;
}

static int write_gs_base(struct vcpu *v, const struct msr_host *h, uint64_t val)
{
	(void)h;
	if (!is_canonical_address(val))
		return -EPERM;
	v->arch.gs_base_kernel = val;
	return 0;
}

static int read_shadow_gs(const struct vcpu *v, const struct msr_host *h,
			  uint64_t *val)
{
	(void)h;
	*val = v->arch.gs_base_user;
	return 0;
}

static int write_shadow_gs(struct vcpu *v, const struct msr_host *h,
			   uint64_t val)
{
	(void)h;
	if (!is_canonical_address(val))
		return -EPERM;
	v->arch.gs_base_user = val;
	return 0;
}

static int read_efer(const struct vcpu *v, const struct msr_host *h,
		     uint64_t *val)
{
	(void)v;
	*val = h->efer & ~EFER_SVME;
	return 0;
}

static int write_efer(struct vcpu *v, const struct msr_host *h, uint64_t val)
{
	uint64_t cur;

	read_efer(v, h, &cur);
	return val == cur ? 0 : -EPERM;
}

static int read_apic_base(const struct vcpu *v, const struct msr_host *h,
			  uint64_t *val)
{
	(void)h;
	*val = v->vcpu_id == 0 ? 0xfee00900ULL : 0xfee00800ULL;
	return 0;
}

static int read_pat(const struct vcpu *v, const struct msr_host *h,
		    uint64_t *val)
{
	(void)v;
	(void)h;
	*val = PV_GUEST_PAT;
	return 0;
}

static int write_pat(struct vcpu *v, const struct msr_host *h, uint64_t val)
{
	(void)v;
	(void)h;
	return val == PV_GUEST_PAT ? 0 : -EPERM;
}

static int read_misc_enable(const struct vcpu *v, const struct msr_host *h,
			    uint64_t *val)
{
	(void)v;
	if (!h->intel)
		return -EPERM;
	*val = (h->misc_enable &
		~(MISC_ENABLE_PERF_AVAIL | MISC_ENABLE_MONITOR_ENABLE)) |
	       MISC_ENABLE_BTS_UNAVAIL | MISC_ENABLE_PEBS_UNAVAIL |
	       MISC_ENABLE_XTPR_DISABLE;
	return 0;
}

static int read_platform_info(const struct vcpu *v, const struct msr_host *h,
			      uint64_t *val)
{
	(void)v;
	if (!h->intel)
		return -EPERM;
	*val = 0;
	return 0;
}

static int read_tsc(const struct vcpu *v, const struct msr_host *h,
		    uint64_t *val)
{
	(void)v;
	*val = h->tsc;
	return 0;
}

/* Xen forwards the microcode revision on Intel and AMD (not Hygon);
 * Intel's "write 0, then CPUID, then read" protocol may write 0. */
static int read_ucode_rev(const struct vcpu *v, const struct msr_host *h,
			  uint64_t *val)
{
	(void)v;
	if (!h->intel && (!h->amd || h->hygon))
		return -EPERM;
	*val = h->ucode_rev;
	return 0;
}

static int write_ucode_rev(struct vcpu *v, const struct msr_host *h,
			   uint64_t val)
{
	(void)v;
	return h->intel && val == 0 ? 0 : -EPERM;
}

static int read_perf_caps(const struct vcpu *v, const struct msr_host *h,
			  uint64_t *val)
{
	(void)v;
	(void)h;
	*val = 0; /* no capabilities beyond the architectural ones */
	return 0;
}

static int read_tsc_aux(const struct vcpu *v, const struct msr_host *h,
			uint64_t *val)
{
	if (!h->tsc_aux)
		return -EPERM;
	*val = v->arch.tsc_aux;
	return 0;
}

static int write_tsc_aux(struct vcpu *v, const struct msr_host *h, uint64_t val)
{
	if (!h->tsc_aux || val != (uint32_t)val)
		return -EPERM;
	v->arch.tsc_aux = (uint32_t)val;
	return 0;
}

/* AMD's decode configuration: LFENCE serialising, writes dropped (Xen:
 * some guests die if this write faults). */
static int read_de_cfg(const struct vcpu *v, const struct msr_host *h,
		       uint64_t *val)
{
	(void)v;
	if (!h->amd)
		return -EPERM;
	*val = DE_CFG_LFENCE_SERIALISE;
	return 0;
}

static int write_de_cfg(struct vcpu *v, const struct msr_host *h, uint64_t val)
{
	(void)v;
	(void)val;
	return h->amd ? 0 : -EPERM;
}

static const struct msr_rule msr_rules[] = {
	{ MSR_FS_BASE, read_fs_base, write_fs_base },
	{ MSR_GS_BASE, read_gs_base, write_gs_base },
	{ MSR_SHADOW_GS_BASE, read_shadow_gs, write_shadow_gs },
	{ MSR_EFER_INDEX, read_efer, write_efer },
	{ MSR_IA32_APIC_BASE, read_apic_base, NULL },
	{ MSR_IA32_CR_PAT, read_pat, write_pat },
	{ MSR_IA32_MISC_ENABLE, read_misc_enable, NULL },
	{ MSR_INTEL_PLATFORM_INFO, read_platform_info, NULL },
	{ MSR_IA32_TSC, read_tsc, NULL },
	{ MSR_UCODE_REV, read_ucode_rev, write_ucode_rev },
	{ MSR_IA32_PERF_CAPABILITIES, read_perf_caps, NULL },
	{ MSR_TSC_AUX, read_tsc_aux, write_tsc_aux },
	{ MSR_AMD64_DE_CFG, read_de_cfg, write_de_cfg },
};

static const struct msr_rule *find_rule(uint32_t msr)
{
	size_t i;

	for (i = 0; i < sizeof(msr_rules) / sizeof(msr_rules[0]); i++) {
		if (msr_rules[i].index == msr)
			return &msr_rules[i];
	}
	return NULL;
}

int msr_policy_read(const struct vcpu *v, const struct msr_host *host,
		    uint32_t msr, uint64_t *val)
{
	const struct msr_rule *rule = find_rule(msr);
	int rc;

	if (rule)
		return rule->read(v, host, val);
	rc = msr_range_read(v, host, msr, val);
	return rc == -ENOENT ? -EPERM : rc;
}

int msr_policy_write(struct vcpu *v, const struct msr_host *host, uint32_t msr,
		     uint64_t val)
{
	const struct msr_rule *rule = find_rule(msr);
	int rc;

	if (rule)
		return rule->write ? rule->write(v, host, val) : -EPERM;
	rc = msr_range_write(v, host, msr, val);
	return rc == -ENOENT ? -EPERM : rc;
}
