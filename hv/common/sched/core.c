/* SPDX-License-Identifier: MIT */
/*
 * Scheduler core: vCPU states, runstate accounting, idle vCPUs and
 * schedule(), which runs from the SCHEDULE softirq on the CPU concerned
 * and asks the policy (struct scheduler) what to run next.
 *
 * One global lock protects every run queue and every vCPU's scheduling
 * state: simple and obviously correct for a handful of CPUs. vCPUs never
 * migrate: a vCPU runs only on v->processor, chosen when it is created.
 * That is why a vCPU may be queued again while its own CPU is still
 * saving its state: only that CPU can take it off the queue.
 */
#include <satori/sched.h>
#include <satori/bug.h>
#include <satori/cpumask.h>
#include <satori/errno.h>
#include <satori/keyhandler.h>
#include <satori/log.h>
#include <satori/sched-policy.h>
#include <satori/smp.h>
#include <satori/softirq.h>
#include <satori/time.h>
#include <satori/timer.h>
#include <satori/xmalloc.h>

#include <asm/cpu-ops.h>

#include <public/vcpu.h>

static DEFINE_SPINLOCK(sched_lock);
static const struct scheduler *ops = &sched_rr;
struct vcpu *sched_curr[NR_CPUS];
static struct vcpu *idle[NR_CPUS];
static struct timer slice_timer[NR_CPUS];
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

bool is_idle_domain(const struct domain *d)
{
	return d == &idle_domain;
}

bool is_idle_vcpu(const struct vcpu *v)
{
	return is_idle_domain(v->domain);
}

/* Move @v's accounting to @state at @now. Caller holds sched_lock. */
static void runstate_change(struct vcpu *v, enum vcpu_runstate state,
			    uint64_t now)
{
	if (now > v->runstate_entry_ns)
		v->runstate_time_ns[v->runstate] += now - v->runstate_entry_ns;
	v->runstate = state;
	v->runstate_entry_ns = now;
}

/* The state of a vCPU that cannot run: blocked or offline. */
static enum vcpu_runstate stopped_state(const struct vcpu *v)
{
	return v->is_up && v->blocked ? RUNSTATE_blocked : RUNSTATE_offline;
}

uint64_t vcpu_runstate_time(const struct vcpu *v, enum vcpu_runstate state)
{
	uint64_t flags = spin_lock_irqsave(&sched_lock);
	uint64_t t = v->runstate_time_ns[state];
	uint64_t now = now_ns();

	if (v->runstate == state && now > v->runstate_entry_ns)
		t += now - v->runstate_entry_ns;
	spin_unlock_irqrestore(&sched_lock, flags);
	return t;
}

void vcpu_runstate_snapshot(const struct vcpu *v, struct vcpu_runstate_info *r,
			    bool include_current)
{
	uint64_t flags = spin_lock_irqsave(&sched_lock);
	uint64_t now = now_ns();

	r->state = (int)v->runstate;
	r->state_entry_time = v->runstate_entry_ns;
	for (unsigned int i = 0; i < 4; i++)
		r->time[i] = v->runstate_time_ns[i];
	if (include_current && now > v->runstate_entry_ns)
		r->time[v->runstate] += now - v->runstate_entry_ns;
	spin_unlock_irqrestore(&sched_lock, flags);
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

/* Pick and switch to the next vCPU of this CPU. Never returns if the
 * vCPU changes (context_switch starts it on a fresh stack). */
static void schedule(void)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu *prev = sched_curr[cpu], *next;
	uint64_t now = now_ns();
	uint64_t flags = spin_lock_irqsave(&sched_lock);
	bool runnable = !is_idle_vcpu(prev) && vcpu_runnable(prev);
	struct sched_decision d = ops->do_schedule(cpu, prev, runnable);

	next = d.next ? d.next : idle[cpu];
	if (next != prev) {
		if (!is_idle_vcpu(prev))
			runstate_change(prev,
					runnable ? RUNSTATE_runnable
						 : stopped_state(prev),
					now);
		runstate_change(next, RUNSTATE_running, now);
		next->is_running = true;
		sched_curr[cpu] = next;
	}
	spin_unlock_irqrestore(&sched_lock, flags);

	if (d.slice_ns)
		set_timer(&slice_timer[cpu], now + d.slice_ns);
	else
		stop_timer(&slice_timer[cpu]);
	if (next != prev)
		context_switch(prev, next);
}

int vcpu_create_sched(struct vcpu *v)
{
	uint64_t flags = spin_lock_irqsave(&sched_lock);
	int rc = ops->vcpu_insert(v);

	v->runstate = RUNSTATE_offline;
	v->runstate_entry_ns = now_ns();
	v->on_runq = false;
	v->is_running = false;
	spin_unlock_irqrestore(&sched_lock, flags);
	return rc;
}

void vcpu_destroy_sched(struct vcpu *v)
{
	uint64_t flags;

	vcpu_sleep_sync(v);
	flags = spin_lock_irqsave(&sched_lock);
	if (v->on_runq)
		ops->sleep(v);
	ops->vcpu_remove(v);
	spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_wake(struct vcpu *v)
{
	uint64_t flags = spin_lock_irqsave(&sched_lock);

	if (vcpu_runnable(v) && sched_curr[v->processor] != v && !v->on_runq) {
		runstate_change(v, RUNSTATE_runnable, now_ns());
		ops->wake(v);
		cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Take @v off its run queue, or make its CPU deschedule it. */
void vcpu_sleep_nosync(struct vcpu *v)
{
	uint64_t flags = spin_lock_irqsave(&sched_lock);

	if (!vcpu_runnable(v)) {
		if (v->on_runq) {
			ops->sleep(v);
			runstate_change(v, stopped_state(v), now_ns());
		}
		if (sched_curr[v->processor] == v)
			cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

static bool vcpu_on_cpu(const struct vcpu *v)
{
	return __atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&sched_curr[v->processor], __ATOMIC_ACQUIRE) ==
		       v;
}

void vcpu_sleep(struct vcpu *v)
{
	vcpu_sleep_nosync(v);
	/* Our own vCPU stops on its way back to the guest. */
	if (v == current)
		return;
	while (!vcpu_runnable(v) && vcpu_on_cpu(v))
		cpu_relax();
}

void vcpu_sleep_sync(struct vcpu *v)
{
	ASSERT(v != current);
	vcpu_sleep(v);
}

void sched_domain_stopped(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i])
			vcpu_sleep(d->vcpus[i]);
}

void vcpu_unblock(struct vcpu *v)
{
	if (__atomic_exchange_n(&v->blocked, false, __ATOMIC_SEQ_CST))
		vcpu_wake(v);
}

void vcpu_block_current(void)
{
	struct vcpu *v = current;

	__atomic_store_n(&v->blocked, true, __ATOMIC_SEQ_CST);
	vcpu_sleep_nosync(v);
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
	return v;
}

void sched_cpu_init(unsigned int cpu)
{
	idle[cpu] = make_idle_vcpu(cpu);
	sched_curr[cpu] = idle[cpu];
	init_timer(&slice_timer[cpu], slice_expired, NULL, cpu);
	arch_set_current(idle[cpu]);
}

void scheduler_init(void)
{
	open_softirq(SCHEDULE_SOFTIRQ, schedule);
	/* Only round robin exists: both names Xen users expect map to it
	 * until BVT and credit are written. */
	log_info("sched: sched=%s requested; running %s (the only policy "
		 "implemented yet)\n",
		 sched_policy_name(opt_sched), ops->name);
	BUG_ON(ops->init() != 0);
	sched_cpu_init(0);
}

static void dump_runqueues(unsigned char key)
{
	(void)key;
	printk("Run queues (%s):\n", ops->name);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct vcpu *c;
		uint64_t flags;

		if (!idle[cpu])
			continue;
		flags = spin_lock_irqsave(&sched_lock);
		c = sched_curr[cpu];
		if (is_idle_vcpu(c))
			printk("  CPU%u: running idle\n", cpu);
		else
			printk("  CPU%u: running d%u.%u\n", cpu,
			       c->domain->domain_id, c->vcpu_id);
		ops->dump_cpu(cpu);
		spin_unlock_irqrestore(&sched_lock, flags);
	}
}
KEYHANDLER('r', dump_runqueues, "dump run queues");
