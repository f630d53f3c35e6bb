/* SPDX-License-Identifier: MIT */
/*
 * time/block-window: block_until() must not lose its deadline's timer
 * event when the timer fires between the library's clock read and its
 * SCHEDOP_block. The window is a few instructions, so the test widens it
 * on purpose: a hook (block_until_window_hook) runs there and spins until
 * the deadline's event has arrived, either still pending (upcalls masked
 * during the read, as they must be) or already consumed by an upcall
 * (the lost wake-up that hung bootdoms-teardown about once in 25 runs
 * under load). Then it re-arms the timer as a watchdog WATCHDOG_NS
 * later: a block_until() that lost the event sleeps until the watchdog;
 * one that kept it returns at once. ROUNDS rounds; passes on satori and
 * on Xen 4.17.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/vcpu.h>

#include <xen.h>

const char test_name[] = "time/block-window";

#define US 1000ULL
#define MS 1000000ULL
#define ROUNDS 5U
#define AHEAD_NS (2 * MS)	  /* Deadline after the round starts. */
#define WATCHDOG_NS (3000 * MS)	  /* Re-armed timer: the lost case. */
#define LATE_LIMIT_NS (1000 * MS) /* Woken this late: it was the watchdog. */
#define FIRE_WAIT_NS (5000 * MS)  /* The deadline's event must come by. */

static uint64_t deadline, upcalls_at_arm;
static volatile int hook_ran;

/* The event has come: pending behind the mask, or taken by an upcall. */
static int deadline_event_seen(volatile struct vcpu_info *vi)
{
	return vi->evtchn_upcall_pending || vcpu_upcalls[0] != upcalls_at_arm;
}

/* Runs inside block_until(), after its clock read found @deadline ahead. */
static void in_window(void)
{
	volatile struct vcpu_info *vi = vcpu_info_of(0);

	block_until_window_hook = NULL;
	if (vcpu_upcalls[0] != upcalls_at_arm) {
		/* The event came before the clock read (the host held this
		 * vCPU past the deadline, or Xen's slop fired it early): not
		 * the window. Fire again so that the block ends. */
		CHECK_EQ("set_timer_op again", hc_set_timer_op(deadline), 0);
		return;
	}
	hook_ran = 1;
	while (!deadline_event_seen(vi)) {
		if (guest_now() > deadline + FIRE_WAIT_NS)
			test_error("the deadline's timer event never came");
	}
	/* Any hypercall return delivers an unmasked pending upcall: the
	 * event is surely taken now unless upcalls are masked. */
	(void)hc_xen_version(XENVER_version, NULL);
	CHECK_EQ("watchdog set_timer_op",
		 hc_set_timer_op(guest_now() + WATCHDOG_NS), 0);
}

/* One round; @return 1 if the hook ran (the window was exercised). */
static int round_once(unsigned int r)
{
	unsigned int early = 0;
	uint64_t woke;

	hook_ran = 0;
	vcpu_events_unmask(); /* Nothing stale pending. */
	upcalls_at_arm = vcpu_upcalls[0];
	deadline = guest_now() + AHEAD_NS;
	CHECK_EQ("set_timer_op", hc_set_timer_op(deadline), 0);
	block_until_window_hook = in_window;
	woke = block_until(deadline, &early);
	block_until_window_hook = NULL;
	CHECK_EQ("cancel the watchdog", hc_set_timer_op(0), 0);
	if (!hook_ran)
		return 0; /* The host was away past the deadline: again. */
	printf("time/block-window: round %u woke %llu us after the "
	       "deadline, %u early wakes\n",
	       r, (unsigned long long)((woke - deadline) / US), early);
	if (woke - deadline >= LATE_LIMIT_NS)
		test_fail("round %u: the deadline's event was lost in the "
			  "window; woken by the watchdog %llu ms late",
			  r, (unsigned long long)((woke - deadline) / MS));
	return 1;
}

void test_main(void)
{
	unsigned int done = 0, tries = 0;
	long rc = vcpu0_timer_setup();

	if (rc < 0)
		test_error("timer setup: %ld", rc);
	if (!vcpu_info_of(0))
		test_skip("no vcpu_info");
	while (done < ROUNDS) {
		if (++tries > 10 * ROUNDS)
			test_error("the window was exercised only %u times",
				   done);
		done += (unsigned int)round_once(done);
	}
	test_success();
}
