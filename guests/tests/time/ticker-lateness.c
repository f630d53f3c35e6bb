/* SPDX-License-Identifier: MIT */
/*
 * time/ticker-lateness: a bystander with a 1 ms ticker. It sets a
 * set_timer_op deadline 1 ms ahead, blocks until it, and records how late
 * it woke, for "run_ms=N" milliseconds of system time (default 3000). Every
 * 250 ms window prints its worst lateness, then the whole run's worst and
 * p99. Next to a domain that is being destroyed on the same CPU (the boot
 * test bootdoms-teardown) the windows show how long the hypervisor held
 * the CPU for the teardown. It fails only if a wake is more than 10 s late
 * (a timer that never fires): the numbers are measurements, not limits.
 */
#include <guest/sched.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "time/ticker-lateness";

#define US 1000ULL
#define MS 1000000ULL
#define WINDOW_NS (250 * MS)
#define MAX_SAMPLES 8192U
#define NEVER_NS (10000 * MS)

static uint64_t samples[MAX_SAMPLES];

void test_main(void)
{
	uint64_t run_ns = cmdline_uint("run_ms", 3000) * MS;
	uint64_t start = guest_now(), window_end = start + WINDOW_NS;
	uint64_t window_worst = 0, worst = 0;
	unsigned int n = 0, early = 0, window = 0;
	long rc = vcpu0_timer_setup();

	if (rc < 0)
		test_error("timer setup: %ld", rc);
	while (guest_now() - start < run_ns) {
		uint64_t deadline = guest_now() + MS, late;

		CHECK_EQ("set_timer_op", hc_set_timer_op(deadline), 0);
		late = block_until(deadline, &early) - deadline;
		if (n < MAX_SAMPLES)
			samples[n++] = late;
		if (late > window_worst)
			window_worst = late;
		if (late > worst)
			worst = late;
		if (deadline + late >= window_end) {
			printf("time/ticker-lateness: window %u (to %llu ms): "
			       "worst %llu us\n",
			       window, (unsigned long long)(window_end / MS),
			       (unsigned long long)(window_worst / US));
			window++;
			window_end += WINDOW_NS;
			window_worst = 0;
		}
	}
	printf("time/ticker-lateness: %u wakes, worst %llu us, p99 %llu us\n",
	       n, (unsigned long long)(worst / US),
	       (unsigned long long)(percentile(samples, n, 990) / US));
	if (worst > NEVER_NS)
		test_fail("a 1 ms timer fired %llu ms late",
			  (unsigned long long)(worst / MS));
	test_success();
}
