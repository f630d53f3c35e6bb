/* SPDX-License-Identifier: MIT */
/*
 * dom0/msi: an MSI for the hardware domain, with QEMU's "edu" device
 * (-device edu: one MSI vector, 64-bit, no mask bits; BAR 0 has an
 * interrupt raise register at 0x60 and an acknowledge register at 0x64).
 *
 * As dom0: registers the device (pci_device_add), refuses the hostile
 * maps (an index, a multi-vector count out of range -EDOM or above one
 * -EOPNOTSUPP as Xen without interrupt remapping, a pirq out of range, an
 * unregistered function, a registered one without MSI, an unknown
 * domain, MSI-X's table_base with MULTI_MSI), then maps the MSI: the
 * hypervisor wrote the message (0xfee..... address, a vector in the data)
 * and left MSI enable off; a dom0 write to the address register is
 * printed (satori drops it, Xen 4.17 passes it for a device without mask
 * bits: the manifest checks each). Binds the pirq (EOI bitmap bit set:
 * no mask bits, Xen's ACKTYPE_EOI), enables MSI and bus mastering, and
 * makes the device interrupt: an event on the port; after the EOI
 * another interrupt gives another event. Mapping the same pirq again
 * succeeds with no change (Xen's "already mapped"); a second map of the
 * device is printed (satori -EBUSY, Xen maps it again). Unmap turns MSI
 * off and keeps the port until closed; an unmapped pirq's EOI and
 * second unmap fail. A last MSI, bound: after MSI is turned off and the
 * address clobbered (as by a reset), restore_msi turns it on with the
 * hypervisor's message and it interrupts again; restore_msi of an absent
 * function -ENODEV, of one without a mapped MSI 0. It is left mapped and
 * bound for the teardown.
 *
 * As an unprivileged domain (boot test msi-domu): map (MSI and MSI-X)
 * and unmap are -EPERM, for itself and for the other boot domain, d2. As a privileged
 * boot domain that is not the hardware domain (boot test msi-priv;
 * satori only), which has no configuration space access: registers
 * 00:03.0 (where QEMU puts edu there), which makes it the owner, maps
 * and binds its MSI and leaves it so for the teardown, after a second
 * for the test to ask for debug key 'i'.
 */
#include <guest/console.h>
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/mmu.h>
#include <guest/port-io.h>
#include <guest/test.h>

#include <physdev.h>

const char test_name[] = "dom0/msi";

#define BAD_PTR ((void *)0xffff830000000000ULL)
#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8
#define EDU_IRQ_STATUS 0x24
#define EDU_IRQ_RAISE 0x60
#define EDU_IRQ_ACK 0x64
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define MSI_ENABLE 0x1
#define PTE_PCD 0x010UL
#define PTE_PWT 0x008UL
#define NR_GSIS 24
#define OTHER_DOM 2 /* The bystander of boot test msi-domu. */

static uint64_t eoi_map[512] __attribute__((aligned(4096)));
static uint8_t edu_devfn;
static unsigned int msi_pos;
static volatile uint32_t *edu;

static long physdev(unsigned int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_physdev_op, cmd, (uint64_t)arg, 0, 0, 0);
}

static void latch(uint8_t devfn, unsigned int reg)
{
	outl(0xcf8, 0x80000000u | ((uint32_t)devfn << 8) | (reg & 0xfc));
}

static uint32_t conf32(uint8_t devfn, unsigned int reg)
{
	latch(devfn, reg);
	return inl(0xcfc);
}

static uint16_t conf16(uint8_t devfn, unsigned int reg)
{
	latch(devfn, reg);
	return inw((uint16_t)(0xcfc + (reg & 2)));
}

static void conf_write32(uint8_t devfn, unsigned int reg, uint32_t v)
{
	latch(devfn, reg);
	outl(0xcfc, v);
}

static void conf_write16(uint8_t devfn, unsigned int reg, uint16_t v)
{
	latch(devfn, reg);
	outw((uint16_t)(0xcfc + (reg & 2)), v);
}

static long map_msi(domid_t dom, int type, int index, int *pirq, uint8_t devfn,
		    int entry_nr, uint64_t table_base)
{
	struct physdev_map_pirq m = { .domid = dom,
				      .type = type,
				      .index = index,
				      .pirq = *pirq,
				      .bus = 0,
				      .devfn = devfn,
				      .entry_nr = entry_nr,
				      .table_base = table_base };
	long rc = physdev(PHYSDEVOP_map_pirq, &m);

	*pirq = m.pirq;
	return rc;
}

static long map1(int *pirq, uint8_t devfn)
{
	return map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, pirq, devfn, 1, 0);
}

static long unmap(domid_t dom, int pirq)
{
	struct physdev_unmap_pirq u = { .domid = dom, .pirq = pirq };

	return physdev(PHYSDEVOP_unmap_pirq, &u);
}

static long bind_pirq(uint32_t pirq, uint32_t *port)
{
	struct evtchn_bind_pirq b = { .pirq = pirq };
	long rc = hc_event_channel_op(EVTCHNOP_bind_pirq, &b);

	*port = b.port;
	return rc;
}

static long eoi(uint32_t pirq)
{
	struct physdev_eoi e = { .irq = pirq };

	return physdev(PHYSDEVOP_eoi, &e);
}

static int wait_pending(uint32_t port, uint64_t ms)
{
	uint64_t deadline = event_system_time_ns() + ms * 1000000ull;

	while (!ev_is_pending(port) && event_system_time_ns() < deadline)
		(void)ev_poll(&port, 1, deadline);
	return ev_is_pending(port);
}

/* The edu device on bus 0 and its MSI capability. */
static void find_edu(void)
{
	unsigned int pos;

	for (unsigned int devfn = 0; devfn < 256; devfn += 8)
		if (conf32((uint8_t)devfn, 0) ==
		    (EDU_DEVICE << 16 | EDU_VENDOR))
			edu_devfn = (uint8_t)devfn;
	if (!edu_devfn)
		test_skip("no edu device (QEMU -device edu)");
	pos = conf32(edu_devfn, 0x34) & 0xfc;
	while (pos && (conf32(edu_devfn, pos) & 0xff) != 0x05)
		pos = (conf32(edu_devfn, pos) >> 8) & 0xfc;
	CHECK_EQ("edu has an MSI capability", pos != 0, 1);
	msi_pos = pos;
	printf("edu at 00:%02x.%u, MSI capability at %#x\n",
	       (unsigned int)edu_devfn >> 3, (unsigned int)edu_devfn & 7,
	       msi_pos);
}

static void map_bar0(void)
{
	uint64_t bar = conf32(edu_devfn, 0x10) & ~0xfULL;

	CHECK_EQ("BAR 0 assigned", bar != 0, 1);
	conf_write16(edu_devfn, 0x04,
		     (uint16_t)(conf16(edu_devfn, 0x04) | PCI_COMMAND_MEMORY |
				PCI_COMMAND_MASTER));
	CHECK_EQ("map BAR 0",
		 mmu_window_map(0, bar >> 12, PTE_FLAGS_RW | PTE_PCD | PTE_PWT),
		 0);
	edu = mmu_window(0);
	CHECK_EQ("edu identification", edu[0] & 0xff, 0xed);
}

static void test_hostile(void)
{
	int pirq = -1;
	uint8_t nocap = 0; /* the host bridge: no MSI */
	uint8_t absent = (uint8_t)((0x1d << 3) | 7);

	CHECK_EQ("map MSI, index 5",
		 map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI, 5, &pirq, edu_devfn, 1,
			 0),
		 -XEN_EINVAL);
	CHECK_EQ("map MULTI_MSI, 0 vectors",
		 map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MULTI_MSI, -1, &pirq,
			 edu_devfn, 0, 0),
		 -XEN_EDOM);
	CHECK_EQ("map MULTI_MSI, 33 vectors",
		 map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MULTI_MSI, -1, &pirq,
			 edu_devfn, 33, 0),
		 -XEN_EDOM);
	CHECK_EQ("map MULTI_MSI, 2 vectors (no interrupt remapping)",
		 map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MULTI_MSI, -1, &pirq,
			 edu_devfn, 2, 0),
		 -XEN_EOPNOTSUPP);
	CHECK_EQ("map MULTI_MSI with a table base",
		 map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MULTI_MSI, -1, &pirq,
			 edu_devfn, 1, 0xfe000000),
		 -XEN_EINVAL);
	pirq = 100000;
	CHECK_EQ("map MSI to pirq 100000", map1(&pirq, edu_devfn), -XEN_EINVAL);
	pirq = -1;
	CHECK_EQ("map MSI of an absent function", map1(&pirq, absent),
		 -XEN_ENODEV);
	CHECK_EQ("map MSI of a function without MSI", map1(&pirq, nocap),
		 -XEN_ENODEV);
	CHECK_EQ("map MSI for domain 1234",
		 map_msi(1234, MAP_PIRQ_TYPE_MSI, -1, &pirq, edu_devfn, 1, 0),
		 -XEN_ESRCH);
	CHECK_EQ("map, bad pointer", physdev(PHYSDEVOP_map_pirq, BAD_PTR),
		 -XEN_EFAULT);
	CHECK_EQ("pirq untouched by the failures", pirq, -1);
}

/* The message the hypervisor wrote (edu: 64-bit, data at +0xc). */
static void check_message(void)
{
	uint32_t addr = conf32(edu_devfn, msi_pos + 4);
	uint32_t data = conf16(edu_devfn, msi_pos + 0xc);
	uint32_t poked;

	CHECK_EQ("MSI address in the local APIC window", addr & 0xfff00000u,
		 0xfee00000u);
	CHECK_EQ("MSI upper address 0", conf32(edu_devfn, msi_pos + 8), 0);
	CHECK_EQ("MSI vector above the exceptions", (data & 0xff) >= 0x20, 1);
	CHECK_EQ("MSI enable left to dom0",
		 conf16(edu_devfn, msi_pos + 2) & MSI_ENABLE, 0);
	conf_write32(edu_devfn, msi_pos + 4, 0xfee0f000u);
	poked = conf32(edu_devfn, msi_pos + 4);
	printf("dom0 write to the MSI address: %s\n",
	       poked == addr ? "dropped" : "passed");
	conf_write32(edu_devfn, msi_pos + 4, addr);
	CHECK_EQ("MSI address as the hypervisor wrote it",
		 conf32(edu_devfn, msi_pos + 4), addr);
}

static void raise_and_wait(uint32_t port, const char *what)
{
	ev_clear_pending(port);
	edu[EDU_IRQ_RAISE / 4] = 1;
	CHECK_EQ(what, wait_pending(port, 3000), 1);
	CHECK_EQ("edu interrupt status", edu[EDU_IRQ_STATUS / 4], 1);
	edu[EDU_IRQ_ACK / 4] = 1;
	ev_clear_pending(port);
}

static void test_interrupt(int pirq, uint32_t port)
{
	uint16_t ctl = conf16(edu_devfn, msi_pos + 2);

	conf_write16(edu_devfn, msi_pos + 2, (uint16_t)(ctl | MSI_ENABLE));
	CHECK_EQ("dom0 enables MSI",
		 conf16(edu_devfn, msi_pos + 2) & MSI_ENABLE, MSI_ENABLE);
	raise_and_wait(port, "MSI: event on the pirq's port");
	CHECK_EQ("eoi", eoi((uint32_t)pirq), 0);
	raise_and_wait(port, "MSI after the EOI: another event");
	CHECK_EQ("eoi again", eoi((uint32_t)pirq), 0);
}

static void test_map_bind(void)
{
	struct physdev_pirq_eoi_gmfn g = { .gmfn = ev_virt_to_mfn(
						   (uint64_t)eoi_map) };
	struct physdev_irq_status_query q;
	struct evtchn_status st;
	int pirq = -1, again;
	uint32_t port = 0, p2;
	long rc;

	CHECK_EQ("pirq_eoi_gmfn_v2", physdev(PHYSDEVOP_pirq_eoi_gmfn_v2, &g),
		 0);
	CHECK_EQ("map the edu MSI", map1(&pirq, edu_devfn), 0);
	CHECK_EQ("an MSI pirq above the GSIs", pirq >= NR_GSIS, 1);
	check_message();
	q.irq = (uint32_t)pirq;
	CHECK_EQ("irq_status_query", physdev(PHYSDEVOP_irq_status_query, &q),
		 0);
	CHECK_EQ("needs EOI (no EOI bitmap read)", q.flags,
		 XENIRQSTAT_needs_eoi);
	CHECK_EQ("bind the MSI pirq", bind_pirq((uint32_t)pirq, &port), 0);
	CHECK_EQ("bind it twice", bind_pirq((uint32_t)pirq, &p2), -XEN_EEXIST);
	CHECK_EQ("status", ev_status(DOMID_SELF, port, &st), 0);
	CHECK_EQ("status: pirq", st.status, EVTCHNSTAT_pirq);
	CHECK_EQ("status: which pirq", st.u.pirq, (uint32_t)pirq);
	CHECK_EQ("EOI bitmap: no mask bits, EOI wanted",
		 (eoi_map[pirq / 64] >> (pirq % 64)) & 1, 1);
	test_interrupt(pirq, port);
	again = pirq;
	CHECK_EQ("map the same pirq again: already mapped",
		 map1(&again, edu_devfn), 0);
	CHECK_EQ("the same pirq", again, pirq);
	again = -1;
	rc = map1(&again, edu_devfn);
	printf("second map of the device: %ld\n", rc);
	if (rc == 0)
		CHECK_EQ("unmap the second map", unmap(DOMID_SELF, again), 0);
	CHECK_EQ("unmap the bound MSI pirq", unmap(DOMID_SELF, pirq), 0);
	CHECK_EQ("MSI off after the unmap",
		 conf16(edu_devfn, msi_pos + 2) & MSI_ENABLE, 0);
	CHECK_EQ("port kept", ev_status(DOMID_SELF, port, &st), 0);
	CHECK_EQ("port kept: pirq", st.status, EVTCHNSTAT_pirq);
	CHECK_EQ("unmap twice", unmap(DOMID_SELF, pirq), -XEN_EINVAL);
	CHECK_EQ("close the port", ev_close(port), 0);
	CHECK_EQ("eoi of the unmapped pirq", eoi((uint32_t)pirq), -XEN_EINVAL);
	CHECK_EQ("bind the unmapped pirq", bind_pirq((uint32_t)pirq, &p2),
		 -XEN_EPERM);
}

static long restore(uint8_t devfn)
{
	struct physdev_restore_msi r = { .bus = 0, .devfn = devfn };

	return physdev(PHYSDEVOP_restore_msi, &r);
}

/* As after a device reset: MSI off and the address clobbered (where the
 * hypervisor lets the write through); restore_msi puts both back. */
static void test_restore(int pirq, uint32_t port)
{
	struct physdev_pci_device ext = { .seg = 0,
					  .bus = 0,
					  .devfn = edu_devfn };
	uint32_t addr = conf32(edu_devfn, msi_pos + 4);
	uint16_t ctl = conf16(edu_devfn, msi_pos + 2);

	CHECK_EQ("restore_msi of an absent function",
		 restore((uint8_t)((0x1d << 3) | 7)), -XEN_ENODEV);
	CHECK_EQ("restore_msi, bad pointer",
		 physdev(PHYSDEVOP_restore_msi, BAD_PTR), -XEN_EFAULT);
	CHECK_EQ("restore_msi of a device without MSI mapped", restore(0), 0);
	conf_write16(edu_devfn, msi_pos + 2, (uint16_t)(ctl & ~MSI_ENABLE));
	conf_write32(edu_devfn, msi_pos + 4, 0xfee0f000u);
	CHECK_EQ("restore_msi", restore(edu_devfn), 0);
	CHECK_EQ("restored: MSI on",
		 conf16(edu_devfn, msi_pos + 2) & MSI_ENABLE, MSI_ENABLE);
	CHECK_EQ("restored: the address", conf32(edu_devfn, msi_pos + 4), addr);
	raise_and_wait(port, "MSI after restore_msi: event");
	CHECK_EQ("eoi after restore", eoi((uint32_t)pirq), 0);
	CHECK_EQ("restore_msi_ext", physdev(PHYSDEVOP_restore_msi_ext, &ext),
		 0);
}

/* Left mapped and bound, with MSI on: the teardown gives it back. */
static void leave_one(void)
{
	int pirq = -1;
	uint32_t port = 0;

	CHECK_EQ("map again for the teardown", map1(&pirq, edu_devfn), 0);
	CHECK_EQ("bind it", bind_pirq((uint32_t)pirq, &port), 0);
	test_interrupt(pirq, port);
	test_restore(pirq, port);
}

static void unprivileged(void)
{
	int pirq = -1;

	printf("unprivileged: map and unmap must be refused\n");
	CHECK_EQ("map MSI for itself",
		 map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, &pirq, 0x18, 1, 0),
		 -XEN_EPERM);
	CHECK_EQ("map MSI for d2",
		 map_msi(OTHER_DOM, MAP_PIRQ_TYPE_MSI, -1, &pirq, 0x18, 1, 0),
		 -XEN_EPERM);
	CHECK_EQ("map MSI-X for itself",
		 map_msi(DOMID_SELF, MAP_PIRQ_TYPE_MSI_SEG, -1, &pirq, 0x18, 0,
			 0xfebf0000),
		 -XEN_EPERM);
	CHECK_EQ("unmap its own pirq 40", unmap(DOMID_SELF, 40), -XEN_EPERM);
	CHECK_EQ("unmap d2's pirq 55", unmap(OTHER_DOM, 55), -XEN_EPERM);
	test_success();
}

static void privileged_not_hwdom(void)
{
	struct physdev_pci_device_add a = { .devfn = 0x18 };
	uint32_t port = 0;
	int pirq = -1;

	CHECK_EQ("pci_device_add 00:03.0",
		 physdev(PHYSDEVOP_pci_device_add, &a), 0);
	CHECK_EQ("map its MSI", map1(&pirq, 0x18), 0);
	CHECK_EQ("bind it", bind_pirq((uint32_t)pirq, &port), 0);
	printf("MSI pirq %d bound to port %u, left for the teardown\n", pirq,
	       port);
	(void)wait_pending(0, 1000);
	test_success();
}

void test_main(void)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };
	struct physdev_pci_device_add a = { 0 };

	if (!(start_info->flags & SIF_PRIVILEGED))
		unprivileged();
	if (!(start_info->flags & SIF_INITDOMAIN))
		privileged_not_hwdom();
	CHECK_EQ("set_iopl 1", physdev(PHYSDEVOP_set_iopl, &iopl), 0);
	find_edu();
	CHECK_EQ("pci_device_add 00:00.0",
		 physdev(PHYSDEVOP_pci_device_add, &a), 0);
	a.devfn = edu_devfn;
	CHECK_EQ("pci_device_add edu", physdev(PHYSDEVOP_pci_device_add, &a),
		 0);
	map_bar0();
	test_hostile();
	test_map_bind();
	leave_one();
	test_success();
}
