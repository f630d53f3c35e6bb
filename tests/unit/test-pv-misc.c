/* unit-sources: hv/arch/x86/pv/misc-hypercalls.c hv/arch/x86/pv/debugreg.c hv/arch/x86/pv/physdev.c */
/* SPDX-License-Identifier: MIT */
/*
 * stack_switch, fpu_taskswitch, set_segment_base, set/get_debugreg and
 * physdev_op(set_iopl) against a fake vCPU: stored state, the hardware
 * hooks called (or not, on failure), argument truncation to Xen's C
 * types, and every errno.
 */
#include <public/physdev.h>
#include <public/xen.h>

#include "../../hv/arch/x86/pv/pirq.h"
#include "check.h"
#include "fake-guest.h"

#define NONCANON 0x0000800000000000ULL

static void test_stack_switch(void)
{
	fg_reset();
	CHECK_EQ(do_stack_switch(0xe02b, 0xffff888000123000ULL), 0);
	CHECK_EQ(fg_vcpu.arch.kernel_ss, 0xe02b);
	CHECK_EQ(fg_vcpu.arch.kernel_sp, 0xffff888000123000ULL);
	/* RPL 0-2 become 3; only the low 16 bits are a selector. */
	CHECK_EQ(do_stack_switch(0xe028, 1), 0);
	CHECK_EQ(fg_vcpu.arch.kernel_ss, 0xe02b);
	CHECK_EQ(do_stack_switch(0x12340019, 2), 0);
	CHECK_EQ(fg_vcpu.arch.kernel_ss, 0x1b);
}

static void test_fpu_taskswitch(void)
{
	fg_reset();
	CHECK_EQ(do_fpu_taskswitch(1), 0);
	CHECK(fg_vcpu.arch.virtual_cr0_ts);
	CHECK_EQ(fg_ts_syncs, 1);
	CHECK_EQ(do_fpu_taskswitch(0), 0);
	CHECK(!fg_vcpu.arch.virtual_cr0_ts);
	CHECK_EQ(do_fpu_taskswitch(0xffffffff), 0);
	CHECK(fg_vcpu.arch.virtual_cr0_ts);
	/* An int argument: bits above 31 are not looked at. */
	CHECK_EQ(do_fpu_taskswitch(0x100000000ULL), 0);
	CHECK(!fg_vcpu.arch.virtual_cr0_ts);
	CHECK_EQ(fg_ts_syncs, 4);
}

static void test_segment_base(void)
{
	fg_reset();
	CHECK_EQ(do_set_segment_base(SEGBASE_FS, 0x7f0000001000ULL), 0);
	CHECK_EQ(fg_vcpu.arch.fs_base, 0x7f0000001000ULL);
	CHECK_EQ(do_set_segment_base(SEGBASE_GS_USER, 0x2000), 0);
	CHECK_EQ(fg_vcpu.arch.gs_base_user, 0x2000);
	CHECK_EQ(do_set_segment_base(SEGBASE_GS_KERNEL, 0xffff888000000000ULL),
		 0);
	CHECK_EQ(fg_vcpu.arch.gs_base_kernel, 0xffff888000000000ULL);
	CHECK_EQ(fg_bases_loads, 3);

	/* Non-canonical: -EINVAL, nothing stored or loaded. */
	CHECK_EQ(do_set_segment_base(SEGBASE_FS, NONCANON), -EINVAL);
	CHECK_EQ(do_set_segment_base(SEGBASE_GS_USER, NONCANON), -EINVAL);
	CHECK_EQ(do_set_segment_base(SEGBASE_GS_KERNEL, 0x8000000000000000ULL),
		 -EINVAL);
	CHECK_EQ(fg_vcpu.arch.fs_base, 0x7f0000001000ULL);
	CHECK_EQ(fg_vcpu.arch.gs_base_user, 0x2000);
	CHECK_EQ(fg_bases_loads, 3);
	/* Unknown `which`; `which` is 32 bits wide. */
	CHECK_EQ(do_set_segment_base(4, 0), -EINVAL);
	CHECK_EQ(do_set_segment_base(0x100000000ULL, 0x5000), 0);
	CHECK_EQ(fg_vcpu.arch.fs_base, 0x5000);

	/* The user %gs selector: RPL forced to 3, NUL kept as is. */
	CHECK_EQ(do_set_segment_base(SEGBASE_GS_USER_SEL, 0xe028), 0);
	CHECK_EQ(fg_vcpu.arch.gs, 0xe02b);
	CHECK_EQ(do_set_segment_base(SEGBASE_GS_USER_SEL, 0x63), 0);
	CHECK_EQ(fg_vcpu.arch.gs, 0x63);
	CHECK_EQ(fg_vcpu.arch.gs_base_user, 0x63000);
	CHECK_EQ(do_set_segment_base(SEGBASE_GS_USER_SEL, 0xffff0000), 0);
	CHECK_EQ(fg_vcpu.arch.gs, 0);
	CHECK_EQ(do_set_segment_base(SEGBASE_GS_USER_SEL, 2), 0);
	CHECK_EQ(fg_vcpu.arch.gs, 2);
	CHECK_EQ(fg_gs_sel_loads, 4);
	/* A selector the hardware refuses: the hook loads NUL, and the
	 * hypercall still succeeds, as in Xen. */
	CHECK_EQ(do_set_segment_base(SEGBASE_GS_USER_SEL, 0x44), 0);
	CHECK_EQ(fg_vcpu.arch.gs, 0);
	CHECK_EQ(fg_vcpu.arch.gs_base_user, 0);
}

static void test_debugreg_addresses(void)
{
	fg_reset();
	CHECK_EQ(do_set_debugreg(0, 0x400000), 0);
	CHECK_EQ(do_set_debugreg(3, 0xffffffff81000000ULL), 0);
	CHECK_EQ(do_get_debugreg(0), 0x400000);
	CHECK_EQ(do_get_debugreg(3), (long)0xffffffff81000000ULL);
	CHECK_EQ(fg_dr_loads, 2);
	/* Hypervisor slots, non-canonical: -EPERM, nothing changes. */
	CHECK_EQ(do_set_debugreg(1, GUEST_HV_HOLE_START), -EPERM);
	CHECK_EQ(do_set_debugreg(1, GUEST_HV_HOLE_END - 8), -EPERM);
	CHECK_EQ(do_set_debugreg(2, NONCANON), -EPERM);
	CHECK_EQ(do_set_debugreg(0, 0x00007ffffffffffcULL), -EPERM);
	CHECK_EQ(do_set_debugreg(1, GUEST_HV_HOLE_END), 0);
	CHECK_EQ(do_get_debugreg(0), 0x400000);
	CHECK_EQ(fg_dr_loads, 3);
	/* Registers that do not exist; reg is an int. */
	CHECK_EQ(do_set_debugreg(8, 0), -ENODEV);
	CHECK_EQ(do_set_debugreg(-1ULL, 0), -ENODEV);
	CHECK_EQ(do_get_debugreg(8), -ENODEV);
	CHECK_EQ(do_get_debugreg(0x100000000ULL), 0x400000);
}

static void test_debugreg_reset(void)
{
	fg_reset();
	fg_vcpu.arch.debugreg[2] = 0x1234;
	fg_vcpu.arch.dr7_emul = 0xc;
	pv_debugreg_reset(&fg_vcpu);
	CHECK_EQ(do_get_debugreg(2), 0);
	CHECK_EQ(do_get_debugreg(6), 0xffff0ff0);
	CHECK_EQ(do_get_debugreg(7), 0x400);
	CHECK_EQ(fg_dr_loads, 0);
}

static void test_debugreg_dr6(void)
{
	fg_reset();
	CHECK_EQ(do_set_debugreg(6, 0), 0);
	CHECK_EQ(do_get_debugreg(6), 0xffff0ff0);
	CHECK_EQ(do_set_debugreg(6, 0xffffffff), 0);
	CHECK_EQ(do_get_debugreg(6), 0xffffefff); /* bit 12 reads 0 */
	CHECK_EQ(do_set_debugreg(6, 0x4001), 0);
	CHECK_EQ(do_get_debugreg(6), 0xffff4ff1);
	CHECK_EQ(do_set_debugreg(6, 1ULL << 32), -EINVAL);
	CHECK_EQ(do_get_debugreg(6), 0xffff4ff1);
	/* DR4 aliases DR6 while CR4.DE is clear. */
	CHECK_EQ(do_set_debugreg(4, 0x2), 0);
	CHECK_EQ(do_get_debugreg(6), 0xffff0ff2);
	CHECK_EQ(do_get_debugreg(4), 0xffff0ff2);
	fg_vcpu.arch.cr4 = PV_CR4_DE;
	CHECK_EQ(do_set_debugreg(4, 0), -ENODEV);
	CHECK_EQ(do_get_debugreg(4), -ENODEV);
	CHECK_EQ(do_get_debugreg(6), 0xffff0ff2);
}

static void test_debugreg_dr7(void)
{
	fg_reset();
	CHECK_EQ(do_set_debugreg(7, 0), 0);
	CHECK_EQ(do_get_debugreg(7), 0x400);
	/* L0, RW0=write, LEN0=8: stored as given, bit 10 set. */
	CHECK_EQ(do_set_debugreg(7, 0x000d0001), 0);
	CHECK_EQ(do_get_debugreg(7), 0x000d0401);
	/* Reserved bits 11, 12, 14, 15 read as 0. */
	CHECK_EQ(do_set_debugreg(7, 0xd801), 0);
	CHECK_EQ(do_get_debugreg(7), 0x401);
	/* GD: -EPERM; upper half: -EINVAL; state unchanged. */
	CHECK_EQ(do_set_debugreg(7, 1ULL << 13), -EPERM);
	CHECK_EQ(do_set_debugreg(7, 1ULL << 40), -EINVAL);
	CHECK_EQ(do_get_debugreg(7), 0x401);
	/* I/O breakpoint (RW1 = 10b) needs CR4.DE. */
	CHECK_EQ(do_set_debugreg(7, 0x00200004), -EPERM);
	CHECK_EQ(do_get_debugreg(7), 0x401);
	/* ...an I/O breakpoint that is not enabled is not checked. */
	CHECK_EQ(do_set_debugreg(7, 0x00200000), 0);
	fg_vcpu.arch.cr4 = PV_CR4_DE;
	CHECK_EQ(do_set_debugreg(7, 0x0020000d), 0);
	/* The I/O breakpoint's enables (L1, G1) are emulated, not in the
	 * hardware DR7; L0 stays. */
	CHECK_EQ(fg_vcpu.arch.debugreg[7], 0x00200401);
	CHECK_EQ(fg_vcpu.arch.dr7_emul, 0xc);
	CHECK_EQ(do_get_debugreg(7), 0x0020040d);
	/* DR5 is -ENODEV with CR4.DE, an alias of DR7 without. */
	CHECK_EQ(do_set_debugreg(5, 0), -ENODEV);
	CHECK_EQ(do_get_debugreg(5), -ENODEV);
	fg_vcpu.arch.cr4 = 0;
	CHECK_EQ(do_set_debugreg(5, 0x2), 0);
	CHECK_EQ(do_get_debugreg(7), 0x402);
	CHECK_EQ(fg_vcpu.arch.dr7_emul, 0);
}

static void test_set_iopl(void)
{
	struct physdev_set_iopl op = { .iopl = 1 };

	fg_reset();
	memcpy(fg_ptr(FG_BASE), &op, sizeof(op));
	CHECK_EQ(do_physdev_op(PHYSDEVOP_set_iopl, FG_BASE), 0);
	CHECK_EQ(fg_vcpu.arch.iopl, 1);
	op.iopl = 3;
	memcpy(fg_ptr(FG_BASE), &op, sizeof(op));
	CHECK_EQ(do_physdev_op(PHYSDEVOP_set_iopl, FG_BASE), 0);
	CHECK_EQ(fg_vcpu.arch.iopl, 3);
	op.iopl = 4;
	memcpy(fg_ptr(FG_BASE), &op, sizeof(op));
	CHECK_EQ(do_physdev_op(PHYSDEVOP_set_iopl, FG_BASE), -EINVAL);
	op.iopl = 0x80000000u;
	memcpy(fg_ptr(FG_BASE), &op, sizeof(op));
	CHECK_EQ(do_physdev_op(PHYSDEVOP_set_iopl, FG_BASE), -EINVAL);
	CHECK_EQ(fg_vcpu.arch.iopl, 3);
	CHECK_EQ(do_physdev_op(PHYSDEVOP_set_iopl, FG_HOLE_VA), -EFAULT);
	CHECK_EQ(do_physdev_op(PHYSDEVOP_set_iopl, FG_HOLE_VA - 2), -EFAULT);
	CHECK_EQ(do_physdev_op(PHYSDEVOP_set_iopl, GUEST_HV_HOLE_START),
		 -EFAULT);
	CHECK_EQ(fg_enosys_calls, 0);
	/* Every other op: -ENOSYS, reported with its number. */
	CHECK_EQ(do_physdev_op(PHYSDEVOP_manage_pci_remove + 100, FG_BASE),
		 -ENOSYS);
	CHECK_EQ(fg_enosys_calls, 1);
	CHECK_EQ(fg_enosys_nr, __HYPERVISOR_physdev_op);
	CHECK_EQ(fg_enosys_subop, PHYSDEVOP_manage_pci_remove + 100);
	/* prepare_msix and release_msix reach theirs, with the command. */
	CHECK_EQ(do_physdev_op(PHYSDEVOP_prepare_msix, FG_BASE),
		 -3000 - PHYSDEVOP_prepare_msix);
	CHECK_EQ(do_physdev_op(PHYSDEVOP_release_msix, FG_BASE),
		 -3000 - PHYSDEVOP_release_msix);
	/* restore_msi and _ext reach theirs, with the command. */
	CHECK_EQ(do_physdev_op(PHYSDEVOP_restore_msi, FG_BASE),
		 -2000 - PHYSDEVOP_restore_msi);
	CHECK_EQ(do_physdev_op(PHYSDEVOP_restore_msi_ext, FG_BASE),
		 -2000 - PHYSDEVOP_restore_msi_ext);
	/* The PCI subops reach theirs (stub below), with the command. */
	CHECK_EQ(do_physdev_op(PHYSDEVOP_pci_device_add, FG_BASE),
		 -1000 - PHYSDEVOP_pci_device_add);
	CHECK_EQ(do_physdev_op(PHYSDEVOP_pci_mmcfg_reserved, FG_BASE),
		 -1000 - PHYSDEVOP_pci_mmcfg_reserved);
	/* The pirq subops reach their handlers (stubs below). */
	CHECK_EQ(do_physdev_op(PHYSDEVOP_map_pirq, FG_BASE), -EXDEV);
	CHECK_EQ(do_physdev_op(PHYSDEVOP_eoi, FG_BASE), -EXDEV);
	CHECK_EQ(fg_enosys_calls, 1);
}

/* The frame side of physdev_op lives in pirq-eoi.c and the pirq subops
 * in physdev-irq.c (not linked here). */
long pv_pirq_eoi_gmfn(uint64_t arg)
{
	(void)arg;
	return -EBUSY;
}

#define PIRQ_STUB(name)         \
	long name(uint64_t arg) \
	{                       \
		(void)arg;      \
		return -EXDEV;  \
	}
PIRQ_STUB(physdev_map_pirq)
PIRQ_STUB(physdev_unmap_pirq)
PIRQ_STUB(physdev_eoi)
PIRQ_STUB(physdev_irq_status_query)
PIRQ_STUB(physdev_setup_gsi)
PIRQ_STUB(physdev_get_free_pirq)
PIRQ_STUB(physdev_alloc_irq_vector)

long physdev_restore_msi(unsigned int cmd, uint64_t arg)
{
	(void)arg;
	return -2000 - (long)cmd;
}

long physdev_prepare_msix(unsigned int cmd, uint64_t arg)
{
	(void)arg;
	return -3000 - (long)cmd;
}

long physdev_pci_op(unsigned int cmd, uint64_t arg)
{
	(void)arg;
	return -1000 - (long)cmd;
}

/* One fake IO-APIC at 0xfec00000 whose registers read 0x100 + reg;
 * the write check mirrors ioapic.c's contract for the cases used. */
int ioapic_guest_read(uint64_t physbase, uint32_t reg, uint32_t *val)
{
	if (physbase != 0xfec00000)
		return -EINVAL;
	*val = 0x100 + reg;
	return 0;
}

int ioapic_guest_write_check(uint64_t physbase, uint32_t reg, uint32_t val)
{
	(void)val;
	if (physbase != 0xfec00000)
		return -EINVAL;
	return reg >= 0x10 && !(reg & 1) ? 1 : 0;
}

static void test_apic_ops(void)
{
	struct physdev_apic op = { .apic_physbase = 0xfec00000, .reg = 1 };

	fg_reset();
	fg_dom.is_initdomain = true;
	memcpy(fg_ptr(FG_BASE), &op, sizeof(op));
	CHECK_EQ(do_physdev_op(PHYSDEVOP_apic_read, FG_BASE), 0);
	memcpy(&op, fg_ptr(FG_BASE), sizeof(op));
	CHECK_EQ(op.value, 0x101);
	op.apic_physbase = 0xfec01000;
	op.value = 7;
	memcpy(fg_ptr(FG_BASE), &op, sizeof(op));
	CHECK_EQ(do_physdev_op(PHYSDEVOP_apic_read, FG_BASE), -EINVAL);
	memcpy(&op, fg_ptr(FG_BASE), sizeof(op));
	CHECK_EQ(op.value, 7); /* copied back unchanged, as in Xen */
	CHECK_EQ(do_physdev_op(PHYSDEVOP_apic_read, FG_HOLE_VA), -EFAULT);
	/* Writes: ignored outside a redirection entry's low half; a
	 * rerouting write is -ENOSYS (reported). */
	op.apic_physbase = 0xfec00000;
	op.reg = 0x11;
	memcpy(fg_ptr(FG_BASE), &op, sizeof(op));
	CHECK_EQ(do_physdev_op(PHYSDEVOP_apic_write, FG_BASE), 0);
	CHECK_EQ(fg_enosys_calls, 0);
	op.reg = 0x12;
	memcpy(fg_ptr(FG_BASE), &op, sizeof(op));
	CHECK_EQ(do_physdev_op(PHYSDEVOP_apic_write, FG_BASE), -ENOSYS);
	CHECK_EQ(fg_enosys_subop, PHYSDEVOP_apic_write);
	/* Not the hardware domain: -EPERM, nothing read. */
	fg_dom.is_initdomain = false;
	op.reg = 1;
	op.value = 9;
	memcpy(fg_ptr(FG_BASE), &op, sizeof(op));
	CHECK_EQ(do_physdev_op(PHYSDEVOP_apic_read, FG_BASE), -EPERM);
	memcpy(&op, fg_ptr(FG_BASE), sizeof(op));
	CHECK_EQ(op.value, 9);
	CHECK_EQ(do_physdev_op(PHYSDEVOP_apic_write, FG_BASE), -EPERM);
}

static void test_xenpmu(void)
{
	fg_reset();
	CHECK_EQ(do_xenpmu_op(0, FG_BASE), -EOPNOTSUPP);
	CHECK_EQ(do_xenpmu_op(6, 0), -EOPNOTSUPP);
	CHECK_EQ(fg_enosys_calls, 0);
}

int main(void)
{
	test_stack_switch();
	test_fpu_taskswitch();
	test_segment_base();
	test_debugreg_addresses();
	test_debugreg_reset();
	test_debugreg_dr6();
	test_debugreg_dr7();
	test_set_iopl();
	test_apic_ops();
	test_xenpmu();
	return check_summary("pv-misc");
}
