/* SPDX-License-Identifier: MIT */
/*
 * The round-robin policy: one FIFO run queue per CPU, a fixed 10 ms
 * slice, new vCPUs spread over the online CPUs in turn. A vCPU whose
 * slice ends (or that yields) goes to the tail of its queue. The core
 * holds the scheduler lock around every call.
 */
#include <satori/sched.h>
#include <satori/cpumask.h>
#include <satori/log.h>
#include <satori/smp.h>

struct rr_queue {
	struct vcpu *head, *tail;
	unsigned int len;
};

static struct rr_queue queues[NR_CPUS];
static unsigned int next_cpu;

static int rr_init(void)
{
	return 0;
}

/* The next online CPU after the last one given out, wrapping. */
static int rr_vcpu_insert(struct vcpu *v)
{
	for (unsigned int i = 0; i < NR_CPUS; i++) {
		unsigned int cpu = (next_cpu + i) % NR_CPUS;

		if (cpumask_test(cpu, &cpu_online_map)) {
			v->processor = cpu;
			next_cpu = cpu + 1;
			return 0;
		}
	}
	v->processor = 0;
	return 0;
}

static void rr_vcpu_remove(struct vcpu *v)
{
	(void)v;
}

static void rr_enqueue(struct vcpu *v)
{
	struct rr_queue *q = &queues[v->processor];

	v->next_in_runq = NULL;
	if (q->tail)
		q->tail->next_in_runq = v;
	else
		q->head = v;
	q->tail = v;
	q->len++;
	v->on_runq = true;
}

static void rr_sleep(struct vcpu *v)
{
	struct rr_queue *q = &queues[v->processor];
	struct vcpu **pp = &q->head, *prev = NULL;

	while (*pp && *pp != v) {
		prev = *pp;
		pp = &(*pp)->next_in_runq;
	}
	if (!*pp)
		return;
	*pp = v->next_in_runq;
	if (q->tail == v)
		q->tail = prev;
	q->len--;
	v->on_runq = false;
	v->next_in_runq = NULL;
}

static struct sched_decision rr_do_schedule(unsigned int cpu, struct vcpu *prev,
					    bool prev_runnable)
{
	struct rr_queue *q = &queues[cpu];
	struct sched_decision d = { NULL, 0 };

	if (prev_runnable)
		rr_enqueue(prev);
	d.next = q->head;
	if (d.next) {
		rr_sleep(d.next);
		d.slice_ns = SCHED_DEFAULT_SLICE_NS;
	}
	return d;
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
	.wake = rr_enqueue,
	.sleep = rr_sleep,
	.do_schedule = rr_do_schedule,
	.dump_cpu = rr_dump_cpu,
};
