/* SPDX-License-Identifier: MIT */
/*
 * event/hwdom-virq: the global VIRQs satori raises for the hardware
 * domain, as dom0 next to one boot-time domain (satori only: Xen has no
 * second domain without its toolstack; tests/boot/evtchn-hwdom-virq.test).
 * dom0 binds VIRQ_DOM_EXC and VIRQ_CONSOLE on vCPU 0, offers ports 1 and
 * 2 to d1 (guests/tests/event/interdomain.c role=b), and once d1 has
 * bound them tells it to stop (port 2): d1 powers off, which must raise
 * VIRQ_DOM_EXC here. Then it asks for console input ("virq: type now");
 * the test switches input to dom0 and types "hi": VIRQ_CONSOLE must
 * arrive and CONSOLEIO_read must return the bytes.
 */
#include <guest/event.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "event/hwdom-virq";

#define SPIN_LIMIT 2000000u

static void wait_bound(uint32_t port)
{
	struct evtchn_status st;

	for (unsigned int i = 0;; i++) {
		if (ev_status(DOMID_SELF, port, &st))
			test_fail("status of port %u", port);
		if (st.status == EVTCHNSTAT_interdomain)
			return;
		if (i == SPIN_LIMIT)
			test_fail("port %u never bound", port);
		(void)hc_sched_op(SCHEDOP_yield, NULL);
	}
}

/* Checked with upcalls masked (block_until_set): an event that lands
 * between the check and SCHEDOP_block ends the block instead of being
 * counted just before it and leaving the vCPU asleep. */
static void wait_event(uint32_t port)
{
	block_until_set(&event_count[port]);
}

void test_main(void)
{
	char buf[16] = { 0 };
	long dom_exc, console;
	long n = 0;

	if (!vcpu0_info)
		test_error("shared_info not mapped");
	events_mask();
	CHECK_EQ("register event callback", event_upcall_install(), 0);
	event_log_reset();
	CHECK_EQ("port 1 for d1", ev_alloc_unbound(DOMID_SELF, 1), 1);
	CHECK_EQ("port 2 for d1", ev_alloc_unbound(DOMID_SELF, 1), 2);
	dom_exc = ev_bind_virq(VIRQ_DOM_EXC, 0);
	console = ev_bind_virq(VIRQ_CONSOLE, 0);
	CHECK_EQ("bind VIRQ_DOM_EXC", dom_exc > 0, 1);
	CHECK_EQ("bind VIRQ_CONSOLE", console > 0, 1);
	events_unmask();
	wait_bound(1);
	wait_bound(2);
	CHECK_EQ("no VIRQ_DOM_EXC before d1 stops", event_count[dom_exc], 0);
	CHECK_EQ("tell d1 to stop", ev_send(2), 0);
	wait_event((uint32_t)dom_exc);
	printf("virq: VIRQ_DOM_EXC on port %ld\n", dom_exc);
	printf("virq: type now\n");
	wait_event((uint32_t)console);
	printf("virq: VIRQ_CONSOLE on port %ld\n", console);
	for (unsigned int i = 0; i < 1000 && n < 2; i++) {
		long r = hypercall(__HYPERVISOR_console_io, CONSOLEIO_read,
				   sizeof(buf) - 1 - (unsigned long)n,
				   (uint64_t)(buf + n), 0, 0);

		if (r < 0)
			test_fail("CONSOLEIO_read: %ld", r);
		n += r;
		if (n < 2)
			(void)hc_sched_op(SCHEDOP_block, NULL);
	}
	CHECK_EQ("bytes read", n, 2);
	CHECK_EQ("what was typed", buf[0] == 'h' && buf[1] == 'i', 1);
	test_success();
}
