/* SPDX-License-Identifier: MIT */
/*
 * platform_op: the machine-wide operations the hardware domain (dom0)
 * makes while Linux boots. Only dom0 may call it (-EPERM otherwise), and
 * only with interface version 0x03000001 (-EACCES otherwise), as in Xen.
 * satori boots by multiboot without BIOS EDD, EDID or EFI data and has
 * no cpufreq or C-state driver, so those queries get the answers Xen
 * gives when the data or the driver is absent (docs/hacking/dom0.md).
 * enter_acpi_sleep is Linux's ACPI power-off: S5 ends the machine
 * (acpi/sleep.c).
 */
#include <satori/cpumask.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>

#include <asm/acpi-sleep.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/ioremap.h>
#include <asm/pv.h>
#include <asm/rtc.h>

#include <public/platform.h>
#include <public/xen.h>

static long settime(const struct xen_platform_op *op)
{
	if (op->cmd == XENPF_settime32) {
		wallclock_set(op->u.settime32.secs, op->u.settime32.nsecs,
			      op->u.settime32.system_time);
		return 0;
	}
	if (op->u.settime64.mbz)
		return -EINVAL;
	wallclock_set(op->u.settime64.secs, op->u.settime64.nsecs,
		      op->u.settime64.system_time);
	return 0;
}

/* The BIOS keyboard shift state (BIOS data area byte 0x417, what
 * int 16h AH=02h returns and Xen's real-mode boot code records). */
#define BDA_KBD_SHIFT_FLAGS 0x417
static uint8_t bios_kbd_shift_flags;

void platform_boot_init(void)
{
	const volatile uint8_t *p = ioremap(BDA_KBD_SHIFT_FLAGS, 1);

	if (p)
		bios_kbd_shift_flags = *p;
}

/* No EDD, MBR signatures or EDID were collected at boot: every index is
 * out of range (-ESRCH, as Xen answers a missing one). Unknown types are
 * -EINVAL, as in Xen. */
static long firmware_info(struct xen_platform_op *op, bool *copy_back)
{
	struct xenpf_firmware_info *fw = &op->u.firmware_info;

	switch (fw->type) {
	case XEN_FW_DISK_INFO:
	case XEN_FW_DISK_MBR_SIGNATURE:
	case XEN_FW_VBEDDC_INFO:
		return -ESRCH;
	case XEN_FW_EFI_INFO:
		return -ENOSYS; /* Xen's answer when not booted by EFI. */
	case XEN_FW_KBD_SHIFT_FLAGS:
		if (fw->index != 0)
			return -ESRCH;
		fw->u.kbd_shift_flags = bios_kbd_shift_flags;
		*copy_back = true;
		return 0;
	default:
		return -EINVAL;
	}
}

static uint32_t cpu_acpi_uid(unsigned int cpu)
{
	for (unsigned int i = 0; i < acpi_nr_cpus; i++)
		if (acpi_cpu_apic_ids[i] == cpu_apic_id[cpu])
			return acpi_cpu_uids[i];
	return 0;
}

/* satori has no CPU hotplug: the present CPUs are the online ones. */
static long get_cpuinfo(struct xen_platform_op *op)
{
	struct xenpf_pcpuinfo *info = &op->u.pcpu_info;
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu) last = cpu;
	info->max_present = last;
	info->apic_id = 0;
	info->acpi_id = 0;
	if (info->xen_cpuid >= NR_CPUS ||
	    !cpumask_test(info->xen_cpuid, &cpu_online_map)) {
		info->flags = XEN_PCPU_FLAGS_INVALID;
		return 0;
	}
	info->flags = XEN_PCPU_FLAGS_ONLINE;
	info->apic_id = cpu_apic_id[info->xen_cpuid];
	info->acpi_id = cpu_acpi_uid(info->xen_cpuid);
	return 0;
}

/* Without a cpufreq or cpuidle driver Xen answers Px and Cx data with
 * -ENOSYS; other types are -EINVAL. */
static long set_pminfo(const struct xen_platform_op *op)
{
	switch (op->u.set_pminfo.type) {
	case XEN_PM_PX:
	case XEN_PM_CX:
	case XEN_PM_PDC:
		return -ENOSYS;
	default:
		return -EINVAL;
	}
}

static long platform_dispatch(struct xen_platform_op *op, bool *copy_back)
{
	switch (op->cmd) {
	case XENPF_settime32:
	case XENPF_settime64:
		return settime(op);
	case XENPF_firmware_info:
		return firmware_info(op, copy_back);
	case XENPF_enter_acpi_sleep:
		return acpi_enter_sleep(&op->u.enter_acpi_sleep);
	case XENPF_get_cpuinfo:
		*copy_back = true;
		return get_cpuinfo(op);
	case XENPF_set_processor_pminfo:
		return set_pminfo(op);
	default:
		return hypercall_enosys(__HYPERVISOR_platform_op, op->cmd);
	}
}

long do_platform_op(uint64_t arg)
{
	struct xen_platform_op op;
	bool copy_back = false;
	long rc;

	if (!current->domain->is_initdomain)
		return -EPERM;
	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XENPF_INTERFACE_VERSION)
		return -EACCES;
	rc = platform_dispatch(&op, &copy_back);
	if (rc == 0 && copy_back && copy_to_guest_raw(arg, &op, sizeof(op)))
		return -EFAULT;
	return rc;
}
