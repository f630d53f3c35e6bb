/* SPDX-License-Identifier: MIT */
/*
 * Borrowed Virtual Time (sched=bvt; Duda and Cheriton, SOSP 1999, as in
 * the Xen paper of SOSP 2003). Each vCPU has an actual virtual time A
 * that grows by run time * 256 / weight, and an effective virtual time
 * E = A - (warping ? W : 0). A CPU runs its vCPU of least E; the one
 * running keeps the CPU until its E passes the next-best E by the
 * context-switch allowance C. A vCPU woken from sleep starts no lower
 * than the CPU's system virtual time (the least A of its runnable vCPUs)
 * and, if its domain has a warp W, warps: for at most L of run time, and
 * not again until U after the warp ended. The run queues are per CPU; an
 * idle CPU steals any waiting vCPU. docs/hacking/scheduling.md.
 */
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/param.h>
#include <satori/smp.h>
#include <satori/xmalloc.h>

#include "bvt.h"
#include "private.h"

unsigned int opt_bvt_ctx_allow_ms = BVT_DEFAULT_CTX_ALLOW_MS;
integer_param("bvt_ctx_allow", opt_bvt_ctx_allow_ms);

struct bvt_vcpu {
	int64_t avt;
	bool warping;
	uint64_t warp_left_ns; /* Run time left in this warp (L > 0). */
	uint64_t unwarp_until; /* No new warp before this time (U). */
	uint64_t start_ns;     /* Charged up to here. */
	bool yielded;	       /* SCHEDOP_yield: no allowance this time. */
};

static struct sched_queue queues[NR_CPUS];
static int64_t svt[NR_CPUS];	  /* System virtual time per CPU. */
static bool timer_armed[NR_CPUS]; /* The running vCPU has a slice end. */

static struct bvt_vcpu *bv(const struct vcpu *v)
{
	return v->sched_priv;
}

static uint64_t ctx_allow_ns(void)
{
	return (uint64_t)opt_bvt_ctx_allow_ms * 1000000ull;
}

int64_t bvt_avt(const struct vcpu *v)
{
	return bv(v)->avt;
}

bool bvt_warping(const struct vcpu *v)
{
	return bv(v)->warping;
}

int64_t bvt_evt(const struct vcpu *v)
{
	const struct bvt_vcpu *b = bv(v);

	return b->warping ? b->avt - (int64_t)v->domain->sched_params.warp_ns
			  : b->avt;
}

/* Real nanoseconds to @v's virtual ones, and back. */
static int64_t to_virtual(const struct vcpu *v, uint64_t ns)
{
	return (int64_t)scale_div(ns, BVT_WEIGHT_UNIT,
				  v->domain->sched_params.weight);
}

static uint64_t to_real(const struct vcpu *v, int64_t vns)
{
	return vns <= 0 ? 0
			: scale_div((uint64_t)vns,
				    v->domain->sched_params.weight,
				    BVT_WEIGHT_UNIT);
}

static void end_warp(struct vcpu *v, uint64_t now)
{
	struct bvt_vcpu *b = bv(v);

	if (!b->warping)
		return;
	b->warping = false;
	b->unwarp_until = now + v->domain->sched_params.warpu_ns;
}

/* Charge @v's run time since start_ns to its A and its warp. */
static void charge(struct vcpu *v, uint64_t now)
{
	struct bvt_vcpu *b = bv(v);
	uint64_t ran = now > b->start_ns ? now - b->start_ns : 0;

	b->start_ns = now;
	b->avt += to_virtual(v, ran);
	if (b->warping && v->domain->sched_params.warpl_ns) {
		if (ran >= b->warp_left_ns)
			end_warp(v, now);
		else
			b->warp_left_ns -= ran;
	}
}

static int bvt_init(void)
{
	return 0;
}

static int bvt_vcpu_insert(struct vcpu *v)
{
	struct bvt_vcpu *b = xzalloc(struct bvt_vcpu);

	if (!b)
		return -ENOMEM;
	v->sched_priv = b;
	return 0;
}

static void bvt_vcpu_remove(struct vcpu *v)
{
	xfree(v->sched_priv);
	v->sched_priv = NULL;
}

/* A vCPU arriving on @cpu (woken, stolen): no credit for time away. */
static void arrive(struct vcpu *v, unsigned int cpu, uint64_t now)
{
	struct bvt_vcpu *b = bv(v);

	if (b->avt < svt[cpu])
		b->avt = svt[cpu];
	b->start_ns = now;
}

static bool bvt_wake(struct vcpu *v, uint64_t now)
{
	struct bvt_vcpu *b = bv(v);
	unsigned int cpu = v->processor;
	struct vcpu *cur = sched_running(cpu);
	const struct sched_params *p = &v->domain->sched_params;

	arrive(v, cpu, now);
	if (p->warp_ns && now >= b->unwarp_until) {
		b->warping = true;
		b->warp_left_ns = p->warpl_ns;
	}
	runq_append(&queues[cpu], v);
	if (is_idle_vcpu(cur) || !timer_armed[cpu])
		return true;
	charge(cur, now);
	return bvt_evt(v) + to_virtual(cur, ctx_allow_ns()) < bvt_evt(cur);
}

static void bvt_sleep(struct vcpu *v)
{
	runq_remove(&queues[v->processor], v);
}

/* The queued vCPU of least E, NULL if none. */
static struct vcpu *least_evt(const struct sched_queue *q)
{
	struct vcpu *best = NULL;

	for (struct vcpu *v = q->head; v; v = v->next_in_runq)
		if (!best || bvt_evt(v) < bvt_evt(best))
			best = v;
	return best;
}

/* SVT: the least A among @cpu's runnable vCPUs (@running included). */
static void update_svt(unsigned int cpu, const struct vcpu *running)
{
	int64_t min = running ? bvt_avt(running) : INT64_MAX;

	for (const struct vcpu *v = queues[cpu].head; v; v = v->next_in_runq)
		if (bvt_avt(v) < min)
			min = bvt_avt(v);
	if (min != INT64_MAX && min > svt[cpu])
		svt[cpu] = min;
}

/* Run @next until its E passes @other's by C (or its warp ends). */
static uint64_t bvt_slice(const struct vcpu *next, const struct vcpu *other)
{
	const struct bvt_vcpu *b = bv(next);
	uint64_t slice = 0;

	if (other)
		slice = to_real(next, bvt_evt(other) - bvt_evt(next)) +
			ctx_allow_ns();
	if (b->warping && next->domain->sched_params.warpl_ns &&
	    (!slice || b->warp_left_ns < slice))
		slice = b->warp_left_ns;
	if (slice && slice < BVT_MIN_SLICE_NS)
		slice = BVT_MIN_SLICE_NS;
	return slice;
}

/* Keep @prev while its E is within C of the best waiting one. */
static bool prev_keeps_cpu(const struct vcpu *prev, const struct vcpu *best)
{
	return !best ||
	       bvt_evt(prev) < bvt_evt(best) + to_virtual(prev, ctx_allow_ns());
}

static struct sched_decision bvt_do_schedule(unsigned int cpu,
					     struct vcpu *prev,
					     bool prev_runnable, uint64_t now)
{
	struct sched_decision d = { NULL, 0 };
	struct vcpu *best, *next;

	if (!is_idle_vcpu(prev)) {
		charge(prev, now);
		if (!prev_runnable)
			end_warp(prev, now); /* A warp ends when it blocks. */
	}
	best = least_evt(&queues[cpu]);
	if (prev_runnable &&
	    (!best || (!bv(prev)->yielded && prev_keeps_cpu(prev, best)))) {
		next = prev;
	} else {
		if (prev_runnable)
			runq_append(&queues[cpu], prev);
		next = best ? best : sched_steal(cpu, now, 0);
		if (best)
			runq_remove(&queues[cpu], best);
		else if (next)
			arrive(next, cpu, now);
	}
	if (!is_idle_vcpu(prev))
		bv(prev)->yielded = false;
	update_svt(cpu, next);
	timer_armed[cpu] = false;
	if (!next)
		return d;
	bv(next)->start_ns = now;
	d.next = next;
	d.slice_ns = bvt_slice(next, least_evt(&queues[cpu]));
	timer_armed[cpu] = d.slice_ns != 0;
	return d;
}

static struct vcpu *bvt_steal(unsigned int cpu, unsigned int victim,
			      uint64_t now, unsigned long cookie)
{
	(void)now;
	(void)cookie;
	return runq_take_stealable(&queues[victim], cpu);
}

/* A yielding vCPU gives the CPU to the best waiting one, whatever their
 * virtual times (its own A is unchanged, so it is not penalised). */
static void bvt_yield(struct vcpu *v)
{
	bv(v)->yielded = true;
}

static void bvt_adjust(struct domain *d)
{
	(void)d; /* Weights and warps are read where they are used. */
}

static void dump_vcpu(const char *what, const struct vcpu *v)
{
	const struct sched_params *p = &v->domain->sched_params;

	printk("    %s d%u.%u avt %ld us evt %ld us%s weight %u warp %lu us "
	       "warpl %lu us warpu %lu us\n",
	       what, v->domain->domain_id, v->vcpu_id,
	       (long)(bvt_avt(v) / 1000), (long)(bvt_evt(v) / 1000),
	       bvt_warping(v) ? " (warped)" : "", p->weight,
	       (unsigned long)(p->warp_ns / 1000),
	       (unsigned long)(p->warpl_ns / 1000),
	       (unsigned long)(p->warpu_ns / 1000));
}

static void bvt_dump_cpu(unsigned int cpu)
{
	const struct vcpu *cur = sched_running(cpu);

	printk("    svt %ld us, C %u ms, queue: %u runnable\n",
	       (long)(svt[cpu] / 1000), opt_bvt_ctx_allow_ms, queues[cpu].len);
	if (!is_idle_vcpu(cur))
		dump_vcpu("run  ", cur);
	for (const struct vcpu *v = queues[cpu].head; v; v = v->next_in_runq)
		dump_vcpu("queue", v);
}

const struct scheduler sched_bvt = {
	.name = "bvt",
	.init = bvt_init,
	.vcpu_insert = bvt_vcpu_insert,
	.vcpu_remove = bvt_vcpu_remove,
	.wake = bvt_wake,
	.sleep = bvt_sleep,
	.do_schedule = bvt_do_schedule,
	.steal = bvt_steal,
	.yield = bvt_yield,
	.adjust = bvt_adjust,
	.dump_cpu = bvt_dump_cpu,
};
