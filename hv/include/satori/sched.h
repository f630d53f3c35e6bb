/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's side of the vCPU lifecycle, as the domain code sees it.
 * The domain code (hv/common/domain.c) calls these; the scheduler (branch
 * pvexec) implements them. Until a scheduler is linked in, weak fallbacks
 * in hv/common/sched-fallback.c keep every vCPU off the CPUs.
 */
#ifndef SATORI_SCHED_H
#define SATORI_SCHED_H

struct vcpu;
struct domain;

/*
 * Give @v its scheduler state (sched_priv), not runnable yet.
 * @return 0, or -ENOMEM (the vCPU is then freed by the caller).
 */
int vcpu_create_sched(struct vcpu *v);

/* Release what vcpu_create_sched() set up; @v is off every run queue. */
void vcpu_destroy_sched(struct vcpu *v);

/*
 * @v may run now if nothing else holds it (pause counts, blocked, down):
 * put it on a run queue. Safe to call on a running or queued vCPU.
 */
void vcpu_wake(struct vcpu *v);

/*
 * Take @v off the CPUs: on return it is not running anywhere and will not
 * run until the next vcpu_wake() finds it runnable.
 */
void vcpu_sleep(struct vcpu *v);

/*
 * Every vCPU of @d has stopped for good (shutdown or crash): the
 * scheduler drops them from its queues. Called with no locks held.
 */
void sched_domain_stopped(struct domain *d);

#endif
