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

struct sched_decision {
	struct vcpu *next; /* NULL: run the idle vCPU. */
	uint64_t slice_ns; /* 0: no preemption timer. */
};

/*
 * A scheduling policy. All ops are called with the scheduler lock held
 * and interrupts off; @cpu is the physical CPU concerned.
 */
struct scheduler {
	const char *name;
	int (*init)(void);
	/* A new vCPU: choose v->processor, allocate v->sched_priv. */
	int (*vcpu_insert)(struct vcpu *v);
	void (*vcpu_remove)(struct vcpu *v);
	/* @v became runnable and is not running: queue it. */
	void (*wake)(struct vcpu *v);
	/* @v stopped being runnable: take it off any queue. */
	void (*sleep)(struct vcpu *v);
	/* Pick what @cpu runs next; @prev (maybe idle) is still runnable
	 * if @prev_runnable, and must then be queued again. */
	struct sched_decision (*do_schedule)(unsigned int cpu,
					     struct vcpu *prev,
					     bool prev_runnable);
	void (*dump_cpu)(unsigned int cpu);
};

extern const struct scheduler sched_rr;

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

/* Clear v->blocked and wake it (timer, event). */
void vcpu_unblock(struct vcpu *v);

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
 * never returns: it resumes @next on a fresh stack.
 */
__noreturn void context_switch(struct vcpu *prev, struct vcpu *next);

/* Arch: the first time a CPU runs its idle vCPU. */
void arch_set_current(struct vcpu *v);

#endif
