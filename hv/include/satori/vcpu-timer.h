/* SPDX-License-Identifier: MIT */
/*
 * Guest timers (Xen's v->singleshot_timer and v->periodic_timer): the
 * deadline of set_timer_op / VCPUOP_set_singleshot_timer and the period
 * of VCPUOP_set_periodic_timer. Expiry raises VIRQ_TIMER on the vCPU
 * (satori/event.h) and so wakes it if it blocked. Both timers are created
 * on v->processor, follow the vCPU to each CPU it is switched in on and
 * die with the vCPU.
 */
#ifndef SATORI_VCPU_TIMER_H
#define SATORI_VCPU_TIMER_H

#include <satori/domain.h>

/* Xen's limits for set_periodic_timer: at least 1 ms, at most 2^62 ns. */
#define VCPU_PERIOD_MIN_NS 1000000ULL
#define VCPU_PERIOD_MAX_NS (~0ULL >> 2)

/* vCPU creation: prepare both timers on v->processor. */
void vcpu_timers_init(struct vcpu *v);

/*
 * Context switch, before vcpu_periodic_switch_in: move @v's timers to
 * @cpu, the CPU @v is being switched in on (nothing if they are there).
 */
void vcpu_timers_follow(struct vcpu *v, unsigned int cpu);

/* vCPU destruction: kill both (waits for a running callback). */
void vcpu_timers_kill(struct vcpu *v);

/*
 * Arm @v's single-shot timer at system time @deadline_ns (in the past:
 * fires at once). @return 0 or the timer's error (-ENOSPC).
 */
int vcpu_set_singleshot(struct vcpu *v, uint64_t deadline_ns);
void vcpu_stop_singleshot(struct vcpu *v);

/* Send @v a timer event now (VIRQ_TIMER; see vcpu-timer.c). */
void vcpu_timer_event(struct vcpu *v);

/* Start (period validated by the caller) or, with 0, stop the periodic
 * timer; the first event is one period from now. */
void vcpu_set_periodic(struct vcpu *v, uint64_t period_ns);

/* Context switch: the periodic timer runs only while @v is on a CPU
 * (Xen); switching in sends the event of a period that passed. */
void vcpu_periodic_switch_out(struct vcpu *v);
void vcpu_periodic_switch_in(struct vcpu *v);

#endif
