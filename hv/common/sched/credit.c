/* SPDX-License-Identifier: MIT */
/*
 * The credit policy (sched=credit, the default as on Xen): every 30 ms
 * the accounting hands out 30 ms of credit per online CPU among the
 * domains that used CPU, in proportion to their weights and limited by
 * their caps; running burns credit nanosecond for nanosecond. A vCPU with
 * credit left is UNDER, without is OVER, one just woken from sleep with
 * credit left is BOOSTed until it is next descheduled. Each CPU runs its
 * best-priority vCPU (FIFO within a priority) for a 30 ms slice, checked
 * every 10 ms tick; a CPU with nothing better than OVER steals an UNDER or
 * BOOST vCPU from another CPU's queue. A capped vCPU out of credit is
 * parked (stays queued, never picked) until the accounting refills it.
 * docs/hacking/scheduling.md has the formulas.
 */
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/smp.h>
#include <satori/softirq.h>
#include <satori/spinlock.h>
#include <satori/time.h>
#include <satori/timer.h>
#include <satori/xmalloc.h>

#include "credit.h"
#include "private.h"

struct csched_dom {
	struct domain *d;
	unsigned int nr_vcpus, active;
	int64_t per_vcpu; /* This period's credit for each active vCPU. */
	struct csched_dom *next;
};

struct csched_vcpu {
	struct vcpu *v;
	struct csched_dom *dom;
	int64_t credit;	   /* ns; atomic: the accounting adds to it. */
	bool boost;	   /* Woken with credit: runs before UNDER. */
	bool active;	   /* Wanted the CPU during this period. */
	bool yielded;	   /* SCHEDOP_yield: others of its priority first. */
	uint64_t start_ns; /* Credit burnt up to here. */
	uint64_t slice_used;
	struct csched_vcpu *next_all;
};

static struct sched_queue queues[NR_CPUS];
static DEFINE_SPINLOCK(acct_lock); /* Protects the lists below. */
static struct csched_vcpu *all_vcpus;
static struct csched_dom *all_doms;
static struct timer acct_timer;
static uint64_t last_acct_ns;
static bool acct_armed; /* Only while vCPUs exist: an empty machine idles. */

static struct csched_vcpu *sv(const struct vcpu *v)
{
	return v->sched_priv;
}

static int64_t credit_of(const struct csched_vcpu *s)
{
	return __atomic_load_n(&s->credit, __ATOMIC_RELAXED);
}

int64_t credit_value(const struct vcpu *v)
{
	return credit_of(sv(v));
}

int credit_prio(const struct vcpu *v)
{
	const struct csched_vcpu *s = sv(v);

	if (credit_of(s) <= 0)
		return CREDIT_PRI_OVER;
	return s->boost ? CREDIT_PRI_BOOST : CREDIT_PRI_UNDER;
}

bool credit_parked(const struct vcpu *v)
{
	return v->domain->sched_params.cap && credit_of(sv(v)) <= 0;
}

/* Charge @v's run time since start_ns. */
static void burn(struct vcpu *v, uint64_t now)
{
	struct csched_vcpu *s = sv(v);

	if (now > s->start_ns) {
		__atomic_fetch_sub(&s->credit, (int64_t)(now - s->start_ns),
				   __ATOMIC_RELAXED);
		s->slice_used += now - s->start_ns;
	}
	s->start_ns = now;
	s->boost = false;
	s->active = true;
}

/* The per-vCPU credit of a period of @period ns for each domain
 * (acct_lock held). */
static void share_out(unsigned int nr_cpus, uint64_t period)
{
	uint64_t total = period * nr_cpus, weight_total = 0;
	struct csched_dom *c;

	for (c = all_doms; c; c = c->next)
		weight_total += (uint64_t)c->d->sched_params.weight * c->active;
	for (c = all_doms; c; c = c->next) {
		uint64_t fair, w = (uint64_t)c->d->sched_params.weight;
		unsigned int cap = c->d->sched_params.cap;

		c->per_vcpu = 0;
		if (!c->active)
			continue;
		fair = scale_div(total, w * c->active, weight_total);
		if (fair > period * c->active)
			fair = period * c->active;
		if (cap && fair > scale_div(period, cap, 100))
			fair = scale_div(period, cap, 100);
		c->per_vcpu = (int64_t)(fair / c->active);
	}
}

static bool wants_cpu(const struct csched_vcpu *s)
{
	/* Scheduled, not is_running: a blocked vCPU may stay loaded on an
	 * idle CPU (lazy switch) without wanting it. */
	return s->active || s->v->on_runq || vcpu_is_scheduled(s->v);
}

void credit_account(unsigned int nr_cpus, uint64_t period)
{
	uint64_t flags = spin_lock_irqsave(&acct_lock);
	struct csched_vcpu *s;
	struct csched_dom *c;

	for (c = all_doms; c; c = c->next)
		c->active = 0;
	for (s = all_vcpus; s; s = s->next_all)
		if (wants_cpu(s))
			s->dom->active++;
	share_out(nr_cpus, period);
	for (s = all_vcpus; s; s = s->next_all) {
		int64_t before = credit_of(s), after;

		if (!wants_cpu(s))
			continue;
		after = before + s->dom->per_vcpu;
		/* Unused credit does not pile up beyond one slice. */
		if (after > (int64_t)CREDIT_TSLICE_NS)
			after = (int64_t)CREDIT_TSLICE_NS;
		__atomic_store_n(&s->credit, after, __ATOMIC_RELAXED);
		s->active = false;
		if (before <= 0 && after > 0 && s->v->on_runq) {
			cpu_raise_softirq(s->v->processor, SCHEDULE_SOFTIRQ);
			sched_tickle_idler(s->v);
		}
	}
	spin_unlock_irqrestore(&acct_lock, flags);
}

/* Every 30 ms on CPU 0 while vCPUs exist. The credit handed out follows
 * the time that really passed, so a late timer neither loses nor invents
 * CPU time. */
static void acct_tick(void *data)
{
	uint64_t now = now_ns(), period = now - last_acct_ns, flags;

	(void)data;
	last_acct_ns = now;
	if (period > CREDIT_MAX_PERIOD_NS)
		period = CREDIT_MAX_PERIOD_NS;
	credit_account(sched_online_cpus(), period);
	flags = spin_lock_irqsave(&acct_lock);
	acct_armed = all_vcpus != NULL;
	if (acct_armed)
		set_timer(&acct_timer, now + CREDIT_ACCT_NS);
	spin_unlock_irqrestore(&acct_lock, flags);
}

/* The first vCPU starts the accounting (acct_lock held). */
static void acct_start(void)
{
	if (acct_armed)
		return;
	acct_armed = true;
	last_acct_ns = now_ns();
	set_timer(&acct_timer, last_acct_ns + CREDIT_ACCT_NS);
}

static int credit_init(void)
{
	init_timer(&acct_timer, acct_tick, &acct_timer, 0);
	return 0;
}

static struct csched_dom *dom_get(struct domain *d)
{
	struct csched_dom *c = d->sched_priv;

	if (!c) {
		c = xzalloc(struct csched_dom);
		if (!c)
			return NULL;
		c->d = d;
		c->next = all_doms;
		all_doms = c;
		d->sched_priv = c;
	}
	c->nr_vcpus++;
	return c;
}

static int credit_vcpu_insert(struct vcpu *v)
{
	struct csched_vcpu *s = xzalloc(struct csched_vcpu);
	uint64_t flags;

	if (!s)
		return -ENOMEM;
	flags = spin_lock_irqsave(&acct_lock);
	s->dom = dom_get(v->domain);
	if (!s->dom) {
		spin_unlock_irqrestore(&acct_lock, flags);
		xfree(s);
		return -ENOMEM;
	}
	s->v = v;
	s->next_all = all_vcpus;
	all_vcpus = s;
	v->sched_priv = s;
	acct_start();
	spin_unlock_irqrestore(&acct_lock, flags);
	return 0;
}

static void dom_put(struct csched_dom *c)
{
	struct csched_dom **pp;

	if (--c->nr_vcpus)
		return;
	for (pp = &all_doms; *pp != c; pp = &(*pp)->next)
		;
	*pp = c->next;
	c->d->sched_priv = NULL;
	xfree(c);
}

static void credit_vcpu_remove(struct vcpu *v)
{
	struct csched_vcpu *s = sv(v), **pp;
	uint64_t flags = spin_lock_irqsave(&acct_lock);

	for (pp = &all_vcpus; *pp != s; pp = &(*pp)->next_all)
		;
	*pp = s->next_all;
	dom_put(s->dom);
	spin_unlock_irqrestore(&acct_lock, flags);
	v->sched_priv = NULL;
	xfree(s);
}

static bool credit_wake(struct vcpu *v, uint64_t now)
{
	struct csched_vcpu *s = sv(v);
	const struct vcpu *cur = sched_running(v->processor);

	s->start_ns = now;
	s->slice_used = 0;
	s->active = true;
	/* Waking from sleep with credit left: run soon (I/O latency). */
	s->boost = credit_of(s) > 0;
	runq_append(&queues[v->processor], v);
	return !is_idle_vcpu(cur) && !credit_parked(v) &&
	       credit_prio(v) < credit_prio(cur);
}

static void credit_sleep(struct vcpu *v)
{
	runq_remove(&queues[v->processor], v);
}

/* Whether @a should run before @b: a better priority; among OVER vCPUs
 * the one with more credit (the least overdrawn), so that weights still
 * count when every vCPU is over; otherwise the one queued first. */
static bool runs_before(const struct vcpu *a, const struct vcpu *b)
{
	int pa = credit_prio(a), pb = credit_prio(b);

	if (pa != pb)
		return pa < pb;
	return pa == CREDIT_PRI_OVER && credit_of(sv(a)) > credit_of(sv(b));
}

/* The queued vCPU to run next, NULL if none may. @stay: the head is the
 * previous vCPU with slice left, which keeps the CPU against its equals. */
static struct vcpu *best_queued(const struct sched_queue *q, bool stay)
{
	struct vcpu *best = NULL;

	for (struct vcpu *v = q->head; v; v = v->next_in_runq) {
		bool better;

		if (credit_parked(v))
			continue;
		if (best && stay && best == q->head)
			better = credit_prio(v) < credit_prio(best);
		else
			better = !best || runs_before(v, best);
		if (better)
			best = v;
	}
	return best;
}

/* How long @v may run: to the next tick, the end of its slice, and for a
 * capped vCPU no further than its credit. */
static uint64_t credit_slice(const struct vcpu *v)
{
	const struct csched_vcpu *s = sv(v);
	uint64_t slice = CREDIT_TICK_NS;

	if (s->slice_used < CREDIT_TSLICE_NS &&
	    CREDIT_TSLICE_NS - s->slice_used < slice)
		slice = CREDIT_TSLICE_NS - s->slice_used;
	if (v->domain->sched_params.cap && (uint64_t)credit_of(s) < slice)
		slice = (uint64_t)credit_of(s);
	return slice < CREDIT_MIN_SLICE_NS ? CREDIT_MIN_SLICE_NS : slice;
}

/* Queue @prev again: at the head while its slice lasts, else the tail.
 * @return true if its slice ended. */
static bool requeue_prev(unsigned int cpu, struct vcpu *prev)
{
	struct csched_vcpu *s = sv(prev);

	if (s->slice_used < CREDIT_TSLICE_NS && !s->yielded) {
		runq_push_head(&queues[cpu], prev);
		return false;
	}
	s->slice_used = 0;
	runq_append(&queues[cpu], prev);
	return true;
}

/* After a yield: the best other queued vCPU if it is not of a worse
 * priority than @prev, else @prev. */
static struct vcpu *after_yield(unsigned int cpu, struct vcpu *prev)
{
	struct vcpu *best = NULL;

	for (struct vcpu *v = queues[cpu].head; v; v = v->next_in_runq)
		if (v != prev && !credit_parked(v) &&
		    (!best || runs_before(v, best)))
			best = v;
	return best && credit_prio(best) <= credit_prio(prev) ? best : prev;
}

static void credit_yield(struct vcpu *v)
{
	sv(v)->yielded = true;
}

/*
 * What to steal for @cpu, whose best is @next: anything if it has
 * nothing; a better priority if its best is OVER; and when its only vCPU
 * (OVER) just ended a slice, any waiting vCPU, so that vCPUs stacked up
 * on another CPU take turns on this one too. CREDIT_PRI_BOOST: nothing.
 */
static unsigned long steal_below(unsigned int cpu, const struct vcpu *next,
				 bool prev_rotated)
{
	if (!next)
		return CREDIT_PRI_NONE;
	if (credit_prio(next) != CREDIT_PRI_OVER)
		return CREDIT_PRI_BOOST;
	return prev_rotated && queues[cpu].len == 1 ? CREDIT_PRI_NONE
						    : CREDIT_PRI_OVER;
}

static struct sched_decision credit_do_schedule(unsigned int cpu,
						struct vcpu *prev,
						bool prev_runnable,
						uint64_t now)
{
	struct sched_decision d = { NULL, 0 };
	struct vcpu *next, *stolen = NULL;
	bool rotated = false;
	unsigned long below;

	if (!is_idle_vcpu(prev))
		burn(prev, now);
	if (prev_runnable)
		rotated = requeue_prev(cpu, prev);
	next = best_queued(&queues[cpu], prev_runnable && !rotated);
	if (prev_runnable && sv(prev)->yielded && next == prev)
		next = after_yield(cpu, prev);
	if (!is_idle_vcpu(prev))
		sv(prev)->yielded = false;
	below = steal_below(cpu, next, rotated);
	if (below != CREDIT_PRI_BOOST)
		stolen = sched_steal(cpu, now, below);
	if (stolen)
		next = stolen;
	else if (next)
		runq_remove(&queues[cpu], next);
	if (!next)
		return d;
	if (next != prev) {
		sv(next)->slice_used = 0;
		sv(next)->start_ns = now;
	}
	d.next = next;
	d.slice_ns = credit_slice(next);
	return d;
}

/* Take a vCPU of a better priority than @cookie from @victim's queue. */
static struct vcpu *credit_steal(unsigned int cpu, unsigned int victim,
				 uint64_t now, unsigned long cookie)
{
	(void)now;
	for (struct vcpu *v = queues[victim].head; v; v = v->next_in_runq)
		if (!credit_parked(v) &&
		    (unsigned long)credit_prio(v) < cookie &&
		    sched_may_steal(v, cpu)) {
			runq_remove(&queues[victim], v);
			return v;
		}
	return NULL;
}

static void credit_adjust(struct domain *d)
{
	(void)d; /* The next accounting uses the new weight and cap. */
}

static const char *const prio_names[] = { "BOOST", "UNDER", "OVER" };

static void dump_vcpu(const char *what, const struct vcpu *v)
{
	const struct sched_params *p = &v->domain->sched_params;

	printk("    %s d%u.%u pri %s credit %ld us weight %u cap %u%s\n", what,
	       v->domain->domain_id, v->vcpu_id, prio_names[credit_prio(v)],
	       (long)(credit_of(sv(v)) / 1000), p->weight, p->cap,
	       credit_parked(v) ? " parked" : "");
}

static void credit_dump_cpu(unsigned int cpu)
{
	const struct vcpu *cur = sched_running(cpu);

	if (!is_idle_vcpu(cur))
		dump_vcpu("run  ", cur);
	printk("    queue: %u runnable\n", queues[cpu].len);
	for (const struct vcpu *v = queues[cpu].head; v; v = v->next_in_runq)
		dump_vcpu("queue", v);
}

const struct scheduler sched_credit = {
	.name = "credit",
	.init = credit_init,
	.vcpu_insert = credit_vcpu_insert,
	.vcpu_remove = credit_vcpu_remove,
	.wake = credit_wake,
	.sleep = credit_sleep,
	.do_schedule = credit_do_schedule,
	.steal = credit_steal,
	.yield = credit_yield,
	.adjust = credit_adjust,
	.dump_cpu = credit_dump_cpu,
};
