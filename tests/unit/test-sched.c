/* unit-sources: hv/common/sched/core.c hv/common/sched/rr.c */
/* SPDX-License-Identifier: MIT */
/*
 * The scheduler core and the round-robin policy on the host, with fake
 * CPUs, time and timers: placement over online CPUs, wake and queue order,
 * slices, yield, block and unblock, pause, runstate accounting. The fake
 * context_switch() records the switch and jumps back to the test (the
 * real one never returns).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>

#include <satori/bug.h>
#include <satori/cpumask.h>
#include <satori/log.h>
#include <satori/sched-policy.h>
#include <satori/sched.h>
#include <satori/softirq.h>
#include <satori/time.h>
#include <satori/timer.h>
#include <satori/xmalloc.h>

#include "check.h"

/* --- Fakes for what the scheduler calls ------------------------------ */

cpumask_t cpu_online_map;
enum sched_policy opt_sched = SCHED_CREDIT;
static uint64_t fake_now = 1000;
static unsigned int fake_cpu;
static softirq_fn *schedule_fn;
static unsigned long raised[4];
static uint64_t slice_deadline[4];
static struct vcpu *switched_from, *switched_to;
static jmp_buf back_to_test;

unsigned int smp_processor_id(void)
{
	return fake_cpu;
}

uint64_t now_ns(void)
{
	return fake_now;
}

void open_softirq(unsigned int nr, softirq_fn *fn)
{
	if (nr == SCHEDULE_SOFTIRQ)
		schedule_fn = fn;
}

void raise_softirq(unsigned int nr)
{
	raised[fake_cpu] |= 1ul << nr;
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
	raised[cpu] |= 1ul << nr;
}

void init_timer(struct timer *t, timer_fn *fn, void *data, unsigned int cpu)
{
	memset(t, 0, sizeof(*t));
	t->fn = fn;
	t->data = data;
	t->cpu = cpu;
}

int set_timer(struct timer *t, uint64_t expires_ns)
{
	slice_deadline[t->cpu] = expires_ns;
	return 0;
}

void stop_timer(struct timer *t)
{
	slice_deadline[t->cpu] = 0;
}

void *xzalloc_bytes(size_t size)
{
	return calloc(1, size);
}

void printk(const char *fmt, ...)
{
	(void)fmt;
}

void log_printf(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

const char *sched_policy_name(enum sched_policy policy)
{
	return policy == SCHED_CREDIT ? "credit" : "bvt";
}

void bug_fail(const char *kind, const char *what, const char *file,
	      unsigned int line)
{
	fprintf(stderr, "%s: %s at %s:%u\n", kind, what, file, line);
	abort();
}

void arch_set_current(struct vcpu *v)
{
	(void)v;
}

void context_switch(struct vcpu *prev, struct vcpu *next)
{
	switched_from = prev;
	switched_to = next;
	next->processor = fake_cpu;
	__atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
	longjmp(back_to_test, 1);
}

/* --- Helpers ------------------------------------------------------------ */

/* Run SCHEDULE on @cpu; @return the vCPU it switched to (NULL: none). */
static struct vcpu *run_schedule(unsigned int cpu)
{
	fake_cpu = cpu;
	raised[cpu] &= ~(1ul << SCHEDULE_SOFTIRQ);
	switched_to = NULL;
	if (!setjmp(back_to_test))
		schedule_fn();
	fake_cpu = 0;
	return switched_to;
}

static struct domain *new_domain(domid_t id, unsigned int nr)
{
	struct domain *d = calloc(1, sizeof(*d));

	d->domain_id = id;
	d->state = DOMSTATE_RUNNING;
	d->max_vcpus = nr;
	for (unsigned int i = 0; i < nr; i++) {
		struct vcpu *v = calloc(1, sizeof(*v));

		v->domain = d;
		v->vcpu_id = i;
		v->is_up = true;
		d->vcpus[i] = v;
		CHECK_EQ(vcpu_create_sched(v), 0);
	}
	return d;
}

/* --- Tests ---------------------------------------------------------------- */

static void test_round_robin_on_one_cpu(void)
{
	struct domain *d = new_domain(1, 3);
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
	d = new_domain(2, 4);
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
	fake_cpu = 0;
}

int main(void)
{
	cpumask_set(0, &cpu_online_map);
	scheduler_init();
	CHECK(schedule_fn != NULL);
	CHECK(is_idle_vcpu(current));
	test_round_robin_on_one_cpu();
	test_placement_and_single_runnable();
	return check_summary("sched");
}
