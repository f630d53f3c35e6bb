/* SPDX-License-Identifier: MIT */
/*
 * The round-robin policy (sched=rr): one FIFO run queue per CPU and a
 * fixed 10 ms slice; a vCPU whose slice ends (or that yields) goes to the
 * tail of its queue. Weights are ignored. Kept for tests that want a
 * predictable order; an idle CPU steals the head of a busy one's queue.
 */
#include <satori/log.h>
#include <satori/smp.h>

#include "private.h"

static struct sched_queue queues[NR_CPUS];

static int rr_init(void)
{
	return 0;
}

static int rr_vcpu_insert(struct vcpu *v)
{
	(void)v;
	return 0;
}

static void rr_vcpu_remove(struct vcpu *v)
{
	(void)v;
}

static bool rr_wake(struct vcpu *v, uint64_t now)
{
	(void)now;
	runq_append(&queues[v->processor], v);
	return false;
}

static void rr_sleep(struct vcpu *v)
{
	runq_remove(&queues[v->processor], v);
}

static struct sched_decision rr_do_schedule(unsigned int cpu, struct vcpu *prev,
					    bool prev_runnable, uint64_t now)
{
	struct sched_queue *q = &queues[cpu];
	struct sched_decision d = { NULL, 0 };

	if (prev_runnable)
		runq_append(q, prev);
	d.next = q->head;
	if (d.next)
		runq_remove(q, d.next);
	else
		d.next = sched_steal(cpu, now, 0);
	if (d.next)
		d.slice_ns = SCHED_DEFAULT_SLICE_NS;
	return d;
}

static struct vcpu *rr_steal(unsigned int cpu, unsigned int victim,
			     uint64_t now, unsigned long cookie)
{
	(void)now;
	(void)cookie;
	return runq_take_stealable(&queues[victim], cpu);
}

static void rr_adjust(struct domain *d)
{
	(void)d;
}

static void rr_dump_cpu(unsigned int cpu)
{
	const struct vcpu *v;

	printk("    queue: %u runnable:", queues[cpu].len);
	for (v = queues[cpu].head; v; v = v->next_in_runq)
		printk(" d%u.%u", v->domain->domain_id, v->vcpu_id);
	printk("\n");
}

const struct scheduler sched_rr = {
	.name = "rr",
	.init = rr_init,
	.vcpu_insert = rr_vcpu_insert,
	.vcpu_remove = rr_vcpu_remove,
	.wake = rr_wake,
	.sleep = rr_sleep,
	.do_schedule = rr_do_schedule,
	.steal = rr_steal,
	.adjust = rr_adjust,
	.dump_cpu = rr_dump_cpu,
};
