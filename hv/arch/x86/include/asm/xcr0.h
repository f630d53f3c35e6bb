/* SPDX-License-Identifier: MIT */
/*
 * XCR0, the XSAVE feature-enable register: its component bits and the
 * rules a value must follow, as pure functions (xcr0.c) shared by the
 * XSETBV emulation, the CPUID policy and the host unit tests.
 */
#ifndef ASM_X86_XCR0_H
#define ASM_X86_XCR0_H

#include <satori/types.h>

#define XCR_XFEATURE_ENABLED_MASK 0 /* XCR0; the only XCR a guest sets. */

#define XSTATE_X87 (1ULL << 0)
#define XSTATE_SSE (1ULL << 1)
#define XSTATE_YMM (1ULL << 2)
#define XSTATE_BNDREGS (1ULL << 3)
#define XSTATE_BNDCSR (1ULL << 4)
#define XSTATE_OPMASK (1ULL << 5)
#define XSTATE_ZMM_HI256 (1ULL << 6)
#define XSTATE_HI16_ZMM (1ULL << 7)
#define XSTATE_FP_SSE (XSTATE_X87 | XSTATE_SSE)
#define XSTATE_AVX512 (XSTATE_OPMASK | XSTATE_ZMM_HI256 | XSTATE_HI16_ZMM)

/* The components satori switches for guests: x87, SSE, AVX. */
#define XSTATE_SATORI_MASK (XSTATE_FP_SSE | XSTATE_YMM)

/*
 * Is @xcr0 a value the architecture accepts (Xen's valid_xcr0)? x87 is
 * set; AVX needs SSE; the AVX-512 components need AVX and come all
 * together; the two MPX components come together.
 */
bool xcr0_valid(uint64_t xcr0);

/*
 * May a guest whose policy allows the components @guest_max set XCR
 * @index to @val (Xen's handle_xsetbv)? Only XCR0, only a valid value,
 * only bits of @guest_max. false: the guest gets #GP(0).
 */
bool xcr0_guest_accept(uint32_t index, uint64_t val, uint64_t guest_max);

#endif
