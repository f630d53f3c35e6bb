/* unit-sources: hv/common/sched/core.c hv/common/sched/rr.c hv/common/sched/credit.c hv/common/sched/bvt.c hv/common/sched/runq.c hv/common/sched/params.c */
/* SPDX-License-Identifier: MIT */
/*
 * The credit policy on the host with fake CPUs and time: how the
 * accounting shares credit by weight and cap, burning, UNDER before OVER,
 * BOOST on wake, parking of capped vCPUs, and the resulting CPU shares
 * of CPU-bound vCPUs over seconds of fake time (weights 1:2, a 25% cap).
 */
#include <satori/sched-policy.h>

#include "../../hv/common/sched/credit.h"
#include "check.h"
#include "shim/sched-fakes.h"

enum sched_policy opt_sched;

#define MS 1000000ull

static void account_one_cpu(uint64_t period)
{
	credit_account(1, period);
}

static void test_accounting_by_weight_and_cap(void)
{
	struct domain *a = new_domain(1, 1, 256), *b = new_domain(2, 1, 512);
	struct vcpu *va = a->vcpus[0], *vb = b->vcpus[0];

	vcpu_wake(va);
	vcpu_wake(vb);
	/* Nothing has credit yet: both OVER; the first queued runs. */
	CHECK_EQ(credit_prio(va), CREDIT_PRI_OVER);
	CHECK(run_schedule(0) == va);

	/* 30 ms of one CPU split 1:2 between the two wanting it. */
	credit_account(1, 30 * MS);
	CHECK_EQ(credit_prio(vb), CREDIT_PRI_UNDER);
	/* va has run 0 ns: +10 ms; vb +20 ms. After va runs 4 ms it has
	 * 6 ms left, still UNDER, and vb (UNDER, queued later) waits. */
	fake_now += 4 * MS;
	CHECK(run_schedule(0) == NULL); /* va keeps its slice */
	CHECK_EQ(credit_prio(va), CREDIT_PRI_UNDER);
	/* 7 ms more: va is OVER (-1 ms); vb takes over at the tick. */
	fake_now += 7 * MS;
	CHECK(run_schedule(0) == vb);
	CHECK_EQ(credit_prio(va), CREDIT_PRI_OVER);

	/* A cap of 10% limits the share to 3 ms per 30 ms. */
	b->sched_params.cap = 10;
	fake_now += 1 * MS; /* vb burns 1 ms: 19 ms left */
	CHECK(run_schedule(0) == NULL);
	credit_account(1, 30 * MS);
	/* vb: 19 + 3 = 22 ms; va: -1 + 27 (fair 10, but vb's unused share
	 * is not handed back) ... exactly: va gets 30 * 256 / 768 = 10. */
	CHECK_EQ(credit_prio(va), CREDIT_PRI_UNDER);
	b->sched_params.cap = 0;
	stop_domain(a);
	stop_domain(b);
}

static void test_boost_and_park(void)
{
	struct domain *hog = new_domain(3, 1, 256), *io = new_domain(4, 1, 256);
	struct vcpu *vh = hog->vcpus[0], *vi = io->vcpus[0];

	vcpu_wake(vh);
	CHECK(run_schedule(0) == vh);
	credit_account(1, 30 * MS); /* vh alone: +30 ms */
	fake_now += 1 * MS;
	/* io wakes with credit (from an earlier period): BOOST, and it
	 * preempts the UNDER hog at once. */
	vi->blocked = true;
	vcpu_wake(vi); /* blocked: not runnable, nothing happens */
	CHECK(!vi->on_runq);
	credit_account(1, 30 * MS); /* io wants nothing: no credit */
	vi->blocked = false;
	vcpu_wake(vi);
	CHECK_EQ(credit_prio(vi), CREDIT_PRI_OVER); /* no credit: no boost */
	CHECK(!(raised[0] & (1ul << SCHEDULE_SOFTIRQ)));
	fake_now += 1 * MS;
	credit_account(1, 30 * MS); /* both want the CPU now: 15 ms each */
	vi->blocked = true;
	vcpu_sleep(vi);
	vi->blocked = false;
	vcpu_wake(vi);
	CHECK_EQ(credit_prio(vi), CREDIT_PRI_BOOST);
	CHECK(raised[0] & (1ul << SCHEDULE_SOFTIRQ));
	CHECK(run_schedule(0) == vi);
	/* Descheduled, the boost is gone. */
	fake_now += 1 * MS;
	CHECK(run_schedule(0) == NULL);
	CHECK_EQ(credit_prio(vi), CREDIT_PRI_UNDER);
	stop_domain(io);

	/* A capped vCPU out of credit is parked: the CPU goes idle rather
	 * than run it, until the accounting refills it. */
	hog->sched_params.cap = 20;
	run_for(0, 300 * MS, 30 * MS, account_one_cpu);
	CHECK(credit_parked(vh) || running_on(0) == vh);
	stop_domain(hog);
}

/* Two CPU-bound vCPUs of weights 256 and 512 on one CPU for 9 s. In the
 * steady state they take turns in 90 ms rounds (30 ms light, 60 ms
 * heavy), so a window can be off by up to one 30 ms slice: 9 s keeps
 * that within 1%. */
static void test_weights_share_one_cpu(void)
{
	struct domain *a = new_domain(5, 1, 256), *b = new_domain(6, 1, 512);
	uint64_t ra, rb;

	vcpu_wake(a->vcpus[0]);
	vcpu_wake(b->vcpus[0]);
	run_schedule(0);
	ra = ran(a->vcpus[0]);
	rb = ran(b->vcpus[0]);
	run_for(0, 9000 * MS, 30 * MS, account_one_cpu);
	ra = ran(a->vcpus[0]) - ra;
	rb = ran(b->vcpus[0]) - rb;
	printf("credit 1:2 over 9 s: %lu / %lu us\n", (unsigned long)ra / 1000,
	       (unsigned long)rb / 1000);
	CHECK(ra + rb >= 8999 * MS);
	CHECK(rb * 100 >= ra * 198 && rb * 100 <= ra * 202);
	stop_domain(a);
	stop_domain(b);
}

/* A CPU-bound vCPU capped at 25% gets 25% of an otherwise idle CPU. */
static void test_cap_holds(void)
{
	struct domain *d = new_domain(7, 1, 256);
	uint64_t r0, t0 = fake_now;

	d->sched_params.cap = 25;
	vcpu_wake(d->vcpus[0]);
	run_schedule(0);
	r0 = ran(d->vcpus[0]);
	run_for(0, 3000 * MS, 30 * MS, account_one_cpu);
	r0 = ran(d->vcpus[0]) - r0;
	printf("cap 25%%: %lu us of %lu us\n", (unsigned long)r0 / 1000,
	       (unsigned long)(fake_now - t0) / 1000);
	CHECK(r0 * 100 <= (fake_now - t0) * 25 + 30 * MS * 100 / 3000);
	CHECK(r0 * 100 >= (fake_now - t0) * 24);
	stop_domain(d);
}

int main(void)
{
	start_cpus(1, SCHED_CREDIT);
	CHECK(is_idle_vcpu(current));
	test_accounting_by_weight_and_cap();
	test_boost_and_park();
	test_weights_share_one_cpu();
	test_yield();
	test_cap_holds();
	return check_summary("sched-credit");
}
