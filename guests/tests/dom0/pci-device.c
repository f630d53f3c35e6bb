/* SPDX-License-Identifier: MIT */
/*
 * dom0/pci-device: the PCI device registry (PHYSDEVOP_pci_device_add and
 * _remove, manage_pci_add, _remove, _add_ext) and pci_mmcfg_reserved.
 *
 * As dom0: first, through ports 0xcf8/0xcfc, that QEMU q35's host bridge
 * 00:00.0 and SATA controller 00:1f.2 answer and 00:03.0 does not. Adds
 * of both devices succeed, twice too (Xen updates the record); unknown
 * pci_device_add flags are ignored (Xen). Xen 4.17 does not look at
 * configuration space for a PV dom0 without IOMMU: an absent function
 * and a function on segment 1 (no MMCONFIG there) are registered too
 * (Xen logs "unknown type"), and removing them then succeeds once and
 * then gives -ENODEV, like removing what was never added. A virtual
 * function registers its physical function first: both can be removed
 * afterwards. manage_pci_add_ext rejects is_extfn or is_virtfn above 1
 * (-EINVAL). pci_mmcfg_reserved names QEMU's MCFG area exactly (segment
 * 0, buses 00-ff, 0xb0000000): unknown flags -EINVAL, another address
 * -EIO, another bus range or segment -ENODEV, flags 0 and 1 accepted. A
 * pointer into the hypervisor's half is -EFAULT everywhere.
 *
 * As an unprivileged domain (satori's boot test pci-domu): every op is
 * -EPERM, after -EFAULT for a bad pointer and manage_pci_add_ext's
 * -EINVAL, except pci_mmcfg_reserved, which refuses before reading
 * (Xen's order), and nothing it tried was registered (dom0 cannot be
 * asked here: the test only sees its own answers).
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/port-io.h>
#include <guest/test.h>

#include <physdev.h>

const char test_name[] = "dom0/pci-device";

#define BAD_PTR ((void *)0xffff830000000000ULL)
#define DEVFN(slot, fn) (((slot) << 3) | (fn))
#define MCFG_BASE 0xb0000000ULL

static long physdev(unsigned int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_physdev_op, cmd, (uint64_t)arg, 0, 0, 0);
}

static uint16_t vendor_of(uint8_t devfn)
{
	outl(0xcf8, 0x80000000u | ((uint32_t)devfn << 8));
	return (uint16_t)inl(0xcfc);
}

static long add(uint16_t seg, uint8_t devfn, uint32_t flags)
{
	struct physdev_pci_device_add a = { .seg = seg,
					    .devfn = devfn,
					    .flags = flags };

	return physdev(PHYSDEVOP_pci_device_add, &a);
}

static long add_vf(uint8_t devfn, uint8_t pf_devfn)
{
	struct physdev_pci_device_add a = { .devfn = devfn,
					    .flags = XEN_PCI_DEV_VIRTFN };

	a.physfn.devfn = pf_devfn;
	return physdev(PHYSDEVOP_pci_device_add, &a);
}

static long add_pxm(uint8_t devfn, uint32_t pxm)
{
	struct physdev_pci_device_add a = { .devfn = devfn,
					    .flags = XEN_PCI_DEV_PXM };
	uint32_t words[4]; /* the 12-byte fixed part, then optarr[0] */

	__builtin_memcpy(words, &a, sizeof(a));
	words[3] = pxm;
	return physdev(PHYSDEVOP_pci_device_add, words);
}

static long del(uint16_t seg, uint8_t devfn)
{
	struct physdev_pci_device d = { .seg = seg, .devfn = devfn };

	return physdev(PHYSDEVOP_pci_device_remove, &d);
}

static long manage(unsigned int cmd, uint8_t devfn)
{
	struct physdev_manage_pci m = { .devfn = devfn };

	return physdev(cmd, &m);
}

static long manage_ext(uint8_t devfn, uint32_t extfn, uint32_t virtfn)
{
	struct physdev_manage_pci_ext e = { .devfn = devfn,
					    .is_extfn = extfn,
					    .is_virtfn = virtfn };

	return physdev(PHYSDEVOP_manage_pci_add_ext, &e);
}

static long mmcfg(uint64_t address, uint16_t seg, uint8_t end_bus,
		  uint32_t flags)
{
	struct physdev_pci_mmcfg_reserved r = { .address = address,
						.segment = seg,
						.end_bus = end_bus,
						.flags = flags };

	return physdev(PHYSDEVOP_pci_mmcfg_reserved, &r);
}

static void check_config_space(void)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };

	if (physdev(PHYSDEVOP_set_iopl, &iopl))
		test_error("set_iopl failed");
	if (vendor_of(DEVFN(0, 0)) != 0x8086 ||
	    vendor_of(DEVFN(0x1f, 2)) != 0x8086 ||
	    vendor_of(DEVFN(3, 0)) != 0xffff)
		test_error("not QEMU q35's PCI devices");
}

static void dom0_devices(void)
{
	CHECK_EQ("add 00:00.0", add(0, DEVFN(0, 0), 0), 0);
	CHECK_EQ("add 00:00.0 again", add(0, DEVFN(0, 0), 0), 0);
	CHECK_EQ("add 00:1f.2, unknown flag", add(0, DEVFN(0x1f, 2), 0x80), 0);
	CHECK_EQ("add 00:1f.0 with a proximity domain",
		 add_pxm(DEVFN(0x1f, 0), 7), 0);
	CHECK_EQ("add absent 00:03.0", add(0, DEVFN(3, 0), 0), 0);
	CHECK_EQ("remove 00:03.0", del(0, DEVFN(3, 0)), 0);
	CHECK_EQ("remove 00:03.0 again", del(0, DEVFN(3, 0)), -XEN_ENODEV);
	CHECK_EQ("add 0001:00:00.0", add(1, DEVFN(0, 0), 0), 0);
	CHECK_EQ("remove 0001:00:00.0", del(1, DEVFN(0, 0)), 0);
	CHECK_EQ("remove 0001:00:00.0 again", del(1, DEVFN(0, 0)), -XEN_ENODEV);
	CHECK_EQ("remove 0002:00:00.0", del(2, DEVFN(0, 0)), -XEN_ENODEV);
	CHECK_EQ("remove never added 00:04.0", del(0, DEVFN(4, 0)),
		 -XEN_ENODEV);
	CHECK_EQ("add VF 00:05.0 of PF 00:06.0",
		 add_vf(DEVFN(5, 0), DEVFN(6, 0)), 0);
	CHECK_EQ("remove PF 00:06.0", del(0, DEVFN(6, 0)), 0);
	CHECK_EQ("remove VF 00:05.0", del(0, DEVFN(5, 0)), 0);
	CHECK_EQ("manage_pci_add 00:01.0",
		 manage(PHYSDEVOP_manage_pci_add, DEVFN(1, 0)), 0);
	CHECK_EQ("manage_pci_remove 00:01.0",
		 manage(PHYSDEVOP_manage_pci_remove, DEVFN(1, 0)), 0);
	CHECK_EQ("manage_pci_remove 00:01.0 again",
		 manage(PHYSDEVOP_manage_pci_remove, DEVFN(1, 0)), -XEN_ENODEV);
	CHECK_EQ("add_ext is_extfn 2", manage_ext(DEVFN(2, 0), 2, 0),
		 -XEN_EINVAL);
	CHECK_EQ("add_ext is_virtfn 2", manage_ext(DEVFN(2, 0), 0, 2),
		 -XEN_EINVAL);
	CHECK_EQ("add_ext 00:02.0 extfn", manage_ext(DEVFN(2, 0), 1, 0), 0);
	CHECK_EQ("remove 00:02.0", del(0, DEVFN(2, 0)), 0);
	CHECK_EQ("remove 00:1f.0", del(0, DEVFN(0x1f, 0)), 0);
	CHECK_EQ("remove 00:1f.2", del(0, DEVFN(0x1f, 2)), 0);
	CHECK_EQ("remove 00:00.0", del(0, DEVFN(0, 0)), 0);
	CHECK_EQ("remove 00:00.0 again", del(0, DEVFN(0, 0)), -XEN_ENODEV);
}

static void dom0_mmcfg(void)
{
	CHECK_EQ("mmcfg reserved", mmcfg(MCFG_BASE, 0, 0xff, 1), 0);
	CHECK_EQ("mmcfg flags 3", mmcfg(MCFG_BASE, 0, 0xff, 3), -XEN_EINVAL);
	CHECK_EQ("mmcfg other address", mmcfg(0xc0000000, 0, 0xff, 1),
		 -XEN_EIO);
	CHECK_EQ("mmcfg buses 00-7f", mmcfg(MCFG_BASE, 0, 0x7f, 1),
		 -XEN_ENODEV);
	CHECK_EQ("mmcfg segment 1", mmcfg(MCFG_BASE, 1, 0xff, 1), -XEN_ENODEV);
	CHECK_EQ("mmcfg not reserved", mmcfg(MCFG_BASE, 0, 0xff, 0), 0);
	CHECK_EQ("mmcfg reserved again", mmcfg(MCFG_BASE, 0, 0xff, 1), 0);
}

static void bad_pointers(long want_mmcfg)
{
	CHECK_EQ("pci_device_add bad pointer",
		 physdev(PHYSDEVOP_pci_device_add, BAD_PTR), -XEN_EFAULT);
	CHECK_EQ("pci_device_remove bad pointer",
		 physdev(PHYSDEVOP_pci_device_remove, BAD_PTR), -XEN_EFAULT);
	CHECK_EQ("manage_pci_add bad pointer",
		 physdev(PHYSDEVOP_manage_pci_add, BAD_PTR), -XEN_EFAULT);
	CHECK_EQ("manage_pci_remove bad pointer",
		 physdev(PHYSDEVOP_manage_pci_remove, BAD_PTR), -XEN_EFAULT);
	CHECK_EQ("manage_pci_add_ext bad pointer",
		 physdev(PHYSDEVOP_manage_pci_add_ext, BAD_PTR), -XEN_EFAULT);
	CHECK_EQ("pci_mmcfg_reserved bad pointer",
		 physdev(PHYSDEVOP_pci_mmcfg_reserved, BAD_PTR), want_mmcfg);
}

static void domu(void)
{
	CHECK_EQ("domU add 00:00.0", add(0, DEVFN(0, 0), 0), -XEN_EPERM);
	CHECK_EQ("domU add VF", add_vf(DEVFN(5, 0), DEVFN(6, 0)), -XEN_EPERM);
	CHECK_EQ("domU add with pxm", add_pxm(DEVFN(0, 0), 1), -XEN_EPERM);
	CHECK_EQ("domU remove 00:00.0", del(0, DEVFN(0, 0)), -XEN_EPERM);
	CHECK_EQ("domU manage_pci_add",
		 manage(PHYSDEVOP_manage_pci_add, DEVFN(0, 0)), -XEN_EPERM);
	CHECK_EQ("domU manage_pci_remove",
		 manage(PHYSDEVOP_manage_pci_remove, DEVFN(0, 0)), -XEN_EPERM);
	CHECK_EQ("domU add_ext is_extfn 2", manage_ext(DEVFN(0, 0), 2, 0),
		 -XEN_EINVAL);
	CHECK_EQ("domU add_ext", manage_ext(DEVFN(0, 0), 1, 0), -XEN_EPERM);
	CHECK_EQ("domU mmcfg", mmcfg(MCFG_BASE, 0, 0xff, 0), -XEN_EPERM);
	bad_pointers(-XEN_EPERM);
}

void test_main(void)
{
	if (!(start_info->flags & SIF_PRIVILEGED)) {
		printf("unprivileged: every operation must be refused\n");
		domu();
		test_success();
	}
	check_config_space();
	dom0_devices();
	dom0_mmcfg();
	bad_pointers(-XEN_EFAULT);
	test_success();
}
