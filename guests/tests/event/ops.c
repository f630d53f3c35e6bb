/* SPDX-License-Identifier: MIT */
/*
 * event/ops: the EVTCHNOP_* bookkeeping of the 2-level ABI, without any
 * delivery (no shared_info needed): alloc_unbound and a loopback
 * bind_interdomain (Xen allows a domain to bind its own unbound port),
 * bind_virq (a second bind of the same VIRQ is -EEXIST; a global VIRQ on
 * vCPU != 0 -EINVAL; an unknown vCPU -ENOENT), bind_ipi, status of each
 * kind, bind_vcpu, send, close (and close of a closed port -EINVAL),
 * unmask, the FIFO-only ops on a 2-level domain, and reset.
 */
#include <guest/event.h>
#include <guest/test.h>

const char test_name[] = "event/ops";

static struct evtchn_status st;

static void check_status(const char *what, uint32_t port, uint32_t status,
			 uint32_t vcpu)
{
	CHECK_EQ(what, ev_status(DOMID_SELF, port, &st), 0);
	CHECK_EQ(what, st.status, status);
	CHECK_EQ(what, st.vcpu, vcpu);
}

static domid_t self_id(void)
{
	long p = ev_alloc_unbound(DOMID_SELF, DOMID_SELF);
	domid_t id;

	if (p <= 0)
		test_fail("alloc_unbound(self, self): %ld", p);
	check_status("status of unbound(self)", (uint32_t)p, EVTCHNSTAT_unbound,
		     0);
	id = st.u.unbound.dom;
	CHECK_EQ("close unbound", ev_close((uint32_t)p), 0);
	return id;
}

static void interdomain_loopback(domid_t me)
{
	long u = ev_alloc_unbound(DOMID_SELF, me), l;

	CHECK_EQ("alloc_unbound > 0", u > 0, 1);
	l = ev_bind_interdomain(DOMID_SELF, (uint32_t)u);
	CHECK_EQ("bind_interdomain(self) > 0", l > 0, 1);
	CHECK_EQ("local port differs from remote", l != u, 1);
	check_status("status local", (uint32_t)l, EVTCHNSTAT_interdomain, 0);
	CHECK_EQ("local -> dom", st.u.interdomain.dom, me);
	CHECK_EQ("local -> port", st.u.interdomain.port, u);
	check_status("status remote", (uint32_t)u, EVTCHNSTAT_interdomain, 0);
	CHECK_EQ("remote -> port", st.u.interdomain.port, l);
	CHECK_EQ("bind an interdomain port again",
		 ev_bind_interdomain(DOMID_SELF, (uint32_t)u), -XEN_EINVAL);
	CHECK_EQ("send local", ev_send((uint32_t)l), 0);
	CHECK_EQ("send remote", ev_send((uint32_t)u), 0);
	CHECK_EQ("bind_vcpu interdomain to vCPU 0",
		 ev_bind_vcpu((uint32_t)l, 0), 0);
	/* Closing one end leaves the other unbound, waiting for us. */
	CHECK_EQ("close local", ev_close((uint32_t)l), 0);
	check_status("status remote after close", (uint32_t)u,
		     EVTCHNSTAT_unbound, 0);
	CHECK_EQ("unbound -> dom", st.u.unbound.dom, me);
	check_status("status closed local", (uint32_t)l, EVTCHNSTAT_closed, 0);
	CHECK_EQ("close closed", ev_close((uint32_t)l), -XEN_EINVAL);
	CHECK_EQ("send to unbound is dropped", ev_send((uint32_t)u), 0);
	CHECK_EQ("close remote", ev_close((uint32_t)u), 0);
	/* An unbound port reserved for another domain is not ours. */
	u = ev_alloc_unbound(DOMID_SELF, 1234);
	CHECK_EQ("alloc_unbound for d1234 > 0", u > 0, 1);
	CHECK_EQ("bind a port reserved for d1234",
		 ev_bind_interdomain(DOMID_SELF, (uint32_t)u), -XEN_EINVAL);
	CHECK_EQ("close", ev_close((uint32_t)u), 0);
}

static void virqs(void)
{
	long t = ev_bind_virq(VIRQ_TIMER, 0), c;

	CHECK_EQ("bind_virq(TIMER, 0) > 0", t > 0, 1);
	CHECK_EQ("bind_virq(TIMER, 0) again", ev_bind_virq(VIRQ_TIMER, 0),
		 -XEN_EEXIST);
	check_status("status virq", (uint32_t)t, EVTCHNSTAT_virq, 0);
	CHECK_EQ("virq number", st.u.virq, VIRQ_TIMER);
	CHECK_EQ("send to a VIRQ port", ev_send((uint32_t)t), -XEN_EINVAL);
	CHECK_EQ("bind_vcpu of a per-vCPU VIRQ", ev_bind_vcpu((uint32_t)t, 0),
		 -XEN_EINVAL);
	CHECK_EQ("bind_virq(NR_VIRQS)", ev_bind_virq(NR_VIRQS, 0), -XEN_EINVAL);
	CHECK_EQ("bind_virq(~0)", ev_bind_virq(~0u, 0), -XEN_EINVAL);
	CHECK_EQ("bind_virq(global DOM_EXC, vCPU 1)",
		 ev_bind_virq(VIRQ_DOM_EXC, 1), -XEN_EINVAL);
	CHECK_EQ("bind_virq(TIMER, vCPU 1000)", ev_bind_virq(VIRQ_TIMER, 1000),
		 -XEN_ENOENT);
	c = ev_bind_virq(VIRQ_ARCH_7, 0);
	CHECK_EQ("bind_virq(global ARCH_7, 0) > 0", c > 0, 1);
	CHECK_EQ("bind_vcpu of a global VIRQ", ev_bind_vcpu((uint32_t)c, 0), 0);
	CHECK_EQ("close virq", ev_close((uint32_t)t), 0);
	t = ev_bind_virq(VIRQ_TIMER, 0);
	CHECK_EQ("rebind TIMER after close > 0", t > 0, 1);
	CHECK_EQ("close virq", ev_close((uint32_t)t), 0);
	CHECK_EQ("close global virq", ev_close((uint32_t)c), 0);
}

static void ipis(void)
{
	long p = ev_bind_ipi(0);

	CHECK_EQ("bind_ipi(0) > 0", p > 0, 1);
	check_status("status ipi", (uint32_t)p, EVTCHNSTAT_ipi, 0);
	CHECK_EQ("bind_vcpu of an IPI", ev_bind_vcpu((uint32_t)p, 0),
		 -XEN_EINVAL);
	CHECK_EQ("bind_vcpu to vCPU 1000", ev_bind_vcpu((uint32_t)p, 1000),
		 -XEN_ENOENT);
	CHECK_EQ("send ipi", ev_send((uint32_t)p), 0);
	CHECK_EQ("unmask ipi", ev_unmask_op((uint32_t)p), 0);
	CHECK_EQ("close ipi", ev_close((uint32_t)p), 0);
	CHECK_EQ("bind_ipi(1000)", ev_bind_ipi(1000), -XEN_ENOENT);
}

static void bad_ports(void)
{
	static const uint32_t bad[] = { 4096, 65536, 0x7fffffff, 0xffffffff };

	check_status("status port 0", 0, EVTCHNSTAT_closed, 0);
	CHECK_EQ("close port 0", ev_close(0), -XEN_EINVAL);
	CHECK_EQ("send port 0", ev_send(0), -XEN_EINVAL);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		printf("port %#x\n", bad[i]);
		CHECK_EQ("close", ev_close(bad[i]), -XEN_EINVAL);
		CHECK_EQ("send", ev_send(bad[i]), -XEN_EINVAL);
		CHECK_EQ("unmask", ev_unmask_op(bad[i]), -XEN_EINVAL);
		CHECK_EQ("status", ev_status(DOMID_SELF, bad[i], &st),
			 -XEN_EINVAL);
		CHECK_EQ("bind_vcpu", ev_bind_vcpu(bad[i], 0), -XEN_EINVAL);
		CHECK_EQ("set_priority", ev_set_priority(bad[i], 7),
			 -XEN_EINVAL);
		CHECK_EQ("bind_interdomain",
			 ev_bind_interdomain(DOMID_SELF, bad[i]), -XEN_EINVAL);
	}
	CHECK_EQ("status of d1234", ev_status(1234, 1, &st), -XEN_ESRCH);
	CHECK_EQ("alloc_unbound in d1234", ev_alloc_unbound(1234, DOMID_SELF),
		 -XEN_ESRCH);
	CHECK_EQ("bind_interdomain to d1234", ev_bind_interdomain(1234, 1),
		 -XEN_ESRCH);
	CHECK_EQ("unknown op 99", hc_event_channel_op(99, &st), -XEN_ENOSYS);
	CHECK_EQ("bind_pirq 1000000",
		 hc_event_channel_op(
			 EVTCHNOP_bind_pirq,
			 &(struct evtchn_bind_pirq){ .pirq = 1000000 }),
		 -XEN_EINVAL);
	CHECK_EQ("status from a bad pointer",
		 hc_event_channel_op(EVTCHNOP_status,
				     (void *)0xffff800000001000UL),
		 -XEN_EFAULT);
}

/* 2-level: 4096 ports, port 0 reserved: 4095 allocations, then -ENOSPC. */
static void port_limit(void)
{
	unsigned int n = 0;
	long p;

	while ((p = ev_alloc_unbound(DOMID_SELF, DOMID_SELF)) > 0)
		n++;
	printf("allocated %u ports, then %ld\n", n, p);
	CHECK_EQ("ports before the limit", n, 4095);
	CHECK_EQ("alloc beyond the limit", p, -XEN_ENOSPC);
	CHECK_EQ("reset", ev_reset(DOMID_SELF), 0);
	check_status("status after reset", 4095, EVTCHNSTAT_closed, 0);
	check_status("status after reset", 1, EVTCHNSTAT_closed, 0);
}

void test_main(void)
{
	domid_t me = self_id();
	long p;

	printf("domain id %u\n", me);
	interdomain_loopback(me);
	virqs();
	ipis();
	bad_ports();
	p = ev_alloc_unbound(DOMID_SELF, DOMID_SELF);
	CHECK_EQ("set_priority on 2-level", ev_set_priority((uint32_t)p, 7),
		 -XEN_ENOSYS);
	CHECK_EQ("close", ev_close((uint32_t)p), 0);
	port_limit();
	test_success();
}
