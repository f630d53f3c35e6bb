/* SPDX-License-Identifier: MIT */
/*
 * Extended processor state (XSAVE) for PV vCPUs: the XCR0 components,
 * what the host offers (found once on the boot CPU by xstate_cpu_init),
 * the per-vCPU save area and the instructions that fill and load it.
 * Without XSAVE (or with xsave=0) the area is a plain FXSAVE image and
 * the same functions use FXSAVE/FXRSTOR. Inline asm lives here.
 */
#ifndef ASM_X86_XSTATE_H
#define ASM_X86_XSTATE_H

#include <satori/types.h>

#include <asm/extable.h>
#include <asm/xcr0.h>

#define X86_CR4_OSXSAVE (1ULL << 18)

/* The legacy (FXSAVE) region, the XSAVE header, and their sum: the size
 * of an area that holds x87 and SSE only. */
#define XSTATE_LEGACY_SIZE 512u
#define XSTATE_HEADER_SIZE 64u
#define XSTATE_AREA_MIN_SIZE (XSTATE_LEGACY_SIZE + XSTATE_HEADER_SIZE)
/* The largest area satori switches (x87, SSE and AVX need 832 bytes). */
#define XSTATE_AREA_MAX_SIZE 1024u

/* Byte offsets in the legacy region and the header. */
#define XSTATE_FCW_OFFSET 0
#define XSTATE_MXCSR_OFFSET 24
#define XSTATE_MXCSR_MASK_OFFSET 28
#define XSTATE_BV_OFFSET XSTATE_LEGACY_SIZE

/* What the boot CPU found; constant after xstate_cpu_init(0). */
struct xstate_host {
	bool enabled;	     /* XSAVE in use: CR4.OSXSAVE set on every CPU. */
	bool xsaveopt;	     /* CPUID 0xd.1 EAX.0 */
	uint64_t xcr0;	     /* Components satori enables (and offers). */
	uint32_t area_size;  /* Bytes of a vCPU's area (512 without XSAVE). */
	uint32_t mxcsr_mask; /* MXCSR bits the CPU accepts. */
};

extern struct xstate_host xstate_host;

#define cpu_has_xsave (xstate_host.enabled)

struct vcpu;

/*
 * Per CPU, from pv_cpu_init(): CR4.OSFXSR is set already. On the boot CPU
 * (@cpu 0) first find what the host offers (CPUID 1 and 0xd, the xsave=
 * option); on every CPU set CR4.OSXSAVE and XCR0 = xstate_host.xcr0.
 */
void xstate_cpu_init(unsigned int cpu);

/* The XCR0 bits a PV guest may set (0: XSAVE is not offered). */
uint64_t xstate_guest_xcr0_max(void);

/*
 * Give @v its save area (xstate_host.area_size bytes, 64-byte aligned) and
 * the reset state: XCR0 = x87|SSE, nothing saved yet. -ENOMEM if out of
 * memory. xstate_vcpu_free() releases it.
 */
int xstate_vcpu_alloc(struct vcpu *v);
void xstate_vcpu_free(struct vcpu *v);

/*
 * VCPUOP_initialise: @fxsave (512 bytes in FXSAVE layout, unchecked guest
 * data) becomes @v's x87/SSE state, or, if NULL, @v starts clean. XCR0 is
 * reset to x87|SSE. A malformed image (reserved MXCSR bits) is repaired
 * when the state is first loaded (xstate_load).
 */
void xstate_vcpu_set_legacy(struct vcpu *v, const void *fxsave);

/*
 * Context switch, CR0.TS clear, interrupts off. xstate_save() stores the
 * running vCPU @v's state in its area. xstate_load() makes @v's state the
 * CPU's (its saved area, or a clean state if @v never ran) and loads its
 * XCR0; a saved image the CPU refuses is repaired as Xen's xrstor does
 * (invalid parts reset to their defaults), never a hypervisor fault.
 */
void xstate_save(struct vcpu *v);
void xstate_load(struct vcpu *v);

/*
 * XSETBV from @v, the running vCPU, with @xcr0 already validated
 * (xcr0_guest_accept). Components @v never had enabled start in their
 * initial state, not with what the CPU last held for someone else.
 */
void xstate_set_xcr0(struct vcpu *v, uint64_t xcr0);

/* selftest=xstate: xstate_load() of images XRSTOR refuses (xstate-
 * selftest.c); ends the machine. */
void selftest_xstate(void);

/* ---- Instructions (the area must be 64-byte aligned) ---- */

static inline uint64_t xgetbv(uint32_t index)
{
	uint32_t lo, hi;

	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(index));
	return ((uint64_t)hi << 32) | lo;
}

static inline void xsetbv(uint32_t index, uint64_t val)
{
	__asm__ __volatile__("xsetbv" ::"c"(index), "a"((uint32_t)val),
			     "d"((uint32_t)(val >> 32))
			     : "memory");
}

static inline void xsave64(void *area, uint64_t mask)
{
	__asm__ __volatile__("xsave64 (%0)" ::"r"(area), "a"((uint32_t)mask),
			     "d"((uint32_t)(mask >> 32))
			     : "memory");
}

static inline void xsaveopt64(void *area, uint64_t mask)
{
	__asm__ __volatile__("xsaveopt64 (%0)" ::"r"(area), "a"((uint32_t)mask),
			     "d"((uint32_t)(mask >> 32))
			     : "memory");
}

static inline uint32_t read_mxcsr(void)
{
	uint32_t v;

	__asm__ __volatile__("stmxcsr %0" : "=m"(v));
	return v;
}

static inline uint16_t read_fcw(void)
{
	uint16_t v;

	__asm__ __volatile__("fnstcw %0" : "=m"(v));
	return v;
}

/* XRSTOR; false if it faulted (#GP on a malformed image; nothing was
 * loaded then). */
static inline bool xrstor64_checked(const void *area, uint64_t mask)
{
	bool ok = true;

	__asm__ __volatile__("1: xrstor64 (%1)\n"
			     "2:\n" ASM_FAULT_FIXUP("movb $0, %0\n")
			     : "+m"(ok)
			     : "r"(area), "a"((uint32_t)mask),
			       "d"((uint32_t)(mask >> 32))
			     : "memory");
	return ok;
}

/* FXRSTOR; false if it faulted (reserved MXCSR bits). */
static inline bool fxrstor64_checked(const void *area)
{
	bool ok = true;

	__asm__ __volatile__("1: fxrstorq (%1)\n"
			     "2:\n" ASM_FAULT_FIXUP("movb $0, %0\n")
			     : "+m"(ok)
			     : "r"(area)
			     : "memory");
	return ok;
}

#endif
