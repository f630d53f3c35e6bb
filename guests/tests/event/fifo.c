/* SPDX-License-Identifier: MIT */
/*
 * event/fifo: the FIFO ABI. Hostile arguments first: expand_array before
 * init_control is -EOPNOTSUPP; init_control for a vCPU that does not
 * exist is -ENOENT; a control block offset that is misaligned or crosses
 * the page is -EINVAL; a frame the domain does not own (MFN 0, ~0) is
 * -EINVAL. Then the switch: a port pending under the 2-level ABI stays
 * pending and is delivered once the array page exists; init_control twice
 * for one vCPU is -EINVAL; set_priority beyond 15 is -EINVAL; events
 * raised while the vCPU is masked are delivered by priority (0 first),
 * not in the order sent; a masked port is linked only when unmasked;
 * expand_array stops at 128 pages (-ENOSPC); reset goes back to 2-level,
 * where set_priority is -ENOSYS and delivery works again once the guest
 * has cleared the 2-level bits left from before the switch (Xen keeps
 * them: they are the guest's).
 */
#include <guest/event.h>
#include <guest/test.h>

const char test_name[] = "event/fifo";

static uint8_t spare_page[4096] __attribute__((aligned(4096)));

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu)
{
	struct evtchn_init_control ic = { .control_gfn = gfn,
					  .offset = offset,
					  .vcpu = vcpu };

	return hc_event_channel_op(EVTCHNOP_init_control, &ic);
}

static long expand(uint64_t gfn)
{
	struct evtchn_expand_array ea = { .array_gfn = gfn };

	return hc_event_channel_op(EVTCHNOP_expand_array, &ea);
}

static void hostile_setup(void)
{
	uint64_t spare = ev_virt_to_mfn((uint64_t)(uintptr_t)spare_page);

	CHECK_EQ("expand_array before init", expand(spare), -XEN_EOPNOTSUPP);
	CHECK_EQ("init_control vCPU 1000", init_control(spare, 0, 1000),
		 -XEN_ENOENT);
	CHECK_EQ("init_control offset 4", init_control(spare, 4, 0),
		 -XEN_EINVAL);
	CHECK_EQ("init_control offset crossing the page",
		 init_control(spare, 4096 - 64, 0), -XEN_EINVAL);
	CHECK_EQ("init_control offset ~0", init_control(spare, ~0u, 0),
		 -XEN_EINVAL);
	CHECK_EQ("init_control MFN 0 (not ours)", init_control(0, 0, 0),
		 -XEN_EINVAL);
	CHECK_EQ("init_control MFN ~0", init_control(~0ull, 0, 0), -XEN_EINVAL);
}

/* Three IPIs raised in the order 10, 2, 7 arrive as 2, 7, 10. */
static void priority_order(void)
{
	static const uint32_t prio[3] = { 10, 2, 7 };
	long port[3];
	unsigned int first;

	events_mask();
	for (unsigned int i = 0; i < 3; i++) {
		port[i] = ev_bind_ipi(0);
		CHECK_EQ("bind_ipi", port[i] > 0, 1);
		CHECK_EQ("set_priority",
			 ev_set_priority((uint32_t)port[i], prio[i]), 0);
	}
	first = event_log_len;
	for (unsigned int i = 0; i < 3; i++)
		CHECK_EQ("send", ev_send((uint32_t)port[i]), 0);
	CHECK_EQ("nothing while masked", event_log_len, first);
	events_unmask();
	CHECK_EQ("three events", event_log_len, first + 3);
	CHECK_EQ("first: priority 2", event_log[first % EVENT_LOG_SIZE],
		 port[1]);
	CHECK_EQ("second: priority 7", event_log[(first + 1) % EVENT_LOG_SIZE],
		 port[2]);
	CHECK_EQ("third: priority 10", event_log[(first + 2) % EVENT_LOG_SIZE],
		 port[0]);
	/* A masked port is not linked; unmasking links and delivers it. */
	ev_mask((uint32_t)port[0]);
	CHECK_EQ("send masked", ev_send((uint32_t)port[0]), 0);
	CHECK_EQ("masked: pending", ev_is_pending((uint32_t)port[0]), 1);
	CHECK_EQ("masked: not delivered", event_count[port[0]], 1);
	ev_unmask((uint32_t)port[0]);
	CHECK_EQ("delivered on unmask", event_count[port[0]], 2);
}

static void array_limit(void)
{
	uint64_t spare = ev_virt_to_mfn((uint64_t)(uintptr_t)spare_page);
	unsigned int pages = 1; /* event_fifo_init added the first */
	long rc;

	/* The same frame may back several pages (Xen takes another type
	 * reference each time); none of those ports is bound. */
	while ((rc = expand(spare)) == 0)
		pages++;
	printf("event array: %u pages, then %ld\n", pages, rc);
	CHECK_EQ("pages before the limit", pages, 128);
	CHECK_EQ("expand beyond 128 pages", rc, -XEN_ENOSPC);
}

void test_main(void)
{
	struct evtchn_init_control ic;
	unsigned int before;
	long u, l, p;

	if (!vcpu0_info)
		test_error("shared_info not mapped");
	events_mask();
	CHECK_EQ("register event callback", event_upcall_install(), 0);
	event_log_reset();
	hostile_setup();
	/* A 2-level port pending before the switch. */
	u = ev_alloc_unbound(DOMID_SELF, DOMID_SELF);
	{
		struct evtchn_status st;

		CHECK_EQ("status", ev_status(DOMID_SELF, (uint32_t)u, &st), 0);
		CHECK_EQ("close", ev_close((uint32_t)u), 0);
		u = ev_alloc_unbound(DOMID_SELF, st.u.unbound.dom);
	}
	l = ev_bind_interdomain(DOMID_SELF, (uint32_t)u);
	CHECK_EQ("2-level: local end pending", ev_is_pending((uint32_t)l), 1);
	CHECK_EQ("switch to FIFO", event_fifo_init(), 0);
	ic = (struct evtchn_init_control){ .control_gfn = 0, .vcpu = 0 };
	CHECK_EQ("link_bits reported even on failure",
		 hc_event_channel_op(EVTCHNOP_init_control, &ic), -XEN_EINVAL);
	CHECK_EQ("init_control twice",
		 init_control(ev_virt_to_mfn((uint64_t)(uintptr_t)spare_page),
			      0, 0),
		 -XEN_EINVAL);
	CHECK_EQ("FIFO: carried-over port pending", ev_is_pending((uint32_t)l),
		 1);
	events_unmask();
	CHECK_EQ("carried-over event delivered", event_count[l], 1);
	CHECK_EQ("send", ev_send((uint32_t)l), 0);
	CHECK_EQ("FIFO delivery", event_count[u], 1);
	CHECK_EQ("set_priority 16", ev_set_priority((uint32_t)u, 16),
		 -XEN_EINVAL);
	priority_order();
	array_limit();
	CHECK_EQ("reset", ev_reset(DOMID_SELF), 0);
	event_fifo_active = 0;
	p = ev_bind_ipi(0);
	CHECK_EQ("bind_ipi after reset", p > 0, 1);
	/* The 2-level bitmaps still hold what was pending before the switch
	 * to FIFO (Xen neither clears nor uses them meanwhile): a guest going
	 * back clears them itself, pending words and selector, or a stale
	 * selector bit keeps new events from raising an upcall. */
	CHECK_EQ("stale 2-level pending bit of port 2", ev_is_pending(2), 1);
	for (uint32_t port = 0; port < EVENT_MAX_PORTS; port++)
		ev_clear_pending(port);
	vcpu0_info->evtchn_pending_sel = 0;
	before = event_count[p];
	CHECK_EQ("2-level again: set_priority", ev_set_priority((uint32_t)p, 7),
		 -XEN_ENOSYS);
	CHECK_EQ("send", ev_send((uint32_t)p), 0);
	CHECK_EQ("2-level delivery after reset", event_count[p], before + 1);
	test_success();
}
