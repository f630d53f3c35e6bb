/* SPDX-License-Identifier: MIT */
/*
 * Runstate: VCPUOP_get_runstate_info and a registered runstate area.
 * Registering writes the area at once (state running for the caller);
 * get_runstate_info includes the current period in its state's time, so
 * over a busy wait the sum of the four times grows by the elapsed time.
 * The area (rewritten at each switch-in) loses no time: its four times
 * grow by exactly the distance of its state_entry_times, and a 10 ms
 * block shows up there as blocked or runnable time, not running. A vCPU
 * never brought up is offline. With VMASST_TYPE_runstate_update_flag the
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

/* The area as it stands (it changes only while we are switched out),
 * with XEN_RUNSTATE_UPDATE masked. */
static void area_copy(struct vcpu_runstate_info *r)
{
	r->state = area.state;
	r->state_entry_time = area.state_entry_time & ~XEN_RUNSTATE_UPDATE;
	for (unsigned int i = 0; i < 4; i++)
		r->time[i] = area.time[i];
}

/*
 * One 10 ms wait in SCHEDOP_block, judged only by the area itself. The
 * area is rewritten at each switch-in with the times up to that moment
 * (state_entry_time), so between two rewrites the four times must grow
 * by exactly the distance of their state_entry_times: no time is lost,
 * whatever CPU ran the vCPU. (The guest clock after the wait is no
 * yardstick: the running time since the last switch-in is in no area,
 * and a stalled host thread there made an earlier version of this check
 * flaky.) The wait itself is: running from the area's last rewrite up to
 * @start, then blocked or runnable until the timer wakes the vCPU, except
 * for the short paths into and out of the hypervisor. So a wait that ends
 * with a switch-in after the deadline must show at most 2 ms running.
 * @return 0 when it did not (a wake before the deadline, a host stall
 * while running, which really is running time, or no switch at all), to
 * try again.
 */
static int one_block(void)
{
	struct vcpu_runstate_info a0, a1;
	uint64_t start, end, deadline, away, ran, run_in_wait, grew, span;
	unsigned int early = 0;

	area_copy(&a0);
	start = guest_now();
	deadline = start + 10 * MS;
	CHECK_EQ("set_timer_op", hc_set_timer_op(deadline), 0);
	end = block_until(deadline, &early);
	area_copy(&a1);
	CHECK_EQ("area state after block", a1.state, RUNSTATE_running);
	away = a1.time[RUNSTATE_blocked] + a1.time[RUNSTATE_runnable] -
	       a0.time[RUNSTATE_blocked] - a0.time[RUNSTATE_runnable];
	ran = a1.time[RUNSTATE_running] - a0.time[RUNSTATE_running];
	grew = total(&a1) - total(&a0);
	span = a1.state_entry_time - a0.state_entry_time;
	printf("runstate: %llu ns blocked or runnable, %llu ns running between "
	       "two area rewrites %llu ns apart (waited %llu ns, %u early "
	       "wakes)\n",
	       (unsigned long long)away, (unsigned long long)ran,
	       (unsigned long long)span, (unsigned long long)(end - start),
	       early);
	if (grew + 1000 < span || grew > span + 1000)
		test_fail("area times grew %llu ns between state entries "
			  "%llu ns apart",
			  (unsigned long long)grew, (unsigned long long)span);
	run_in_wait = ran - (start - a0.state_entry_time);
	/* Not rewritten: the host thread stalled past the deadline before
	 * the block took effect, and the block returned at once. */
	return a1.state_entry_time >= deadline &&
	       (int64_t)run_in_wait < (int64_t)(2 * MS);
}

/* Blocking shows up as blocked (or runnable) time: one of up to five
 * waits must be undisturbed. A hypervisor that accounts blocked time as
 * running, or never switches a blocked vCPU out, fails all five. */
static void block_is_accounted(void)
{
	for (unsigned int i = 0; i < 5; i++)
		if (one_block())
			return;
	test_fail("five 10 ms blocks, none switched out and back in "
		  "after the deadline with at most 2 ms running");
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
