/* SPDX-License-Identifier: MIT */
/*
 * A fake calling vCPU and fake guest memory for the hypercall handler
 * tests. Guest virtual addresses [FG_BASE, FG_BASE + FG_PAGES pages) are
 * backed by a host buffer, except page FG_HOLE, which faults like an
 * unmapped page; everything else faults too. The accessors keep the real
 * contract: guest_range_ok() first, then byte by byte until a fault.
 * Include this once per test program: it defines the functions the
 * handlers link against, and records the hooks they call.
 */
#ifndef TESTS_UNIT_FAKE_GUEST_H
#define TESTS_UNIT_FAKE_GUEST_H

#include <string.h>

#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>

#define FG_BASE 0x100000ULL
#define FG_PAGES 4
#define FG_HOLE 2 /* Page index that is not mapped. */
#define FG_HOLE_VA (FG_BASE + FG_HOLE * 4096ULL)

static unsigned char fg_mem[FG_PAGES * 4096];
static struct domain fg_dom;
static struct vcpu fg_vcpu;

/* How often each hook ran, and the last -ENOSYS report. */
static unsigned int fg_bases_loads, fg_gs_sel_loads, fg_ts_syncs, fg_dr_loads;
static unsigned int fg_enosys_calls, fg_enosys_nr, fg_enosys_subop;

struct vcpu *current_vcpu(void)
{
	return &fg_vcpu;
}

static void fg_reset(void)
{
	memset(fg_mem, 0, sizeof(fg_mem));
	memset(&fg_dom, 0, sizeof(fg_dom));
	memset(&fg_vcpu, 0, sizeof(fg_vcpu));
	fg_vcpu.domain = &fg_dom;
	fg_vcpu.arch.kernel_mode = true;
	fg_dom.vcpus[0] = &fg_vcpu;
	fg_dom.max_vcpus = 1;
	fg_bases_loads = fg_gs_sel_loads = fg_ts_syncs = fg_dr_loads = 0;
	fg_enosys_calls = fg_enosys_nr = fg_enosys_subop = 0;
}

/* The host byte behind guest @va, or NULL where the guest would fault. */
static unsigned char *fg_byte(uint64_t va)
{
	uint64_t off = va - FG_BASE;

	if (va < FG_BASE || off >= sizeof(fg_mem) || off / 4096 == FG_HOLE)
		return NULL;
	return &fg_mem[off];
}

/* Host pointer for test set-up and checks (must be mapped). */
static void *fg_ptr(uint64_t va)
{
	return fg_byte(va);
}

int copy_from_guest_raw(void *dst, uint64_t guest_va, size_t n)
{
	size_t i;

	if (!guest_range_ok(guest_va, n))
		return -EFAULT;
	for (i = 0; i < n; i++) {
		const unsigned char *b = fg_byte(guest_va + i);

		if (!b)
			return -EFAULT;
		((unsigned char *)dst)[i] = *b;
	}
	return 0;
}

int copy_to_guest_raw(uint64_t guest_va, const void *src, size_t n)
{
	size_t i;

	if (!guest_range_ok(guest_va, n))
		return -EFAULT;
	for (i = 0; i < n; i++) {
		unsigned char *b = fg_byte(guest_va + i);

		if (!b)
			return -EFAULT;
		*b = ((const unsigned char *)src)[i];
	}
	return 0;
}

int clear_guest_raw(uint64_t guest_va, size_t n)
{
	size_t i;

	if (!guest_range_ok(guest_va, n))
		return -EFAULT;
	for (i = 0; i < n; i++) {
		unsigned char *b = fg_byte(guest_va + i);

		if (!b)
			return -EFAULT;
		*b = 0;
	}
	return 0;
}

long hypercall_enosys(unsigned int nr, unsigned int subop)
{
	fg_enosys_calls++;
	fg_enosys_nr = nr;
	fg_enosys_subop = subop;
	return -ENOSYS;
}

void arch_load_segment_bases(struct vcpu *v)
{
	(void)v;
	fg_bases_loads++;
}

/* Stands in for the hardware: an LDT selector (TI set) "faults" and
 * loads NUL, others load with a base derived from the selector. */
void arch_load_user_gs_sel(struct vcpu *v, uint16_t sel)
{
	fg_gs_sel_loads++;
	if (sel & 4)
		sel = 0;
	v->arch.gs = sel;
	v->arch.gs_base_user = sel ? 0x1000ULL * sel : 0;
}

void arch_fpu_sync_ts(struct vcpu *v)
{
	(void)v;
	fg_ts_syncs++;
}

void arch_load_debugregs(struct vcpu *v)
{
	(void)v;
	fg_dr_loads++;
}

#endif
