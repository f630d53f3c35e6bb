/* unit-sources: hv/common/sched/core.c hv/common/sched/rr.c hv/common/sched/credit.c hv/common/sched/bvt.c hv/common/sched/runq.c hv/common/sched/params.c */
/* SPDX-License-Identifier: MIT */
/*
 * The scheduler core and the round-robin policy on the host, with fake
 * CPUs, time and timers (shim/sched-fakes.h): placement over online CPUs,
 * wake and queue order, slices, yield, block and unblock, pause, runstate
 * accounting (also across CPUs: woken elsewhere, taken over by an idle
 * CPU), hard affinity, stealing by idle CPUs, parameter checks,
 * wake-affine placement of a domain's own event wake-ups.
 */
#include <satori/errno.h>
#include <satori/sched-policy.h>

#include <public/vcpu.h>

enum sched_policy opt_sched;

#include "check.h"
#include "shim/sched-fakes.h"

/* --- Tests ---------------------------------------------------------------- */

static void test_round_robin_on_one_cpu(void)
{
	struct domain *d = new_domain(1, 3, 256);
	struct vcpu *a = d->vcpus[0], *b = d->vcpus[1], *c = d->vcpus[2];

	CHECK_EQ(a->processor, 0);
	CHECK_EQ(c->processor, 0);
	CHECK_EQ(a->runstate, RUNSTATE_offline);

	vcpu_wake(a);
	vcpu_wake(b);
	vcpu_wake(c);
	vcpu_wake(a); /* Already queued: no second entry. */
	CHECK(raised[0] & (1ul << SCHEDULE_SOFTIRQ));
	CHECK_EQ(a->runstate, RUNSTATE_runnable);

	/* Idle -> a, with a 10 ms slice. */
	fake_now = 2000;
	CHECK(run_schedule(0) == a);
	CHECK(is_idle_vcpu(switched_from));
	CHECK(current == a);
	CHECK_EQ(a->runstate, RUNSTATE_running);
	CHECK_EQ(slice_deadline[0], 2000 + SCHED_DEFAULT_SLICE_NS);

	/* Slice over: b, and a goes to the tail behind c. */
	fake_now = 5000;
	CHECK(run_schedule(0) == b);
	CHECK_EQ(a->runstate, RUNSTATE_runnable);
	CHECK_EQ(vcpu_runstate_time(a, RUNSTATE_running), 3000);
	CHECK(run_schedule(0) == c);
	CHECK(run_schedule(0) == a);

	/* a blocks: b runs; a's unblock queues it again. */
	vcpu_block_current();
	CHECK(raised[0] & (1ul << SCHEDULE_SOFTIRQ));
	fake_now = 6000;
	CHECK(run_schedule(0) == b);
	CHECK_EQ(a->runstate, RUNSTATE_blocked);
	fake_now = 9000;
	vcpu_unblock(a);
	CHECK(!a->blocked);
	CHECK_EQ(a->runstate, RUNSTATE_runnable);
	CHECK_EQ(vcpu_runstate_time(a, RUNSTATE_blocked), 3000);
	CHECK(run_schedule(0) == c);
	CHECK(run_schedule(0) == a);

	/* Pausing the domain stops every vCPU; the CPU goes idle. */
	d->pause_count = 1;
	for (unsigned int i = 0; i < 3; i++)
		vcpu_sleep(d->vcpus[i]);
	CHECK(!b->on_runq && !c->on_runq);
	CHECK_EQ(b->runstate, RUNSTATE_offline);
	CHECK(run_schedule(0) != NULL);
	CHECK(is_idle_vcpu(switched_to));
	CHECK(is_idle_vcpu(current));
	CHECK_EQ(a->runstate, RUNSTATE_offline);
	CHECK_EQ(slice_deadline[0], 0);
	CHECK(run_schedule(0) == NULL); /* Idle stays idle. */
}

static void test_placement_and_single_runnable(void)
{
	struct domain *d;

	cpumask_set(1, &cpu_online_map);
	sched_cpu_init(1);
	d = new_domain(2, 4, 256);
	/* Round robin over CPUs 0 and 1, continuing where it left off. */
	CHECK(d->vcpus[0]->processor != d->vcpus[1]->processor);
	CHECK_EQ(d->vcpus[0]->processor, d->vcpus[2]->processor);
	CHECK_EQ(d->vcpus[1]->processor, d->vcpus[3]->processor);

	/* Waking kicks the vCPU's own CPU; a lone vCPU keeps its CPU. */
	raised[0] = raised[1] = 0;
	vcpu_wake(d->vcpus[1]);
	CHECK(raised[d->vcpus[1]->processor] & (1ul << SCHEDULE_SOFTIRQ));
	CHECK(run_schedule(d->vcpus[1]->processor) == d->vcpus[1]);
	CHECK(run_schedule(d->vcpus[1]->processor) == NULL);
	fake_cpu = d->vcpus[1]->processor;
	CHECK(current == d->vcpus[1]);
	/* Pause it again: later tests start from idle CPUs. */
	d->state = DOMSTATE_PAUSED;
	vcpu_sleep(d->vcpus[1]);
	fake_cpu = 0;
	run_schedule(d->vcpus[1]->processor);
}

static void test_affinity_and_params(void)
{
	struct domain *d = new_domain(3, 2, 256);
	struct vcpu *a = d->vcpus[0], *b = d->vcpus[1];
	struct sched_params p = d->sched_params;
	cpumask_t only1 = { { 0 } }, only3 = { { 0 } };

	/* A vCPU of a paused domain moves to the CPUs it may use. */
	d->state = DOMSTATE_PAUSED;
	cpumask_set(1, &only1);
	cpumask_set(3, &only3);
	CHECK_EQ(vcpu_set_hard_affinity(a, &only3), -EINVAL); /* CPU3 off */
	CHECK_EQ(vcpu_set_hard_affinity(a, &only1), 0);
	CHECK_EQ(vcpu_set_hard_affinity(b, &only1), 0);
	CHECK_EQ(a->processor, 1);
	CHECK_EQ(b->processor, 1);
	d->state = DOMSTATE_RUNNING;

	/* Both queue on CPU1; idle CPU0 may not take them. */
	vcpu_wake(a);
	vcpu_wake(b);
	CHECK(run_schedule(1) == a);
	CHECK(run_schedule(0) == NULL);
	CHECK(is_idle_vcpu(running_on(0)));
	CHECK(b->on_runq && b->processor == 1);
	/* A runnable vCPU cannot be re-pinned. */
	CHECK_EQ(vcpu_set_hard_affinity(b, &cpu_online_map), -EBUSY);

	/* Parameters: weight 1-65535, cap up to 65534 (0xffff: domctl's
	 * "unchanged"). */
	p.weight = 0;
	CHECK_EQ(sched_set_params(d, &p), -EINVAL);
	p.weight = 65536;
	CHECK_EQ(sched_set_params(d, &p), -EINVAL);
	p.weight = 512;
	p.cap = 65535;
	CHECK_EQ(sched_set_params(d, &p), -EINVAL);
	p.cap = 200;
	CHECK_EQ(sched_set_params(d, &p), 0);
	CHECK_EQ(d->sched_params.weight, 512);
	d->state = DOMSTATE_PAUSED;
	vcpu_sleep(b);
	fake_cpu = 1;
	vcpu_sleep(a);
	fake_cpu = 0;
	CHECK(run_schedule(1) != NULL);
	CHECK(is_idle_vcpu(running_on(1)));
}

static void test_idle_cpu_steals(void)
{
	struct domain *d = new_domain(4, 2, 256);
	struct vcpu *a = d->vcpus[0], *b = d->vcpus[1];

	/* Both placed on CPU1 by hand (offline vCPUs may move). */
	a->processor = b->processor = 1;
	raised[0] = raised[1] = 0;
	vcpu_wake(a);
	CHECK(run_schedule(1) == a);
	/* b waits behind a; the wake pokes idle CPU0, which steals it. */
	vcpu_wake(b);
	CHECK(raised[0] & (1ul << SCHEDULE_SOFTIRQ));
	CHECK(run_schedule(0) == b);
	CHECK_EQ(b->processor, 0);
	CHECK(!b->on_runq);

	/* A vCPU still being saved by its CPU is skipped; the idle CPU
	 * retries soon instead of halting for good. */
	d->state = DOMSTATE_PAUSED;
	vcpu_sleep(b);
	CHECK(run_schedule(0) != NULL);
	d->state = DOMSTATE_RUNNING;
	b->processor = 1;
	b->is_running = true; /* CPU1 has not finished saving it. */
	vcpu_wake(b);
	fake_now += 10;
	CHECK(run_schedule(0) == NULL);
	CHECK_EQ(slice_deadline[0], fake_now + 200000);
	b->is_running = false;
	CHECK(run_schedule(0) == b);
	d->state = DOMSTATE_PAUSED;
	vcpu_sleep(b);
	fake_cpu = 1;
	vcpu_sleep(a);
	fake_cpu = 0;
	run_schedule(0);
	run_schedule(1);
}

/* Time @v has in its four states, including the current period. */
static uint64_t runstate_total(const struct vcpu *v)
{
	uint64_t t = 0;

	for (unsigned int s = RUNSTATE_running; s <= RUNSTATE_offline; s++)
		t += vcpu_runstate_time(v, (enum vcpu_runstate)s);
	return t;
}

/* The record the runstate area gets: its times add up to its
 * state_entry_time since @base, plus at most @extra. */
static void check_area_record(const struct vcpu *v, uint64_t base,
			      uint64_t extra)
{
	struct vcpu_runstate_info r;
	uint64_t sum;

	vcpu_runstate_snapshot(v, &r, false);
	sum = r.time[0] + r.time[1] + r.time[2] + r.time[3];
	CHECK(sum >= r.state_entry_time - base);
	CHECK(sum <= r.state_entry_time - base + extra);
}

/*
 * No time is lost when a blocked vCPU is woken from another CPU and
 * taken over by an idle CPU that is not its own (the steal path), nor
 * when it moves back: at every step the four runstate times add up to
 * the time since the vCPU was created. A waker's clock a little behind
 * the vCPU's last state change (CPUs' clocks are not in lockstep) costs
 * nothing either: the times may then add up to a little more, never
 * less.
 */
static void test_runstate_conserved_across_cpus(void)
{
	struct domain *d;
	struct vcpu *a;
	uint64_t base;

	fake_now = 100000;
	d = new_domain(5, 1, 256);
	a = d->vcpus[0];
	base = fake_now;
	a->processor = 0;
	vcpu_wake(a);
	fake_now += 1000;
	CHECK(run_schedule(0) == a);
	fake_now += 3000;
	CHECK_EQ(runstate_total(a), fake_now - base);
	check_area_record(a, base, 0);

	/* a blocks on CPU0, which goes idle at its next schedule. */
	fake_cpu = 0;
	vcpu_block_current();
	fake_now += 500;
	CHECK(is_idle_vcpu(run_schedule(0)));
	CHECK_EQ(a->runstate, RUNSTATE_blocked);
	fake_now += 10000;
	CHECK_EQ(runstate_total(a), fake_now - base);

	/* CPU1 wakes it; idle CPU1 schedules first and takes it over. */
	fake_cpu = 1;
	vcpu_unblock(a);
	fake_now += 700;
	CHECK(run_schedule(1) == a);
	CHECK_EQ(a->processor, 1);
	CHECK_EQ(a->runstate, RUNSTATE_running);
	CHECK(run_schedule(0) == NULL);
	CHECK_EQ(vcpu_runstate_time(a, RUNSTATE_blocked), 10000);
	CHECK_EQ(vcpu_runstate_time(a, RUNSTATE_runnable), 1000 + 700);
	fake_now += 2000;
	CHECK_EQ(vcpu_runstate_time(a, RUNSTATE_running), 3500 + 2000);
	CHECK_EQ(runstate_total(a), fake_now - base);
	check_area_record(a, base, 0);

	/* Blocks on CPU1; CPU0, whose clock is 300 ns behind, wakes it
	 * and takes it back over. */
	fake_cpu = 1;
	vcpu_block_current();
	CHECK(is_idle_vcpu(run_schedule(1)));
	fake_now -= 300;
	fake_cpu = 0;
	vcpu_unblock(a);
	CHECK(run_schedule(0) == a);
	CHECK_EQ(a->processor, 0);
	fake_now += 300 + 4000;
	CHECK(runstate_total(a) >= fake_now - base);
	CHECK(runstate_total(a) <= fake_now - base + 300);
	check_area_record(a, base, 300);

	d->state = DOMSTATE_PAUSED;
	vcpu_sleep(a);
	run_schedule(0);
}

/* A domain's own event wake-up queues the wakee behind its sender. */
static void test_wake_affine(void)
{
	struct domain *d = new_domain(5, 2, 256),
		      *other = new_domain(6, 1, 256);
	struct vcpu *a = d->vcpus[0], *b = d->vcpus[1];
	struct timer *t;

	opt_wake_affine_us = 200; /* Off by default. */
	a->processor = 0;
	b->processor = 1;
	other->vcpus[0]->processor = 1;
	vcpu_wake(a);
	CHECK(run_schedule(0) == a);
	CHECK(is_idle_vcpu(running_on(1)));

	/* a sends b an event: b waits on CPU0, idle CPU1 is not kicked,
	 * a is not preempted, b is runnable, the fallback timer is armed. */
	raised[0] = raised[1] = 0;
	sched_wake_affine_hint(true);
	vcpu_wake(b);
	sched_wake_affine_hint(false);
	CHECK_EQ(b->processor, 0);
	CHECK(b->on_runq);
	CHECK_EQ(b->runstate, RUNSTATE_runnable);
	CHECK_EQ(raised[1], 0);
	CHECK_EQ(raised[0], 0);
	t = data_timer[0];
	CHECK(t != NULL);
	CHECK_EQ(t->expires_ns, fake_now + 200000);

	/* a blocks: b runs on CPU0; the timer stops; CPU1 slept through. */
	vcpu_block_current();
	fake_now += 50000;
	CHECK(run_schedule(0) == b);
	CHECK_EQ(t->expires_ns, 0);
	CHECK_EQ(raised[1], 0);
	CHECK_EQ(a->runstate, RUNSTATE_blocked);

	/* b wakes a and keeps running: after wake_affine_us the timer
	 * kicks idle CPU1, which steals a, and CPU0 reschedules. */
	sched_wake_affine_hint(true);
	vcpu_unblock(a);
	sched_wake_affine_hint(false);
	CHECK(a->on_runq);
	CHECK_EQ(a->processor, 0);
	CHECK_EQ(raised[1], 0);
	fake_now += 200000;
	t->fn(t->data);
	CHECK(raised[1] & (1ul << SCHEDULE_SOFTIRQ));
	CHECK(raised[0] & (1ul << SCHEDULE_SOFTIRQ));
	CHECK(run_schedule(1) == a);
	CHECK_EQ(a->processor, 1);

	/* Another domain's vCPU wakes the usual way, hint or not. */
	fake_cpu = 1;
	vcpu_block_current();
	fake_cpu = 0;
	CHECK(is_idle_vcpu(run_schedule(1)));
	raised[0] = raised[1] = 0;
	sched_wake_affine_hint(true);
	vcpu_wake(other->vcpus[0]);
	sched_wake_affine_hint(false);
	CHECK_EQ(other->vcpus[0]->processor, 1);
	CHECK(raised[1] & (1ul << SCHEDULE_SOFTIRQ));
	CHECK(run_schedule(1) == other->vcpus[0]);

	d->state = DOMSTATE_PAUSED;
	other->state = DOMSTATE_PAUSED;
	vcpu_sleep(a);
	vcpu_sleep(b);
	fake_cpu = 1;
	vcpu_sleep(other->vcpus[0]);
	fake_cpu = 0;
	run_schedule(0);
	run_schedule(1);
	opt_wake_affine_us = 0;
}

int main(void)
{
	start_cpus(1, SCHED_RR);
	CHECK(schedule_fn != NULL);
	CHECK(is_idle_vcpu(current));
	test_round_robin_on_one_cpu();
	test_placement_and_single_runnable();
	test_affinity_and_params();
	test_idle_cpu_steals();
	test_runstate_conserved_across_cpus();
	test_wake_affine();
	return check_summary("sched");
}
