/* SPDX-License-Identifier: MIT */
/*
 * dom0/pirq: physical interrupts for the hardware domain. map_pirq of
 * GSI 8 (the RTC) to pirq 8 and of GSI 9 (ACPI SCI, level) to pirq 9;
 * setup_gsi once (-EEXIST the second time and for the serial port's
 * GSI 4); irq_status_query; bind_pirq (EVTCHNSTAT_pirq, -EEXIST twice);
 * the EOI bitmap: bit 9 set (level), bit 8 clear (edge); a real RTC
 * periodic interrupt arrives on pirq 8's port; the ACPI SCI (GSI 9,
 * level) raised by the PM timer gives an event, another after each EOI
 * while asserted, none once the device is acknowledged; close and
 * rebind; unmap of a bound pirq; the serial port's GSI 4 maps but does
 * not bind (-EBUSY); get_free_pirq; alloc_irq_vector; pirq 10 is left
 * bound for the teardown. Hostile
 * arguments: bad map type, GSI -1/0/24/huge, pirq out of range, an
 * unknown domain, pirqs never mapped, bad pointers.
 */
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/port-io.h>
#include <guest/test.h>
#include <guest/traps.h>

#include <physdev.h>

const char test_name[] = "dom0/pirq";

#define RTC_GSI 8
#define SCI_GSI 9
#define SERIAL_GSI 4
#define NR_GSIS 24 /* QEMU's one IO-APIC */
#define BAD_PTR ((void *)0xffff830000000000ULL)

static uint64_t eoi_map[512] __attribute__((aligned(4096)));

static long physdev(unsigned int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_physdev_op, cmd, (uint64_t)arg, 0, 0, 0);
}

static uint8_t cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	outb(0x70, reg);
	outb(0x71, v);
}

static long map_gsi(domid_t dom, int type, int gsi, int *pirq)
{
	struct physdev_map_pirq m = {
		.domid = dom, .type = type, .index = gsi, .pirq = *pirq
	};
	long rc = physdev(PHYSDEVOP_map_pirq, &m);

	*pirq = m.pirq;
	return rc;
}

static long unmap(int pirq)
{
	struct physdev_unmap_pirq u = { .domid = DOMID_SELF, .pirq = pirq };

	return physdev(PHYSDEVOP_unmap_pirq, &u);
}

static long bind_pirq(uint32_t pirq, uint32_t flags, uint32_t *port)
{
	struct evtchn_bind_pirq b = { .pirq = pirq, .flags = flags };
	long rc = hc_event_channel_op(EVTCHNOP_bind_pirq, &b);

	*port = b.port;
	return rc;
}

static long eoi(uint32_t pirq)
{
	struct physdev_eoi e = { .irq = pirq };

	return physdev(PHYSDEVOP_eoi, &e);
}

static long setup_gsi(int gsi, uint8_t level, uint8_t low)
{
	struct physdev_setup_gsi s = { .gsi = gsi,
				       .triggering = level,
				       .polarity = low };

	return physdev(PHYSDEVOP_setup_gsi, &s);
}

static void test_hostile_map(void)
{
	int pirq = -1;

	CHECK_EQ("map type 99", map_gsi(DOMID_SELF, 99, RTC_GSI, &pirq),
		 -XEN_EINVAL);
	CHECK_EQ("map GSI -1",
		 map_gsi(DOMID_SELF, MAP_PIRQ_TYPE_GSI, -1, &pirq),
		 -XEN_EINVAL);
	CHECK_EQ("map GSI 24",
		 map_gsi(DOMID_SELF, MAP_PIRQ_TYPE_GSI, NR_GSIS, &pirq),
		 -XEN_EINVAL);
	CHECK_EQ("map GSI 0x7fffffff",
		 map_gsi(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 0x7fffffff, &pirq),
		 -XEN_EINVAL);
	pirq = -1;
	CHECK_EQ("map GSI 0 (no access)",
		 map_gsi(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 0, &pirq), -XEN_EPERM);
	pirq = 100000;
	CHECK_EQ("map to pirq 100000",
		 map_gsi(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 5, &pirq), -XEN_EINVAL);
	pirq = -1;
	CHECK_EQ("map for domain 1234",
		 map_gsi(1234, MAP_PIRQ_TYPE_GSI, RTC_GSI, &pirq), -XEN_ESRCH);
	CHECK_EQ("map, bad pointer", physdev(PHYSDEVOP_map_pirq, BAD_PTR),
		 -XEN_EFAULT);
	CHECK_EQ("unmap, bad pointer", physdev(PHYSDEVOP_unmap_pirq, BAD_PTR),
		 -XEN_EFAULT);
	CHECK_EQ("unmap pirq -1", unmap(-1), -XEN_EINVAL);
	CHECK_EQ("unmap pirq 0x7fffffff", unmap(0x7fffffff), -XEN_EINVAL);
	CHECK_EQ("unmap pirq 30 (not mapped)", unmap(30), -XEN_EINVAL);
}

static void test_hostile_bind_eoi(void)
{
	uint32_t port = 0;

	CHECK_EQ("bind pirq 0xffffffff", bind_pirq(0xffffffffu, 0, &port),
		 -XEN_EINVAL);
	CHECK_EQ("bind pirq 30 (not mapped)", bind_pirq(30, 0, &port),
		 -XEN_EPERM);
	CHECK_EQ("eoi pirq 0xffffffff", eoi(0xffffffffu), -XEN_EINVAL);
	CHECK_EQ("eoi pirq 30 (never used)", eoi(30), -XEN_EINVAL);
	CHECK_EQ("eoi, bad pointer", physdev(PHYSDEVOP_eoi, BAD_PTR),
		 -XEN_EFAULT);
	CHECK_EQ("setup_gsi -1", setup_gsi(-1, 0, 0), -XEN_EINVAL);
	CHECK_EQ("setup_gsi 24", setup_gsi(NR_GSIS, 0, 0), -XEN_EINVAL);
	CHECK_EQ("setup_gsi, bad pointer",
		 physdev(PHYSDEVOP_setup_gsi, BAD_PTR), -XEN_EFAULT);
	/* The hypervisor's serial port. */
	CHECK_EQ("setup_gsi 4", setup_gsi(SERIAL_GSI, 0, 0), -XEN_EEXIST);
}

/* RTC periodic interrupt at 2 Hz on, read C to acknowledge, wait for the
 * port; then off again. */
static void rtc_interrupt(uint32_t port)
{
	uint8_t b = cmos_read(0x0b);
	uint64_t deadline = event_system_time_ns() + 3000000000ull;

	ev_clear_pending(port);
	cmos_write(0x0a, (uint8_t)((cmos_read(0x0a) & 0xf0) | 0x0f));
	(void)cmos_read(0x0c);
	cmos_write(0x0b, (uint8_t)(b | 0x40));
	while (!ev_is_pending(port) && event_system_time_ns() < deadline)
		(void)ev_poll(&port, 1, deadline);
	cmos_write(0x0b, (uint8_t)(b & ~0x40));
	CHECK_EQ("RTC interrupt on the pirq's port", ev_is_pending(port), 1);
	CHECK_EQ("RTC flags: periodic", cmos_read(0x0c) & 0x40, 0x40);
	ev_clear_pending(port);
	CHECK_EQ("eoi pirq 8", eoi(RTC_GSI), 0);
}

/* Wait up to @ms for @port to become pending. */
static int wait_pending(uint32_t port, uint64_t ms)
{
	uint64_t deadline = event_system_time_ns() + ms * 1000000ull;

	while (!ev_is_pending(port) && event_system_time_ns() < deadline)
		(void)ev_poll(&port, 1, deadline);
	return ev_is_pending(port);
}

/* QEMU q35's ICH9 ACPI block (SeaBIOS puts PMBASE at 0x600; the FADT
 * says the same) and its APM port that switches to ACPI mode. */
#define PM1_STS 0x600
#define PM1_EN 0x602
#define PM1_CNT 0x604
#define SMI_CMD 0xb2
#define ACPI_ENABLE 0x02
#define TMR_STS 0x0001
#define SCI_EN 0x0001

/* The SCI is level-triggered and stays asserted while PM1_STS.TMR_STS
 * (set when the 24-bit PM timer's top bit flips, every 2.3 s) is set
 * and enabled: an event, after the guest's EOI the next one at once;
 * acknowledged at the device, it stops. */
static void sci_level(uint32_t port)
{
	/* Xen keeps the timer's own port (PM_TMR) to itself; the status,
	 * enable and control registers are dom0's. */
	if (inw(PM1_CNT) == 0xffff)
		test_skip("no ACPI PM1 block at %#x", PM1_STS);
	if (!(inw(PM1_CNT) & SCI_EN))
		outb(SMI_CMD, ACPI_ENABLE);
	CHECK_EQ("ACPI mode (SCI_EN)", inw(PM1_CNT) & SCI_EN, SCI_EN);
	ev_clear_pending(port);
	outw(PM1_STS, TMR_STS);
	outw(PM1_EN, TMR_STS);
	CHECK_EQ("SCI from the PM timer: event", wait_pending(port, 3000), 1);
	CHECK_EQ("TMR_STS set", inw(PM1_STS) & TMR_STS, TMR_STS);
	ev_clear_pending(port);
	/* Xen forces the EOI itself 1 ms after an interrupt the guest left
	 * alone (its eoi_timer); satori keeps the pin masked. Neither is
	 * checked here. */
	CHECK_EQ("eoi pirq 9", eoi(SCI_GSI), 0);
	CHECK_EQ("still asserted: event after the EOI",
		 wait_pending(port, 1000), 1);
	ev_clear_pending(port);
	outw(PM1_EN, 0);
	outw(PM1_STS, TMR_STS);
	CHECK_EQ("eoi pirq 9 after the device ack", eoi(SCI_GSI), 0);
	CHECK_EQ("quiet after the device ack", wait_pending(port, 100), 0);
}

static void test_status(uint32_t port, uint32_t pirq)
{
	struct evtchn_status st;

	CHECK_EQ("status of the pirq port", ev_status(DOMID_SELF, port, &st),
		 0);
	CHECK_EQ("status: pirq", st.status, EVTCHNSTAT_pirq);
	CHECK_EQ("status: vcpu 0", st.vcpu, 0);
	CHECK_EQ("status: which pirq", st.u.pirq, pirq);
}

static void test_bind(void)
{
	struct physdev_pirq_eoi_gmfn g = { .gmfn = ev_virt_to_mfn(
						   (uint64_t)eoi_map) };
	struct physdev_irq_status_query q = { .irq = RTC_GSI };
	uint32_t rtc_port = 0, sci_port = 0, p2 = 0;

	CHECK_EQ("pirq_eoi_gmfn_v2", physdev(PHYSDEVOP_pirq_eoi_gmfn_v2, &g),
		 0);
	CHECK_EQ("irq_status_query 8", physdev(PHYSDEVOP_irq_status_query, &q),
		 0);
	CHECK_EQ("needs EOI, not shared", q.flags, XENIRQSTAT_needs_eoi);
	CHECK_EQ("bind pirq 8", bind_pirq(RTC_GSI, 0, &rtc_port), 0);
	test_status(rtc_port, RTC_GSI);
	CHECK_EQ("bind pirq 8 twice", bind_pirq(RTC_GSI, 0, &p2), -XEN_EEXIST);
	CHECK_EQ("bind pirq 9, will share",
		 bind_pirq(SCI_GSI, BIND_PIRQ__WILL_SHARE, &sci_port), 0);
	CHECK_EQ("EOI bitmap: edge pirq 8 clear", (eoi_map[0] >> 8) & 1, 0);
	CHECK_EQ("EOI bitmap: level pirq 9 set", (eoi_map[0] >> 9) & 1, 1);
	rtc_interrupt(rtc_port);
	sci_level(sci_port);
	CHECK_EQ("close pirq 8's port", ev_close(rtc_port), 0);
	CHECK_EQ("rebind pirq 8", bind_pirq(RTC_GSI, 0, &rtc_port), 0);
	test_status(rtc_port, RTC_GSI);
	rtc_interrupt(rtc_port);
	CHECK_EQ("close pirq 8's port again", ev_close(rtc_port), 0);
	/* Unmapped while bound: the port stays until closed. */
	CHECK_EQ("unmap bound pirq 9", unmap(SCI_GSI), 0);
	test_status(sci_port, SCI_GSI);
	CHECK_EQ("close pirq 9's port", ev_close(sci_port), 0);
	CHECK_EQ("unmap pirq 9 twice", unmap(SCI_GSI), -XEN_EINVAL);
	CHECK_EQ("bind unmapped pirq 9", bind_pirq(SCI_GSI, 0, &p2),
		 -XEN_EPERM);
}

static void test_misc(void)
{
	struct physdev_get_free_pirq f = { .type = MAP_PIRQ_TYPE_GSI };
	struct physdev_irq v = { .irq = 11 };
	int pirq = -1;

	CHECK_EQ("get_free_pirq GSI", physdev(PHYSDEVOP_get_free_pirq, &f), 0);
	CHECK_EQ("first free GSI pirq", f.pirq, 16);
	CHECK_EQ("get_free_pirq GSI again",
		 physdev(PHYSDEVOP_get_free_pirq, &f), 0);
	CHECK_EQ("next free GSI pirq", f.pirq, 17);
	f.type = MAP_PIRQ_TYPE_MSI;
	CHECK_EQ("get_free_pirq MSI", physdev(PHYSDEVOP_get_free_pirq, &f), 0);
	CHECK_EQ("MSI pirqs above the GSIs", f.pirq > NR_GSIS, 1);
	/* A GSI with no pirq yet takes a free one (16, 17 are taken). */
	CHECK_EQ("map GSI 20, any pirq",
		 map_gsi(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 20, &pirq), 0);
	CHECK_EQ("GSI 20's pirq", pirq, 18);
	CHECK_EQ("unmap it", unmap(pirq), 0);
	CHECK_EQ("alloc_irq_vector 11", physdev(PHYSDEVOP_alloc_irq_vector, &v),
		 0);
	CHECK_EQ("the vector is the IRQ", v.vector, 11);
}

/* The hypervisor's serial port: dom0 may map its GSI (Xen's dom0 has
 * access to every GSI but 0) but not bind it. */
static void test_serial(void)
{
	int pirq = SERIAL_GSI;
	uint32_t port = 0;

	CHECK_EQ("map GSI 4 (serial)",
		 map_gsi(DOMID_SELF, MAP_PIRQ_TYPE_GSI, SERIAL_GSI, &pirq), 0);
	CHECK_EQ("bind pirq 4: the hypervisor's", bind_pirq(4, 0, &port),
		 -XEN_EBUSY);
	CHECK_EQ("bind pirq 4, will share", bind_pirq(4, 1, &port), -XEN_EBUSY);
	CHECK_EQ("unmap pirq 4", unmap(SERIAL_GSI), 0);
}

void test_main(void)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };
	int pirq = RTC_GSI;
	uint32_t port = 0;

	CHECK_EQ("set_iopl 1", physdev(PHYSDEVOP_set_iopl, &iopl), 0);
	test_hostile_map();
	CHECK_EQ("setup_gsi 8 edge high", setup_gsi(RTC_GSI, 0, 0), 0);
	CHECK_EQ("setup_gsi 8 twice", setup_gsi(RTC_GSI, 0, 0), -XEN_EEXIST);
	CHECK_EQ("map GSI 8 to pirq 8",
		 map_gsi(DOMID_SELF, MAP_PIRQ_TYPE_GSI, RTC_GSI, &pirq), 0);
	CHECK_EQ("pirq 8", pirq, RTC_GSI);
	pirq = -1;
	CHECK_EQ("map GSI 8 again, any pirq",
		 map_gsi(DOMID_SELF, MAP_PIRQ_TYPE_GSI, RTC_GSI, &pirq), 0);
	CHECK_EQ("the same pirq", pirq, RTC_GSI);
	pirq = 12;
	CHECK_EQ("map GSI 8 to another pirq",
		 map_gsi(DOMID_SELF, MAP_PIRQ_TYPE_GSI, RTC_GSI, &pirq),
		 -XEN_EEXIST);
	CHECK_EQ("setup_gsi 9 level high", setup_gsi(SCI_GSI, 1, 0), 0);
	pirq = SCI_GSI;
	CHECK_EQ("map GSI 9 to pirq 9",
		 map_gsi(DOMID_SELF, MAP_PIRQ_TYPE_GSI, SCI_GSI, &pirq), 0);
	test_hostile_bind_eoi();
	test_bind();
	test_misc();
	CHECK_EQ("unmap pirq 8", unmap(RTC_GSI), 0);
	test_serial();
	/* Left bound: the domain's teardown must unbind it. */
	pirq = 10;
	CHECK_EQ("map GSI 10 to pirq 10",
		 map_gsi(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 10, &pirq), 0);
	CHECK_EQ("bind pirq 10", bind_pirq(10, 0, &port), 0);
	test_success();
}
