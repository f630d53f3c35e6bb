/* SPDX-License-Identifier: MIT */
/*
 * sched/io-latency: an I/O-style domain for the scheduler isolation
 * tests. It arms a one-shot timer (VCPUOP_set_singleshot_timer) period_us
 * ahead, blocks, and on the VIRQ_TIMER wake records two figures per
 * round, samples= times (after warmup= unrecorded rounds): the lateness
 * from the deadline to running (pvclock), and the wait, the time it spent
 * runnable but not running (VCPUOP_get_runstate_info): the scheduler's
 * part of the lateness. Under TCG with CPU hogs the host delays the timer
 * interrupt itself by ms whenever it deschedules QEMU; the wait mostly
 * excludes that, so the boot tests bound the wait: p50_max_us= caps its
 * median, p90_min_us= asks that at least a tenth of the wakes waited that
 * long (0: no bound); the bench prints both figures.
 */
#include <guest/sched.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "sched/io-latency";

#define MAX_SAMPLES 1000u
#define US 1000ULL

static uint64_t late[MAX_SAMPLES], wait[MAX_SAMPLES];

static uint64_t runnable_ns(void)
{
	struct vcpu_runstate_info r;

	CHECK_EQ("get_runstate_info",
		 hc_vcpu_op(VCPUOP_get_runstate_info, 0, &r), 0);
	return r.time[RUNSTATE_runnable];
}

/* One round: arm the singleshot @period_ns ahead and block until it
 * fired. Early wakes (other events) just block again. */
static void one_round(uint64_t period_ns, unsigned int *early, uint64_t *lat,
		      uint64_t *waited)
{
	struct vcpu_set_singleshot_timer s;
	uint64_t r0 = runnable_ns();

	s.timeout_abs_ns = guest_now() + period_ns;
	s.flags = 0;
	CHECK_EQ("set_singleshot_timer",
		 hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &s), 0);
	*lat = block_until(s.timeout_abs_ns, early) - s.timeout_abs_ns;
	*waited = runnable_ns() - r0;
}

static void report(const char *what, uint64_t *v, unsigned int n)
{
	uint64_t p50 = percentile(v, n, 500);

	/* percentile() sorted @v: the last one is the maximum. */
	printf("io-latency: %s n=%u p50 %llu us p90 %llu us p99 %llu us "
	       "max %llu us\n",
	       what, n, (unsigned long long)(p50 / US),
	       (unsigned long long)(percentile(v, n, 900) / US),
	       (unsigned long long)(percentile(v, n, 990) / US),
	       (unsigned long long)(v[n - 1] / US));
}

static void check_bounds(uint64_t p50, uint64_t p90)
{
	uint64_t max_ns = cmdline_uint("p50_max_us", 0) * US;
	uint64_t min_ns = cmdline_uint("p90_min_us", 0) * US;

	if (max_ns && p50 > max_ns)
		test_fail("median wait %llu us above %llu us",
			  (unsigned long long)(p50 / US),
			  (unsigned long long)(max_ns / US));
	if (p90 < min_ns)
		test_fail("p90 wait %llu us below %llu us",
			  (unsigned long long)(p90 / US),
			  (unsigned long long)(min_ns / US));
}

void test_main(void)
{
	unsigned int n = (unsigned int)cmdline_uint("samples", 100);
	unsigned int warmup = (unsigned int)cmdline_uint("warmup", 10);
	uint64_t period_ns = cmdline_uint("period_us", 2000) * US;
	unsigned int early = 0;
	uint64_t l, w;
	long rc;

	if (n == 0 || n > MAX_SAMPLES)
		test_error("samples=%u: 1..%u", n, MAX_SAMPLES);
	rc = vcpu0_timer_setup();
	if (rc < 0)
		test_error("VIRQ_TIMER setup: %ld", rc);
	for (unsigned int i = 0; i < warmup; i++)
		one_round(period_ns, &early, &l, &w);
	for (unsigned int i = 0; i < n; i++)
		one_round(period_ns, &early, &late[i], &wait[i]);
	printf("io-latency: period %llu us, early wakes %u\n",
	       (unsigned long long)(period_ns / US), early);
	report("late", late, n);
	report("wait", wait, n);
	check_bounds(percentile(wait, n, 500), percentile(wait, n, 900));
	test_success();
}
