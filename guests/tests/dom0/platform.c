/* SPDX-License-Identifier: MIT */
/*
 * dom0/platform: platform_op as Linux's dom0 uses it while booting. A
 * wrong interface version is -EACCES. On a multiboot machine without EDD
 * data the disk queries are -ESRCH; so is VBE EDID index 1. The BIOS
 * keyboard shift flags (index 0 only) read 0 on QEMU; an unknown
 * firmware type is -EINVAL.
 * get_cpuinfo reports CPU 0 online with the boot CPU's APIC id (0 on
 * QEMU) and a CPU far beyond the last one as invalid. settime64 with a
 * nonzero mbz is -EINVAL; a valid one moves the shared_info wallclock.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/vcpu.h>

#include <platform.h>

const char test_name[] = "dom0/platform";

static long pf_op(struct xen_platform_op *op)
{
	return hypercall(__HYPERVISOR_platform_op, (uint64_t)op, 0, 0, 0, 0);
}

static void init_op(struct xen_platform_op *op, uint32_t cmd)
{
	__builtin_memset(op, 0, sizeof(*op));
	op->cmd = cmd;
	op->interface_version = XENPF_INTERFACE_VERSION;
}

static void test_firmware(void)
{
	struct xen_platform_op op;

	init_op(&op, XENPF_firmware_info);
	op.interface_version = 0x03000000;
	CHECK_EQ("old interface version", pf_op(&op), -XEN_EACCES);
	init_op(&op, XENPF_firmware_info);
	op.u.firmware_info.type = XEN_FW_DISK_INFO;
	CHECK_EQ("EDD disk 0", pf_op(&op), -XEN_ESRCH);
	init_op(&op, XENPF_firmware_info);
	op.u.firmware_info.type = XEN_FW_DISK_MBR_SIGNATURE;
	CHECK_EQ("MBR signature 0", pf_op(&op), -XEN_ESRCH);
	init_op(&op, XENPF_firmware_info);
	op.u.firmware_info.type = XEN_FW_VBEDDC_INFO;
	/* Index 0 differs: Xen's real-mode boot code reads QEMU's EDID
	 * (then a NULL buffer is -EFAULT); satori has none (-ESRCH). */
	op.u.firmware_info.index = 1;
	CHECK_EQ("VBE EDID 1", pf_op(&op), -XEN_ESRCH);
	init_op(&op, XENPF_firmware_info);
	op.u.firmware_info.type = XEN_FW_KBD_SHIFT_FLAGS;
	op.u.firmware_info.index = 1;
	CHECK_EQ("keyboard flags index 1", pf_op(&op), -XEN_ESRCH);
	op.u.firmware_info.index = 0;
	op.u.firmware_info.u.kbd_shift_flags = 0xa5;
	CHECK_EQ("keyboard flags", pf_op(&op), 0);
	/* SeaBIOS leaves no shift key or lock state set at boot. */
	CHECK_EQ("keyboard flags value", op.u.firmware_info.u.kbd_shift_flags,
		 0);
	init_op(&op, XENPF_firmware_info);
	op.u.firmware_info.type = 6;
	CHECK_EQ("unknown firmware type", pf_op(&op), -XEN_EINVAL);
}

static void test_cpuinfo(void)
{
	struct xen_platform_op op;

	init_op(&op, XENPF_get_cpuinfo);
	op.u.pcpu_info.flags = 0x55;
	CHECK_EQ("get_cpuinfo 0", pf_op(&op), 0);
	CHECK_EQ("CPU 0 flags", op.u.pcpu_info.flags, XEN_PCPU_FLAGS_ONLINE);
	CHECK_EQ("CPU 0 APIC id", op.u.pcpu_info.apic_id, 0);
	printf("max_present %u acpi_id %u\n", op.u.pcpu_info.max_present,
	       op.u.pcpu_info.acpi_id);
	init_op(&op, XENPF_get_cpuinfo);
	op.u.pcpu_info.xen_cpuid = 4000;
	CHECK_EQ("get_cpuinfo 4000", pf_op(&op), 0);
	CHECK_EQ("CPU 4000 flags", op.u.pcpu_info.flags,
		 XEN_PCPU_FLAGS_INVALID);
}

static void test_settime(void)
{
	volatile struct shared_info *si =
		(volatile struct shared_info *)vcpu0_info;
	struct xen_platform_op op;

	if (!si)
		test_fail("shared_info is not mapped");

	init_op(&op, XENPF_settime64);
	op.u.settime64.secs = 2000000000ull;
	op.u.settime64.mbz = 1;
	CHECK_EQ("settime64 mbz", pf_op(&op), -XEN_EINVAL);
	op.u.settime64.mbz = 0;
	op.u.settime64.system_time = 0;
	CHECK_EQ("settime64", pf_op(&op), 0);
	CHECK_EQ("wc_sec", si->wc_sec, (uint32_t)2000000000u);
	CHECK_EQ("wc_version even", si->wc_version & 1, 0);
}

void test_main(void)
{
	test_firmware();
	test_cpuinfo();
	test_settime();
	test_success();
}
