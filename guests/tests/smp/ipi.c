/* SPDX-License-Identifier: MIT */
/*
 * IPIs between a guest's vCPUs through event channels: vCPUs 1-3 each
 * register their own vcpu_info and bind an IPI port (EVTCHNOP_bind_ipi
 * delivers to the vCPU that bound it); vCPU 0 sends each port ROUNDS
 * times, waiting for each to arrive, and checks that the vCPU it was
 * bound to, blocked in SCHEDOP_block, consumed it. Then every secondary
 * sends to vCPU 0's own IPI port and vCPU 0 counts them. Four vCPUs on
 * two physical CPUs. Needs shared_info mapped (2-level pending bits).
 */
#include <guest/console.h>
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "smp/ipi";

#define NR 4u
#define ROUNDS 20u
#define SPIN_LIMIT 5000000UL

static volatile long port[NR];
static volatile int ready[NR];
static volatile uint32_t stop;

/* Spin with yields until @cond or the limit. */
#define WAIT_FOR(cond)                                    \
	({                                                \
		unsigned long n_ = 0;                     \
		while (!(cond) && n_++ < SPIN_LIMIT)      \
			hc_sched_op(SCHEDOP_yield, NULL); \
		(cond);                                   \
	})

static void secondary(unsigned int id)
{
	if (vcpu_info_register(id))
		return;
	port[id] = ev_bind_ipi(id);
	if (port[id] < 0 || port[id] >= 64)
		return;
	vcpu_port_mask[id] = 1UL << port[id];
	ready[id] = 1;
	block_until_set(&stop);
	ev_send((uint32_t)port[0]);
}

void test_main(void)
{
	if (!vcpu0_info)
		test_skip("shared_info is not mapped (update_va_mapping)");
	CHECK_EQ("register_vcpu_info(0)", vcpu_info_register(0), 0);
	CHECK_EQ("vcpu_events_init", vcpu_events_init(), 0);
	port[0] = ev_bind_ipi(0);
	if (port[0] < 0 || port[0] >= 64)
		test_fail("bind_ipi(0): %ld", port[0]);
	vcpu_port_mask[0] = 1UL << port[0];
	for (unsigned int id = 1; id < NR; id++)
		CHECK_EQ("vcpu_start", vcpu_start(id, secondary), 0);
	for (unsigned int id = 1; id < NR; id++)
		if (!WAIT_FOR(ready[id] != 0))
			test_fail("vCPU %u did not bind its IPI port", id);
	for (unsigned int r = 0; r < ROUNDS; r++)
		for (unsigned int id = 1; id < NR; id++) {
			uint32_t p = (uint32_t)port[id];
			uint64_t before = vcpu_port_hits[p];

			CHECK_EQ("send", ev_send(p), 0);
			if (!WAIT_FOR(vcpu_port_hits[p] != before))
				test_fail("IPI %u to vCPU %u not delivered", r,
					  id);
			if (vcpu_port_last[p] != id)
				test_fail("vCPU %u's IPI consumed by vCPU %u",
					  id, vcpu_port_last[p]);
		}
	printf("ipi: %u IPIs from vCPU 0 to vCPUs 1-%u delivered\n",
	       ROUNDS * (NR - 1), NR - 1);
	stop = 1;
	vcpu_events_unmask();
	for (unsigned int id = 1; id < NR; id++)
		ev_send((uint32_t)port[id]); /* wake them to see stop */
	if (!WAIT_FOR(vcpu_port_hits[port[0]] >= 1))
		test_fail("no IPI back to vCPU 0");
	printf("ipi: vCPU 0 got %llu IPI upcall(s) back\n",
	       (unsigned long long)vcpu_port_hits[port[0]]);
	test_success();
}
