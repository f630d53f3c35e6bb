/* SPDX-License-Identifier: MIT */
/*
 * XSAVE state of PV vCPUs. At boot the boot CPU finds the host's xstate
 * components (CPUID 0xd) and every CPU sets CR4.OSXSAVE and XCR0; satori
 * switches x87, SSE and AVX (XSTATE_SATORI_MASK), eagerly, at every
 * context switch, as it did with FXSAVE.
 *
 * A vCPU has two XCR0 values: the one its kernel set (arch.xcr0, loaded
 * while it runs) and every component it ever enabled plus x87/SSE
 * (arch.xcr0_accum). Save and restore run with XCR0 = xcr0_accum: x87 and
 * SSE registers are live whatever the guest's XCR0 says (CR4.OSFXSR), and
 * a component the guest switched off keeps its value, as Xen keeps it.
 * A component a vCPU enables for the first time is loaded in its initial
 * state, so it never shows what the CPU last held for another domain.
 *
 * Only VCPUOP_initialise puts guest bytes into an area (the legacy
 * region; the header is ours). If XRSTOR refuses an area, the load is
 * retried as Xen's xrstor does: first with the refused components reset
 * and MXCSR masked to the bits the CPU accepts, then with a clean state.
 * xsave=0 on the command line keeps FXSAVE (and hides XSAVE from guests).
 */
#include <satori/bug.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/param.h>
#include <satori/smp.h>
#include <satori/string.h>
#include <satori/xmalloc.h>

#include <asm/cpu-ops.h>
#include <asm/pv-cpu.h>
#include <asm/xstate.h>

#define CPUID1_ECX_XSAVE (1u << 26)
#define CPUID_XSTATE 0xd
#define CPUID_XSTATE1_XSAVEOPT (1u << 0)
#define MXCSR_MASK_DEFAULT 0xffbfu /* When FXSAVE stores 0 (SDM 11.6.6). */

static bool opt_xsave = true;
boolean_param("xsave", opt_xsave);

struct xstate_host xstate_host = {
	.area_size = XSTATE_LEGACY_SIZE,
	.mxcsr_mask = MXCSR_MASK_DEFAULT,
};

/* The XCR0 each CPU has loaded (0: not known), to skip needless XSETBVs. */
static uint64_t cpu_xcr0[NR_CPUS];

/*
 * A clean state: x87 and SSE at reset (FCW 0x37f, MXCSR 0x1f80), header
 * XSTATE_BV 0 so XRSTOR puts every component in its initial state. Also
 * a valid FXSAVE image.
 */
static const uint8_t clean_area[XSTATE_AREA_MAX_SIZE]
	__attribute__((aligned(64))) = {
		[XSTATE_FCW_OFFSET] = 0x7f,
		[XSTATE_FCW_OFFSET + 1] = 0x03,
		[XSTATE_MXCSR_OFFSET] = (uint8_t)MXCSR_DEFAULT,
		[XSTATE_MXCSR_OFFSET + 1] = (uint8_t)(MXCSR_DEFAULT >> 8),
	};

static void set_xcr0(uint64_t xcr0)
{
	unsigned int cpu = smp_processor_id();

	if (cpu_xcr0[cpu] == xcr0)
		return;
	xsetbv(XCR_XFEATURE_ENABLED_MASK, xcr0);
	cpu_xcr0[cpu] = xcr0;
}

static uint32_t read_mxcsr_mask(void)
{
	static uint8_t img[XSTATE_LEGACY_SIZE] __attribute__((aligned(16)));
	uint32_t mask;

	fxsave(img);
	memcpy(&mask, img + XSTATE_MXCSR_MASK_OFFSET, sizeof(mask));
	return mask ? mask : MXCSR_MASK_DEFAULT;
}

/* Boot CPU: what the host has, what we enable, how big an area is. */
static void xstate_detect(void)
{
	struct cpuid_regs r;

	xstate_host.mxcsr_mask = read_mxcsr_mask();
	if (!(cpuid(1).ecx & CPUID1_ECX_XSAVE) || !opt_xsave) {
		log_info("xstate: %s: FXSAVE only\n",
			 opt_xsave ? "no XSAVE" : "xsave=0");
		return;
	}
	r = cpuid_count(CPUID_XSTATE, 0);
	xstate_host.xcr0 =
		(((uint64_t)r.edx << 32) | r.eax) & XSTATE_SATORI_MASK;
	BUG_ON((xstate_host.xcr0 & XSTATE_FP_SSE) != XSTATE_FP_SSE);
	xstate_host.xsaveopt =
		cpuid_count(CPUID_XSTATE, 1).eax & CPUID_XSTATE1_XSAVEOPT;
	xstate_host.enabled = true;
}

/* Size of an area for the components enabled now (CPUID 0xd.0 EBX). */
static uint32_t area_size_now(void)
{
	return cpuid_count(CPUID_XSTATE, 0).ebx;
}

void xstate_cpu_init(unsigned int cpu)
{
	if (cpu == 0)
		xstate_detect();
	if (!xstate_host.enabled)
		return;
	write_cr4(read_cr4() | X86_CR4_OSXSAVE);
	cpu_xcr0[cpu] = 0;
	set_xcr0(xstate_host.xcr0);
	if (cpu == 0) {
		xstate_host.area_size = area_size_now();
		BUG_ON(xstate_host.area_size < XSTATE_AREA_MIN_SIZE ||
		       xstate_host.area_size > XSTATE_AREA_MAX_SIZE);
		log_info("xstate: XCR0 %#llx, %u-byte areas%s\n",
			 (unsigned long long)xstate_host.xcr0,
			 xstate_host.area_size,
			 xstate_host.xsaveopt ? ", XSAVEOPT" : "");
	}
}

uint64_t xstate_guest_xcr0_max(void)
{
	return xstate_host.enabled ? xstate_host.xcr0 : 0;
}

static void reset_xcr0(struct vcpu *v)
{
	v->arch.xcr0 = XSTATE_FP_SSE;
	v->arch.xcr0_accum = XSTATE_FP_SSE;
}

int xstate_vcpu_alloc(struct vcpu *v)
{
	/* xmalloc aligns an object to its size class, 512 or 1024 here. */
	v->arch.fpu_area = xzalloc_bytes(xstate_host.area_size);
	if (!v->arch.fpu_area)
		return -ENOMEM;
	BUG_ON((uintptr_t)v->arch.fpu_area & 63);
	reset_xcr0(v);
	return 0;
}

void xstate_vcpu_free(struct vcpu *v)
{
	xfree(v->arch.fpu_area);
	v->arch.fpu_area = NULL;
}

int arch_vcpu_fpu_alloc(struct vcpu *v)
{
	return xstate_vcpu_alloc(v);
}

void arch_vcpu_fpu_free(struct vcpu *v)
{
	xstate_vcpu_free(v);
}

static uint64_t *xstate_bv(uint8_t *area)
{
	return (uint64_t *)(area + XSTATE_BV_OFFSET);
}

void xstate_vcpu_set_legacy(struct vcpu *v, const void *fxsave)
{
	uint8_t *area = v->arch.fpu_area;

	reset_xcr0(v);
	memset(area, 0, xstate_host.area_size);
	v->arch.fpu_initialised = fxsave != NULL;
	if (!fxsave)
		return;
	memcpy(area, fxsave, XSTATE_LEGACY_SIZE);
	/* The header is ours: x87 and SSE come from the image. */
	if (cpu_has_xsave)
		*xstate_bv(area) = XSTATE_FP_SSE;
}

void xstate_save(struct vcpu *v)
{
	uint64_t mask = v->arch.xcr0_accum;

	if (!cpu_has_xsave) {
		fxsave(v->arch.fpu_area);
		return;
	}
	set_xcr0(mask);
	if (xstate_host.xsaveopt)
		xsaveopt64(v->arch.fpu_area, mask);
	else
		xsave64(v->arch.fpu_area, mask);
}

static uint32_t area_mxcsr(const uint8_t *area)
{
	uint32_t mxcsr;

	memcpy(&mxcsr, area + XSTATE_MXCSR_OFFSET, sizeof(mxcsr));
	return mxcsr;
}

/*
 * Stage 1 of the repair, what Xen's xrstor does after a first fault: the
 * components being loaded (all of XCR0, so XSTATE_BV becomes 0) go to
 * their initial state, MXCSR keeps only the bits the CPU accepts, and
 * XCOMP_BV and the reserved header bytes are cleared.
 */
static void repair_area(uint8_t *area)
{
	uint32_t mxcsr = area_mxcsr(area) & xstate_host.mxcsr_mask;

	memcpy(area + XSTATE_MXCSR_OFFSET, &mxcsr, sizeof(mxcsr));
	if (!cpu_has_xsave)
		return;
	memset(area + XSTATE_BV_OFFSET, 0, XSTATE_HEADER_SIZE);
}

static bool restore_area(const uint8_t *area, uint64_t mask)
{
	if (cpu_has_xsave)
		return xrstor64_checked(area, mask);
	return fxrstor64_checked(area);
}

/* Load @v's saved area into the CPU, repairing it if the CPU refuses it.
 * XCR0 is xcr0_accum. */
static void restore_vcpu_area(struct vcpu *v, uint64_t mask)
{
	uint8_t *area = v->arch.fpu_area;

	if (restore_area(area, mask))
		return;
	log_printf(LOG_GUEST | LOG_WARN,
		   "d%uv%u: FPU state refused (MXCSR %#x): reset\n",
		   v->domain->domain_id, v->vcpu_id, area_mxcsr(area));
	repair_area(area);
	if (restore_area(area, mask))
		return;
	/* Still refused: start from a clean state, as Xen's second stage. */
	memcpy(area, clean_area, xstate_host.area_size);
	BUG_ON(!restore_area(area, mask));
}

void xstate_load(struct vcpu *v)
{
	uint64_t mask = v->arch.xcr0_accum;

	if (cpu_has_xsave)
		set_xcr0(mask);
	if (v->arch.fpu_initialised)
		restore_vcpu_area(v, mask);
	else
		BUG_ON(!restore_area(clean_area, mask));
	if (cpu_has_xsave)
		set_xcr0(v->arch.xcr0);
}

void xstate_set_xcr0(struct vcpu *v, uint64_t xcr0)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t fresh = xcr0 & ~a->xcr0_accum;
	uint64_t cr0 = read_cr0();

	BUG_ON(!cpu_has_xsave || v != current);
	a->xcr0 = xcr0;
	if (!fresh) {
		set_xcr0(xcr0);
		return;
	}
	/*
	 * New components: save what the vCPU has, mark the new ones as
	 * never saved (initial state) and load it all back with them.
	 */
	clts();
	set_xcr0(a->xcr0_accum);
	xsave64(a->fpu_area, a->xcr0_accum); /* Not XSAVEOPT: XCR0 moved. */
	*xstate_bv(a->fpu_area) &= ~fresh;
	a->xcr0_accum |= xcr0;
	a->fpu_initialised = true;
	xstate_load(v);
	if (cr0 & X86_CR0_TS)
		write_cr0(cr0);
}
