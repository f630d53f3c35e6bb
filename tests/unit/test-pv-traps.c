/* unit-sources: hv/arch/x86/pv/traps-hypercalls.c hv/arch/x86/pv/callback.c */
/* SPDX-License-Identifier: MIT */
/*
 * set_trap_table, callback_op and set_callbacks against a fake vCPU and
 * fake guest memory: merge semantics, terminators, the 256-entry bound,
 * RPL fix-up, non-canonical handlers and every errno path.
 */
#include <public/callback.h>
#include <public/xen.h>

#include "check.h"
#include "fake-guest.h"

#define NONCANON 0x0000800000000000ULL
#define TI_SIZE 16

static void put_trap(uint64_t va, uint8_t vec, uint8_t flags, uint16_t cs,
		     uint64_t address)
{
	struct trap_info ti = {
		.vector = vec, .flags = flags, .cs = cs, .address = address
	};

	memcpy(fg_ptr(va), &ti, sizeof(ti));
}

static void test_trap_info_layout(void)
{
	CHECK_EQ(sizeof(struct trap_info), 16);
	CHECK_EQ(offsetof(struct trap_info, address), 8);
}

static void test_trap_table_merge(void)
{
	fg_reset();
	fg_vcpu.arch.trap_ctxt[3].address = 0x3333;
	put_trap(FG_BASE, 14, 4, 0xe030, 0xffffffff81000e00ULL);
	put_trap(FG_BASE + 16, 0x80, 3, 0xe033, 0x400000);
	put_trap(FG_BASE + 32, 6, 0, 0, 0);	      /* terminator */
	put_trap(FG_BASE + 48, 7, 0, 0xe033, 0x7777); /* after it: unread */

	CHECK_EQ(do_set_trap_table(FG_BASE), 0);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[14].address, 0xffffffff81000e00ULL);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[14].cs, 0xe033); /* RPL 0 -> 3 */
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[14].flags, 4);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[0x80].address, 0x400000);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[0x80].flags, 3);
	/* Untouched vectors keep their handlers; 6 and 7 were not set. */
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[3].address, 0x3333);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[6].address, 0);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[7].address, 0);

	/* A second call merges over the first. */
	put_trap(FG_BASE, 14, 0, 0xe019, 0x1234);
	put_trap(FG_BASE + 16, 0, 0, 0, 0);
	CHECK_EQ(do_set_trap_table(FG_BASE), 0);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[14].address, 0x1234);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[14].cs, 0xe01b);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[0x80].address, 0x400000);

	/* NULL clears everything. */
	CHECK_EQ(do_set_trap_table(0), 0);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[14].address, 0);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[0x80].address, 0);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[3].address, 0);
}

static void test_trap_table_errors(void)
{
	uint64_t last;

	fg_reset();
	/* Non-canonical: -EINVAL, earlier entries stay merged. */
	put_trap(FG_BASE, 1, 0, 0xe033, 0x1000);
	put_trap(FG_BASE + 16, 2, 0, 0xe033, NONCANON);
	put_trap(FG_BASE + 32, 3, 0, 0xe033, 0x3000);
	CHECK_EQ(do_set_trap_table(FG_BASE), -EINVAL);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[1].address, 0x1000);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[2].address, 0);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[3].address, 0);

	/* Bad pointers: unmapped, hypervisor hole, non-canonical. */
	CHECK_EQ(do_set_trap_table(FG_HOLE_VA), -EFAULT);
	CHECK_EQ(do_set_trap_table(GUEST_HV_HOLE_START), -EFAULT);
	CHECK_EQ(do_set_trap_table(NONCANON), -EFAULT);
	/* A table running into a hole: the prefix is merged, then -EFAULT. */
	fg_reset();
	last = FG_HOLE_VA - TI_SIZE;
	put_trap(last, 9, 0, 0xe033, 0x9000);
	CHECK_EQ(do_set_trap_table(last), -EFAULT);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[9].address, 0x9000);
	/* An entry straddling into the hole. */
	CHECK_EQ(do_set_trap_table(FG_HOLE_VA - 8), -EFAULT);
}

static void test_trap_table_bound(void)
{
	unsigned int i;

	/* 256 entries and the terminator: accepted (Linux's full IDT). */
	fg_reset();
	for (i = 0; i < 256; i++)
		put_trap(FG_BASE + i * TI_SIZE, (uint8_t)i, 0, 0xe033,
			 0x10000 + i);
	put_trap(FG_BASE + 256 * TI_SIZE, 0, 0, 0, 0);
	CHECK_EQ(do_set_trap_table(FG_BASE), 0);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[255].address, 0x10000 + 255);

	/* A 257th handler instead of a terminator: -E2BIG after 256. */
	put_trap(FG_BASE + 256 * TI_SIZE, 5, 0, 0xe033, 0xdead);
	CHECK_EQ(do_set_trap_table(FG_BASE), -E2BIG);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[5].address, 0x10005);
}

static long reg_cb(uint16_t type, uint16_t flags, uint64_t address)
{
	struct callback_register r = { .type = type,
				       .flags = flags,
				       .address = address };

	memcpy(fg_ptr(FG_BASE), &r, sizeof(r));
	return do_callback_op(CALLBACKOP_register, FG_BASE);
}

static long unreg_cb(uint16_t type)
{
	struct callback_unregister u = { .type = type };

	memcpy(fg_ptr(FG_BASE), &u, sizeof(u));
	return do_callback_op(CALLBACKOP_unregister, FG_BASE);
}

static void test_callback_register(void)
{
	const struct pv_callback *cb = fg_vcpu.arch.callbacks;

	fg_reset();
	CHECK_EQ(reg_cb(CALLBACKTYPE_event, 0, 0xffffffff81001000ULL), 0);
	CHECK_EQ(cb[PV_CB_EVENT].address, 0xffffffff81001000ULL);
	CHECK(cb[PV_CB_EVENT].mask_events); /* always masks */
	CHECK_EQ(reg_cb(CALLBACKTYPE_failsafe, 0, 0x2000), 0);
	CHECK_EQ(cb[PV_CB_FAILSAFE].address, 0x2000);
	CHECK(!cb[PV_CB_FAILSAFE].mask_events);
	CHECK_EQ(reg_cb(CALLBACKTYPE_failsafe, CALLBACKF_mask_events, 0x2100),
		 0);
	CHECK(cb[PV_CB_FAILSAFE].mask_events);
	CHECK_EQ(reg_cb(CALLBACKTYPE_syscall, CALLBACKF_mask_events, 0x3000),
		 0);
	CHECK_EQ(cb[PV_CB_SYSCALL].address, 0x3000);
	CHECK(cb[PV_CB_SYSCALL].mask_events);
	CHECK_EQ(reg_cb(CALLBACKTYPE_syscall, 0, 0x3100), 0);
	CHECK(!cb[PV_CB_SYSCALL].mask_events);
	CHECK_EQ(reg_cb(CALLBACKTYPE_syscall32, 0, 0x4000), 0);
	CHECK_EQ(cb[PV_CB_SYSCALL32].address, 0x4000);
	CHECK_EQ(reg_cb(CALLBACKTYPE_sysenter, CALLBACKF_mask_events, 0x5000),
		 0);
	CHECK_EQ(cb[PV_CB_SYSENTER].address, 0x5000);
	CHECK(cb[PV_CB_SYSENTER].mask_events);

	/* nmi also fills trap 2 with the flat kernel CS, events masked. */
	CHECK_EQ(reg_cb(CALLBACKTYPE_nmi, 0, 0x6000), 0);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[2].address, 0x6000);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[2].cs, 0xe033);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[2].flags, 4);

	/* Non-canonical: -EINVAL, nothing changes. */
	CHECK_EQ(reg_cb(CALLBACKTYPE_event, 0, NONCANON), -EINVAL);
	CHECK_EQ(cb[PV_CB_EVENT].address, 0xffffffff81001000ULL);
	CHECK_EQ(reg_cb(CALLBACKTYPE_nmi, 0, NONCANON), -EINVAL);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[2].address, 0x6000);
	/* Unknown types, including the 32-bit sysenter alias: -ENOSYS. */
	CHECK_EQ(reg_cb(CALLBACKTYPE_sysenter_deprecated, 0, 0x1), -ENOSYS);
	CHECK_EQ(reg_cb(6, 0, 0x1), -ENOSYS);
	CHECK_EQ(reg_cb(8, 0, 0x1), -ENOSYS);
	CHECK_EQ(reg_cb(0xffff, 0, 0x1), -ENOSYS);
}

/* pv/nmi.c is not linked: record whom a registration re-raised. */
static struct vcpu *nmi_raised;

void pv_raise_nmi(struct vcpu *v)
{
	nmi_raised = v;
}

/* Registering vCPU 0's NMI handler re-raises an NMI while shared_info
 * still has a reason (one reported when no handler existed). */
static void test_nmi_reraise(void)
{
	static struct shared_info si;

	fg_reset();
	nmi_raised = NULL;
	CHECK_EQ(reg_cb(CALLBACKTYPE_nmi, 0, 0x6000), 0);
	CHECK(nmi_raised == NULL); /* no shared_info: no reason */
	fg_dom.shared_info = &si;
	CHECK_EQ(reg_cb(CALLBACKTYPE_nmi, 0, 0x6000), 0);
	CHECK(nmi_raised == NULL); /* no reason set */
	si.arch.nmi_reason = 1ul << 2;
	CHECK_EQ(reg_cb(CALLBACKTYPE_nmi, 0, 0x6000), 0);
	CHECK(nmi_raised == &fg_vcpu);
	nmi_raised = NULL;
	fg_vcpu.vcpu_id = 1; /* only vCPU 0 gets it */
	CHECK_EQ(reg_cb(CALLBACKTYPE_nmi, 0, 0x6000), 0);
	CHECK(nmi_raised == NULL);
	fg_dom.shared_info = NULL;
	fg_reset();
}

static void test_callback_op_errors(void)
{
	fg_reset();
	CHECK_EQ(unreg_cb(CALLBACKTYPE_event), -EINVAL);
	CHECK_EQ(unreg_cb(CALLBACKTYPE_failsafe), -EINVAL);
	CHECK_EQ(unreg_cb(CALLBACKTYPE_syscall), -EINVAL);
	CHECK_EQ(unreg_cb(CALLBACKTYPE_syscall32), -EINVAL);
	CHECK_EQ(unreg_cb(CALLBACKTYPE_sysenter), -EINVAL);
	CHECK_EQ(unreg_cb(9), -ENOSYS);
	CHECK_EQ(reg_cb(CALLBACKTYPE_nmi, 0, 0x6000), 0);
	CHECK_EQ(unreg_cb(CALLBACKTYPE_nmi), 0);
	CHECK_EQ(fg_vcpu.arch.trap_ctxt[2].address, 0);
	CHECK_EQ(fg_vcpu.arch.callbacks[PV_CB_NMI].address, 0);

	CHECK_EQ(do_callback_op(2, FG_BASE), -ENOSYS);
	CHECK_EQ(do_callback_op(0x100000000ULL, FG_BASE), 0); /* int cmd */
	CHECK_EQ(do_callback_op(CALLBACKOP_register, FG_HOLE_VA), -EFAULT);
	CHECK_EQ(do_callback_op(CALLBACKOP_register, FG_HOLE_VA - 8), -EFAULT);
	CHECK_EQ(do_callback_op(CALLBACKOP_unregister, GUEST_HV_HOLE_START),
		 -EFAULT);
	CHECK_EQ(do_callback_op(CALLBACKOP_register, 0), -EFAULT);
}

static void test_set_callbacks(void)
{
	const struct pv_callback *cb = fg_vcpu.arch.callbacks;

	fg_reset();
	CHECK_EQ(do_set_callbacks(0x1000, 0x2000, 0), 0);
	CHECK_EQ(cb[PV_CB_EVENT].address, 0x1000);
	CHECK(cb[PV_CB_EVENT].mask_events);
	CHECK_EQ(cb[PV_CB_FAILSAFE].address, 0x2000);
	CHECK(!cb[PV_CB_FAILSAFE].mask_events);
	CHECK_EQ(cb[PV_CB_SYSCALL].address, 0);
	/* A bad address is skipped silently; the others still change. */
	CHECK_EQ(do_set_callbacks(NONCANON, 0x2200, 0x3300), 0);
	CHECK_EQ(cb[PV_CB_EVENT].address, 0x1000);
	CHECK_EQ(cb[PV_CB_FAILSAFE].address, 0x2200);
	CHECK_EQ(cb[PV_CB_SYSCALL].address, 0x3300);
}

int main(void)
{
	test_trap_info_layout();
	test_trap_table_merge();
	test_trap_table_errors();
	test_trap_table_bound();
	test_callback_register();
	test_callback_op_errors();
	test_nmi_reraise();
	test_set_callbacks();
	return check_summary("pv-traps");
}
