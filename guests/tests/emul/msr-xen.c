/* SPDX-License-Identifier: MIT */
/*
 * emul/msr-xen: the MSRs Linux dom0 touches at boot get Xen 4.17's
 * answers. vMCE: MCG_CAP shows 2 banks (on Intel also SER_P, TES_P,
 * CMCI_P), MCG_STATUS reads back what was written, bank 0's CTL reads all
 * ones and its STATUS accepts only 0. With vPMU off the vendor's counters
 * read 0 and drop writes. AMD's DE_CFG reads LFENCE_SERIALISE (Intel:
 * #GP). The microcode revision is readable, PERF_CAPABILITIES reads 0.
 * With RDTSCP, TSC_AUX is the vCPU's: written, read back, seen by rdtscp;
 * a value above 32 bits is #GP.
 */
#include <guest/console.h>
#include <guest/cpuid.h>
#include <guest/msr.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "emul/msr-xen";

#define NONE (~0UL)
#define GP 13

static void test_vmce(int intel)
{
	uint64_t v = 0;

	CHECK_EQ("rdmsr MCG_CAP", rdmsr_checked(0x179, &v), NONE);
	CHECK_EQ("MCG_CAP", v, intel ? 0x1000c02UL : 2UL);
	CHECK_EQ("wrmsr MCG_STATUS 4", wrmsr_checked(0x17a, 4), NONE);
	CHECK_EQ("rdmsr MCG_STATUS", rdmsr_checked(0x17a, &v), NONE);
	CHECK_EQ("MCG_STATUS", v, 4);
	CHECK_EQ("wrmsr MCG_STATUS 0", wrmsr_checked(0x17a, 0), NONE);
	CHECK_EQ("rdmsr MC0_CTL", rdmsr_checked(0x400, &v), NONE);
	CHECK_EQ("MC0_CTL", v, ~0UL);
	CHECK_EQ("wrmsr MC0_STATUS 1", wrmsr_checked(0x401, 1), GP);
	CHECK_EQ("wrmsr MC0_STATUS 0", wrmsr_checked(0x401, 0), NONE);
	CHECK_EQ("rdmsr MC2_STATUS", rdmsr_checked(0x409, &v), NONE);
	CHECK_EQ("MC2_STATUS", v, 0);
}

static void test_vendor(int intel)
{
	uint64_t v = 1;

	if (intel) {
		CHECK_EQ("rdmsr DE_CFG", rdmsr_checked(0xc0011029, &v), GP);
		CHECK_EQ("wrmsr P6 EVNTSEL0", wrmsr_checked(0x186, 0x1234),
			 NONE);
		CHECK_EQ("rdmsr P6 EVNTSEL0", rdmsr_checked(0x186, &v), NONE);
	} else {
		CHECK_EQ("rdmsr DE_CFG", rdmsr_checked(0xc0011029, &v), NONE);
		CHECK_EQ("DE_CFG", v, 2);
		CHECK_EQ("wrmsr DE_CFG", wrmsr_checked(0xc0011029, 0), NONE);
		CHECK_EQ("wrmsr K7 EVNTSEL0", wrmsr_checked(0xc0010000, 0x1234),
			 NONE);
		CHECK_EQ("rdmsr K7 EVNTSEL0", rdmsr_checked(0xc0010000, &v),
			 NONE);
	}
	CHECK_EQ("event select", v, 0);
	CHECK_EQ("rdmsr UCODE_REV", rdmsr_checked(0x8b, &v), NONE);
	printf("microcode revision %#lx\n", v);
	CHECK_EQ("rdmsr PERF_CAPABILITIES", rdmsr_checked(0x345, &v), NONE);
	CHECK_EQ("PERF_CAPABILITIES", v, 0);
}

static void test_tsc_aux(void)
{
	uint32_t aux;
	uint64_t v = 0;

	if (xen_cpuid(0x80000000, 0).a < 0x80000001 ||
	    !(xen_cpuid(0x80000001, 0).d & (1u << 27))) {
		printf("no RDTSCP: TSC_AUX not tested\n");
		return;
	}
	CHECK_EQ("wrmsr TSC_AUX", wrmsr_checked(0xc0000103, 0x5a5a1234), NONE);
	CHECK_EQ("rdmsr TSC_AUX", rdmsr_checked(0xc0000103, &v), NONE);
	CHECK_EQ("TSC_AUX", v, 0x5a5a1234);
	__asm__ volatile("rdtscp" : "=c"(aux) : : "rax", "rdx");
	CHECK_EQ("rdtscp's TSC_AUX", aux, 0x5a5a1234);
	CHECK_EQ("wrmsr TSC_AUX 2^32", wrmsr_checked(0xc0000103, 1UL << 32),
		 GP);
}

void test_main(void)
{
	struct cpuid_out vendor = xen_cpuid(0, 0);
	/* "GenuineIntel": "Genu" in EBX, "ntel" in ECX. */
	int intel = vendor.b == 0x756e6547 && vendor.c == 0x6c65746e;

	CHECK_EQ("set_trap_table", install_traps(0), 0);
	test_vmce(intel);
	test_vendor(intel);
	test_tsc_aux();
	test_success();
}
