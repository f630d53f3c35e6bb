/* SPDX-License-Identifier: MIT */
/*
 * CPU state a PV context switch saves and loads: the syscall MSRs, the
 * segment bases, data selectors, CR0.TS and FXSAVE (XSAVE: asm/xstate.h).
 * Inline asm lives here so that the PV C code stays plain C.
 */
#ifndef ASM_X86_PV_CPU_H
#define ASM_X86_PV_CPU_H

#include <satori/types.h>

#include <asm/extable.h>

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SFMASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define MSR_TSC_AUX 0xc0000103
#define MSR_SYSENTER_CS 0x00000174
#define EFER_SCE (1ULL << 0)

#define X86_CR0_MP (1ULL << 1)
#define X86_CR0_TS (1ULL << 3)
#define X86_CR0_NE (1ULL << 5)
#define X86_CR4_OSFXSR (1ULL << 9)
#define X86_CR4_OSXMMEXCPT (1ULL << 10)

#define X86_EFLAGS_TF (1u << 8)
#define X86_EFLAGS_DF (1u << 10)
#define X86_EFLAGS_IOPL (3u << 12)
#define X86_EFLAGS_NT (1u << 14)
#define X86_EFLAGS_RF (1u << 16)
#define X86_EFLAGS_VM (1u << 17)
#define X86_EFLAGS_AC (1u << 18)
#define X86_EFLAGS_MBS (1u << 1) /* Always reads as 1. */

/* The MXCSR value after reset: all exceptions masked. */
#define MXCSR_DEFAULT 0x1f80

static inline void clts(void)
{
	__asm__ __volatile__("clts" ::: "memory");
}

/* Exchange GS_BASE and SHADOW_GS_BASE (satori itself never uses GS). */
static inline void swapgs(void)
{
	__asm__ __volatile__("swapgs" ::: "memory");
}

static inline void fxsave(void *area)
{
	__asm__ __volatile__("fxsaveq %0" : "=m"(*(uint8_t(*)[512])area));
}

#define DEFINE_DR_OPS(n)                                                     \
	static inline uint64_t read_dr##n(void)                              \
	{                                                                    \
		uint64_t v;                                                  \
		__asm__ __volatile__("mov %%db" #n ", %0" : "=r"(v));        \
		return v;                                                    \
	}                                                                    \
	static inline void write_dr##n(uint64_t v)                           \
	{                                                                    \
		__asm__ __volatile__("mov %0, %%db" #n ::"r"(v) : "memory"); \
	}
DEFINE_DR_OPS(0)
DEFINE_DR_OPS(1)
DEFINE_DR_OPS(2)
DEFINE_DR_OPS(3)
DEFINE_DR_OPS(6)
DEFINE_DR_OPS(7)
#undef DEFINE_DR_OPS

#define DEFINE_SEL_OPS(s)                                                \
	static inline uint16_t read_sel_##s(void)                        \
	{                                                                \
		uint16_t v;                                              \
		__asm__ __volatile__("mov %%" #s ", %0" : "=r"(v));      \
		return v;                                                \
	}                                                                \
	/* Load @v; a selector that faults loads the null selector. */   \
	static inline void load_sel_##s(uint16_t v)                      \
	{                                                                \
		__asm__ __volatile__(                                    \
			"1: mov %0, %%" #s "\n"                          \
			"2:\n" ASM_FAULT_FIXUP("xor %k0, %k0\n"          \
					       "   mov %k0, %%" #s "\n") \
			: "+r"(v));                                      \
	}
/* Load @v; false if it faulted (the null selector is loaded instead). */
#define DEFINE_SEL_TRY(s)                                                      \
	static inline bool try_load_sel_##s(uint16_t v)                        \
	{                                                                      \
		bool ok = true;                                                \
		__asm__ __volatile__("1: mov %1, %%" #s "\n"                   \
				     "2:\n" ASM_FAULT_FIXUP("movb $0, %0\n"    \
							    "   mov %2, %%" #s \
							    "\n")              \
				     : "+m"(ok)                                \
				     : "r"(v), "r"(0));                        \
		return ok;                                                     \
	}
DEFINE_SEL_TRY(ds)
DEFINE_SEL_TRY(es)
DEFINE_SEL_TRY(fs)
DEFINE_SEL_TRY(gs)
#undef DEFINE_SEL_TRY

DEFINE_SEL_OPS(ds)
DEFINE_SEL_OPS(es)
DEFINE_SEL_OPS(fs)
DEFINE_SEL_OPS(gs)
#undef DEFINE_SEL_OPS

#endif
