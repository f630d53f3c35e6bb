/* SPDX-License-Identifier: MIT */
/*
 * Timer lateness benchmark: N set_timer_op deadlines 100 us to 1 ms ahead
 * (VIRQ_TIMER bound, SCHEDOP_block until the deadline), each wake
 * measured against its deadline with the pvclock. Prints one line per
 * statistic, in ns: "bench: timer-<stat> <value> <unit>", read by
 * bench/run-timer-lateness.py, then "bench: done".
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "bench/timer-lateness";

#define N 400

static uint64_t late[N];

void test_main(void)
{
	unsigned int early = 0;
	long rc = vcpu0_timer_setup();

	if (rc < 0 && rc != -XEN_ENOSYS)
		test_error("timer setup: %ld", rc);
	for (unsigned int i = 0; i < N; i++) {
		uint64_t deadline =
			guest_now() + 100000 + (uint64_t)(i % 10) * 100000;

		if (hc_set_timer_op(deadline))
			test_error("set_timer_op failed");
		late[i] = block_until(deadline, &early) - deadline;
	}
	printf("bench: timer-p50 %llu ns\n",
	       (unsigned long long)percentile(late, N, 500));
	printf("bench: timer-p90 %llu ns\n",
	       (unsigned long long)percentile(late, N, 900));
	printf("bench: timer-p99 %llu ns\n",
	       (unsigned long long)percentile(late, N, 990));
	printf("bench: timer-max %llu ns\n",
	       (unsigned long long)percentile(late, N, 1000));
	printf("bench: timer-early-wakes %u wakes\n", early);
	printf("bench: done\n");
	shutdown(SHUTDOWN_poweroff);
}
