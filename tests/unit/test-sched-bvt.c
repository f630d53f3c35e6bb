/* unit-sources: hv/common/sched/core.c hv/common/sched/rr.c hv/common/sched/credit.c hv/common/sched/bvt.c hv/common/sched/runq.c hv/common/sched/params.c */
/* SPDX-License-Identifier: MIT */
/*
 * The BVT policy on the host with fake CPUs and time: actual virtual time
 * (run time * 256 / weight), the least effective virtual time runs, the
 * context-switch allowance C, waking no lower than the system virtual
 * time, warp (W subtracted for at most L of run time, not again before
 * U), and the CPU shares of CPU-bound vCPUs of weights 1:2 over seconds
 * of fake time.
 */
#include <satori/sched-policy.h>

#include "../../hv/common/sched/bvt.h"
#include "check.h"
#include "shim/sched-fakes.h"

enum sched_policy opt_sched;

#define MS 1000000ll

static void test_virtual_time_and_allowance(void)
{
	struct domain *a = new_domain(1, 1, 256), *b = new_domain(2, 1, 512);
	struct vcpu *va = a->vcpus[0], *vb = b->vcpus[0];

	CHECK_EQ(opt_bvt_ctx_allow_ms, 5);
	vcpu_wake(va);
	CHECK(run_schedule(0) == va);
	CHECK_EQ(slice_deadline[0], 0); /* alone: no preemption timer */
	fake_now += 10 * MS;
	/* vb wakes: va has no slice end, so its CPU reschedules; va's A
	 * is 10 ms, vb starts at the SVT (0) and runs. */
	vcpu_wake(vb);
	CHECK(raised[0] & (1ul << SCHEDULE_SOFTIRQ));
	CHECK(run_schedule(0) == vb);
	CHECK_EQ(bvt_avt(va), 10 * MS);
	CHECK_EQ(bvt_avt(vb), 0);
	/* vb runs until its E passes va's by C: (10 ms virtual = 20 ms
	 * real at weight 512) + C (5 ms real). */
	CHECK_EQ(slice_deadline[0], fake_now + 25 * MS);
	fake_now += 25 * MS;
	CHECK(run_schedule(0) == va);
	CHECK_EQ(bvt_avt(vb), 12500000); /* 25 ms * 256 / 512 */
	/* va: 2.5 ms virtual behind, + C: 7.5 ms. */
	CHECK_EQ(slice_deadline[0], fake_now + 7500000);
	/* An early reschedule within the allowance keeps va. */
	fake_now += 1 * MS;
	CHECK(run_schedule(0) == NULL);
	stop_domain(a);
	stop_domain(b);
}

static void test_warp(void)
{
	struct domain *hog = new_domain(3, 1, 256), *io = new_domain(4, 1, 256);
	struct vcpu *vh = hog->vcpus[0], *vi = io->vcpus[0];

	io->sched_params.warp_ns = 50 * MS;
	io->sched_params.warpl_ns = 2 * MS;
	io->sched_params.warpu_ns = 20 * MS;
	vcpu_wake(vh);
	CHECK(run_schedule(0) == vh);
	fake_now += 100 * MS;
	CHECK(run_schedule(0) == NULL);
	/* The slept vCPU wakes at SVT (the hog's A) and warps: E = A - W,
	 * far below the hog's: it preempts at once. */
	vcpu_wake(vi);
	CHECK(bvt_warping(vi));
	CHECK_EQ(bvt_evt(vi), bvt_avt(vi) - 50 * MS);
	CHECK_EQ(bvt_avt(vi), bvt_avt(vh));
	CHECK(raised[0] & (1ul << SCHEDULE_SOFTIRQ));
	CHECK(run_schedule(0) == vi);
	CHECK_EQ(slice_deadline[0], fake_now + 2 * MS); /* warp limit L */
	/* After L of running the warp ends and the hog is due again. */
	fake_now += 2 * MS;
	run_schedule(0);
	CHECK(!bvt_warping(vi));
	/* Blocking and waking within U: no new warp. */
	vi->blocked = true;
	vcpu_sleep(vi);
	run_schedule(0);
	fake_now += 5 * MS;
	vcpu_unblock(vi);
	CHECK(!bvt_warping(vi));
	fake_now += 5 * MS;
	run_schedule(0);
	/* After U it warps again. */
	vi->blocked = true;
	vcpu_sleep(vi);
	run_schedule(0);
	fake_now += 30 * MS;
	vcpu_unblock(vi);
	CHECK(bvt_warping(vi));
	stop_domain(io);
	stop_domain(hog);
}

/* Weights 256 and 512, CPU-bound on one CPU for 3 s: shares 1:2 within
 * 1% (one context-switch allowance per round). */
static void test_weights_share_one_cpu(void)
{
	struct domain *a = new_domain(5, 1, 256), *b = new_domain(6, 1, 512);
	uint64_t ra, rb;

	vcpu_wake(a->vcpus[0]);
	vcpu_wake(b->vcpus[0]);
	run_schedule(0);
	ra = ran(a->vcpus[0]);
	rb = ran(b->vcpus[0]);
	run_for(0, 3000 * MS, 10 * MS, NULL);
	ra = ran(a->vcpus[0]) - ra;
	rb = ran(b->vcpus[0]) - rb;
	printf("bvt 1:2 over 3 s: %lu / %lu us\n", (unsigned long)ra / 1000,
	       (unsigned long)rb / 1000);
	CHECK(ra + rb >= 2999 * MS);
	CHECK(rb * 100 >= ra * 198 && rb * 100 <= ra * 202);
	stop_domain(a);
	stop_domain(b);
}

int main(void)
{
	start_cpus(1, SCHED_BVT);
	test_virtual_time_and_allowance();
	test_warp();
	test_weights_share_one_cpu();
	test_yield();
	return check_summary("sched-bvt");
}
