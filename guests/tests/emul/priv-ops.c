/* SPDX-License-Identifier: MIT */
/*
 * emul/priv-ops: the privileged instructions a PV kernel executes at CPL 3
 * and the hypervisor emulates (pv-abi 2.9), as Xen 4.17 answers them:
 * the forced-emulation CPUID (Xen leaves, hidden features, hypervisor
 * bit, APIC ID 0), rdmsr/wrmsr round trips of the segment bases, the fixed
 * MSR values (PAT, EFER), #GP for an unknown MSR (0 before the guest has
 * a #GP handler), CR0/CR4 reads, a CR4
 * write of foreign bits ignored, clts after fpu_taskswitch, wbinvd, hlt
 * refused, and port I/O: #GP at IOPL 0, all ones from a port a domU may
 * not touch at IOPL 1.
 */
#include <guest/cpuid.h>
#include <guest/msr.h>
#include <guest/port-io.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "emul/priv-ops";

#define HC_FPU_TASKSWITCH 5
#define HC_PHYSDEV_OP 33
#define PHYSDEVOP_SET_IOPL 6

static void expect_no_trap(const char *what)
{
	CHECK_EQ(what, trap_last.count, 0);
}

static void expect_gp0(const char *what)
{
	CHECK_EQ(what, trap_last.count, 1);
	CHECK_EQ(what, trap_last.frame.vector, 13);
	CHECK_EQ(what, trap_last.frame.error_code, 0);
	trap_reset();
}

static void test_cpuid(void)
{
	struct cpuid_out r = xen_cpuid(0x40000000, 0);

	CHECK_EQ("cpuid 0x40000000 eax", r.a, 0x40000005);
	CHECK_EQ("cpuid 0x40000000 ebx", r.b, 0x566e6558);
	CHECK_EQ("cpuid 0x40000000 ecx", r.c, 0x65584d4d);
	CHECK_EQ("cpuid 0x40000000 edx", r.d, 0x4d4d566e);
	r = xen_cpuid(0x40000001, 0);
	CHECK_EQ("cpuid 0x40000001 eax (4.17)", r.a, 0x00040011);
	r = xen_cpuid(0x40000002, 0);
	CHECK_EQ("cpuid 0x40000002 eax", r.a, 1);
	CHECK_EQ("cpuid 0x40000002 ebx", r.b, 0x40000000);
	CHECK_EQ("cpuid 0x40000002 ecx bit 0", r.c & 1, 1);
	r = xen_cpuid(0x40000003, 0);
	printf("leaf 0x40000003.0: %x %x %x %x\n", r.a, r.b, r.c, r.d);
	r = xen_cpuid(0x40000003, 1);
	printf("leaf 0x40000003.1: %x %x %x %x\n", r.a, r.b, r.c, r.d);
	r = xen_cpuid(0x40000004, 0);
	printf("leaf 0x40000004.0: %x %x %x %x\n", r.a, r.b, r.c, r.d);
	r = xen_cpuid(0x40000005, 0);
	printf("leaf 0x40000005.0: %x %x %x %x\n", r.a, r.b, r.c, r.d);
	r = xen_cpuid(1, 0);
	printf("leaf 1: %x %x %x %x\n", r.a, r.b, r.c, r.d);
	r = xen_cpuid(7, 0);
	printf("leaf 7: %x %x %x %x\n", r.a, r.b, r.c, r.d);
	r = xen_cpuid(0, 0);
	printf("leaf 0: %x\n", r.a);
	r = xen_cpuid(0x80000000, 0);
	printf("leaf 0x80000000: %x\n", r.a);
	r = xen_cpuid(0x80000001, 0);
	printf("leaf 0x80000001: %x %x %x %x\n", r.a, r.b, r.c, r.d);
	r = xen_cpuid(0x80000007, 0);
	printf("leaf 0x80000007: %x %x %x %x\n", r.a, r.b, r.c, r.d);
	r = xen_cpuid(0x80000008, 0);
	printf("leaf 0x80000008: %x %x %x %x\n", r.a, r.b, r.c, r.d);
	r = xen_cpuid(0x40000005, 0);
	/* fls(highest MFN) + 12: 29 for 512 MiB (Xen 4.17 says so too). */
	CHECK_EQ("cpuid 0x40000005 ebx plausible", r.b >= 24 && r.b <= 52, 1);
	r = xen_cpuid(0x40000006, 0);
	CHECK_EQ("cpuid 0x40000006", r.a | r.b | r.c | r.d, 0);

	r = xen_cpuid(1, 0);
	CHECK_EQ("cpuid 1 hypervisor bit", r.c >> 31, 1);
	CHECK_EQ("cpuid 1 APIC ID", r.b >> 24, 0);
	/* VMX, MONITOR, PCID, X2APIC, TSC_DEADLINE */
	CHECK_EQ("cpuid 1 ecx hidden bits",
		 r.c & ((1u << 5) | (1u << 3) | (1u << 17) | (1u << 21) |
			(1u << 24)),
		 0);
	/* VME, PSE, PGE, PSE36, DS, TM */
	CHECK_EQ("cpuid 1 edx hidden bits",
		 r.d & ((1u << 1) | (1u << 3) | (1u << 13) | (1u << 17) |
			(1u << 21) | (1u << 29)),
		 0);
	CHECK_EQ("cpuid 1 edx FPU TSC MSR PAE CX8 FXSR SSE2", r.d & 0x05000171u,
		 0x05000171u);
	if (xen_cpuid(0, 0).a >= 7) {
		r = xen_cpuid(7, 0);
		/* SMEP, SMAP, INVPCID */
		CHECK_EQ("cpuid 7 ebx hidden bits",
			 r.b & ((1u << 7) | (1u << 20) | (1u << 10)), 0);
		/* UMIP, PKU, OSPKE, LA57 */
		CHECK_EQ("cpuid 7 ecx hidden bits",
			 r.c & ((1u << 2) | (1u << 3) | (1u << 4) | (1u << 16)),
			 0);
	}
	r = xen_cpuid(0x80000001, 0);
	CHECK_EQ("cpuid 0x80000001 edx LM", (r.d >> 29) & 1, 1);
	CHECK_EQ("cpuid 0x80000001 ecx SVM", (r.c >> 2) & 1, 0);
	CHECK_EQ("cpuid 0x80000001 ecx CR8_LEGACY", (r.c >> 4) & 1, 0);
	r = xen_cpuid(0x80000008, 0);
	CHECK_EQ("cpuid 0x80000008 virtual address bits", (r.a >> 8) & 0xff,
		 48);
}

static void test_msrs(void)
{
	static const uint32_t bases[] = { 0xc0000100, 0xc0000101, 0xc0000102 };
	uint64_t old, val;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		trap_reset();
		old = rdmsr_safe(bases[i]);
		wrmsr_safe(bases[i], 0x00007f1234567000ULL + i);
		val = rdmsr_safe(bases[i]);
		wrmsr_safe(bases[i], old);
		expect_no_trap("segment base rdmsr/wrmsr");
		printf("msr %#x: %#lx round trip %#lx\n", bases[i], old, val);
		CHECK_EQ("segment base round trip", val,
			 0x00007f1234567000ULL + i);
		CHECK_EQ("segment base restored", rdmsr_safe(bases[i]), old);
		wrmsr_safe(bases[i], 0x0000800000000000ULL);
		expect_gp0("non-canonical base");
		CHECK_EQ("base after refused write", rdmsr_safe(bases[i]), old);
	}

	trap_reset();
	val = rdmsr_safe(0x277);
	expect_no_trap("rdmsr PAT");
	CHECK_EQ("PAT", val, 0x0000050100070406ULL);
	val = rdmsr_safe(0xc0000080);
	expect_no_trap("rdmsr EFER");
	CHECK_EQ("EFER LME+LMA", val & 0x500, 0x500);
	CHECK_EQ("EFER SVME", val & 0x1000, 0);
	wrmsr_safe(0xc0000080, val);
	expect_no_trap("wrmsr EFER unchanged");

	rdmsr_safe(0xc0000180);
	expect_gp0("rdmsr unknown MSR");
	wrmsr_safe(0xc0000180, 0);
	expect_gp0("wrmsr unknown MSR");
}

static uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static void test_crs(void)
{
	uint64_t cr0, cr4;

	trap_reset();
	cr0 = read_cr0();
	printf("cr0 %#lx\n", cr0);
	CHECK_EQ("CR0 PE+PG", cr0 & 0x80000001ULL, 0x80000001ULL);
	CHECK_EQ("fpu_taskswitch(1)",
		 hypercall(HC_FPU_TASKSWITCH, 1, 0, 0, 0, 0), 0);
	CHECK_EQ("CR0.TS after fpu_taskswitch(1)", (read_cr0() >> 3) & 1, 1);
	__asm__ volatile("clts" ::: "memory");
	CHECK_EQ("CR0.TS after clts", (read_cr0() >> 3) & 1, 0);

	cr4 = read_cr4();
	printf("cr4 %#lx\n", cr4);
	CHECK_EQ("CR4.PAE", (cr4 >> 5) & 1, 1);
	/* PSE PGE VMXE PCIDE SMEP SMAP: never shown to a PV guest. */
	CHECK_EQ("CR4 hypervisor bits hidden",
		 cr4 & ((1u << 4) | (1u << 7) | (1u << 13) | (1u << 17) |
			(1u << 20) | (1u << 21)),
		 0);
	__asm__ volatile("mov %0, %%cr4" ::"r"(cr4 | (1u << 7) | (1u << 20))
			 : "memory");
	CHECK_EQ("CR4 after writing PGE|SMEP", read_cr4(), cr4);
	expect_no_trap("control registers");

	__asm__ volatile("1: wbinvd\n2:\n\t" EXTABLE(1b, 2b)::: "memory");
	expect_no_trap("wbinvd");
	__asm__ volatile("1: hlt\n2:\n\t" EXTABLE(1b, 2b)::: "memory");
	expect_gp0("hlt");
}

static void test_io(void)
{
	uint32_t iopl;

	trap_reset();
	inl(0x1234);
	expect_gp0("inl at IOPL 0");
	iopl = 1;
	CHECK_EQ("physdev set_iopl 1",
		 hypercall(HC_PHYSDEV_OP, PHYSDEVOP_SET_IOPL, (uint64_t)&iopl,
			   0, 0, 0),
		 0);
	CHECK_EQ("inl from an unpermitted port", inl(0x1234), 0xffffffffu);
	expect_no_trap("inl at IOPL 1");
	iopl = 0;
	hypercall(HC_PHYSDEV_OP, PHYSDEVOP_SET_IOPL, (uint64_t)&iopl, 0, 0, 0);
}

static uint64_t rdtsc_now(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

/* Not a check: the cost of one emulated instruction, for comparison
 * between hypervisors on the same machine. */
static void measure(void)
{
	uint64_t t0, t1, t2;
	unsigned int i;

	t0 = rdtsc_now();
	for (i = 0; i < 1000; i++)
		rdmsr_safe(0xc0000100);
	t1 = rdtsc_now();
	for (i = 0; i < 1000; i++)
		xen_cpuid(0x40000000, 0);
	t2 = rdtsc_now();
	printf("cost: rdmsr FS_BASE %lu TSC ticks, forced cpuid %lu\n",
	       (t1 - t0) / 1000, (t2 - t1) / 1000);
}

void test_main(void)
{
	/* No trap table yet: an unknown MSR reads 0 instead of a fatal #GP
	 * (Xen's "faking RDMSR" for guests without a #GP handler). */
	CHECK_EQ("rdmsr unknown MSR without a #GP handler",
		 rdmsr_safe(0xc0000180), 0);
	CHECK_EQ("set_trap_table", install_traps(-1), 0);
	test_cpuid();
	test_msrs();
	test_crs();
	test_io();
	measure();
	test_success();
}
