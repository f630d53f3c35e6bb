/* SPDX-License-Identifier: MIT */
/*
 * smp/fpu-context: VCPUOP_initialise with VGCF_I387_VALID gives the new
 * vCPU the x87/SSE state of the context's FXSAVE image (fpu_ctxt): its
 * FCW, MXCSR and XMM0 are the image's at its first instruction, and its
 * XCR0 is x87|SSE. Xen 4.17 copies the image into the vCPU's XSAVE area
 * and marks x87 and SSE present; satori must do the same, or XRSTOR
 * would start the vCPU with the initial state instead.
 */
#include <guest/cpuid.h>
#include <guest/hypercall.h>
#include <guest/string.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "smp/fpu-context";

#define SPIN_LIMIT 2000000
#define FCW_MARK 0x027f	   /* 53-bit precision: not the reset 0x37f */
#define MXCSR_MARK 0x3f80u /* round toward zero */
#define XMM0_OFFSET 160
#define CPUID1_XSAVE (1u << 26)

static uint8_t stack1[8192] __attribute__((aligned(16)));
static volatile int seen;
static volatile uint16_t seen_fcw;
static volatile uint32_t seen_mxcsr;
static uint64_t seen_xmm0[2];
static volatile uint64_t seen_xcr0;
static const uint64_t xmm0_mark[2] = { 0x0123456789abcdefull,
				       0xfedcba9876543210ull };

static int has_xsave(void)
{
	return (xen_cpuid(1, 0).c & CPUID1_XSAVE) != 0;
}

/* vCPU 1's first instruction: record the FPU state, go down. */
static __attribute__((noreturn, used)) void vcpu1_entry(void)
{
	uint32_t lo = 0, hi = 0;

	__asm__ volatile("fnstcw %0" : "=m"(seen_fcw));
	__asm__ volatile("stmxcsr %0" : "=m"(seen_mxcsr));
	__asm__ volatile("movdqu %%xmm0, %0" : "=m"(seen_xmm0));
	if (has_xsave())
		__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	seen_xcr0 = ((uint64_t)hi << 32) | lo;
	__asm__ volatile("" ::: "memory"); /* stores before the flag */
	seen = 1;
	for (;;)
		hc_vcpu_op(VCPUOP_down, 1, NULL);
}

void test_main(void)
{
	static struct vcpu_guest_context ctx;
	uint16_t fcw = FCW_MARK;
	uint32_t mxcsr = MXCSR_MARK;
	unsigned long n = 0;

	vcpu_fill_context(&ctx, 1);
	ctx.user_regs.rip = (uint64_t)vcpu1_entry;
	ctx.user_regs.rsp = (uint64_t)(stack1 + sizeof(stack1) - 8);
	ctx.flags |= VGCF_I387_VALID;
	memcpy(ctx.fpu_ctxt.x, &fcw, sizeof(fcw));
	memcpy(ctx.fpu_ctxt.x + 24, &mxcsr, sizeof(mxcsr));
	memcpy(ctx.fpu_ctxt.x + XMM0_OFFSET, xmm0_mark, sizeof(xmm0_mark));
	CHECK_EQ("VCPUOP_initialise(1)", hc_vcpu_op(VCPUOP_initialise, 1, &ctx),
		 0);
	CHECK_EQ("VCPUOP_up(1)", hc_vcpu_op(VCPUOP_up, 1, NULL), 0);
	while (!seen && n++ < SPIN_LIMIT)
		hc_sched_op(SCHEDOP_yield, NULL);
	if (!seen)
		test_fail("vCPU 1 did not run");
	printf("vCPU 1: FCW %#x MXCSR %#x XMM0 %llx:%llx XCR0 %llx\n", seen_fcw,
	       seen_mxcsr, (unsigned long long)seen_xmm0[1],
	       (unsigned long long)seen_xmm0[0], (unsigned long long)seen_xcr0);
	CHECK_EQ("FCW from fpu_ctxt", seen_fcw, FCW_MARK);
	CHECK_EQ("MXCSR from fpu_ctxt", seen_mxcsr, MXCSR_MARK);
	CHECK_EQ("XMM0 low from fpu_ctxt", seen_xmm0[0], xmm0_mark[0]);
	CHECK_EQ("XMM0 high from fpu_ctxt", seen_xmm0[1], xmm0_mark[1]);
	if (has_xsave())
		CHECK_EQ("XCR0 of the new vCPU", seen_xcr0, 3);
	test_success();
}
