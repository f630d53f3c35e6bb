/* SPDX-License-Identifier: MIT */
/*
 * The CPUID policy for PV guests: host leaves in, guest leaves out.
 *
 * A PV kernel runs at CPL 3 on page tables the hypervisor validates, with
 * no VMX, no APIC of its own and FPU state the hypervisor switches. Any
 * feature whose use needs CPL 0, control of CR4/XCR0, or state we do not
 * context-switch is hidden; plain user-level instruction-set extensions
 * pass through. Leaves we do not know read as zeros (Xen does the same),
 * so a newer CPU cannot leak a feature we never reviewed: leaf 7 is
 * filtered through a whitelist for that reason.
 *
 * Hidden, and why:
 *  leaf 1 EDX
 *   VME, PSE, PSE36, PGE  paging/vm86 controls of CR4 that belong to the
 *                         hypervisor (PV page tables have no PSE; global
 *                         kernel mappings would survive the switch to
 *                         the user L4, pv-abi 2.1).
 *   MTRR                  cacheability is the hypervisor's; no MSR access.
 *   PSN, DS, ACPI(thermal), TM, PBE
 *                         MSR-based monitoring and thermal control.
 *  leaf 1 ECX
 *   DTES64, DS-CPL, PDCM, SDBG, xTPR
 *                         debug store, perf capabilities, TPR messages:
 *                         all MSR-driven.
 *   MONITOR               MONITOR/MWAIT cannot work at CPL 3 for a PV
 *                         kernel (it must SCHEDOP_block instead).
 *   VMX, SMX              no nested virtualisation, no GETSEC.
 *   EIST, TM2             power management belongs to the hypervisor.
 *   PCID                  CR4.PCIDE is ours; guests cannot set it.
 *   DCA                   platform MSR.
 *   X2APIC, TSC_DEADLINE  PV guests have no local APIC of their own.
 *   XSAVE, OSXSAVE, AVX, FMA, F16C
 *                         shown only when the hypervisor switches XSAVE
 *                         state (xcr0_guest_max != 0; the AVX family only
 *                         with the YMM component). OSXSAVE is dynamic, as
 *                         in Xen: the vCPU's virtual CR4.OSXSAVE, or (Xen's
 *                         PV quirk) always for the kernel's forced CPUID.
 *  leaf 1 EBX[31:24]      the initial APIC ID reads 0 (Xen: "dynamic").
 *  leaf 1 ECX[31]         set: a hypervisor is present.
 *  leaf 5 (MONITOR), 6 (power), 0xa (perfmon), 0xb (x2APIC topology),
 *  3, 8, 9, 0xc: zeros.
 *  leaf 0xd (XSAVE): as Xen 4.17 derives it for a PV guest: subleaf 0 EAX/EDX
 *   the components guests may enable (x87, SSE, AVX), ECX the area size
 *   for all of them, EBX for the vCPU's XCR0; subleaf 1 EAX only
 *   XSAVEOPT, XSAVEC and XGETBV1 (no XSAVES: no supervisor states), EBX
 *   the compacted size for XCR0 when XSAVEC shows, ECX/EDX 0; subleaves
 *   2-62 the host's size/offset/alignment of offered components, zeros
 *   for the others. All zeros without XSAVE.
 *  leaf 7.0 EBX, ECX, EDX: only the whitelisted user-level extensions
 *   (BMI1/2, ERMS, RDSEED, ADX, CLFLUSHOPT, CLWB, SHA, FDP/FCS-DS
 *   deprecation, RDPID, GFNI, MOVDIRI/64B, CLDEMOTE, FSRM, MD_CLEAR,
 *   SERIALIZE...). Notably hidden: FSGSBASE (the context switch does not
 *   yet set CR4.FSGSBASE; Xen exposes it), SMEP, SMAP, UMIP, INVPCID, PKU,
 *   OSPKE, LA57 (all CR4 controls of the hypervisor), every AVX-512 bit
 *   (no ZMM state switching; AVX2, VAES and VPCLMULQDQ show with AVX),
 *   MPX, RDT/PQM/PQE, Intel PT, TSX (HLE/RTM: TAA mitigation is the
 *   hypervisor's business), and the speculation-control bits IBRS/IBPB,
 *   STIBP, L1D_FLUSH, ARCH_CAPS, CORE_CAPS, SSBD: their MSRs are not
 *   virtualised. EAX (max subleaf) reads 0.
 *  leaf 0x80000001 ECX: SVM, SKINIT, WDT, LWP, MONITORX, PERFCTR_*, XOP,
 *   FMA4, TBM (need SVM, MSRs or XSAVE), CR8_LEGACY (no CR8 for PV).
 *   EDX: the AMD copies of the leaf-1 bits hidden above, and PDPE1GB (no
 *   1 GiB guest pages).
 *  AMD/Hygon hosts: leaf 1 EDX SEP (SYSENTER does not exist in long mode
 *   there), and leaves 2 and 4 (Intel-only cache leaves) read zeros.
 *  leaf 0x80000007 EDX: zero, including the invariant-TSC bit, which Xen
 *   hides by default too (a PV guest may be migrated).
 *  leaf 0x80000008 EBX: all but RSTR_FP_ERR_PTRS (AMD speculation
 *   controls, not virtualised); EAX[15:8] at most 48 virtual-address bits.
 *
 * The hypervisor leaves 0x40000000-0x40000005 are Xen 4.17's for a PV
 * guest, which Linux needs to detect Xen at all (pv-abi 2.9).
 *
 * Where we knowingly differ from Xen 4.17 (checked against it with
 * guests/tests/emul/priv-ops.c on the same QEMU CPU): Xen shows
 * FSGSBASE (it switches that state), leaf
 * 7 subleaf 1 and extended leaves up to 0x8000000a, and to dom0 MTRR and
 * ACPI; we hide all of these. MCE and MCA pass through as in Xen (its
 * annotation "A": every guest), backed by the vMCE MSRs of msr-ranges.c
 * (MCG_CAP: 2 banks); Linux reads those MSRs when it sees the bits, and
 * panicked ("MCA architectural violation") while they were missing.
 * Leaf 0x40000003 carries our TSC frequency
 * and ns->TSC scale, as Xen does for toolstack-built domains; Xen leaves
 * them 0 for its boot-built dom0.
 */
#include <asm/cpuid-policy.h>
#include <asm/xcr0.h>

#define BIT(n) (1u << (n))

static const uint32_t leaf1_edx_hidden =
	BIT(1) /* VME */ | BIT(3) /* PSE */ | BIT(12) /* MTRR */ |
	BIT(13) /* PGE */ | BIT(17) /* PSE36 */ | BIT(18) /* PSN */ |
	BIT(21) /* DS */ | BIT(22) /* ACPI */ | BIT(29) /* TM */ |
	BIT(31) /* PBE */;

static const uint32_t leaf1_ecx_hidden =
	BIT(2) /* DTES64 */ | BIT(3) /* MONITOR */ | BIT(4) /* DS-CPL */ |
	BIT(5) /* VMX */ | BIT(6) /* SMX */ | BIT(7) /* EIST */ |
	BIT(8) /* TM2 */ | BIT(11) /* SDBG */ | BIT(12) /* FMA */ |
	BIT(14) /* xTPR */ | BIT(15) /* PDCM */ | BIT(17) /* PCID */ |
	BIT(18) /* DCA */ | BIT(21) /* X2APIC */ | BIT(24) /* TSC_DEADLINE */ |
	BIT(26) /* XSAVE */ | BIT(27) /* OSXSAVE */ | BIT(28) /* AVX */ |
	BIT(29) /* F16C */;

static const uint32_t leaf7_ebx_allowed =
	BIT(3) /* BMI1 */ | BIT(6) /* FDP_EXCPTN_ONLY */ | BIT(8) /* BMI2 */ |
	BIT(9) /* ERMS */ | BIT(13) /* NO_FPU_SEL */ | BIT(18) /* RDSEED */ |
	BIT(19) /* ADX */ | BIT(23) /* CLFLUSHOPT */ | BIT(24) /* CLWB */ |
	BIT(29) /* SHA */;

static const uint32_t leaf7_ecx_allowed =
	BIT(0) /* PREFETCHWT1 */ | BIT(8) /* GFNI */ | BIT(22) /* RDPID */ |
	BIT(25) /* CLDEMOTE */ | BIT(27) /* MOVDIRI */ |
	BIT(28) /* MOVDIR64B */;

static const uint32_t leaf7_edx_allowed =
	BIT(4) /* FSRM */ | BIT(10) /* MD_CLEAR */ | BIT(14) /* SERIALIZE */;

/* Instructions on the YMM state: shown when guests may enable AVX. */
static const uint32_t leaf1_ecx_avx =
	BIT(12) /* FMA */ | BIT(28) /* AVX */ | BIT(29) /* F16C */;
static const uint32_t leaf7_ebx_avx = BIT(5) /* AVX2 */;
static const uint32_t leaf7_ecx_avx =
	BIT(9) /* VAES */ | BIT(10) /* VPCLMULQDQ */;

/* Leaf 0xd.1 EAX: XSAVEOPT, XSAVEC, XGETBV1 (not XSAVES, XFD). */
static const uint32_t xstate1_eax_allowed = BIT(0) | BIT(1) | BIT(2);
#define XSTATE1_XSAVEC BIT(1)
#define XSTATE_COMP_ALIGN64 BIT(1) /* leaf 0xd.i ECX: 64-byte aligned */
#define XSTATE_AREA_MIN 576u	   /* legacy region + header */
#define XSTATE_LAST_COMP 62u

static const uint32_t extd1_ecx_hidden =
	BIT(2) /* SVM */ | BIT(4) /* CR8_LEGACY */ | BIT(11) /* XOP */ |
	BIT(12) /* SKINIT */ | BIT(13) /* WDT */ | BIT(15) /* LWP */ |
	BIT(16) /* FMA4 */ | BIT(21) /* TBM */ | BIT(23) /* PERFCTR_CORE */ |
	BIT(24) /* PERFCTR_NB */ | BIT(28) /* PERFCTR_LLC */ |
	BIT(29) /* MONITORX */;

/* AMD mirrors leaf-1 EDX bits 0-9, 12-17, 23 and 24 in 0x80000001 EDX. */
static const uint32_t extd1_edx_hidden =
	BIT(1) /* VME */ | BIT(3) /* PSE */ | BIT(12) /* MTRR */ |
	BIT(13) /* PGE */ | BIT(17) /* PSE36 */ | BIT(26) /* PDPE1GB */;

static const struct cpuid_regs empty_leaf;

/* "AuthenticAMD" and "HygonGenuine" in leaf 0 EBX. */
static bool vendor_is_amd(const struct cpuid_policy_host *host)
{
	uint32_t ebx = host->leaf(0, 0).ebx;

	return ebx == 0x68747541u || ebx == 0x6f677948u;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/* The leaf-1 ECX bits of XSAVE that the policy shows (the static mask
 * hides them all first). */
static uint32_t leaf1_ecx_xsave(const struct cpuid_policy_host *host,
				uint32_t host_ecx)
{
	uint32_t ecx = host_ecx & BIT(26); /* XSAVE */

	if (!host->xcr0_guest_max)
		return 0;
	if (host->vcpu_osxsave)
		ecx |= BIT(27);
	if (host->xcr0_guest_max & XSTATE_YMM)
		ecx |= host_ecx & leaf1_ecx_avx;
	return ecx;
}

/* Uncompacted area size for the components @xcr0 (leaf 0xd.0 EBX/ECX). */
static uint32_t xstate_size(const struct cpuid_policy_host *host, uint64_t xcr0)
{
	uint64_t size = XSTATE_AREA_MIN;

	for (uint32_t i = 2; i <= XSTATE_LAST_COMP; i++) {
		struct cpuid_regs c;

		if (!((xcr0 >> i) & 1))
			continue;
		c = host->leaf(0xd, i);
		if ((uint64_t)c.eax + c.ebx > size)
			size = (uint64_t)c.eax + c.ebx;
	}
	return size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
}

/* Compacted (XSAVEC) size for @xcr0 (leaf 0xd.1 EBX). */
static uint32_t xstate_compacted_size(const struct cpuid_policy_host *host,
				      uint64_t xcr0)
{
	uint64_t size = XSTATE_AREA_MIN;

	for (uint32_t i = 2; i <= XSTATE_LAST_COMP; i++) {
		struct cpuid_regs c;

		if (!((xcr0 >> i) & 1))
			continue;
		c = host->leaf(0xd, i);
		if (c.ecx & XSTATE_COMP_ALIGN64)
			size = (size + 63) & ~63ull;
		size += c.eax;
	}
	return size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
}

static struct cpuid_regs xstate_leaf(const struct cpuid_policy_host *host,
				     uint32_t subleaf)
{
	uint64_t max = host->xcr0_guest_max, xcr0 = host->vcpu_xcr0 & max;
	struct cpuid_regs r = empty_leaf;

	if (!max)
		return r;
	if (subleaf == 0) {
		r.eax = (uint32_t)max;
		r.edx = (uint32_t)(max >> 32);
		r.ecx = xstate_size(host, max);
		r.ebx = xstate_size(host, xcr0);
	} else if (subleaf == 1) {
		r.eax = host->leaf(0xd, 1).eax & xstate1_eax_allowed;
		if (r.eax & XSTATE1_XSAVEC)
			r.ebx = xstate_compacted_size(host, xcr0);
	} else if (subleaf <= XSTATE_LAST_COMP && ((max >> subleaf) & 1)) {
		r = host->leaf(0xd, subleaf);
		r.ecx &= XSTATE_COMP_ALIGN64; /* never a supervisor state */
		r.edx = 0;
	}
	return r;
}

static struct cpuid_regs basic_leaf(const struct cpuid_policy_host *host,
				    uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r = host->leaf(leaf, subleaf);
	bool avx;

	switch (leaf) {
	case 0:
		r.eax = min_u32(r.eax, CPUID_GUEST_MAX_BASIC);
		return r;
	case 1:
		r.ebx &= 0x00ffffffu;
		r.ecx = (r.ecx & ~leaf1_ecx_hidden) | CPUID1_ECX_HYPERVISOR |
			leaf1_ecx_xsave(host, r.ecx);
		r.edx &= ~leaf1_edx_hidden;
		/* AMD has no SYSENTER in long mode (Xen clears SEP too). */
		if (vendor_is_amd(host))
			r.edx &= ~BIT(11);
		return r;
	case 2:
	case 4:
		/* Intel's cache leaves; reserved on AMD (Xen zeroes them). */
		return vendor_is_amd(host) ? empty_leaf : r;
	case 7:
		if (subleaf != 0)
			return empty_leaf;
		r.eax = 0;
		avx = host->xcr0_guest_max & XSTATE_YMM;
		r.ebx &= leaf7_ebx_allowed | (avx ? leaf7_ebx_avx : 0);
		r.ecx &= leaf7_ecx_allowed | (avx ? leaf7_ecx_avx : 0);
		r.edx &= leaf7_edx_allowed;
		return r;
	case 0xd:
		return xstate_leaf(host, subleaf);
	default:
		return empty_leaf;
	}
}

static struct cpuid_regs extd_leaf(const struct cpuid_policy_host *host,
				   uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r = host->leaf(leaf, subleaf);

	switch (leaf) {
	case 0x80000000:
		r.eax = min_u32(r.eax, CPUID_GUEST_MAX_EXTD);
		return r;
	case 0x80000001:
		r.ecx &= ~extd1_ecx_hidden;
		r.edx &= ~extd1_edx_hidden;
		return r;
	case 0x80000007:
		r.edx = 0;
		return r;
	case 0x80000008:
		/* PV guests have 48-bit virtual addresses whatever LA57
		 * says (Xen reports 48 too). */
		if (((r.eax >> 8) & 0xff) > 48)
			r.eax = (r.eax & ~0xff00u) | (48u << 8);
		r.ebx &= BIT(2); /* only RSTR_FP_ERR_PTRS (informational) */
		return r;
	default:
		return r; /* 2-4 brand string, 5-6 AMD caches/TLBs. */
	}
}

/* Xen's scale (mul_frac, shift) with ticks = ns * 2^shift * mul_frac /
 * 2^32, mul_frac normalised to [2^31, 2^32): here ns -> TSC ticks. */
static void ns_to_tsc_scale(uint32_t tsc_khz, uint32_t *mul_frac,
			    int32_t *shift)
{
	uint64_t n = tsc_khz, d = 1000000; /* ticks per ns = khz / 10^6 */
	int32_t s = 0;

	while (n >= d) {
		d <<= 1;
		s++;
	}
	while (n < (d >> 1)) {
		n <<= 1;
		s--;
	}
	*mul_frac = (uint32_t)((n << 32) / d);
	*shift = s;
}

static unsigned int fls64(uint64_t x)
{
	return x ? 64 - (unsigned int)__builtin_clzll(x) : 0;
}

static struct cpuid_regs xen_time_leaf(const struct cpuid_policy_host *host,
				       uint32_t subleaf)
{
	struct cpuid_regs r = empty_leaf, ext;
	uint32_t max_extd = host->leaf(0x80000000, 0).eax;
	bool itsc = false, rdtscp = false;
	uint32_t mul;
	int32_t shift;

	if (max_extd >= 0x80000007)
		itsc = host->leaf(0x80000007, 0).edx & BIT(8);
	if (max_extd >= 0x80000001) {
		ext = host->leaf(0x80000001, 0);
		rdtscp = ext.edx & BIT(27);
	}
	if (subleaf == 0) {
		/* bit 0 vtsc (we never emulate the TSC), bit 1 the host TSC
		 * is safe, bit 2 RDTSCP; tsc_mode 0 (default); incarnation 0. */
		r.eax = ((uint32_t)itsc << 1) | ((uint32_t)rdtscp << 2);
		r.ecx = host->tsc_khz;
	} else if (subleaf == 1 && host->tsc_khz) {
		/* Offset 0: the guest reads the raw TSC. */
		ns_to_tsc_scale(host->tsc_khz, &mul, &shift);
		r.ecx = mul;
		r.edx = (uint32_t)(int32_t)(int8_t)shift;
	} else if (subleaf == 2) {
		r.eax = host->tsc_khz;
	}
	return r;
}

static struct cpuid_regs xen_leaf(const struct cpuid_policy_host *host,
				  uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r = empty_leaf;

	switch (leaf - CPUID_XEN_BASE) {
	case 0:
		r.eax = CPUID_XEN_MAX_LEAF;
		r.ebx = XEN_CPUID_SIGNATURE_EBX;
		r.ecx = XEN_CPUID_SIGNATURE_ECX;
		r.edx = XEN_CPUID_SIGNATURE_EDX;
		break;
	case 1:
		r.eax = (CPUID_XEN_MAJOR << 16) | CPUID_XEN_MINOR;
		break;
	case 2:
		r.eax = 1;		/* hypercall transfer pages */
		r.ebx = CPUID_XEN_BASE; /* MSR base */
		r.ecx = XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD;
		break;
	case 3:
		r = xen_time_leaf(host, subleaf);
		break;
	case 5:
		/* PV parameters: bits of the highest machine address. */
		if (subleaf == 0)
			r.ebx = fls64(host->max_mfn) + 12;
		break;
	default:
		break; /* 4 is for HVM guests only. */
	}
	return r;
}

struct cpuid_regs cpuid_policy_guest(const struct cpuid_policy_host *host,
				     uint32_t leaf, uint32_t subleaf)
{
	uint32_t max;

	if (leaf <= CPUID_GUEST_MAX_BASIC) {
		max = min_u32(host->leaf(0, 0).eax, CPUID_GUEST_MAX_BASIC);
		return leaf <= max ? basic_leaf(host, leaf, subleaf)
				   : empty_leaf;
	}
	if (leaf >= CPUID_XEN_BASE && leaf <= CPUID_XEN_MAX_LEAF)
		return xen_leaf(host, leaf, subleaf);
	if (leaf >= 0x80000000 && leaf <= CPUID_GUEST_MAX_EXTD) {
		max = min_u32(host->leaf(0x80000000, 0).eax,
			      CPUID_GUEST_MAX_EXTD);
		return leaf <= max ? extd_leaf(host, leaf, subleaf)
				   : empty_leaf;
	}
	return empty_leaf;
}
