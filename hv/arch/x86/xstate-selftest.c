/* SPDX-License-Identifier: MIT */
/*
 * selftest=xstate: the repair path of xstate_load() on the real CPU. A
 * vCPU's area is filled with images XRSTOR refuses (reserved header
 * bytes, a component outside XCR0, a non-zero XCOMP_BV), as a guest could
 * if any path let its bytes into the header; each load must neither
 * fault the hypervisor nor leave the previous state: x87/SSE come back in
 * their initial state with the image's (masked) MXCSR, and the header is
 * clean. A valid image loads as it is. Ends the machine with the verdict.
 */
#include <satori/domain.h>
#include <satori/log.h>
#include <satori/shutdown.h>
#include <satori/string.h>
#include <satori/xmalloc.h>

#include <asm/cpu-ops.h>
#include <asm/pv-cpu.h>
#include <asm/xstate.h>

#define FCW_INIT 0x37f
#define FCW_MARK 0x27f	   /* 53-bit precision: not the reset value. */
#define MXCSR_MARK 0x3f80u /* round toward zero, all masked */

static struct domain selftest_dom = { .domain_id = 0x7ff0 };

/* A valid image with the marks, then @corrupt applied; load it. */
static bool load_case(struct vcpu *v, const char *what, bool refused,
		      void (*corrupt)(uint8_t *area))
{
	uint8_t *area = v->arch.fpu_area;
	uint32_t mxcsr = MXCSR_MARK;
	uint16_t fcw = FCW_MARK, want_fcw = refused ? FCW_INIT : FCW_MARK;
	uint64_t bv = 0, want_bv = refused ? 0 : XSTATE_FP_SSE;
	bool ok;

	memset(area, 0, xstate_host.area_size);
	memcpy(area + XSTATE_FCW_OFFSET, &fcw, sizeof(fcw));
	memcpy(area + XSTATE_MXCSR_OFFSET, &mxcsr, sizeof(mxcsr));
	if (cpu_has_xsave)
		*(uint64_t *)(area + XSTATE_BV_OFFSET) = XSTATE_FP_SSE;
	if (corrupt)
		corrupt(area);
	v->arch.fpu_initialised = true;
	clts();
	xstate_load(v);
	ok = read_fcw() == want_fcw && read_mxcsr() == MXCSR_MARK;
	if (cpu_has_xsave) {
		memcpy(&bv, area + XSTATE_BV_OFFSET, sizeof(bv));
		ok &= xgetbv(0) == v->arch.xcr0 && bv == want_bv;
	}
	printk("xstate: selftest %s: FCW %#x MXCSR %#x XSTATE_BV %#llx: %s\n",
	       what, read_fcw(), read_mxcsr(), (unsigned long long)bv,
	       ok ? "ok" : "WRONG");
	return ok;
}

static void reserved_header(uint8_t *area)
{
	area[XSTATE_BV_OFFSET + 16] = 0x5a;
}

static void foreign_component(uint8_t *area)
{
	area[XSTATE_BV_OFFSET + 1] = 0x02; /* bit 9, PKRU: not in XCR0 */
}

static void xcomp_bv(uint8_t *area)
{
	area[XSTATE_BV_OFFSET + 8] = 0x01;
}

static bool run_cases(struct vcpu *v)
{
	bool ok = load_case(v, "valid image", false, NULL);

	if (!cpu_has_xsave)
		return ok;
	ok &= load_case(v, "reserved header bytes", true, reserved_header);
	ok &= load_case(v, "component outside XCR0", true, foreign_component);
	ok &= load_case(v, "XCOMP_BV set", true, xcomp_bv);
	return ok;
}

void selftest_xstate(void)
{
	struct vcpu *v = xzalloc(struct vcpu);
	bool ok = false;

	if (v && !xstate_vcpu_alloc(v)) {
		v->domain = &selftest_dom;
		ok = run_cases(v);
		xstate_vcpu_free(v);
	}
	xfree(v);
	printk("xstate: selftest %s (%s)\n", ok ? "PASS" : "FAIL",
	       cpu_has_xsave ? "XSAVE" : "FXSAVE");
	machine_halt(ok ? HALT_OK : HALT_TEST_FAILED);
}
