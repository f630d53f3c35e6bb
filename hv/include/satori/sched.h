/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: which vCPU each physical CPU runs. The core
 * (hv/common/sched/core.c) owns vCPU states, runstate accounting, the
 * per-CPU idle vCPUs and the SCHEDULE softirq; a policy (struct
 * scheduler) only orders runnable vCPUs and picks time slices.
 *
 * A vCPU is runnable when it is up, not blocked, not paused and its domain
 * is running. Whoever changes one of those conditions calls vcpu_wake()
 * (it may have become runnable) or vcpu_sleep() (it may have stopped).
 */
#ifndef SATORI_SCHED_H
#define SATORI_SCHED_H

#include <satori/domain.h>
#include <satori/types.h>

/* Default time slice of the round-robin policy. */
#define SCHED_DEFAULT_SLICE_NS 10000000ull

/* Default and limits of the per-domain parameters (struct sched_params). */
#define SCHED_DEFAULT_WEIGHT 256
#define SCHED_MAX_WEIGHT 65535
#define SCHED_MAX_CAP 65534 /* As domctl's uint16_t (0xffff: unchanged). */
#define SCHED_MAX_WARP_NS 10000000000ull /* 10 s: W, L and U. */

struct sched_decision {
	struct vcpu *next; /* NULL: run the idle vCPU. */
	uint64_t slice_ns; /* 0: no preemption timer. */
};

/*
 * A scheduling policy. Every CPU has its own run queue and lock; an op
 * about a CPU (or a vCPU, whose CPU is v->processor) is called with that
 * CPU's scheduler lock held and interrupts off, unless it says otherwise.
 * A vCPU is "queued" (v->on_runq) when it waits in its CPU's queue.
 */
struct scheduler {
	const char *name;
	int (*init)(void);
	/* A new vCPU (offline, v->processor chosen): allocate
	 * v->sched_priv. @return 0 or -ENOMEM. */
	int (*vcpu_insert)(struct vcpu *v);
	void (*vcpu_remove)(struct vcpu *v);
	/* @v became runnable and is not running: queue it on
	 * v->processor. @return true if that CPU should reschedule now
	 * (@v ought to preempt what runs there). */
	bool (*wake)(struct vcpu *v, uint64_t now);
	/* @v stopped being runnable: take it off its queue. */
	void (*sleep)(struct vcpu *v);
	/* Pick what @cpu runs next; @prev (maybe idle) is still runnable
	 * here if @prev_runnable, and must then be queued again or picked.
	 * Accounts @prev's run time up to @now. May call sched_steal(). */
	struct sched_decision (*do_schedule)(unsigned int cpu,
					     struct vcpu *prev,
					     bool prev_runnable, uint64_t now);
	/* Load balancing: take off @victim's queue a vCPU worth running on
	 * @cpu (allowed there, not running) or NULL. Both CPUs' locks are
	 * held; @cookie is what do_schedule passed to sched_steal(). */
	struct vcpu *(*steal)(unsigned int cpu, unsigned int victim,
			      uint64_t now, unsigned long cookie);
	/* The running @v yields (SCHEDOP_yield): at its CPU's next
	 * do_schedule, others of its priority go first. May be NULL. */
	void (*yield)(struct vcpu *v);
	/* @d's sched_params changed. Called with no lock held. */
	void (*adjust)(struct domain *d);
	void (*dump_cpu)(unsigned int cpu);
};

extern const struct scheduler sched_rr, sched_credit, sched_bvt;

/*
 * For a policy's do_schedule on @cpu: look through the other online
 * CPUs' queues (never waiting for their locks) for a vCPU to run here
 * (ops->steal with @cookie). The vCPU returned is on no queue and has
 * v->processor == @cpu; NULL if none.
 */
struct vcpu *sched_steal(unsigned int cpu, uint64_t now, unsigned long cookie);

/* The policy in use (sched=). */
extern const struct scheduler *sched_ops;

/* Boot: pick the policy, create the boot CPU's idle vCPU. */
void scheduler_init(void);

/* On each CPU before it first enters idle_loop(): its idle vCPU. */
void sched_cpu_init(unsigned int cpu);

/* This CPU's idle vCPU, and whether @v / @d is idle. */
struct vcpu *idle_vcpu(unsigned int cpu);
bool is_idle_vcpu(const struct vcpu *v);
bool is_idle_domain(const struct domain *d);

/*
 * Register @v with the scheduler (offline until woken). @return 0 or
 * -ENOMEM. vcpu_destroy_sched() undoes it; @v must not be running.
 */
int vcpu_create_sched(struct vcpu *v);
void vcpu_destroy_sched(struct vcpu *v);

/* @v may have become runnable: queue it and kick its CPU. */
void vcpu_wake(struct vcpu *v);

/* @v may have stopped being runnable: dequeue it, or make its CPU
 * reschedule if it is running. For another vCPU, returns once @v is off
 * every CPU; for the caller's own vCPU (a hypercall shutting its domain
 * down) at once: it stops on its way back to the guest. */
void vcpu_sleep(struct vcpu *v);

/* Every vCPU of @d has stopped for good (shutdown, crash, kill): make
 * sure none stays queued or running. No locks held. */
void sched_domain_stopped(struct domain *d);

/* vcpu_sleep() for a vCPU that is certainly not the caller's. */
void vcpu_sleep_sync(struct vcpu *v);

/*
 * Set @d's scheduling parameters (boot options, domctl). Fields the
 * policy does not use are kept. @return 0, or -EINVAL for a weight
 * outside 1-65535, a cap above 65534 or a warp time above 10 s. A cap
 * above 100 * vCPUs is allowed (as on Xen) and never binds.
 */
int sched_set_params(struct domain *d, const struct sched_params *p);

/*
 * Restrict @v to the CPUs in @mask (online ones only). @return 0,
 * -EINVAL if no online CPU is left, -EBUSY if @v is runnable (pause the
 * domain first: the vCPU then moves at its next wake).
 */
int vcpu_set_hard_affinity(struct vcpu *v, const cpumask_t *mask);

/*
 * Set (@on) around the delivery of an event that the current vCPU sends
 * to another vCPU of its own domain (EVTCHNOP_send on an IPI or
 * same-domain channel), cleared right after: vcpu_wake() may then queue
 * the woken vCPU behind the sender instead of kicking an idle CPU
 * (wake_affine_us=, hv/common/sched/core.c). @return the previous
 * setting, for a caller that turns it off for a while.
 */
bool sched_wake_affine_hint(bool on);

/* wake_affine_us= (0, the default: off; host unit tests set it). */
extern unsigned int opt_wake_affine_us;

/* Clear v->blocked and wake it (timer, event). */
void vcpu_unblock(struct vcpu *v);

/* The current vCPU yields (SCHEDOP_yield): the policy lets the other
 * runnable vCPUs of its CPU go first; it stays runnable. */
void sched_yield(void);

/* The current vCPU blocks (SCHEDOP_block): sleeps until vcpu_unblock(). */
void vcpu_block_current(void);

/* Whether @v meets every condition to run. Inline: tested on every exit
 * to a guest. */
static inline bool vcpu_runnable(const struct vcpu *v)
{
	const struct domain *d = v->domain;

	return v->is_up && !v->blocked && !v->pause_count && !d->pause_count &&
	       d->state == DOMSTATE_RUNNING;
}

/* Nanoseconds @v has spent in @state, including the current period. */
uint64_t vcpu_runstate_time(const struct vcpu *v, enum vcpu_runstate state);

/*
 * @v's runstate as Xen reports it, one consistent copy: the state, when it
 * was entered, and the time in each state up to that entry, plus the
 * current period if @include_current (VCPUOP_get_runstate_info does; the
 * runstate area, rewritten at context switches, does not).
 */
struct vcpu_runstate_info;
void vcpu_runstate_snapshot(const struct vcpu *v, struct vcpu_runstate_info *r,
			    bool include_current);

/* vcpu_sleep() without waiting: @v stops at its CPU's next schedule. */
void vcpu_sleep_nosync(struct vcpu *v);

/* Ask this CPU to reschedule at its next softirq point. */
void raise_schedule(void);

/*
 * Arch: stop running @prev on this CPU, start @next (either may be the
 * idle vCPU). Saves @prev completely (then clears prev->is_running) and
 * never returns: it resumes @next on a fresh stack. Exception: a @prev
 * that merely blocked, switching to idle, may stay loaded on this CPU
 * with is_running still set (a lazy switch), until this CPU runs another
 * vCPU or context_release_lazy() asks for it.
 */
__noreturn void context_switch(struct vcpu *prev, struct vcpu *next);

/*
 * Arch: if @v stays loaded on an idle CPU after a lazy switch, have it
 * saved for good: at once when that is this CPU, else at that CPU's next
 * SCHEDULE softirq (raised here). Whoever waits for v->is_running to
 * clear calls this while waiting (vcpu_sleep()).
 */
void context_release_lazy(struct vcpu *v);

/* Arch: schedule() on a CPU that stays idle; saves the vCPU still loaded
 * there if context_release_lazy() asked for it. */
void context_idle_check(void);

/* Whether @v is what its CPU runs now (a vCPU merely still loaded on an
 * idle CPU after a lazy switch is not). */
bool vcpu_is_scheduled(const struct vcpu *v);

/* Arch: the first time a CPU runs its idle vCPU. */
void arch_set_current(struct vcpu *v);

#endif
