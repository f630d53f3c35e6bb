/* SPDX-License-Identifier: MIT */
/*
 * VCPUOP_initialise: give an offline, never-started vCPU of the calling
 * domain its first register state from a struct vcpu_guest_context, with
 * the checks Xen's arch_set_info_guest makes for a 64-bit PV guest. Every
 * field is validated before anything is stored, so a refused context
 * leaves the vCPU untouched. The kernel (and user) L4 named by ctrlreg[3]
 * (ctrlreg[1]) get a general and an L4 type reference through the type
 * core, as a CR3 does, and the GDT frames are installed as set_gdt
 * would (pv_gdt_install). The LDT's base and count are recorded; its
 * pages are mapped on first use, as after MMUEXT_SET_LDT (pv/ldt.c).
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/string.h>

#include <asm/cpu-ops.h>
#include <asm/page-type.h>
#include <asm/pv-desc.h>
#include <asm/pv-mm.h>
#include <asm/xstate.h>

#include <public/xen.h>

#include "emul.h"
#include "pv-util.h"
#include "vcpu-op.h"

#define X86_RFLAGS_IF (1ULL << 9)
#define X86_RFLAGS_IOPL (3ULL << 12)
#define X86_CR0_TS_BIT (1ULL << 3)
#define LDT_MAX_ENTS 8192

/* Canonical and outside the hypervisor hole (Xen's __addr_ok). */
static bool addr_ok(uint64_t va)
{
	return guest_range_ok(va, 1);
}

/* The canonical-address checks of arch_set_info_guest, in its order. */
static bool context_addresses_ok(const struct vcpu_guest_context *c)
{
	const uint64_t va[] = {
		c->user_regs.rip,
		c->user_regs.rsp,
		c->kernel_sp,
		c->fs_base,
		c->gs_base_kernel,
		c->gs_base_user,
		c->event_callback_eip,
		c->syscall_callback_eip,
		c->failsafe_callback_eip,
	};

	for (size_t i = 0; i < sizeof(va) / sizeof(va[0]); i++)
		if (!pv_canonical(va[i]))
			return false;
	if (c->ldt_ents && !pv_canonical(c->ldt_base))
		return false;
	for (size_t i = 0; i < 256; i++)
		if (!pv_canonical(c->trap_ctxt[i].address))
			return false;
	return addr_ok(c->ldt_base);
}

/* Everything but the page tables: -EINVAL for what Xen refuses. */
static long context_check(const struct vcpu_guest_context *c)
{
	if (!context_addresses_ok(c))
		return -EINVAL;
	if ((c->ldt_base & (PAGE_SIZE - 1)) || c->ldt_ents > LDT_MAX_ENTS)
		return -EINVAL;
	/* Below the hypervisor's reserved entries (so within Xen's 16
	 * frames); checked on the full 64 bits before any narrowing. */
	if (c->gdt_ents > (uint64_t)PV_GDT_MAX_ENTRIES)
		return -EINVAL;
	/* A 64-bit guest started in user mode needs user page tables. */
	if (!(c->flags & VGCF_in_kernel) && !c->ctrlreg[1])
		return -EINVAL;
	return 0;
}

/* A general + L4 type reference on the frame of @cr3 for @d; its MFN in
 * *@mfn. -EINVAL if the frame is not @d's or not a valid L4. */
static long take_root(struct domain *d, uint64_t cr3, uint64_t *mfn)
{
	mfn_t m = _mfn(xen_cr3_to_pfn(cr3));

	if (!mfn_valid(m))
		return -EINVAL;
	if (get_page_and_type(mfn_to_page(m), d, PGT_l4_page_table))
		return -EINVAL;
	*mfn = mfn_x(m);
	return 0;
}

static void load_regs(struct arch_vcpu *a, const struct vcpu_guest_context *c)
{
	const struct guest_cpu_user_regs *u = &c->user_regs;
	struct cpu_user_regs *r = &a->regs;

	memset(r, 0, sizeof(*r));
	r->r15 = u->r15, r->r14 = u->r14, r->r13 = u->r13, r->r12 = u->r12;
	r->rbp = u->rbp, r->rbx = u->rbx, r->r11 = u->r11, r->r10 = u->r10;
	r->r9 = u->r9, r->r8 = u->r8, r->rax = u->rax, r->rcx = u->rcx;
	r->rdx = u->rdx, r->rsi = u->rsi, r->rdi = u->rdi;
	r->rip = u->rip;
	r->rsp = u->rsp;
	r->cs = pv_fixup_selector(u->cs);
	r->ss = pv_fixup_selector(u->ss);
	/* IOPL is virtual; real interrupts always stay enabled. */
	a->iopl = (unsigned int)((u->rflags & X86_RFLAGS_IOPL) >> 12);
	r->rflags = (u->rflags & ~X86_RFLAGS_IOPL) | X86_RFLAGS_IF;
	a->ds = u->ds, a->es = u->es, a->fs = u->fs, a->gs = u->gs;
}

static void load_traps_callbacks(struct arch_vcpu *a,
				 const struct vcpu_guest_context *c)
{
	for (unsigned int i = 0; i < 256; i++) {
		a->trap_ctxt[i].address = c->trap_ctxt[i].address;
		a->trap_ctxt[i].cs = pv_fixup_selector(c->trap_ctxt[i].cs);
		a->trap_ctxt[i].flags = c->trap_ctxt[i].flags;
	}
	memset(a->callbacks, 0, sizeof(a->callbacks));
	a->callbacks[PV_CB_EVENT].address = c->event_callback_eip;
	a->callbacks[PV_CB_EVENT].mask_events = true;
	a->callbacks[PV_CB_FAILSAFE].address = c->failsafe_callback_eip;
	a->callbacks[PV_CB_FAILSAFE].mask_events =
		c->flags & VGCF_failsafe_disables_events;
	a->callbacks[PV_CB_SYSCALL].address = c->syscall_callback_eip;
	a->callbacks[PV_CB_SYSCALL].mask_events =
		c->flags & VGCF_syscall_disables_events;
}

/* Store a checked context into @v (its L4s already referenced). */
static void load_context(struct vcpu *v, const struct vcpu_guest_context *c,
			 uint64_t l4, uint64_t l4_user)
{
	struct arch_vcpu *a = &v->arch;

	load_regs(a, c);
	load_traps_callbacks(a, c);
	a->kernel_mode = c->flags & VGCF_in_kernel;
	a->guest_table = l4;
	a->guest_table_user = l4_user;
	/* A vCPU never started has no LDT page mapped to drop. */
	a->ldt_base = c->ldt_ents ? c->ldt_base : 0;
	a->ldt_ents = (unsigned int)c->ldt_ents;
	a->kernel_ss = pv_fixup_selector((uint16_t)c->kernel_ss);
	a->kernel_sp = c->kernel_sp;
	a->fs_base = c->fs_base;
	a->gs_base_kernel = c->gs_base_kernel;
	a->gs_base_user = c->gs_base_user;
	a->virtual_cr0_ts = c->ctrlreg[0] & X86_CR0_TS_BIT;
	a->cr4 = pv_fixup_guest_cr4(c->ctrlreg[4], emul_hw_read_cr4());
	/* Debug registers start at their reset values; the context's are
	 * not applied (Linux sends zeros). */
	pv_debugreg_reset(v);
	xstate_vcpu_set_legacy(v, (c->flags & VGCF_I387_VALID) ? &c->fpu_ctxt
							       : NULL);
}

/* The GDT and the page tables, in Xen's order; all or nothing. Caller
 * holds the domain's page-table lock. */
static long take_tables(struct vcpu *v, const struct vcpu_guest_context *c,
			uint64_t *l4, uint64_t *l4_user)
{
	uint64_t frames[PV_GDT_GUEST_FRAMES];
	long rc;

	for (unsigned int i = 0; i < PV_GDT_GUEST_FRAMES; i++)
		frames[i] = c->gdt_frames[i];
	rc = pv_gdt_install(v, frames, (unsigned int)c->gdt_ents);
	if (rc)
		return rc;
	rc = take_root(v->domain, c->ctrlreg[3], l4);
	if (!rc && c->ctrlreg[1]) {
		rc = take_root(v->domain, c->ctrlreg[1], l4_user);
		if (rc)
			put_page_and_type(mfn_to_page(_mfn(*l4)));
	}
	if (rc)
		pv_gdt_destroy(v);
	return rc;
}

long pv_vcpu_initialise(struct vcpu *v, const struct vcpu_guest_context *c)
{
	struct domain *d = v->domain;
	uint64_t l4 = 0, l4_user = 0;
	long rc = context_check(c);

	if (rc)
		return rc;
	pt_lock(d);
	rc = take_tables(v, c, &l4, &l4_user);
	pt_unlock(d);
	if (rc)
		return rc;
	load_context(v, c, l4, l4_user);
	v->is_initialised = true;
	return 0;
}
