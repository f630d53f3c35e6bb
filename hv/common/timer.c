/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU timer queues. Each CPU keeps its timers in a heap (timer-queue.c)
 * under its own lock and keeps its one-shot hardware timer armed for the
 * earliest expiry. The timer interrupt only raises TIMER_SOFTIRQ; expired
 * callbacks run from the softirq with interrupts enabled and no lock held.
 */
#include <satori/timer.h>
#include <satori/cpumask.h>
#include <satori/errno.h>
#include <satori/keyhandler.h>
#include <satori/log.h>
#include <satori/smp.h>
#include <satori/softirq.h>
#include <satori/spinlock.h>
#include <satori/time.h>
#include <satori/timer-queue.h>

/* Enough for every vCPU's timers on a busy CPU; set_timer() reports
 * -ENOSPC rather than losing a timer beyond it. */
#define TIMERS_PER_CPU 512

struct timer_cpu {
	spinlock_t lock;
	struct timer_queue queue;
	struct timer *running; /* callback in progress, for kill_timer() */
	unsigned int pass;     /* timer softirq passes so far */
	struct timer *slots[TIMERS_PER_CPU];
};

static struct timer_cpu timer_cpus[NR_CPUS];

void init_timer(struct timer *t, timer_fn *fn, void *data, unsigned int cpu)
{
	*t = (struct timer){ .fn = fn, .data = data, .cpu = cpu };
}

/* The earliest expiry changed: re-arm the hardware on the timer's CPU. */
static void rearm(struct timer_cpu *tc, unsigned int cpu)
{
	struct timer *first = timer_queue_first(&tc->queue);

	if (cpu == smp_processor_id())
		arch_timer_program(first ? first->expires_ns : 0);
	else
		cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
}

int set_timer(struct timer *t, uint64_t expires_ns)
{
	struct timer_cpu *tc = &timer_cpus[t->cpu];
	uint64_t flags = spin_lock_irqsave(&tc->lock);
	int rc = -EINVAL;

	if (t->status == TIMER_KILLED)
		goto out;
	if (t->heap_pos)
		timer_queue_remove(&tc->queue, t);
	t->expires_ns = expires_ns;
	t->pass = tc->pass;
	rc = timer_queue_add(&tc->queue, t);
	t->status = rc ? TIMER_INACTIVE : TIMER_QUEUED;
	if (!rc && timer_queue_first(&tc->queue) == t)
		rearm(tc, t->cpu);
out:
	spin_unlock_irqrestore(&tc->lock, flags);
	return rc;
}

static void dequeue(struct timer_cpu *tc, struct timer *t)
{
	if (t->heap_pos)
		timer_queue_remove(&tc->queue, t);
}

void stop_timer(struct timer *t)
{
	struct timer_cpu *tc = &timer_cpus[t->cpu];
	uint64_t flags = spin_lock_irqsave(&tc->lock);

	dequeue(tc, t);
	if (t->status == TIMER_QUEUED)
		t->status = TIMER_INACTIVE;
	/* The hardware may fire early for a removed first timer; the
	 * softirq then finds nothing due and re-arms. */
	spin_unlock_irqrestore(&tc->lock, flags);
}

void kill_timer(struct timer *t)
{
	struct timer_cpu *tc = &timer_cpus[t->cpu];
	uint64_t flags = spin_lock_irqsave(&tc->lock);

	dequeue(tc, t);
	t->status = TIMER_KILLED;
	spin_unlock_irqrestore(&tc->lock, flags);
	/* A callback killing its own timer must not wait for itself. */
	if (t->cpu != smp_processor_id())
		while (READ_ONCE(tc->running) == t)
			cpu_relax();
}

bool timer_is_active(const struct timer *t)
{
	return READ_ONCE(t->status) == TIMER_QUEUED;
}

/*
 * Run the timers due when the pass started, then re-arm. A timer set during
 * the pass (by a callback, or from another CPU) ends the pass when it comes
 * first, even if already due: the hardware is then armed in the past and
 * fires at once for a new pass. So a timer re-arming itself in the past
 * cannot keep one pass going forever.
 */
static void timer_softirq(void)
{
	unsigned int cpu = smp_processor_id();
	struct timer_cpu *tc = &timer_cpus[cpu];
	uint64_t flags = spin_lock_irqsave(&tc->lock);
	uint64_t now = now_ns();
	unsigned int pass = ++tc->pass;
	struct timer *t;

	while ((t = timer_queue_first(&tc->queue)) && t->expires_ns <= now &&
	       t->pass != pass) {
		timer_queue_remove(&tc->queue, t);
		t->status = TIMER_INACTIVE;
		tc->running = t;
		spin_unlock_irqrestore(&tc->lock, flags);
		t->fn(t->data);
		flags = spin_lock_irqsave(&tc->lock);
		tc->running = NULL;
	}
	t = timer_queue_first(&tc->queue);
	arch_timer_program(t ? t->expires_ns : 0);
	spin_unlock_irqrestore(&tc->lock, flags);
}

void timers_init(void)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		spin_lock_init(&timer_cpus[cpu].lock);
		timer_queue_init(&timer_cpus[cpu].queue, timer_cpus[cpu].slots,
				 TIMERS_PER_CPU);
	}
	open_softirq(TIMER_SOFTIRQ, timer_softirq);
}

static void dump_cpu_timers(unsigned int cpu, uint64_t now)
{
	struct timer_cpu *tc = &timer_cpus[cpu];
	uint64_t flags = spin_lock_irqsave(&tc->lock);

	printk("CPU%u: %u timers\n", cpu, tc->queue.nr);
	/* Heap order, not expiry order: the dump must not sort under the
	 * lock, and the first line is still the earliest. */
	for (unsigned int i = 0; i < tc->queue.nr; i++) {
		const struct timer *t = tc->queue.slots[i];

		printk("  expires %lu ns (%+ld us) fn %p data %p\n",
		       (unsigned long)t->expires_ns,
		       (long)(t->expires_ns - now) / 1000, (void *)t->fn,
		       t->data);
	}
	spin_unlock_irqrestore(&tc->lock, flags);
}

static void dump_timers(unsigned char key)
{
	uint64_t now = now_ns();

	(void)key;
	unsigned int cpu;

	printk("Timers at %lu ns:\n", (unsigned long)now);
	for_each_online_cpu(cpu) dump_cpu_timers(cpu, now);
}
KEYHANDLER('t', dump_timers, "dump timer queues and system time");
