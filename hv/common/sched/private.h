/* SPDX-License-Identifier: MIT */
/*
 * What the scheduling policies share inside hv/common/sched/: a FIFO run
 * queue threaded through v->next_in_runq, and the core's load-balancing
 * helper. Not for use outside the scheduler.
 */
#ifndef SCHED_PRIVATE_H
#define SCHED_PRIVATE_H

#include <satori/cpumask.h>
#include <satori/sched.h>

struct sched_queue {
	struct vcpu *head, *tail;
	unsigned int len;
};

/* Append @v (not queued) to @q and mark it queued. */
void runq_append(struct sched_queue *q, struct vcpu *v);

/* Put @v (not queued) at the head of @q and mark it queued. */
void runq_push_head(struct sched_queue *q, struct vcpu *v);

/* Take @v off @q if it is there; mark it not queued. */
void runq_remove(struct sched_queue *q, struct vcpu *v);

/* For a steal op: the first vCPU on @q (another CPU's) that @cpu may
 * take now (sched_may_steal), taken off @q; NULL if there is none. */
struct vcpu *runq_take_stealable(struct sched_queue *q, unsigned int cpu);

/*
 * For a policy's steal op: whether @v (queued on another CPU) may move to
 * @cpu now: allowed by its hard affinity and not still being saved by its
 * old CPU (that case makes an idle @cpu retry shortly).
 */
bool sched_may_steal(const struct vcpu *v, unsigned int cpu);

/* The vCPU @cpu runs (maybe its idle vCPU). Caller holds @cpu's lock. */
struct vcpu *sched_running(unsigned int cpu);

/* Make an idle CPU that @v may run on (other than v->processor) look
 * for work: it will steal @v if it is still waiting. A hint, no lock. */
void sched_tickle_idler(const struct vcpu *v);

/* @a * @mul / @div, exact, for @mul and @div below 2^32 and a result
 * below 2^64 (no 128-bit division: the hypervisor has no libgcc). */
static inline uint64_t scale_div(uint64_t a, uint64_t mul, uint64_t div)
{
	return a / div * mul + a % div * mul / div;
}

/* Online CPUs (cpumask_weight() needs libgcc's popcount). */
static inline unsigned int sched_online_cpus(void)
{
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu) n++;
	return n;
}

#endif
