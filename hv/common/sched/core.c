/* SPDX-License-Identifier: MIT */
/*
 * Scheduler core: vCPU states, runstate accounting, idle vCPUs, placement
 * and affinity, and schedule(), which runs from the SCHEDULE softirq on
 * the CPU concerned and asks the policy (struct scheduler) what to run.
 *
 * Every CPU has a run queue (kept by the policy) and a lock. A vCPU's
 * scheduling state is protected by the lock of v->processor; changing
 * v->processor needs that lock and the new CPU's (only load balancing
 * does it: sched_steal()). Nothing waits for a second lock while holding
 * one (steal only tries), so there is no lock order to get wrong.
 *
 * A vCPU may be queued again while its CPU is still saving its state
 * (is_running): only that CPU may pick it then; a stealer skips it and
 * retries shortly (IDLE_RETRY_NS). The same holds for a vCPU that blocked
 * and stays loaded on its idle CPU (the arch's lazy switch): is_running
 * stays set until that CPU runs another vCPU or context_release_lazy()
 * asks for it, which vcpu_sleep() does while it waits.
 */
#include <satori/sched.h>
#include <satori/bug.h>
#include <satori/cpumask.h>
#include <satori/errno.h>
#include <satori/keyhandler.h>
#include <satori/log.h>
#include <satori/param.h>
#include <satori/perfc.h>
#include <satori/sched-policy.h>
#include <satori/smp.h>
#include <satori/softirq.h>
#include <satori/time.h>
#include <satori/timer.h>
#include <satori/xmalloc.h>

#include <asm/cpu-ops.h>

#include <public/vcpu.h>

#include "private.h"

/* How soon an idle CPU that skipped a vCPU still being saved retries. */
#define IDLE_RETRY_NS 200000ull

const struct scheduler *sched_ops = &sched_credit;
struct vcpu *sched_curr[NR_CPUS];
static spinlock_t cpu_lock[NR_CPUS];
static struct vcpu *idle[NR_CPUS];
static struct timer slice_timer[NR_CPUS];
static cpumask_t idle_cpus;		 /* Running their idle vCPU. */
static bool steal_skipped_busy[NR_CPUS]; /* Set by sched_steal(). */
static unsigned int next_placement;
static DEFINE_SPINLOCK(all_vcpus_lock); /* Protects all_vcpus. */
static struct vcpu *all_vcpus;		/* Every non-idle vCPU. */
static struct domain idle_domain = {
	.domain_id = DOMID_IDLE,
	.name = "idle",
	.state = DOMSTATE_RUNNING,
};

#ifdef SATORI_UNIT_TEST
/* The host unit tests' current (the hypervisor's is inline in domain.h). */
struct vcpu *current_vcpu(void)
{
	return sched_curr[smp_processor_id()];
}
#endif

struct vcpu *idle_vcpu(unsigned int cpu)
{
	return idle[cpu];
}

struct vcpu *sched_running(unsigned int cpu)
{
	return sched_curr[cpu];
}

bool vcpu_is_scheduled(const struct vcpu *v)
{
	unsigned int cpu = __atomic_load_n(&v->processor, __ATOMIC_ACQUIRE);

	return __atomic_load_n(&sched_curr[cpu], __ATOMIC_ACQUIRE) == v;
}

bool is_idle_domain(const struct domain *d)
{
	return d == &idle_domain;
}

bool is_idle_vcpu(const struct vcpu *v)
{
	return is_idle_domain(v->domain);
}

/* Lock @v's CPU; v->processor may change until we hold the right lock. */
static unsigned int vcpu_lock(const struct vcpu *v, uint64_t *flags)
{
	for (;;) {
		unsigned int cpu =
			__atomic_load_n(&v->processor, __ATOMIC_ACQUIRE);

		*flags = spin_lock_irqsave(&cpu_lock[cpu]);
		if (cpu == v->processor)
			return cpu;
		spin_unlock_irqrestore(&cpu_lock[cpu], *flags);
	}
}

static void vcpu_unlock(unsigned int cpu, uint64_t flags)
{
	spin_unlock_irqrestore(&cpu_lock[cpu], flags);
}

/*
 * Move @v's accounting to @state at @now. Caller holds @v's lock. A @now
 * read on another CPU may lie a little before the entry time: as in
 * Xen's vcpu_runstate_change, the entry time then stays, so it never goes
 * back and the times always grow by exactly its distance.
 */
static void runstate_change(struct vcpu *v, enum vcpu_runstate state,
			    uint64_t now)
{
	if (now > v->runstate_entry_ns) {
		v->runstate_time_ns[v->runstate] += now - v->runstate_entry_ns;
		v->runstate_entry_ns = now;
	}
	v->runstate = state;
}

/* The state of a vCPU that cannot run: blocked or offline. */
static enum vcpu_runstate stopped_state(const struct vcpu *v)
{
	return v->is_up && v->blocked ? RUNSTATE_blocked : RUNSTATE_offline;
}

uint64_t vcpu_runstate_time(const struct vcpu *v, enum vcpu_runstate state)
{
	uint64_t flags;
	unsigned int cpu = vcpu_lock(v, &flags);
	uint64_t t = v->runstate_time_ns[state];
	uint64_t now = now_ns();

	if (v->runstate == state && now > v->runstate_entry_ns)
		t += now - v->runstate_entry_ns;
	vcpu_unlock(cpu, flags);
	return t;
}

void vcpu_runstate_snapshot(const struct vcpu *v, struct vcpu_runstate_info *r,
			    bool include_current)
{
	uint64_t flags;
	unsigned int cpu = vcpu_lock(v, &flags);
	uint64_t now = now_ns();

	r->state = (int)v->runstate;
	r->state_entry_time = v->runstate_entry_ns;
	for (unsigned int i = 0; i < 4; i++)
		r->time[i] = v->runstate_time_ns[i];
	if (include_current && now > v->runstate_entry_ns)
		r->time[v->runstate] += now - v->runstate_entry_ns;
	vcpu_unlock(cpu, flags);
}

void raise_schedule(void)
{
	raise_softirq(SCHEDULE_SOFTIRQ);
}

static void slice_expired(void *data)
{
	(void)data;
	raise_softirq(SCHEDULE_SOFTIRQ);
}

static bool vcpu_allowed_on(const struct vcpu *v, unsigned int cpu)
{
	return cpumask_test(cpu, &v->hard_affinity);
}

struct vcpu *sched_steal(unsigned int cpu, uint64_t now, unsigned long cookie)
{
	unsigned int nr = sched_online_cpus();

	for (unsigned int i = 1; i < NR_CPUS && nr > 1; i++) {
		unsigned int victim = (cpu + i) % NR_CPUS;
		struct vcpu *v;

		if (!cpumask_test(victim, &cpu_online_map) ||
		    !spin_trylock(&cpu_lock[victim]))
			continue;
		v = sched_ops->steal(cpu, victim, now, cookie);
		if (v) {
			ASSERT(!v->on_runq && vcpu_allowed_on(v, cpu));
			__atomic_store_n(&v->processor, cpu, __ATOMIC_RELEASE);
		}
		spin_unlock(&cpu_lock[victim]);
		if (v)
			return v;
	}
	return NULL;
}

bool sched_may_steal(const struct vcpu *v, unsigned int cpu)
{
	if (!vcpu_allowed_on(v, cpu))
		return false;
	if (__atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE)) {
		steal_skipped_busy[cpu] = true;
		return false;
	}
	return true;
}

/* Wake an idle CPU @v may run on, so that it steals @v. */
void sched_tickle_idler(const struct vcpu *v)
{
	unsigned int cpu;

	for_each_cpu(cpu, &idle_cpus) if (vcpu_allowed_on(v, cpu) &&
					  cpu != v->processor)
	{
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
		return;
	}
}

/*
 * Wake-affine placement of event-channel wake-ups between the vCPUs of one
 * domain (docs/hacking/scheduling.md): a vCPU that sends an event to a
 * blocked sibling (a Linux IPI: a pipe write's wake-up, a reschedule)
 * usually blocks itself right after, so the sibling is queued behind it
 * on the sender's CPU instead of waking an idle CPU, and runs there when
 * the sender blocks: one guest-to-guest switch instead of a physical IPI,
 * a halted CPU's wake-up and two idle switches. If the sender keeps
 * running for wake_affine_us, an idle CPU is kicked as without the
 * hint, and this CPU reschedules. 0 (the default) turns it off: with
 * the lazy switch to idle (lazy_idle=, on by default as in Xen) a blocked
 * sibling usually stays loaded on its own idle CPU, where waking it costs
 * no switch at all; on a quiet host that beat this placement on both of
 * lmb's pipe rings (docs/performance.md, session 6). It pays on a
 * heavily loaded TCG host, where waking a halted QEMU vCPU thread takes
 * milliseconds: wake_affine_us=200 lazy_idle=0.
 */
unsigned int opt_wake_affine_us;
integer_param("wake_affine_us", opt_wake_affine_us);
static bool affine_hint[NR_CPUS];  /* In evtchn_send() for a sibling. */
static bool affine_armed[NR_CPUS]; /* affine_timer set. */
static const struct vcpu *affine_wakee[NR_CPUS]; /* Compared, never read. */
static struct timer affine_timer[NR_CPUS];
static uint64_t affine_since_ns[NR_CPUS]; /* perfc: the wait's start */

bool sched_wake_affine_hint(bool on)
{
	unsigned int cpu = smp_processor_id();
	bool was = affine_hint[cpu];

	affine_hint[cpu] = on;
	return was;
}

/* Kick one idle CPU other than @cpu: it steals what waits (any queue). */
static void kick_other_idler(unsigned int cpu)
{
	unsigned int c;

	for_each_cpu(c, &idle_cpus) if (c != cpu)
	{
		cpu_raise_softirq(c, SCHEDULE_SOFTIRQ);
		return;
	}
}

/* The sender kept running: do what the wake-up would have done. */
static void affine_expired(void *data)
{
	unsigned int cpu = smp_processor_id();

	(void)data;
	affine_armed[cpu] = false;
	affine_since_ns[cpu] = 0;
	perfc_incr(sched_affine_timeout);
	kick_other_idler(cpu);
	raise_softirq(SCHEDULE_SOFTIRQ);
}

/* Whether @v, woken by this CPU's vCPU, should wait here (see above). */
static bool affine_wanted(const struct vcpu *v, unsigned int cpu,
			  unsigned int here)
{
	if (!opt_wake_affine_us || !affine_hint[here] ||
	    sched_curr[here]->domain != v->domain)
		return false;
	if (cpu == here)
		return true;
	return is_idle_vcpu(sched_curr[cpu]) && !v->is_running &&
	       vcpu_allowed_on(v, here);
}

/*
 * Queue @v (locked on @cpu) on this CPU behind its waker, without
 * preempting it. @return false if the hint does not apply or this CPU's
 * lock is busy (then the caller wakes @v the usual way).
 */
static bool wake_affine(struct vcpu *v, unsigned int cpu, uint64_t now)
{
	unsigned int here = smp_processor_id();

	if (!affine_wanted(v, cpu, here))
		return false;
	if (cpu != here) {
		if (!spin_trylock(&cpu_lock[here]))
			return false;
		__atomic_store_n(&v->processor, here, __ATOMIC_RELEASE);
	}
	runstate_change(v, RUNSTATE_runnable, now);
	(void)sched_ops->wake(v, now);
	if (cpu != here)
		spin_unlock(&cpu_lock[here]);
	affine_wakee[here] = v;
	perfc_incr(sched_affine_wake);
	if (CONFIG_PERFC && !affine_since_ns[here])
		affine_since_ns[here] = now;
	return true;
}

/* Arm this CPU's affine timer (no scheduler lock held). */
static void affine_arm(uint64_t now)
{
	unsigned int cpu = smp_processor_id();

	if (affine_armed[cpu])
		return;
	affine_armed[cpu] = true;
	set_timer(&affine_timer[cpu],
		  now + (uint64_t)opt_wake_affine_us * 1000ull);
}

/* In schedule(), once @cpu switches from @prev to @next: the wait ends. */
static void affine_switched(unsigned int cpu, const struct vcpu *next)
{
	affine_armed[cpu] = false;
	stop_timer(&affine_timer[cpu]);
	if (CONFIG_PERFC && affine_since_ns[cpu]) {
		perfc_add(affine_wait_ns, perfc_now() - affine_since_ns[cpu]);
		affine_since_ns[cpu] = 0;
	}
	if (next != affine_wakee[cpu] && !is_idle_vcpu(next))
		kick_other_idler(cpu);
}

/* Record the switch from @prev to @next on @cpu. Holds @cpu's lock. */
static void account_switch(unsigned int cpu, struct vcpu *prev,
			   struct vcpu *next, bool runnable, uint64_t now)
{
	if (!is_idle_vcpu(prev))
		runstate_change(prev,
				runnable ? RUNSTATE_runnable
					 : stopped_state(prev),
				now);
	runstate_change(next, RUNSTATE_running, now);
	next->is_running = true;
	__atomic_store_n(&sched_curr[cpu], next, __ATOMIC_RELEASE);
	if (is_idle_vcpu(next))
		cpumask_set(cpu, &idle_cpus);
	else
		cpumask_clear_cpu(cpu, &idle_cpus);
}

/* Pick and switch to the next vCPU of this CPU. Never returns if the
 * vCPU changes (context_switch starts it on a fresh stack). */
static void schedule(void)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu *prev = sched_curr[cpu], *next;
	uint64_t now = now_ns();
	uint64_t flags = spin_lock_irqsave(&cpu_lock[cpu]);
	bool runnable = !is_idle_vcpu(prev) && vcpu_runnable(prev);
	struct sched_decision d;

	steal_skipped_busy[cpu] = false;
	d = sched_ops->do_schedule(cpu, prev, runnable, now);
	next = d.next ? d.next : idle[cpu];
	if (next != prev)
		account_switch(cpu, prev, next, runnable, now);
	if (is_idle_vcpu(next) && steal_skipped_busy[cpu])
		d.slice_ns = IDLE_RETRY_NS;
	spin_unlock_irqrestore(&cpu_lock[cpu], flags);

	if (d.slice_ns)
		set_timer(&slice_timer[cpu], now + d.slice_ns);
	else
		stop_timer(&slice_timer[cpu]);
	if (affine_armed[cpu] && next != prev)
		affine_switched(cpu, next);
	if (next != prev && !is_idle_vcpu(prev) && !is_idle_vcpu(next))
		perfc_add(sched_pick_ns, perfc_now() - now);
	if (next != prev)
		context_switch(prev, next);
	else if (is_idle_vcpu(prev))
		context_idle_check();
}

/* The next online CPU in @v's affinity, spreading new vCPUs. */
static unsigned int place_vcpu(const struct vcpu *v)
{
	for (unsigned int i = 0; i < NR_CPUS; i++) {
		unsigned int cpu = (next_placement + i) % NR_CPUS;

		if (cpumask_test(cpu, &cpu_online_map) &&
		    vcpu_allowed_on(v, cpu)) {
			next_placement = cpu + 1;
			return cpu;
		}
	}
	return 0;
}

static void default_params(struct domain *d)
{
	if (!d->sched_params.weight)
		d->sched_params.weight = SCHED_DEFAULT_WEIGHT;
}

int vcpu_create_sched(struct vcpu *v)
{
	uint64_t flags;
	unsigned int cpu;
	int rc;

	default_params(v->domain);
	for (unsigned int c = 0; c < NR_CPUS; c++)
		cpumask_set(c, &v->hard_affinity);
	v->processor = place_vcpu(v);
	v->runstate = RUNSTATE_offline;
	v->runstate_entry_ns = now_ns();
	v->on_runq = false;
	v->is_running = false;
	cpu = vcpu_lock(v, &flags);
	rc = sched_ops->vcpu_insert(v);
	vcpu_unlock(cpu, flags);
	if (!rc) {
		flags = spin_lock_irqsave(&all_vcpus_lock);
		v->sched_next_all = all_vcpus;
		all_vcpus = v;
		spin_unlock_irqrestore(&all_vcpus_lock, flags);
	}
	return rc;
}

static void unregister_vcpu(struct vcpu *v)
{
	uint64_t flags = spin_lock_irqsave(&all_vcpus_lock);
	struct vcpu **pp = &all_vcpus;

	while (*pp && *pp != v)
		pp = &(*pp)->sched_next_all;
	if (*pp)
		*pp = v->sched_next_all;
	spin_unlock_irqrestore(&all_vcpus_lock, flags);
}

void vcpu_destroy_sched(struct vcpu *v)
{
	uint64_t flags;
	unsigned int cpu;

	vcpu_sleep_sync(v);
	unregister_vcpu(v);
	cpu = vcpu_lock(v, &flags);
	if (v->on_runq)
		sched_ops->sleep(v);
	sched_ops->vcpu_remove(v);
	vcpu_unlock(cpu, flags);
}

void vcpu_wake(struct vcpu *v)
{
	uint64_t flags, now = 0;
	unsigned int cpu = vcpu_lock(v, &flags);
	bool affine = false;

	if (vcpu_runnable(v) && sched_curr[cpu] != v && !v->on_runq) {
		now = now_ns();
		affine = wake_affine(v, cpu, now);
	}
	if (now && !affine) {
		runstate_change(v, RUNSTATE_runnable, now);
		if (sched_ops->wake(v, now) || is_idle_vcpu(sched_curr[cpu]))
			cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
		else
			sched_tickle_idler(v);
	}
	vcpu_unlock(cpu, flags);
	if (affine)
		affine_arm(now);
}

/* Take @v off its run queue, or make its CPU deschedule it. */
void vcpu_sleep_nosync(struct vcpu *v)
{
	uint64_t flags;
	unsigned int cpu = vcpu_lock(v, &flags);

	if (!vcpu_runnable(v)) {
		if (v->on_runq) {
			sched_ops->sleep(v);
			runstate_change(v, stopped_state(v), now_ns());
		}
		if (sched_curr[cpu] == v)
			cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
	}
	vcpu_unlock(cpu, flags);
}

static bool vcpu_on_cpu(const struct vcpu *v)
{
	unsigned int cpu = __atomic_load_n(&v->processor, __ATOMIC_ACQUIRE);

	return __atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&sched_curr[cpu], __ATOMIC_ACQUIRE) == v;
}

void vcpu_sleep(struct vcpu *v)
{
	vcpu_sleep_nosync(v);
	/* Our own vCPU stops on its way back to the guest. */
	if (v == current)
		return;
	while (!vcpu_runnable(v) && vcpu_on_cpu(v)) {
		/* Still loaded on an idle CPU (lazy switch): ask for it. */
		context_release_lazy(v);
		cpu_relax();
	}
}

void vcpu_sleep_sync(struct vcpu *v)
{
	ASSERT(v != current);
	vcpu_sleep(v);
}

/* One line with the CPU time @d's vCPUs got so far. */
static void report_cpu_time(const struct domain *d)
{
	uint64_t ran = 0, alive = 0;

	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpus[i];

		if (!v)
			continue;
		ran += vcpu_runstate_time(v, RUNSTATE_running);
		alive += vcpu_runstate_time(v, RUNSTATE_running) +
			 vcpu_runstate_time(v, RUNSTATE_runnable) +
			 vcpu_runstate_time(v, RUNSTATE_blocked);
	}
	printk("sched: d%u '%s' ran %lu us of %lu us\n", d->domain_id, d->name,
	       (unsigned long)(ran / 1000), (unsigned long)(alive / 1000));
}

/*
 * When a domain shuts down: the CPU time it got, then the time each
 * domain still running has got so far. The scheduler boot tests compare
 * the first line of each domain: all taken at the first shutdown, over
 * the same stretch of time.
 */
static void report_shutdown(const struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&all_vcpus_lock);

	report_cpu_time(d);
	for (const struct vcpu *v = all_vcpus; v; v = v->sched_next_all)
		if (v->vcpu_id == 0 && v->domain != d &&
		    v->domain->state == DOMSTATE_RUNNING)
			report_cpu_time(v->domain);
	spin_unlock_irqrestore(&all_vcpus_lock, flags);
}

void sched_domain_stopped(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i])
			vcpu_sleep(d->vcpus[i]);
	if (d->state == DOMSTATE_SHUTDOWN)
		report_shutdown(d);
}

void vcpu_unblock(struct vcpu *v)
{
	if (__atomic_exchange_n(&v->blocked, false, __ATOMIC_SEQ_CST))
		vcpu_wake(v);
}

void sched_yield(void)
{
	struct vcpu *v = current;
	uint64_t flags;
	unsigned int cpu;

	if (sched_ops->yield && !is_idle_vcpu(v)) {
		cpu = vcpu_lock(v, &flags);
		sched_ops->yield(v);
		vcpu_unlock(cpu, flags);
	}
	raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_block_current(void)
{
	struct vcpu *v = current;

	__atomic_store_n(&v->blocked, true, __ATOMIC_SEQ_CST);
	vcpu_sleep_nosync(v);
}

static unsigned int first_cpu(const cpumask_t *m)
{
	unsigned int cpu;

	for_each_cpu(cpu, m) return cpu;
	return 0;
}

int vcpu_set_hard_affinity(struct vcpu *v, const cpumask_t *mask)
{
	cpumask_t m;
	uint64_t flags;
	unsigned int cpu, c;
	int rc = 0;

	for (c = 0; c < CPUMASK_WORDS; c++)
		m.bits[c] = mask->bits[c] & cpu_online_map.bits[c];
	if (cpumask_empty(&m))
		return -EINVAL;
	cpu = vcpu_lock(v, &flags);
	if (vcpu_runnable(v) || v->on_runq || v->is_running ||
	    sched_curr[cpu] == v) {
		rc = -EBUSY;
	} else {
		v->hard_affinity = m;
		/* Not queued and not on a CPU: nobody else can look at
		 * v->processor's queue for it, so it may move freely. */
		if (!vcpu_allowed_on(v, cpu))
			__atomic_store_n(&v->processor, first_cpu(&m),
					 __ATOMIC_RELEASE);
	}
	vcpu_unlock(cpu, flags);
	return rc;
}

static struct vcpu *make_idle_vcpu(unsigned int cpu)
{
	struct vcpu *v = xzalloc_bytes(sizeof(*v));

	BUG_ON(!v);
	v->vcpu_id = cpu;
	v->domain = &idle_domain;
	v->processor = cpu;
	v->is_up = true;
	v->is_running = true;
	v->runstate = RUNSTATE_running;
	v->runstate_entry_ns = now_ns();
	cpumask_set(cpu, &v->hard_affinity);
	return v;
}

void sched_cpu_init(unsigned int cpu)
{
	spin_lock_init(&cpu_lock[cpu]);
	idle[cpu] = make_idle_vcpu(cpu);
	sched_curr[cpu] = idle[cpu];
	cpumask_set(cpu, &idle_cpus);
	init_timer(&slice_timer[cpu], slice_expired, NULL, cpu);
	init_timer(&affine_timer[cpu], affine_expired, &affine_timer[cpu], cpu);
	arch_set_current(idle[cpu]);
}

static const struct scheduler *policy_ops(enum sched_policy p)
{
	switch (p) {
	case SCHED_BVT:
		return &sched_bvt;
	case SCHED_RR:
		return &sched_rr;
	case SCHED_CREDIT:
	default:
		return &sched_credit;
	}
}

void scheduler_init(void)
{
	open_softirq(SCHEDULE_SOFTIRQ, schedule);
	sched_ops = policy_ops(opt_sched);
	log_info("sched: using the %s scheduler\n", sched_ops->name);
	BUG_ON(sched_ops->init() != 0);
	sched_cpu_init(0);
}

static void dump_runqueues(unsigned char key)
{
	(void)key;
	printk("Run queues (%s):\n", sched_ops->name);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct vcpu *c;
		uint64_t flags;

		if (!idle[cpu])
			continue;
		flags = spin_lock_irqsave(&cpu_lock[cpu]);
		c = sched_curr[cpu];
		if (is_idle_vcpu(c))
			printk("  CPU%u: running idle\n", cpu);
		else
			printk("  CPU%u: running d%u.%u\n", cpu,
			       c->domain->domain_id, c->vcpu_id);
		sched_ops->dump_cpu(cpu);
		spin_unlock_irqrestore(&cpu_lock[cpu], flags);
	}
}
KEYHANDLER('r', dump_runqueues, "dump run queues");
