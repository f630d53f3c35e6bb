/* SPDX-License-Identifier: MIT */
/*
 * event/interdomain: two (or three) boot-time domains talking over event
 * channels, for satori's boot tests (tests/boot/evtchn-*.test) and the
 * interdomain benchmark; it needs several domains at boot, which only
 * satori's bootdom= provides, so it has no guest manifest. Without
 * xenstore the domains agree on ids (bootdom order) and on port numbers:
 *
 *   role=a peer=B [extra=C] rounds=N: allocates port 1 unbound for B (the
 *     first port a domain gets), port 2 for B (the "quit" channel) and,
 *     with extra=, port 3 for C; waits until B has bound 1 and 2, then
 *     sends on 1 and waits (SCHEDOP_block, or busy with "spin") for B's
 *     answer, N times, timing each round trip with the TSC; tells B to
 *     stop on port 2. With extra= it then waits until C is gone (status
 *     on C: -ESRCH): port 3, which C bound before dying, must be unbound
 *     for C again (Xen's teardown of an interdomain channel).
 *   role=b peer=A: binds A's ports 1 and 2, answers every event on 1 from
 *     its upcall handler, stops on an event on 2.
 *   role=hostile peer=A: tries A's ports and A's domain (status -EPERM,
 *     alloc_unbound in A -EPERM, reset of A -EPERM, bind to ports not
 *     offered to it -EINVAL, to a domain that does not exist -ESRCH),
 *     floods its own loopback channel, binds A's port 3, allocates ports
 *     up to its limit (1023: -ENOSPC after) and then crashes itself with
 *     all of them open (ud2, no trap table).
 * Every domain prints one verdict; A prints the round-trip statistics and
 * "bench: evtchn-interdomain-rtt <cycles> cycles" for bench/run-evtchn.py.
 */
#include <guest/event.h>
#include <guest/sort.h>
#include <guest/test.h>

const char test_name[] = "event/interdomain";

#define SPIN_LIMIT 2000000u
#define BATCH 100u

static unsigned long arg(const char *name, unsigned long dflt)
{
	const char *p = strstr((const char *)start_info->cmd_line, name);
	unsigned long v = 0;

	if (!p)
		return dflt;
	for (p += strlen(name); *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	return v;
}

static int has(const char *word)
{
	return strstr((const char *)start_info->cmd_line, word) != 0;
}

static uint32_t status_of(uint32_t port, struct evtchn_status *st)
{
	long rc = ev_status(DOMID_SELF, port, st);

	if (rc)
		test_fail("status of port %u: %ld", port, rc);
	return st->status;
}

/* Yield until @port of ours is in @status (bounded). */
static void wait_status(uint32_t port, uint32_t status)
{
	struct evtchn_status st;

	for (unsigned int i = 0; status_of(port, &st) != status; i++) {
		if (i == SPIN_LIMIT)
			test_fail("port %u never reached status %u (is %u)",
				  port, status, st.status);
		(void)hc_sched_op(SCHEDOP_yield, NULL);
	}
}

/* spin: wait for events busy (needs a CPU each), instead of blocking. */
static int spin;

static void wait_event(const volatile uint32_t *count, unsigned int before)
{
	while (*count == before)
		if (!spin)
			(void)hc_sched_op(SCHEDOP_block, NULL);
}

static void one_round_trip(void)
{
	unsigned int before = event_count[1];

	if (ev_send(1))
		test_fail("send on port 1");
	wait_event(&event_count[1], before);
}

static void role_a(domid_t peer)
{
	static uint64_t batch[64];
	unsigned int rounds = (unsigned int)arg("rounds=", 1000);
	unsigned int batches = rounds / BATCH;
	domid_t extra = (domid_t)arg("extra=", 0);
	struct evtchn_status st;

	CHECK_EQ("alloc_unbound for the peer: port 1",
		 ev_alloc_unbound(DOMID_SELF, peer), 1);
	CHECK_EQ("quit channel: port 2", ev_alloc_unbound(DOMID_SELF, peer), 2);
	if (extra)
		CHECK_EQ("port 3 for the extra domain",
			 ev_alloc_unbound(DOMID_SELF, extra), 3);
	wait_status(1, EVTCHNSTAT_interdomain);
	wait_status(2, EVTCHNSTAT_interdomain);
	status_of(1, &st);
	CHECK_EQ("bound by the peer", st.u.interdomain.dom, peer);
	events_unmask();
	one_round_trip(); /* warm up */
	if (batches > 64)
		batches = 64;
	for (unsigned int b = 0; b < batches; b++) {
		uint64_t t0 = event_rdtsc();

		for (unsigned int i = 0; i < BATCH; i++)
			one_round_trip();
		batch[b] = (event_rdtsc() - t0) / BATCH;
	}
	sort_u64(batch, batches);
	printf("interdomain round trip with d%u: median %lu cycles "
	       "(min %lu, max %lu, %u x %u)\n",
	       (unsigned int)peer, batch[batches / 2], batch[0],
	       batch[batches - 1], batches, BATCH);
	printf("bench: evtchn-interdomain-rtt %lu cycles (n=%ux%u)\n",
	       batch[batches / 2], BATCH, batches);
	CHECK_EQ("quit", ev_send(2), 0);
	if (extra) {
		/* Until the extra domain is gone (status: -ESRCH, not -EPERM). */
		for (unsigned int i = 0; ev_status(extra, 1, &st) != -XEN_ESRCH;
		     i++) {
			if (i == SPIN_LIMIT)
				test_fail("d%u never went away", extra);
			(void)hc_sched_op(SCHEDOP_yield, NULL);
		}
		CHECK_EQ("port 3 after its peer died", status_of(3, &st),
			 EVTCHNSTAT_unbound);
		CHECK_EQ("port 3 unbound for the dead domain", st.u.unbound.dom,
			 extra);
	}
	test_success();
}

static volatile int quit;
static uint32_t b_data, b_quit;

static void b_handler(uint32_t port)
{
	if (port == b_data)
		(void)ev_send(b_data);
	else if (port == b_quit)
		quit = 1;
}

static long bind_retry(domid_t peer, uint32_t port)
{
	long rc;

	for (unsigned int i = 0; i < SPIN_LIMIT; i++) {
		rc = ev_bind_interdomain(peer, port);
		if (rc != -XEN_EINVAL)
			return rc;
		(void)hc_sched_op(SCHEDOP_yield, NULL);
	}
	return rc;
}

static void role_b(domid_t peer)
{
	long d = bind_retry(peer, 1), q = bind_retry(peer, 2);
	struct evtchn_status st;

	if (d <= 0 || q <= 0)
		test_fail("binding the peer's ports: %ld %ld", d, q);
	status_of((uint32_t)d, &st);
	CHECK_EQ("bound to the peer", st.u.interdomain.dom, peer);
	CHECK_EQ("its port 1", st.u.interdomain.port, 1);
	b_data = (uint32_t)d;
	b_quit = (uint32_t)q;
	event_handler = b_handler;
	/* Our ends are pending from the bind (Xen's notification). On the
	 * quit channel that would stop us: clear it (A sends there only
	 * after every round, which needs our answers). On the data channel
	 * A may already have sent: keep it; one extra answer at most, which
	 * A's warm-up round absorbs. */
	ev_clear_pending(b_quit);
	events_unmask();
	while (!quit)
		if (!spin)
			(void)hc_sched_op(SCHEDOP_block, NULL);
	printf("answered %u events\n", event_count[b_data]);
	test_success();
}

static void role_hostile(domid_t peer)
{
	struct evtchn_status st;
	long l, u, p, last;

	CHECK_EQ("status of the peer's port", ev_status(peer, 1, &st),
		 -XEN_EPERM);
	CHECK_EQ("status of the peer's bad port", ev_status(peer, 5000, &st),
		 -XEN_EINVAL);
	CHECK_EQ("alloc_unbound in the peer",
		 ev_alloc_unbound(peer, DOMID_SELF), -XEN_EPERM);
	CHECK_EQ("reset the peer", ev_reset(peer), -XEN_EPERM);
	CHECK_EQ("bind a port offered to someone else",
		 ev_bind_interdomain(peer, 1), -XEN_EINVAL);
	CHECK_EQ("bind port 0 of the peer", ev_bind_interdomain(peer, 0),
		 -XEN_EINVAL);
	CHECK_EQ("bind a huge port", ev_bind_interdomain(peer, 0x7fffffff),
		 -XEN_EINVAL);
	CHECK_EQ("bind to d999", ev_bind_interdomain(999, 1), -XEN_ESRCH);
	u = ev_alloc_unbound(DOMID_SELF, DOMID_SELF);
	status_of((uint32_t)u, &st);
	l = ev_bind_interdomain(DOMID_SELF, (uint32_t)u);
	CHECK_EQ("loopback", l > 0, 1);
	for (unsigned int i = 0; i < 100000; i++)
		if (ev_send((uint32_t)l))
			test_fail("flood send %u", i);
	p = bind_retry(peer, 3);
	CHECK_EQ("bind the port offered to us", p > 0, 1);
	/* An unprivileged domain may use ports up to 1023 (satori's
	 * evtchn_max_port= default, Xen's toolstack default). */
	do {
		last = p;
		p = ev_alloc_unbound(DOMID_SELF, DOMID_SELF);
	} while (p > 0);
	CHECK_EQ("port limit", p, -XEN_ENOSPC);
	CHECK_EQ("last port", last, 1023);
	printf("hostile: bound d%u port 3, allocated up to port %ld; "
	       "crashing with ports open\n",
	       (unsigned int)peer, last);
	__asm__ volatile("ud2");
	test_fail("survived ud2");
}

void test_main(void)
{
	domid_t peer = (domid_t)arg("peer=", 0);

	if (!vcpu0_info)
		test_error("shared_info not mapped");
	events_mask();
	CHECK_EQ("register event callback", event_upcall_install(), 0);
	event_log_reset();
	spin = has("spin");
	if (has("role=a"))
		role_a(peer);
	else if (has("role=b"))
		role_b(peer);
	else if (has("role=hostile"))
		role_hostile(peer);
	test_error("no role= on the command line");
}
