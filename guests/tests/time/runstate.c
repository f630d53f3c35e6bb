/* SPDX-License-Identifier: MIT */
/*
 * Runstate: VCPUOP_get_runstate_info and a registered runstate area.
 * Registering writes the area at once (state running for the caller);
 * get_runstate_info includes the current period in its state's time, so
 * over a busy wait the sum of the four times grows by the elapsed time; a 10 ms block shows up as at least that much time
 * blocked in the area (rewritten at each context switch); a vCPU never
 * brought up is offline. With VMASST_TYPE_runstate_update_flag the
 * XEN_RUNSTATE_UPDATE bit is clear whenever the guest looks.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "time/runstate";

#define MS 1000000ULL

static volatile struct vcpu_runstate_info area;

/* get_runstate_info counts the current period in its state's time. */
static uint64_t total(const struct vcpu_runstate_info *r)
{
	return r->time[0] + r->time[1] + r->time[2] + r->time[3];
}

/* Each snapshot is bracketed by clock reads, so a vCPU (or the host
 * thread emulating it) stalled around a hypercall cannot fool the test:
 * the growth must lie between the inner and the outer interval. */
static void adds_up(void)
{
	struct vcpu_runstate_info r1, r2;
	uint64_t t0, t1, t2, t3, grew;

	t0 = guest_now();
	CHECK_EQ("get_runstate_info",
		 hc_vcpu_op(VCPUOP_get_runstate_info, 0, &r1), 0);
	t1 = guest_now();
	while (guest_now() < t1 + 5 * MS)
		;
	t2 = guest_now();
	CHECK_EQ("get_runstate_info",
		 hc_vcpu_op(VCPUOP_get_runstate_info, 0, &r2), 0);
	t3 = guest_now();
	CHECK_EQ("state while running", r2.state, RUNSTATE_running);
	grew = total(&r2) - total(&r1);
	printf("runstate: accounted %llu ns between %llu and %llu ns\n",
	       (unsigned long long)grew, (unsigned long long)(t2 - t1),
	       (unsigned long long)(t3 - t0));
	if (grew < t2 - t1 || grew > t3 - t0)
		test_fail("runstate times grew %llu ns, elapsed %llu-%llu ns",
			  (unsigned long long)grew,
			  (unsigned long long)(t2 - t1),
			  (unsigned long long)(t3 - t0));
}

/*
 * A 10 ms wait in SCHEDOP_block: at least 8 ms not running (blocked, or
 * runnable if other vCPUs hold the CPU when the timer fires). A wake
 * before the deadline (counted in `early`) puts the vCPU back to running
 * until it blocks again, and a stall of the host thread emulating it in
 * that window is, rightly, running time: then the area must still account
 * for the whole wait, split between running and away.
 */
static void block_is_accounted(void)
{
	uint64_t before_away =
		area.time[RUNSTATE_blocked] + area.time[RUNSTATE_runnable];
	uint64_t before_run = area.time[RUNSTATE_running];
	uint64_t start, end, deadline, away, ran, accounted, waited;
	unsigned int early = 0;

	start = guest_now();
	deadline = start + 10 * MS;
	CHECK_EQ("set_timer_op", hc_set_timer_op(deadline), 0);
	end = block_until(deadline, &early);
	/* The area was rewritten when we were switched back in. */
	CHECK_EQ("area state after block", area.state, RUNSTATE_running);
	away = area.time[RUNSTATE_blocked] + area.time[RUNSTATE_runnable] -
	       before_away;
	ran = area.time[RUNSTATE_running] - before_run;
	printf("runstate: %llu ns blocked or runnable, %llu ns running for "
	       "a 10 ms timer (%u early wakes)\n",
	       (unsigned long long)away, (unsigned long long)ran, early);
	if (!early && away < 8 * MS)
		test_fail("only %llu ns accounted away",
			  (unsigned long long)away);
	accounted = away + ran;
	waited = end - start;
	if (early && accounted < waited - 2 * MS)
		test_fail("only %llu ns accounted in %llu ns",
			  (unsigned long long)accounted,
			  (unsigned long long)waited);
}

void test_main(void)
{
	struct vcpu_register_runstate_memory_area reg = {
		.addr.p = (uint64_t)&area,
	};
	struct vcpu_runstate_info r;
	long rc = vcpu0_timer_setup();

	if (rc < 0 && rc != -XEN_ENOSYS)
		test_fail("timer setup: %ld", rc);
	area.state = -1;
	CHECK_EQ("register runstate area",
		 hc_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg), 0);
	CHECK_EQ("area written at once", area.state, RUNSTATE_running);
	if (area.state_entry_time > guest_now())
		test_fail("state_entry_time in the future");
	adds_up();
	block_is_accounted();
	CHECK_EQ("vCPU 1 runstate", hc_vcpu_op(VCPUOP_get_runstate_info, 1, &r),
		 0);
	CHECK_EQ("vCPU 1 never up: offline", r.state, RUNSTATE_offline);
	CHECK_EQ("vm_assist(runstate_update_flag)",
		 hc_vm_assist(VMASST_CMD_enable,
			      VMASST_TYPE_runstate_update_flag),
		 0);
	CHECK_EQ("register again",
		 hc_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg), 0);
	block_is_accounted();
	if (area.state_entry_time & XEN_RUNSTATE_UPDATE)
		test_fail("XEN_RUNSTATE_UPDATE left set");
	test_success();
}
