/* SPDX-License-Identifier: MIT */
/*
 * time/timer-early: a guest timer's VIRQ_TIMER upcall never arrives
 * before its deadline as the guest itself reads it from its pvclock, and
 * each deadline gives exactly one event. N timers (n=N on the command
 * line, default 1000) with pseudo-random deltas of 0-300 us, set with
 * VCPUOP_set_singleshot_timer (flags 0, as Linux 6.1's clockevent does)
 * and, every fourth one, set_timer_op. The upcall handler stamps the
 * pvclock time of the timer's event; the vCPU spins (events unmasked)
 * until it comes. An early event would make Linux find no expired hrtimer,
 * re-arm and take a second interrupt for the same tick.
 */
#include <guest/console.h>
#include <guest/event.h>
#include <guest/sched.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "time/timer-early";

#define US 1000ULL
#define MS 1000000ULL
#define MAX_TIMERS 4096U
#define MAX_DELTA_NS (300 * US)
/* A timer that has not fired this long after its deadline never will
 * (generous: a vCPU of a loaded TCG host may be away for a while). */
#define NEVER_NS (5000 * MS)

static uint32_t timer_port;
static volatile uint64_t fires;
static volatile uint64_t fire_ns;
static uint64_t lateness[MAX_TIMERS];

static void on_event(uint32_t port)
{
	if (port != timer_port)
		return;
	fire_ns = guest_now();
	fires = fires + 1;
}

/* xorshift64: deterministic, different deltas on every timer. */
static uint64_t next_random(void)
{
	static uint64_t x = 0x9e3779b97f4a7c15ULL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

static void arm(unsigned int i, uint64_t deadline)
{
	struct vcpu_set_singleshot_timer s = { .timeout_abs_ns = deadline };

	if (i % 4 == 3)
		CHECK_EQ("set_timer_op", hc_set_timer_op(deadline), 0);
	else
		CHECK_EQ("set_singleshot_timer",
			 hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &s), 0);
}

/* Arm timer @i and wait for its event; @return its lateness in ns. */
static uint64_t one_timer(unsigned int i)
{
	uint64_t before = fires;
	uint64_t deadline = guest_now() + next_random() % MAX_DELTA_NS;

	arm(i, deadline);
	while (fires == before)
		if (guest_now() > deadline + NEVER_NS)
			test_fail("timer %u: no event %llu ms after its "
				  "deadline",
				  i, (unsigned long long)(NEVER_NS / MS));
	if (fires != before + 1)
		test_fail("timer %u: %llu events", i,
			  (unsigned long long)(fires - before));
	if (fire_ns < deadline)
		test_fail("timer %u: event %llu ns before its deadline "
			  "(pvclock)",
			  i, (unsigned long long)(deadline - fire_ns));
	return fire_ns - deadline;
}

static void setup(void)
{
	long rc;

	if (!vcpu0_info)
		test_skip("shared_info not mapped");
	/* Xen starts each vCPU with a 10 ms periodic timer on the same
	 * VIRQ; Linux stops it at boot, and so does this test. */
	CHECK_EQ("stop_periodic_timer",
		 hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	rc = event_upcall_install();
	if (rc)
		test_error("event_upcall_install: %ld", rc);
	rc = ev_bind_virq(VIRQ_TIMER, 0);
	if (rc < 0)
		test_error("bind VIRQ_TIMER: %ld", rc);
	timer_port = (uint32_t)rc;
	event_handler = on_event;
	events_unmask();
}

void test_main(void)
{
	unsigned int n = (unsigned int)cmdline_uint("n", 1000);
	uint64_t settle;

	if (n > MAX_TIMERS)
		n = MAX_TIMERS;
	setup();
	for (unsigned int i = 0; i < n; i++)
		lateness[i] = one_timer(i);
	/* No second event for any of them, even late. */
	settle = guest_now() + 20 * MS;
	while (guest_now() < settle)
		;
	if (fires != n)
		test_fail("%llu timer events for %u deadlines",
			  (unsigned long long)fires, n);
	printf("time/timer-early: %u timers, lateness ns min %llu p50 %llu "
	       "p99 %llu max %llu\n",
	       n, (unsigned long long)percentile(lateness, n, 0),
	       (unsigned long long)percentile(lateness, n, 500),
	       (unsigned long long)percentile(lateness, n, 990),
	       (unsigned long long)percentile(lateness, n, 1000));
	test_success();
}
