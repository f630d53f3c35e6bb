/* SPDX-License-Identifier: MIT */
/*
 * Fakes for what the scheduler calls, shared by the scheduler unit tests
 * (test-sched*.c; include once, in the test's .c, after check.h): fake CPUs, a fake
 * clock, softirqs recorded per CPU, slice timers recorded per CPU, and a
 * context_switch() that records the switch and jumps back to the test
 * (the real one never returns). A timer created with non-NULL data is a
 * policy's own (credit's accounting): the tests drive those by hand.
 */
#ifndef TEST_SCHED_FAKES_H
#define TEST_SCHED_FAKES_H

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

#define FAKE_CPUS 4

cpumask_t cpu_online_map;
static uint64_t fake_now = 1000;
static unsigned int fake_cpu;
static softirq_fn *schedule_fn;
static unsigned long raised[FAKE_CPUS];
static uint64_t slice_deadline[FAKE_CPUS];
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

/* The slice timers (no data) set slice_deadline; any other timer keeps
 * its deadline in t->expires_ns (0: stopped), and the last one set on a
 * CPU is in data_timer[] for a test to fire by hand. */
static struct timer *data_timer[FAKE_CPUS];

int set_timer(struct timer *t, uint64_t expires_ns)
{
	if (!t->data) {
		slice_deadline[t->cpu] = expires_ns;
	} else {
		t->expires_ns = expires_ns;
		data_timer[t->cpu] = t;
	}
	return 0;
}

void stop_timer(struct timer *t)
{
	if (!t->data)
		slice_deadline[t->cpu] = 0;
	else
		t->expires_ns = 0;
}

void *xzalloc_bytes(size_t size)
{
	return calloc(1, size);
}

void xfree(void *p)
{
	free(p);
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

/* The fake context switch is never lazy: nothing stays loaded. */
void context_release_lazy(struct vcpu *v)
{
	(void)v;
}

void context_idle_check(void)
{
}

void context_switch(struct vcpu *prev, struct vcpu *next)
{
	switched_from = prev;
	switched_to = next;
	__atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
	longjmp(back_to_test, 1);
}

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

/* What @cpu runs now. */
static __attribute__((unused)) struct vcpu *running_on(unsigned int cpu)
{
	struct vcpu *v;

	fake_cpu = cpu;
	v = current;
	fake_cpu = 0;
	return v;
}

/* A running domain of @nr vCPUs (up, offline until woken), @weight. */
static struct domain *new_domain(domid_t id, unsigned int nr,
				 unsigned int weight)
{
	struct domain *d = calloc(1, sizeof(*d));

	d->domain_id = id;
	d->state = DOMSTATE_RUNNING;
	d->max_vcpus = nr;
	d->sched_params.weight = weight;
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

/* Start @n CPUs (0 already is) and the scheduler with @policy. */
static void start_cpus(unsigned int n, enum sched_policy policy)
{
	opt_sched = policy;
	cpumask_set(0, &cpu_online_map);
	scheduler_init();
	for (unsigned int cpu = 1; cpu < n; cpu++) {
		cpumask_set(cpu, &cpu_online_map);
		sched_cpu_init(cpu);
	}
}

/*
 * Let @cpu run CPU-bound vCPUs for @ns of fake time: jump from slice end
 * to slice end (or @tick_ns steps when no slice is set), calling @tick
 * (if any) every @tick_ns.
 */
static __attribute__((unused)) void run_for(unsigned int cpu, uint64_t ns,
					    uint64_t tick_ns,
					    void (*tick)(uint64_t period))
{
	uint64_t end = fake_now + ns, next_tick = fake_now + tick_ns;

	while (fake_now < end) {
		uint64_t at = next_tick;

		if (slice_deadline[cpu] && slice_deadline[cpu] < at)
			at = slice_deadline[cpu];
		if (at > end)
			at = end;
		fake_now = at;
		if (fake_now >= next_tick) {
			if (tick)
				tick(tick_ns);
			next_tick += tick_ns;
		}
		if (fake_now >= slice_deadline[cpu] ||
		    (raised[cpu] & (1ul << SCHEDULE_SOFTIRQ)))
			run_schedule(cpu);
	}
}

/* Time @v has spent running. */
static __attribute__((unused)) uint64_t ran(const struct vcpu *v)
{
	return vcpu_runstate_time(v, RUNSTATE_running);
}

/* Pause @d and let every CPU drop its vCPUs. */
static __attribute__((unused)) void stop_domain(struct domain *d)
{
	d->state = DOMSTATE_PAUSED;
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		fake_cpu = d->vcpus[i]->processor;
		vcpu_sleep(d->vcpus[i]);
		fake_cpu = 0;
		run_schedule(d->vcpus[i]->processor);
	}
}

/* For every policy, on CPU 0: a yield hands the CPU to the other
 * runnable vCPU and back; alone, a yield keeps the CPU. */
static __attribute__((unused)) void test_yield(void)
{
	struct domain *a = new_domain(8, 1, 256), *b = new_domain(9, 1, 256);
	struct vcpu *va = a->vcpus[0], *vb = b->vcpus[0];
	struct vcpu *first;

	vcpu_wake(va);
	vcpu_wake(vb);
	first = run_schedule(0);
	CHECK(first == va || first == vb);
	for (int i = 0; i < 4; i++) {
		struct vcpu *other = current == va ? vb : va;

		fake_now += 1000;
		sched_yield();
		CHECK(raised[0] & (1ul << SCHEDULE_SOFTIRQ));
		CHECK(run_schedule(0) == other);
	}
	/* Alone, a yield keeps the CPU. */
	a->state = DOMSTATE_PAUSED;
	vcpu_sleep(va);
	run_schedule(0);
	CHECK(current == vb);
	sched_yield();
	CHECK(run_schedule(0) == NULL);
	CHECK(current == vb);
	stop_domain(a);
	stop_domain(b);
}

#endif
