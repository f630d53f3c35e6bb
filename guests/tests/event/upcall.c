/* SPDX-License-Identifier: MIT */
/*
 * event/upcall: delivery under the 2-level ABI. A loopback interdomain
 * channel (local end pending at once: Xen raises it on bind), sends in
 * both directions reach the event callback with the right port while
 * events are enabled; a masked port stays pending without an upcall and
 * is delivered on EVTCHNOP_unmask; a million sends to a masked port leave
 * one pending bit and give exactly one event; the vCPU mask
 * (evtchn_upcall_mask) holds upcalls back with upcall_pending set; an IPI
 * to self; SCHEDOP_block returns at once with an event pending and
 * enables events; closing a port clears its pending bit.
 */
#include <guest/event.h>
#include <guest/test.h>

const char test_name[] = "event/upcall";

#define FLOOD_SENDS 1000000

static domid_t self_id(void)
{
	struct evtchn_status st;
	long p = ev_alloc_unbound(DOMID_SELF, DOMID_SELF);

	CHECK_EQ("status", ev_status(DOMID_SELF, (uint32_t)p, &st), 0);
	CHECK_EQ("close", ev_close((uint32_t)p), 0);
	return st.u.unbound.dom;
}

static void flood(uint32_t send_port, uint32_t masked_port)
{
	unsigned int before = event_count[masked_port];

	ev_mask(masked_port);
	for (unsigned int i = 0; i < FLOOD_SENDS; i++)
		if (ev_send(send_port))
			test_fail("send %u failed", i);
	CHECK_EQ("flooded port pending", ev_is_pending(masked_port), 1);
	CHECK_EQ("no event while masked", event_count[masked_port], before);
	ev_unmask(masked_port);
	CHECK_EQ("one event after unmask", event_count[masked_port],
		 before + 1);
	CHECK_EQ("not pending after delivery", ev_is_pending(masked_port), 0);
}

static void vcpu_mask(uint32_t send_port, uint32_t recv_port)
{
	unsigned int before = event_count[recv_port];

	events_mask();
	CHECK_EQ("send while vCPU masked", ev_send(send_port), 0);
	CHECK_EQ("no upcall while masked", event_count[recv_port], before);
	CHECK_EQ("upcall_pending set", vcpu0_info->evtchn_upcall_pending, 1);
	events_unmask();
	CHECK_EQ("upcall after unmask", event_count[recv_port], before + 1);
	/* SCHEDOP_block: enables events, returns at once (one pending). */
	events_mask();
	CHECK_EQ("send", ev_send(send_port), 0);
	CHECK_EQ("block with an event pending",
		 hc_sched_op(SCHEDOP_block, NULL), 0);
	CHECK_EQ("block enabled events", vcpu0_info->evtchn_upcall_mask, 0);
	CHECK_EQ("upcall after block", event_count[recv_port], before + 2);
}

void test_main(void)
{
	domid_t me;
	long u, l, p;

	if (!vcpu0_info)
		test_error("shared_info not mapped");
	events_mask();
	CHECK_EQ("register event callback", event_upcall_install(), 0);
	event_log_reset();
	me = self_id();
	u = ev_alloc_unbound(DOMID_SELF, me);
	l = ev_bind_interdomain(DOMID_SELF, (uint32_t)u);
	CHECK_EQ("ports allocated", u > 0 && l > 0, 1);
	CHECK_EQ("local end pending after bind", ev_is_pending((uint32_t)l), 1);
	CHECK_EQ("no upcall while masked", event_upcalls, 0);
	events_unmask();
	CHECK_EQ("bind notification delivered", event_count[l], 1);
	CHECK_EQ("send local", ev_send((uint32_t)l), 0);
	CHECK_EQ("remote end got it", event_count[u], 1);
	CHECK_EQ("send remote", ev_send((uint32_t)u), 0);
	CHECK_EQ("local end got it", event_count[l], 2);
	CHECK_EQ("last logged port",
		 event_log[(event_log_len - 1) % EVENT_LOG_SIZE], l);
	flood((uint32_t)l, (uint32_t)u);
	vcpu_mask((uint32_t)l, (uint32_t)u);
	p = ev_bind_ipi(0);
	CHECK_EQ("bind_ipi > 0", p > 0, 1);
	CHECK_EQ("send ipi", ev_send((uint32_t)p), 0);
	CHECK_EQ("ipi delivered", event_count[p], 1);
	ev_mask((uint32_t)u);
	CHECK_EQ("send", ev_send((uint32_t)l), 0);
	CHECK_EQ("pending", ev_is_pending((uint32_t)u), 1);
	CHECK_EQ("close pending port", ev_close((uint32_t)u), 0);
	CHECK_EQ("close cleared pending", ev_is_pending((uint32_t)u), 0);
	ev_unmask((uint32_t)u);
	printf("upcalls %u, events %u\n", event_upcalls, event_log_len);
	test_success();
}
