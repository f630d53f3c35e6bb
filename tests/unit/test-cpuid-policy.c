/* unit-sources: hv/arch/x86/cpuid-policy.c */
/* SPDX-License-Identifier: MIT */
/*
 * The PV CPUID policy against fake hosts: a host with every feature bit
 * set (so each hidden bit must read 0 and every other bit 1), the Xen
 * leaves exactly as Xen 4.17 reports them for a PV guest, the limits on
 * basic, extended and hypervisor leaves, a host with few leaves, and
 * XSAVE: leaf 0xd and the AVX family for a host with QEMU's xstate
 * components, with and without AVX offered.
 */
#include <asm/cpuid-policy.h>

#include "check.h"

static uint32_t host_max_basic = 0x16, host_max_extd = 0x80000008;
static uint32_t host_vendor_ebx = 0x756e6547; /* "Genu" */
static uint32_t host_vaddr_bits = 0xff;

/* Every register of every leaf is all ones, except the max-leaf values,
 * the vendor and the invariant-TSC/RDTSCP facts. */
static struct cpuid_regs fake_cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r = { ~0u, ~0u, ~0u, ~0u };

	(void)subleaf;
	if (leaf == 0)
		r = (struct cpuid_regs){ host_max_basic, host_vendor_ebx,
					 0x6c65746e, 0x49656e69 };
	else if (leaf == 0x80000000)
		r.eax = host_max_extd;
	else if (leaf == 0x80000008)
		r.eax = 0xffff00ffu | (host_vaddr_bits << 8);
	else if ((leaf > host_max_basic && leaf < 0x80000000) ||
		 leaf > host_max_extd)
		r = (struct cpuid_regs){ 0x11, 0x22, 0x33, 0x44 };
	return r;
}

static struct cpuid_policy_host host = {
	.leaf = fake_cpuid,
	.tsc_khz = 3000000,
	.max_mfn = 0x7ffdf, /* just under 2 GiB */
};

static struct cpuid_regs q(uint32_t leaf, uint32_t subleaf)
{
	return cpuid_policy_guest(&host, leaf, subleaf);
}

#define BIT(n) (1u << (n))

static void test_leaf0_and_1(void)
{
	struct cpuid_regs r = q(0, 0);

	CHECK_EQ(r.eax, 0xd); /* Xen's PV maximum */
	CHECK_EQ(r.ebx, 0x756e6547);
	CHECK_EQ(r.edx, 0x49656e69);
	CHECK_EQ(r.ecx, 0x6c65746e);

	r = q(1, 0);
	CHECK_EQ(r.eax, 0xffffffffu);
	CHECK_EQ(r.ebx, 0x00ffffffu); /* APIC ID 0 */
	/* Hidden: VME PSE MTRR PGE PSE36 PSN DS ACPI TM PBE. MCE and MCA
	 * show, as in Xen (the vMCE MSRs answer). */
	CHECK_EQ(r.edx, ~(BIT(1) | BIT(3) | BIT(12) | BIT(13) | BIT(17) |
			  BIT(18) | BIT(21) | BIT(22) | BIT(29) | BIT(31)));
	CHECK_EQ(r.edx & (BIT(7) | BIT(14)), BIT(7) | BIT(14));
	/* Hidden: DTES64 MONITOR DSCPL VMX SMX EIST TM2 SDBG FMA xTPR PDCM
	 * PCID DCA X2APIC TSC_DEADLINE XSAVE OSXSAVE AVX F16C; set: HV. */
	CHECK_EQ(r.ecx, ~(BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) |
			  BIT(8) | BIT(11) | BIT(12) | BIT(14) | BIT(15) |
			  BIT(17) | BIT(18) | BIT(21) | BIT(24) | BIT(26) |
			  BIT(27) | BIT(28) | BIT(29)));
	CHECK(r.ecx & CPUID1_ECX_HYPERVISOR);
	/* Kept: SSE3, PCLMUL, SSSE3, CX16, SSE4.1/4.2, MOVBE, POPCNT, AES,
	 * RDRAND; FPU TSC MSR PAE CX8 APIC CMOV MMX FXSR SSE SSE2. */
	CHECK_EQ(r.ecx & 0x42d82203u, 0x42d82203u);
	CHECK_EQ(r.edx & 0x07808371u, 0x07808371u);
}

static void test_leaf7(void)
{
	struct cpuid_regs r = q(7, 0);

	CHECK_EQ(r.eax, 0);
	/* FSGSBASE(0) SMEP(7) INVPCID(10) AVX2(5) SMAP(20) AVX512F(16) RTM
	 * (11) HLE(4) MPX(14) PT(25) hidden; BMI1/2, ERMS, RDSEED, ADX kept. */
	CHECK_EQ(r.ebx & (BIT(0) | BIT(4) | BIT(5) | BIT(7) | BIT(10) |
			  BIT(11) | BIT(14) | BIT(16) | BIT(20) | BIT(25)),
		 0);
	CHECK_EQ(r.ebx & (BIT(3) | BIT(8) | BIT(9) | BIT(18) | BIT(19)),
		 BIT(3) | BIT(8) | BIT(9) | BIT(18) | BIT(19));
	/* UMIP(2) PKU(3) OSPKE(4) LA57(16) VAES(9) hidden; RDPID kept. */
	CHECK_EQ(r.ecx & (BIT(2) | BIT(3) | BIT(4) | BIT(9) | BIT(16)), 0);
	CHECK(r.ecx & BIT(22));
	/* IBRS/IBPB(26) STIBP(27) L1D_FLUSH(28) ARCH_CAPS(29) CORE_CAPS(30)
	 * SSBD(31) hidden; MD_CLEAR kept. */
	CHECK_EQ(r.edx & 0xfc000000u, 0);
	CHECK(r.edx & BIT(10));
	CHECK_EQ(q(7, 1).eax, 0);
	CHECK_EQ(q(7, 1).ebx, 0);
}

static void test_zeroed_basic(void)
{
	static const uint32_t zero_leaves[] = {
		3, 5, 6, 8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0x10, 0x16
	};
	unsigned int i;
	struct cpuid_regs r;

	for (i = 0; i < sizeof(zero_leaves) / sizeof(zero_leaves[0]); i++) {
		r = q(zero_leaves[i], 0);
		CHECK_EQ(r.eax | r.ebx | r.ecx | r.edx, 0);
	}
	/* Cache leaves pass through. */
	CHECK_EQ(q(2, 0).eax, 0xffffffffu);
	CHECK_EQ(q(4, 1).ebx, 0xffffffffu);
	/* Unknown ranges read zeros, not the host's last leaf. */
	r = q(0x20000000, 0);
	CHECK_EQ(r.eax | r.ebx | r.ecx | r.edx, 0);
	r = q(0x80000009, 0);
	CHECK_EQ(r.eax | r.ebx | r.ecx | r.edx, 0);
	r = q(0xc0000000, 0);
	CHECK_EQ(r.eax | r.ebx | r.ecx | r.edx, 0);
}

static void test_extended(void)
{
	struct cpuid_regs r = q(0x80000000, 0);

	CHECK_EQ(r.eax, 0x80000008);
	r = q(0x80000001, 0);
	CHECK_EQ(r.ecx & (BIT(2) | BIT(4) | BIT(11) | BIT(12) | BIT(13) |
			  BIT(15) | BIT(16) | BIT(21) | BIT(23) | BIT(24) |
			  BIT(28) | BIT(29)),
		 0);
	CHECK(r.ecx & BIT(0)); /* LAHF_LM */
	CHECK_EQ(r.edx & (BIT(1) | BIT(3) | BIT(12) | BIT(13) | BIT(17) |
			  BIT(26)),
		 0);
	CHECK_EQ(r.edx & (BIT(11) | BIT(20) | BIT(27) | BIT(29)),
		 BIT(11) | BIT(20) | BIT(27) |
			 BIT(29)); /* SYSCALL NX RDTSCP LM */
	/* AMD's copies of MCE and MCA show as leaf 1's do. */
	CHECK_EQ(r.edx & (BIT(7) | BIT(14)), BIT(7) | BIT(14));
	CHECK_EQ(q(0x80000002, 0).eax, 0xffffffffu); /* brand string */
	CHECK_EQ(q(0x80000007, 0).edx, 0);
	/* 48 virtual-address bits at most; EBX only RSTR_FP_ERR_PTRS. */
	CHECK_EQ(q(0x80000008, 0).eax, 0xffff30ffu);
	CHECK_EQ(q(0x80000008, 0).ebx, 4);

	/* A host with a larger extended range is capped. */
	host_max_extd = 0x80000021;
	CHECK_EQ(q(0x80000000, 0).eax, 0x80000008);
	r = q(0x80000021, 0);
	CHECK_EQ(r.eax | r.ebx | r.ecx | r.edx, 0);
	host_max_extd = 0x80000008;
}

static void test_xen_leaves(void)
{
	struct cpuid_regs r = q(0x40000000, 0);

	CHECK_EQ(r.eax, 0x40000005);
	CHECK_EQ(r.ebx, 0x566e6558);
	CHECK_EQ(r.ecx, 0x65584d4d);
	CHECK_EQ(r.edx, 0x4d4d566e);
	r = q(0x40000001, 0);
	CHECK_EQ(r.eax, 0x00040011);
	CHECK_EQ(r.ebx | r.ecx | r.edx, 0);
	r = q(0x40000002, 0);
	CHECK_EQ(r.eax, 1);
	CHECK_EQ(r.ebx, 0x40000000);
	CHECK_EQ(r.ecx, 1);
	CHECK_EQ(r.edx, 0);
	/* Time: no vtsc; host TSC safe (ITSC set in the fake) and RDTSCP. */
	r = q(0x40000003, 0);
	CHECK_EQ(r.eax, 6);
	CHECK_EQ(r.ebx, 0);
	CHECK_EQ(r.ecx, 3000000);
	CHECK_EQ(r.edx, 0);
	/* ns -> TSC at 3 GHz: 3 = 2^2 * 0.75 -> mul 0xc0000000, shift 2. */
	r = q(0x40000003, 1);
	CHECK_EQ(r.eax | r.ebx, 0);
	CHECK_EQ(r.ecx, 0xc0000000u);
	CHECK_EQ(r.edx, 2);
	CHECK_EQ(q(0x40000003, 2).eax, 3000000);
	r = q(0x40000004, 0);
	CHECK_EQ(r.eax | r.ebx | r.ecx | r.edx, 0); /* HVM only */
	r = q(0x40000005, 0);
	CHECK_EQ(r.ebx, 31); /* fls(0x7ffdf) = 19, + 12 */
	CHECK_EQ(r.eax | r.ecx | r.edx, 0);
	CHECK_EQ(q(0x40000005, 1).ebx, 0);
	r = q(0x40000006, 0);
	CHECK_EQ(r.eax | r.ebx | r.ecx | r.edx, 0);
	r = q(0x40000100, 0);
	CHECK_EQ(r.eax | r.ebx | r.ecx | r.edx, 0);
}

static void test_time_scales(void)
{
	struct cpuid_regs r;

	/* 1 GHz: exactly 1 tick per ns = 2^1 * 0.5. */
	host.tsc_khz = 1000000;
	r = q(0x40000003, 1);
	CHECK_EQ(r.ecx, 0x80000000u);
	CHECK_EQ(r.edx, 1);
	/* 100 MHz: 0.1 = 2^-3 * 0.8; shift -3 as a sign-extended byte. */
	host.tsc_khz = 100000;
	r = q(0x40000003, 1);
	CHECK_EQ(r.ecx, 0xcccccccc);
	CHECK_EQ(r.edx, 0xfffffffdu);
	host.tsc_khz = 3000000;
}

static void test_small_host(void)
{
	struct cpuid_regs r;

	host_max_basic = 4;
	host_max_extd = 0x80000001;
	CHECK_EQ(q(0, 0).eax, 4);
	r = q(7, 0);
	CHECK_EQ(r.eax | r.ebx | r.ecx | r.edx, 0);
	CHECK_EQ(q(0x80000000, 0).eax, 0x80000001);
	r = q(0x80000008, 0);
	CHECK_EQ(r.eax | r.ebx | r.ecx | r.edx, 0);
	/* No 0x80000007: the TSC is not declared safe; RDTSCP still is. */
	CHECK_EQ(q(0x40000003, 0).eax, 4);
	host_max_basic = 0x16;
	host_max_extd = 0x80000008;
}

static void test_amd_and_48_bits(void)
{
	struct cpuid_regs r;

	CHECK(q(1, 0).edx & BIT(11)); /* SEP on Intel */
	host_vendor_ebx = 0x68747541; /* "Auth"enticAMD */
	CHECK_EQ(q(1, 0).edx & BIT(11), 0);
	r = q(2, 0);
	CHECK_EQ(r.eax | r.ebx | r.ecx | r.edx, 0);
	r = q(4, 0);
	CHECK_EQ(r.eax | r.ebx | r.ecx | r.edx, 0);
	host_vendor_ebx = 0x6f677948; /* "Hygo"nGenuine */
	CHECK_EQ(q(1, 0).edx & BIT(11), 0);
	host_vendor_ebx = 0x756e6547;

	host_vaddr_bits = 48;
	CHECK_EQ(q(0x80000008, 0).eax, 0xffff30ffu);
	host_vaddr_bits = 57;
	CHECK_EQ(q(0x80000008, 0).eax, 0xffff30ffu);
	host_vaddr_bits = 0xff;
}

/* QEMU's max CPU: x87 SSE AVX, MPX (3, 4) and PKRU (9); XSAVEOPT,
 * XSAVEC, XGETBV1 and XSAVES. */
static struct cpuid_regs xsave_cpuid(uint32_t leaf, uint32_t subleaf)
{
	if (leaf != 0xd)
		return fake_cpuid(leaf, subleaf);
	switch (subleaf) {
	case 0:
		return (struct cpuid_regs){ 0x21f, 0xa88, 0xa88, 0 };
	case 1:
		return (struct cpuid_regs){ 0xf, 0x988, 0x100, 0 };
	case 2:
		return (struct cpuid_regs){ 0x100, 0x240, 2, 0 };
	case 3:
	case 4:
		return (struct cpuid_regs){ 0x40, 0x3c0 + 0x40 * (subleaf - 3),
					    0, 0 };
	case 9:
		return (struct cpuid_regs){ 8, 0xa80, 0, 0 };
	default:
		return (struct cpuid_regs){ 0 };
	}
}

static void check_regs(struct cpuid_regs r, uint32_t a, uint32_t b, uint32_t c,
		       uint32_t d)
{
	CHECK_EQ(r.eax, a);
	CHECK_EQ(r.ebx, b);
	CHECK_EQ(r.ecx, c);
	CHECK_EQ(r.edx, d);
}

static void test_xsave(void)
{
	const uint32_t avx1 = BIT(12) | BIT(28) | BIT(29); /* FMA AVX F16C */
	struct cpuid_regs r;

	host.leaf = xsave_cpuid;
	host.xcr0_guest_max = 7;
	host.vcpu_xcr0 = 3;
	host.vcpu_osxsave = false;
	r = q(1, 0);
	CHECK_EQ(r.ecx & (BIT(26) | BIT(27) | avx1), BIT(26) | avx1);
	host.vcpu_osxsave = true;
	CHECK_EQ(q(1, 0).ecx & BIT(27), BIT(27));
	r = q(7, 0); /* AVX2, VAES, VPCLMULQDQ; never AVX-512 */
	CHECK_EQ(r.ebx & (BIT(5) | BIT(16)), BIT(5));
	CHECK_EQ(r.ecx & (BIT(9) | BIT(10) | BIT(1)), BIT(9) | BIT(10));

	check_regs(q(0xd, 0), 7, 576, 832, 0);
	check_regs(q(0xd, 1), 7, 576, 0, 0); /* no XSAVES, no XSS */
	check_regs(q(0xd, 2), 0x100, 0x240, 2, 0);
	for (uint32_t i = 3; i < 70; i++) /* MPX, PKRU, the rest: zeros */
		check_regs(q(0xd, i), 0, 0, 0, 0);
	host.vcpu_xcr0 = 7;
	check_regs(q(0xd, 0), 7, 832, 832, 0);
	check_regs(q(0xd, 1), 7, 832, 0, 0);
	host.vcpu_xcr0 = 1;
	CHECK_EQ(q(0xd, 0).ebx, 576);

	/* Offered without AVX: XSAVE only, no YMM anywhere. */
	host.xcr0_guest_max = 3;
	r = q(1, 0);
	CHECK_EQ(r.ecx & (BIT(26) | BIT(27) | avx1), BIT(26) | BIT(27));
	CHECK_EQ(q(7, 0).ebx & BIT(5), 0);
	CHECK_EQ(q(7, 0).ecx & (BIT(9) | BIT(10)), 0);
	check_regs(q(0xd, 0), 3, 576, 576, 0);
	check_regs(q(0xd, 2), 0, 0, 0, 0);

	/* Not offered: all hidden, leaf 0xd zeros, OSXSAVE too. */
	host.xcr0_guest_max = 0;
	CHECK_EQ(q(1, 0).ecx & (BIT(26) | BIT(27) | avx1), 0);
	for (uint32_t i = 0; i < 3; i++)
		check_regs(q(0xd, i), 0, 0, 0, 0);
	host.vcpu_osxsave = false;
	host.vcpu_xcr0 = 0;
	host.leaf = fake_cpuid;
}

int main(void)
{
	test_leaf0_and_1();
	test_leaf7();
	test_zeroed_basic();
	test_extended();
	test_xen_leaves();
	test_time_scales();
	test_small_host();
	test_amd_and_48_bits();
	test_xsave();
	return check_summary("test-cpuid-policy");
}
