/* SPDX-License-Identifier: MIT */
/*
 * event/poll: SCHEDOP_poll with events masked. A listed port already
 * pending returns at once (one port and several); a timeout in the past
 * returns at once; a timeout 20 ms ahead returns after it (measured with
 * the guest's pvclock when the hypervisor publishes one); a port beyond
 * the ABI's range (4096 for 2-level) is -EINVAL; more than 128 ports is
 * -EINVAL; an unreadable port list is -EFAULT. Polling never delivers an
 * upcall: events stay masked.
 */
#include <guest/event.h>
#include <guest/test.h>

const char test_name[] = "event/poll";

static void timed_poll(uint32_t idle_port)
{
	uint64_t t0 = event_system_time_ns(), t1;

	if (!t0) {
		printf("no system time published: timing not checked\n");
		CHECK_EQ("poll, timeout 1 ns", ev_poll(&idle_port, 1, 1), 0);
		return;
	}
	CHECK_EQ("poll, timeout +20 ms",
		 ev_poll(&idle_port, 1, t0 + 20000000ull), 0);
	t1 = event_system_time_ns();
	printf("poll with a 20 ms timeout took %llu us\n",
	       (unsigned long long)(t1 - t0) / 1000);
	CHECK_EQ("poll waited for the timeout", t1 - t0 >= 20000000ull, 1);
	CHECK_EQ("poll did not wait 2 s", t1 - t0 < 2000000000ull, 1);
}

void test_main(void)
{
	static uint32_t many[129];
	uint32_t pair[2];
	long u, l;

	if (!vcpu0_info)
		test_error("shared_info not mapped");
	events_mask();
	CHECK_EQ("register event callback", event_upcall_install(), 0);
	u = ev_alloc_unbound(DOMID_SELF, DOMID_SELF);
	CHECK_EQ("alloc_unbound", u > 0, 1);
	{
		struct evtchn_status st;

		CHECK_EQ("status", ev_status(DOMID_SELF, (uint32_t)u, &st), 0);
		CHECK_EQ("close", ev_close((uint32_t)u), 0);
		u = ev_alloc_unbound(DOMID_SELF, st.u.unbound.dom);
	}
	l = ev_bind_interdomain(DOMID_SELF, (uint32_t)u);
	CHECK_EQ("bind", l > 0, 1);
	ev_clear_pending((uint32_t)l); /* the bind notification */
	CHECK_EQ("send to remote end", ev_send((uint32_t)l), 0);
	pair[0] = (uint32_t)u;
	CHECK_EQ("poll pending port", ev_poll(pair, 1, 0), 0);
	pair[0] = (uint32_t)l;
	pair[1] = (uint32_t)u;
	CHECK_EQ("poll two ports, second pending", ev_poll(pair, 2, 0), 0);
	ev_clear_pending((uint32_t)u);
	timed_poll((uint32_t)l);
	pair[0] = 4096;
	CHECK_EQ("poll port 4096", ev_poll(pair, 1, 1), -XEN_EINVAL);
	pair[0] = (uint32_t)l;
	pair[1] = 0xffffffffu;
	CHECK_EQ("poll {ok, ~0}", ev_poll(pair, 2, 1), -XEN_EINVAL);
	CHECK_EQ("poll 129 ports", ev_poll(many, 129, 1), -XEN_EINVAL);
	CHECK_EQ("poll unreadable list",
		 ev_poll((const uint32_t *)0xffff800000001000UL, 1, 1),
		 -XEN_EFAULT);
	CHECK_EQ("no upcall during poll", event_upcalls, 0);
	CHECK_EQ("still masked", vcpu0_info->evtchn_upcall_mask, 1);
	test_success();
}
