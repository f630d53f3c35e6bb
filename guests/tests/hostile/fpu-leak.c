/* SPDX-License-Identifier: MIT */
/*
 * hostile/fpu-leak: a vCPU's first FPU/SSE state must not be what the
 * CPU last held for someone else.
 *
 * Rule: a new vCPU starts with a clean FPU/SSE state (Xen 4.17 zeroes it,
 * with the default FCW and MXCSR), and a vCPU's own state survives being
 * descheduled. Attack (two domains on one CPU, tests/boot/fpu-leak.test):
 * the first fills XMM0-15 with a marker and yields; the second reads
 * XMM0-15 first thing. Alone (as dom0 on Xen) the test checks both rules
 * for itself.
 */
#include <guest/test.h>

const char test_name[] = "hostile/fpu-leak";

#define NR_XMM 16
#define MARKER 0x5a17c0de5a17c0deULL

struct xmm_dump {
	uint64_t q[2 * NR_XMM];
};

static void read_xmm(struct xmm_dump *out)
{
	__asm__ volatile(
		"movdqu %%xmm0, 0(%1)\n\tmovdqu %%xmm1, 16(%1)\n\t"
		"movdqu %%xmm2, 32(%1)\n\tmovdqu %%xmm3, 48(%1)\n\t"
		"movdqu %%xmm4, 64(%1)\n\tmovdqu %%xmm5, 80(%1)\n\t"
		"movdqu %%xmm6, 96(%1)\n\tmovdqu %%xmm7, 112(%1)\n\t"
		"movdqu %%xmm8, 128(%1)\n\tmovdqu %%xmm9, 144(%1)\n\t"
		"movdqu %%xmm10, 160(%1)\n\tmovdqu %%xmm11, 176(%1)\n\t"
		"movdqu %%xmm12, 192(%1)\n\tmovdqu %%xmm13, 208(%1)\n\t"
		"movdqu %%xmm14, 224(%1)\n\tmovdqu %%xmm15, 240(%1)"
		: "=m"(*out)
		: "r"(out));
}

/* The compiler never uses XMM registers here (-mgeneral-regs-only). */
static void fill_xmm(const uint64_t *pattern)
{
	__asm__ volatile("movdqu (%0), %%xmm0\n\tmovdqa %%xmm0, %%xmm1\n\t"
			 "movdqa %%xmm0, %%xmm2\n\tmovdqa %%xmm0, %%xmm3\n\t"
			 "movdqa %%xmm0, %%xmm4\n\tmovdqa %%xmm0, %%xmm5\n\t"
			 "movdqa %%xmm0, %%xmm6\n\tmovdqa %%xmm0, %%xmm7\n\t"
			 "movdqa %%xmm0, %%xmm8\n\tmovdqa %%xmm0, %%xmm9\n\t"
			 "movdqa %%xmm0, %%xmm10\n\tmovdqa %%xmm0, %%xmm11\n\t"
			 "movdqa %%xmm0, %%xmm12\n\tmovdqa %%xmm0, %%xmm13\n\t"
			 "movdqa %%xmm0, %%xmm14\n\tmovdqa %%xmm0, %%xmm15"
			 :
			 : "r"(pattern)
			 : "memory");
}

/* How many of the 32 XMM quadwords differ from @want. */
static unsigned int xmm_differing(uint64_t want)
{
	struct xmm_dump regs;
	unsigned int i, n = 0;

	read_xmm(&regs);
	for (i = 0; i < 2 * NR_XMM; i++)
		if (regs.q[i] != want) {
			if (want == 0)
				printf("hostile/fpu-leak: xmm%u[%u] = %016llx\n",
				       i / 2, i % 2,
				       (unsigned long long)regs.q[i]);
			n++;
		}
	return n;
}

void test_main(void)
{
	static const uint64_t marker[2] = { MARKER, MARKER };
	unsigned int i;

	CHECK_EQ("non-zero XMM quadwords at the first instruction",
		 xmm_differing(0), 0);
	fill_xmm(marker);
	for (i = 0; i < 20; i++)
		CHECK_EQ("SCHEDOP_yield", hc_sched_op(SCHEDOP_yield, NULL), 0);
	CHECK_EQ("XMM quadwords changed across yields", xmm_differing(MARKER),
		 0);
	test_success();
}
