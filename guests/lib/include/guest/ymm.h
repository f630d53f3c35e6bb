/* SPDX-License-Identifier: MIT */
/*
 * The sixteen YMM registers to and from memory, for the tests of AVX
 * state (emul/xsave, hostile/ymm-leak). Only for a vCPU that has enabled
 * AVX (XCR0 bit 2): otherwise each access is #UD.
 */
#ifndef GUEST_YMM_H
#define GUEST_YMM_H

#include <stdint.h>

#define NR_YMM 16

struct ymm_dump {
	uint64_t q[4 * NR_YMM];
};

static inline void save_ymm(struct ymm_dump *out)
{
	__asm__ volatile(
		"vmovdqu %%ymm0, 0(%0)\n\tvmovdqu %%ymm1, 32(%0)\n\t"
		"vmovdqu %%ymm2, 64(%0)\n\tvmovdqu %%ymm3, 96(%0)\n\t"
		"vmovdqu %%ymm4, 128(%0)\n\tvmovdqu %%ymm5, 160(%0)\n\t"
		"vmovdqu %%ymm6, 192(%0)\n\tvmovdqu %%ymm7, 224(%0)\n\t"
		"vmovdqu %%ymm8, 256(%0)\n\tvmovdqu %%ymm9, 288(%0)\n\t"
		"vmovdqu %%ymm10, 320(%0)\n\t"
		"vmovdqu %%ymm11, 352(%0)\n\t"
		"vmovdqu %%ymm12, 384(%0)\n\t"
		"vmovdqu %%ymm13, 416(%0)\n\t"
		"vmovdqu %%ymm14, 448(%0)\n\t"
		"vmovdqu %%ymm15, 480(%0)"
		:
		: "r"(out->q)
		: "memory");
}

static inline void load_ymm(const struct ymm_dump *in)
{
	__asm__ volatile(
		"vmovdqu 0(%0), %%ymm0\n\tvmovdqu 32(%0), %%ymm1\n\t"
		"vmovdqu 64(%0), %%ymm2\n\tvmovdqu 96(%0), %%ymm3\n\t"
		"vmovdqu 128(%0), %%ymm4\n\tvmovdqu 160(%0), %%ymm5\n\t"
		"vmovdqu 192(%0), %%ymm6\n\tvmovdqu 224(%0), %%ymm7\n\t"
		"vmovdqu 256(%0), %%ymm8\n\tvmovdqu 288(%0), %%ymm9\n\t"
		"vmovdqu 320(%0), %%ymm10\n\t"
		"vmovdqu 352(%0), %%ymm11\n\t"
		"vmovdqu 384(%0), %%ymm12\n\t"
		"vmovdqu 416(%0), %%ymm13\n\t"
		"vmovdqu 448(%0), %%ymm14\n\t"
		"vmovdqu 480(%0), %%ymm15"
		:
		: "r"(in->q)
		: "memory");
}

#endif
