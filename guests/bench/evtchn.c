/* SPDX-License-Identifier: MIT */
/*
 * bench/evtchn: event-channel paths as dom0 on satori and Xen 4.17
 * (bench/run-evtchn.py): with the TSC, per operation,
 *   evtchn-send-masked   EVTCHNOP_send to a masked port (the hypercall and
 *                        2-level set_pending, no upcall);
 *   evtchn-loopback-rtt  send on a loopback interdomain channel and take
 *                        the upcall it raises (delivery, the library's
 *                        2-level scan, HYPERVISOR_iret back);
 *   evtchn-ipi-self      the same through an IPI channel to vCPU 0;
 *   evtchn-unmask        EVTCHNOP_unmask of a pending port plus its upcall.
 * The interdomain round trip between two domains needs two boot-time
 * domains (satori only); bench/run-evtchn.py takes it from
 * tests/boot/evtchn-pingpong.test. Ends with "bench: done".
 */
#include <guest/event.h>
#include <guest/sort.h>
#include <guest/test.h>

const char test_name[] = "bench/evtchn";

#define BATCHES 15U
#define OPS 1000U

static void measure(const char *name, void (*op)(unsigned int n))
{
	uint64_t batch[BATCHES];

	op(OPS / 10);
	for (unsigned int b = 0; b < BATCHES; b++) {
		uint64_t t0 = event_rdtsc();

		op(OPS);
		batch[b] = event_rdtsc() - t0;
	}
	sort_u64(batch, BATCHES);
	printf("bench: %s %lu cycles (n=%ux%u, batch min %lu max %lu)\n", name,
	       batch[BATCHES / 2] / OPS, OPS, BATCHES, batch[0] / OPS,
	       batch[BATCHES - 1] / OPS);
}

static uint32_t port_local, port_remote, port_ipi, port_masked;

static void expect_events(uint32_t port, unsigned int want)
{
	if (event_count[port] != want)
		test_error("port %u: %u events, want %u", port,
			   event_count[port], want);
}

static void op_send_masked(unsigned int n)
{
	while (n--)
		if (ev_send(port_masked))
			test_error("send to a masked port failed");
	if (!ev_is_pending(port_masked))
		test_error("masked port not pending");
}

static void op_loopback(unsigned int n)
{
	unsigned int want = event_count[port_remote] + n;

	while (n--)
		(void)ev_send(port_local);
	expect_events(port_remote, want);
}

static void op_ipi(unsigned int n)
{
	unsigned int want = event_count[port_ipi] + n;

	while (n--)
		(void)ev_send(port_ipi);
	expect_events(port_ipi, want);
}

static void op_unmask(unsigned int n)
{
	unsigned int want = event_count[port_remote] + n;

	while (n--) {
		ev_mask(port_remote);
		(void)ev_send(port_local);
		ev_unmask(port_remote); /* pending: EVTCHNOP_unmask */
	}
	expect_events(port_remote, want);
}

void test_main(void)
{
	struct evtchn_status st;
	long p;

	if (!vcpu0_info)
		test_error("shared_info not mapped");
	events_mask();
	if (event_upcall_install())
		test_error("cannot register the event callback");
	p = ev_alloc_unbound(DOMID_SELF, DOMID_SELF);
	if (p <= 0 || ev_status(DOMID_SELF, (uint32_t)p, &st))
		test_error("alloc_unbound: %ld", p);
	port_remote = (uint32_t)ev_alloc_unbound(DOMID_SELF, st.u.unbound.dom);
	p = ev_bind_interdomain(DOMID_SELF, port_remote);
	if (p <= 0)
		test_error("bind_interdomain: %ld", p);
	port_local = (uint32_t)p;
	port_ipi = (uint32_t)ev_bind_ipi(0);
	port_masked = (uint32_t)ev_bind_ipi(0);
	ev_mask(port_masked);
	events_unmask();
	measure("evtchn-send-masked", op_send_masked);
	measure("evtchn-loopback-rtt", op_loopback);
	measure("evtchn-ipi-self", op_ipi);
	measure("evtchn-unmask", op_unmask);
	printf("bench: done\n");
	shutdown(SHUTDOWN_poweroff);
}
