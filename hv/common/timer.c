/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU timer queues. Each CPU keeps its timers in a heap (timer-queue.c)
 * under its own lock and keeps its one-shot hardware timer armed for the
 * earliest expiry. The timer interrupt only raises TIMER_SOFTIRQ; expired
 * callbacks run from the softirq with interrupts enabled and no lock held.
 * A timer moves between CPUs with migrate_timer() (vCPU timers follow
 * their vCPU); t->cpu changes only under both CPUs' locks.
 */
#include <satori/timer.h>
#include <satori/cpumask.h>
#include <satori/errno.h>
#include <satori/keyhandler.h>
#include <satori/log.h>
#include <satori/perfc.h>
#include <satori/smp.h>
#include <satori/softirq.h>
#include <satori/spinlock.h>
#include <satori/symbols.h>
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

/*
 * Lock the queue of @t's CPU. t->cpu only changes under both the old and
 * the new CPU's lock (migrate_timer), so once the lock is held a re-read
 * that still names the same CPU stays true until the unlock.
 */
static struct timer_cpu *timer_lock(struct timer *t, uint64_t *flags)
{
	for (;;) {
		unsigned int cpu = READ_ONCE(t->cpu);
		struct timer_cpu *tc = &timer_cpus[cpu];

		*flags = spin_lock_irqsave(&tc->lock);
		if (cpu == READ_ONCE(t->cpu))
			return tc;
		spin_unlock_irqrestore(&tc->lock, *flags);
	}
}

int set_timer(struct timer *t, uint64_t expires_ns)
{
	uint64_t flags;
	struct timer_cpu *tc = timer_lock(t, &flags);
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
	uint64_t flags;
	struct timer_cpu *tc = timer_lock(t, &flags);
	bool was_first = t->heap_pos && timer_queue_first(&tc->queue) == t;

	dequeue(tc, t);
	if (t->status == TIMER_QUEUED)
		t->status = TIMER_INACTIVE;
	/*
	 * A removed first timer of this CPU: re-arm for the next one now,
	 * one deadline write instead of an interrupt that finds nothing due
	 * (the scheduler stops its wake-affine timer on nearly every switch
	 * of a pipe ring). Another CPU's hardware may still fire early; its
	 * softirq then finds nothing due and re-arms.
	 */
	if (was_first && t->cpu == smp_processor_id()) {
		struct timer *next = timer_queue_first(&tc->queue);

		arch_timer_program(next ? next->expires_ns : 0);
	}
	spin_unlock_irqrestore(&tc->lock, flags);
}

/* True while @t's callback runs on a CPU other than this one. A migrated
 * timer's callback may still run on its old CPU, so look at all. */
static bool running_elsewhere(const struct timer *t)
{
	unsigned int me = smp_processor_id();

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != me && READ_ONCE(timer_cpus[cpu].running) == t)
			return true;
	return false;
}

void kill_timer(struct timer *t)
{
	uint64_t flags;
	struct timer_cpu *tc = timer_lock(t, &flags);

	dequeue(tc, t);
	t->status = TIMER_KILLED;
	spin_unlock_irqrestore(&tc->lock, flags);
	/* A callback killing its own timer must not wait for itself. */
	while (running_elsewhere(t))
		cpu_relax();
}

/*
 * Lock the queues of @t's CPU and of @cpu (lower CPU number first, the
 * only place two timer locks nest); @return @t's CPU as it is under both
 * locks, or @cpu if it is there already (then nothing is held).
 */
static unsigned int lock_pair(struct timer *t, unsigned int cpu,
			      uint64_t *flags)
{
	for (;;) {
		unsigned int old = READ_ONCE(t->cpu);
		unsigned int lo = old < cpu ? old : cpu;
		unsigned int hi = old < cpu ? cpu : old;

		if (old == cpu)
			return cpu;
		*flags = spin_lock_irqsave(&timer_cpus[lo].lock);
		spin_lock(&timer_cpus[hi].lock);
		if (old == READ_ONCE(t->cpu))
			return old;
		spin_unlock(&timer_cpus[hi].lock);
		spin_unlock_irqrestore(&timer_cpus[lo].lock, *flags);
	}
}

int migrate_timer(struct timer *t, unsigned int cpu)
{
	uint64_t flags = 0;
	unsigned int old = lock_pair(t, cpu, &flags);
	struct timer_cpu *from = &timer_cpus[old], *to = &timer_cpus[cpu];
	int rc = 0;

	if (old == cpu)
		return 0;
	WRITE_ONCE(t->cpu, cpu);
	if (t->heap_pos) {
		/* The old CPU's hardware may now fire early: harmless. */
		timer_queue_remove(&from->queue, t);
		t->pass = to->pass;
		rc = timer_queue_add(&to->queue, t);
		if (rc)
			t->status = TIMER_INACTIVE;
		else if (timer_queue_first(&to->queue) == t)
			rearm(to, cpu);
	}
	spin_unlock(&timer_cpus[old > cpu ? old : cpu].lock);
	spin_unlock_irqrestore(&timer_cpus[old < cpu ? old : cpu].lock, flags);
	return rc;
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
	bool ran = false;

	while ((t = timer_queue_first(&tc->queue)) && t->expires_ns <= now &&
	       t->pass != pass) {
		ran = true;
		timer_queue_remove(&tc->queue, t);
		t->status = TIMER_INACTIVE;
		tc->running = t;
		spin_unlock_irqrestore(&tc->lock, flags);
		perfc_incr(timer_fn);
		t->fn(t->data);
		flags = spin_lock_irqsave(&tc->lock);
		tc->running = NULL;
	}
	if (!ran)
		perfc_incr(timer_pass_empty);
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

		uint64_t off, size;
		const char *name =
			symbols_lookup((uint64_t)(uintptr_t)t->fn, &off, &size);

		printk("  expires %lu ns (%+ld us) fn %p %s data %p\n",
		       (unsigned long)t->expires_ns,
		       (long)(t->expires_ns - now) / 1000, (void *)t->fn,
		       name ? name : "?", t->data);
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
