/* SPDX-License-Identifier: MIT */
/*
 * emul/xsave: XSAVE and AVX for a PV kernel, as Xen 4.17 offers them.
 * The enlightened CPUID shows XSAVE, AVX and (to the kernel, before it
 * sets CR4.OSXSAVE) OSXSAVE; leaf 0xd is self-consistent (subleaf 0's
 * sizes follow the components of subleaves 2.., EBX follows XCR0). A
 * fresh vCPU has XCR0 = x87|SSE. XSETBV is #UD until the virtual
 * CR4.OSXSAVE is set, then #GP for anything but XCR0 with x87 set, AVX
 * only with SSE and only policy bits; valid values show in XGETBV and in
 * leaf 0xd. The YMM registers survive hypercalls, yields and an event
 * upcall, and an XRSTOR of a bad image is the guest's own #GP.
 */
#include <guest/cpuid.h>
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/traps.h>
#include <guest/ymm.h>
#include <guest/vcpu.h>

const char test_name[] = "emul/xsave";

#define CPUID1_XSAVE (1u << 26)
#define CPUID1_OSXSAVE (1u << 27)
#define CPUID1_AVX (1u << 28)
#define CR4_OSXSAVE (1ull << 18)
#define XCR0_X87 1ull
#define XCR0_SSE 2ull
#define XCR0_YMM 4ull
#define LEGACY_AREA 512u
#define XSAVE_HEADER 64u

static uint64_t xgetbv(uint32_t idx)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(idx));
	return ((uint64_t)hi << 32) | lo;
}

/* XSETBV that resumes after a fault; trap_last says which. */
static void xsetbv_safe(uint32_t idx, uint64_t val)
{
	__asm__ volatile("1: xsetbv\n2:\n\t" EXTABLE(1b, 2b)::"c"(idx),
			 "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
			 : "memory");
}

static uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static void write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" ::"r"(v) : "memory");
}

static void expect_trap(const char *what, unsigned int vector)
{
	if (trap_last.count != 1 || trap_last.frame.vector != vector)
		test_fail("%s: %u exceptions, last vector %llu (want %u)", what,
			  trap_last.count,
			  (unsigned long long)trap_last.frame.vector, vector);
	trap_reset();
}

/* Leaf 0xd subleaf 0's sizes and the components of subleaves 2-62. */
static uint32_t check_leaf_d(uint64_t xcr0)
{
	struct cpuid_out s0 = xen_cpuid(0xd, 0), s1 = xen_cpuid(0xd, 1);
	uint64_t max = ((uint64_t)s0.d << 32) | s0.a;
	uint32_t want_max = LEGACY_AREA + XSAVE_HEADER, want_cur = want_max;

	printf("leaf 0xd.0: %x %x %x %x, 0xd.1: %x %x %x %x (xcr0 %llx)\n",
	       s0.a, s0.b, s0.c, s0.d, s1.a, s1.b, s1.c, s1.d,
	       (unsigned long long)xcr0);
	CHECK_EQ("leaf 0xd.0 x87|SSE", max & 3, 3);
	CHECK_EQ("leaf 0xd.1 XSAVES (not for PV)", s1.a & (1u << 3), 0);
	CHECK_EQ("leaf 0xd.1 ECX/EDX (no XSS states)", s1.c | s1.d, 0);
	for (unsigned int i = 2; i < 63; i++) {
		struct cpuid_out c = xen_cpuid(0xd, i);
		uint32_t end = c.a + c.b;

		if (!((max >> i) & 1)) {
			CHECK_EQ("leaf 0xd: absent component",
				 c.a | c.b | c.c | c.d, 0);
			continue;
		}
		printf("leaf 0xd.%u: %x %x %x %x\n", i, c.a, c.b, c.c, c.d);
		CHECK_EQ("leaf 0xd component: user state (ECX.0 clear)",
			 c.c & 1, 0);
		if (c.a == 0 || c.b < LEGACY_AREA + XSAVE_HEADER)
			test_fail("leaf 0xd.%u size %u offset %u", i, c.a, c.b);
		if (end > want_max)
			want_max = end;
		if (((xcr0 >> i) & 1) && end > want_cur)
			want_cur = end;
	}
	CHECK_EQ("leaf 0xd.63", xen_cpuid(0xd, 63).a, 0);
	CHECK_EQ("leaf 0xd.0 ECX (size for all components)", s0.c, want_max);
	CHECK_EQ("leaf 0xd.0 EBX (size for XCR0)", s0.b, want_cur);
	return s0.a;
}

static void check_cpuid_bits(void)
{
	struct cpuid_out r = xen_cpuid(1, 0);

	printf("leaf 1 ecx %x, leaf 7 ebx %x ecx %x\n", r.c, xen_cpuid(7, 0).b,
	       xen_cpuid(7, 0).c);
	if (!(r.c & CPUID1_XSAVE))
		test_skip("no XSAVE in the CPUID policy");
	/* Xen's PV quirk: the kernel's enlightened CPUID shows OSXSAVE
	 * whenever the hypervisor uses XSAVE. */
	CHECK_EQ("leaf 1 OSXSAVE (kernel, forced CPUID)",
		 !!(r.c & CPUID1_OSXSAVE), 1);
	CHECK_EQ("leaf 1 AVX", !!(r.c & CPUID1_AVX), 1);
}

static void check_xsetbv_refused(void)
{
	static const struct {
		uint32_t idx;
		uint64_t val;
	} bad[] = {
		{ 0, 0 },
		{ 0, XCR0_SSE },
		{ 0, XCR0_YMM | XCR0_SSE },
		{ 0, 5 },
		{ 0, 7 | (1ull << 9) },
		{ 0, 0x1f },
		{ 0, 0xff },
		{ 0, 7 | (1ull << 62) },
		{ 0, 7 | (1ull << 63) },
		{ 1, 7 },
		{ 1, 1 },
		{ 2, 7 },
	};

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		xsetbv_safe(bad[i].idx, bad[i].val);
		if (trap_last.count != 1 || trap_last.frame.vector != 13 ||
		    trap_last.frame.error_code != 0)
			test_fail("xsetbv(%u, %llx): %u exceptions, vector "
				  "%llu (want #GP(0))",
				  bad[i].idx, (unsigned long long)bad[i].val,
				  trap_last.count,
				  (unsigned long long)trap_last.frame.vector);
		trap_reset();
		CHECK_EQ("XCR0 after a refused xsetbv", xgetbv(0), 3);
	}
}

static void check_xsetbv(void)
{
	uint64_t cr4 = read_cr4();

	printf("cr4 %llx, xcr0 %llx\n", (unsigned long long)cr4,
	       (unsigned long long)xgetbv(0));
	CHECK_EQ("virtual CR4.OSXSAVE at start", cr4 & CR4_OSXSAVE, 0);
	CHECK_EQ("XCR0 of a fresh vCPU", xgetbv(0), XCR0_X87 | XCR0_SSE);
	check_leaf_d(3);

	xsetbv_safe(0, 7);
	expect_trap("xsetbv with CR4.OSXSAVE clear (#UD)", 6);
	CHECK_EQ("XCR0 unchanged", xgetbv(0), 3);

	write_cr4(cr4 | CR4_OSXSAVE);
	CHECK_EQ("virtual CR4.OSXSAVE set", read_cr4() & CR4_OSXSAVE,
		 CR4_OSXSAVE);
	CHECK_EQ("leaf 1 OSXSAVE after CR4.OSXSAVE",
		 !!(xen_cpuid(1, 0).c & CPUID1_OSXSAVE), 1);
	check_xsetbv_refused();

	xsetbv_safe(0, XCR0_X87);
	CHECK_EQ("xsetbv(0, 1) accepted", trap_last.count, 0);
	CHECK_EQ("XCR0 = x87", xgetbv(0), XCR0_X87);
	check_leaf_d(XCR0_X87);
	xsetbv_safe(0, 7);
	CHECK_EQ("xsetbv(0, 7) accepted", trap_last.count, 0);
	CHECK_EQ("XCR0 = x87|SSE|AVX", xgetbv(0), 7);
	CHECK_EQ("leaf 0xd.0 EAX has AVX", check_leaf_d(7) & 4, 4);
}

/* YMM state through hypercalls, yields and a timer event upcall. */
static void check_ymm_survives(void)
{
	static struct ymm_dump want, got;
	unsigned int early;
	uint64_t upcalls, deadline;

	for (unsigned int i = 0; i < 4 * NR_YMM; i++)
		want.q[i] = 0x9e3779b97f4a7c15ull * (i + 1);
	if (vcpu0_timer_setup() < 0)
		test_error("VIRQ_TIMER setup failed");
	upcalls = vcpu_upcalls[0];
	load_ymm(&want);
	for (unsigned int i = 0; i < 10; i++)
		CHECK_EQ("SCHEDOP_yield", hc_sched_op(SCHEDOP_yield, NULL), 0);
	deadline = guest_now() + 5000000;
	CHECK_EQ("set_timer_op", hc_set_timer_op(deadline), 0);
	block_until(deadline, &early);
	vcpu_events_unmask();
	save_ymm(&got);
	if (vcpu_upcalls[0] == upcalls)
		test_fail("no event upcall while blocked");
	for (unsigned int i = 0; i < 4 * NR_YMM; i++)
		if (got.q[i] != want.q[i])
			test_fail("ymm%u[%u] = %llx, want %llx", i / 4, i % 4,
				  (unsigned long long)got.q[i],
				  (unsigned long long)want.q[i]);
}

/* XRSTOR of a bad image is refused to the guest itself (#GP). */
static void check_bad_xrstor(void)
{
	static uint8_t area[1024] __attribute__((aligned(64)));
	uint64_t *hdr = (uint64_t *)(area + LEGACY_AREA);

	memset(area, 0, sizeof(area));
	area[24] = 0x80; /* MXCSR 0x1f80 */
	area[25] = 0x1f;
	hdr[0] = 3;
	hdr[2] = 0xdeadbeef; /* reserved header bytes */
	__asm__ volatile("1: xrstor64 (%0)\n2:\n\t" EXTABLE(1b, 2b)::"r"(area),
			 "a"(7), "d"(0)
			 : "memory");
	expect_trap("xrstor with reserved header bits", 13);
	hdr[2] = 0;
	hdr[0] = 3 | (1ull << 9); /* a component XCR0 lacks */
	__asm__ volatile("1: xrstor64 (%0)\n2:\n\t" EXTABLE(1b, 2b)::"r"(area),
			 "a"(~0u), "d"(~0u)
			 : "memory");
	expect_trap("xrstor of a component outside XCR0", 13);
}

void test_main(void)
{
	CHECK_EQ("set_trap_table", install_traps(-1), 0);
	trap_reset();
	check_cpuid_bits();
	check_xsetbv();
	check_ymm_survives();
	check_bad_xrstor();
	test_success();
}
