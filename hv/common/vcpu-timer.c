/* SPDX-License-Identifier: MIT */
/*
 * Guest timers and set_timer_op (contract in satori/vcpu-timer.h).
 *
 * Expiry sends VIRQ_TIMER with send_guest_vcpu_virq() (satori/event.h):
 * as on Xen, a guest that did not bind VIRQ_TIMER is then not woken. A
 * build without event channels has no send_guest_vcpu_virq (the weak
 * reference is NULL): then expiry wakes a blocked vCPU directly, the only
 * way a timer can end SCHEDOP_block there.
 *
 * As in Xen, the periodic timer only runs while its vCPU is on a CPU: the
 * context switch stops it, and on the way back in a period that passed
 * meanwhile sends one event (vcpu_periodic_switch_in/out). So a blocked
 * vCPU is not woken by its periodic timer.
 *
 * Both timers follow their vCPU from CPU to CPU (vcpu_timers_follow at
 * switch-in, Xen's migrate_timer in its scheduler): the periodic timer's
 * callback and the context switch then run on the same CPU, one after
 * the other, and an event for a running vCPU needs no second CPU to wake
 * up and interrupt the first.
 */
#include <satori/event.h>
#include <satori/hypercall.h>
#include <satori/log.h>
#include <satori/perfc.h>
#include <satori/sched.h>
#include <satori/time.h>
#include <satori/vcpu-timer.h>

#include <public/xen.h>

/* Provided by the event-channel code once it is linked in. The call
 * goes through a pointer: a direct call cannot reach address 0. */
#pragma weak send_guest_vcpu_virq
static void (*send_virq)(struct vcpu *, unsigned int) = send_guest_vcpu_virq;

/* Xen's bound for set_timer_op: a deadline more than 2^50 ns (about 13
 * days) away, or negative, is a wrapped Linux jiffy; fire in 100 ms. */
#define HUGE_TIMEOUT_SHIFT 50
#define HUGE_TIMEOUT_FALLBACK_NS 100000000ULL

void vcpu_timer_event(struct vcpu *v)
{
	void (*fn)(struct vcpu *, unsigned int) =
		__atomic_load_n(&send_virq, __ATOMIC_RELAXED);

	perfc_incr(virq_timer);
	if (fn)
		fn(v, VIRQ_TIMER);
	else
		vcpu_unblock(v);
}

static void singleshot_fn(void *data)
{
	vcpu_timer_event(data);
}

/* Fire if a period has passed, then re-arm for the next one (a late
 * timer is not made up for: the next event is a period after this). */
static void periodic_fn(void *data)
{
	struct vcpu *v = data;
	uint64_t period =
		__atomic_load_n(&v->periodic_period_ns, __ATOMIC_RELAXED);
	uint64_t now = now_ns();
	uint64_t next;

	if (!period)
		return;
	next = v->periodic_last_ns + period;
	if (now >= next) {
		vcpu_timer_event(v);
		v->periodic_last_ns = now;
		next = now + period;
	}
	set_timer(&v->periodic_timer, next);
}

void vcpu_periodic_switch_out(struct vcpu *v)
{
	if (__atomic_load_n(&v->periodic_period_ns, __ATOMIC_RELAXED))
		stop_timer(&v->periodic_timer);
}

void vcpu_periodic_switch_in(struct vcpu *v)
{
	if (__atomic_load_n(&v->periodic_period_ns, __ATOMIC_RELAXED))
		periodic_fn(v);
}

void vcpu_timers_init(struct vcpu *v)
{
	init_timer(&v->singleshot_timer, singleshot_fn, v, v->processor);
	init_timer(&v->periodic_timer, periodic_fn, v, v->processor);
}

void vcpu_timers_follow(struct vcpu *v, unsigned int cpu)
{
	/* -ENOSPC disarms a queued timer: say so rather than lose it
	 * silently. Both move whatever the first one's result. */
	int rc = migrate_timer(&v->singleshot_timer, cpu);

	rc |= migrate_timer(&v->periodic_timer, cpu);
	if (rc)
		log_printf(LOG_ERR,
			   "d%u.%u: timer queue of CPU%u full: "
			   "a guest timer was dropped\n",
			   v->domain->domain_id, v->vcpu_id, cpu);
}

void vcpu_timers_kill(struct vcpu *v)
{
	__atomic_store_n(&v->periodic_period_ns, 0, __ATOMIC_RELAXED);
	kill_timer(&v->periodic_timer);
	kill_timer(&v->singleshot_timer);
}

int vcpu_set_singleshot(struct vcpu *v, uint64_t deadline_ns)
{
	return set_timer(&v->singleshot_timer, deadline_ns);
}

void vcpu_stop_singleshot(struct vcpu *v)
{
	stop_timer(&v->singleshot_timer);
}

void vcpu_set_periodic(struct vcpu *v, uint64_t period_ns)
{
	stop_timer(&v->periodic_timer);
	__atomic_store_n(&v->periodic_period_ns, period_ns, __ATOMIC_RELAXED);
	if (!period_ns)
		return;
	v->periodic_last_ns = now_ns();
	set_timer(&v->periodic_timer, v->periodic_last_ns + period_ns);
}

long do_set_timer_op(uint64_t timeout_abs_ns)
{
	struct vcpu *v = current;
	int64_t timeout = (int64_t)timeout_abs_ns;
	int64_t offset = timeout - (int64_t)now_ns();

	if (timeout == 0) {
		vcpu_stop_singleshot(v);
		return 0;
	}
	if (timeout < 0 || (offset > 0 && (offset >> HUGE_TIMEOUT_SHIFT))) {
		log_printf(LOG_INFO | LOG_GUEST,
			   "d%u.%u: huge timeout %#llx: firing in 100 ms\n",
			   v->domain->domain_id, v->vcpu_id,
			   (unsigned long long)timeout_abs_ns);
		timeout = (int64_t)(now_ns() + HUGE_TIMEOUT_FALLBACK_NS);
	}
	return vcpu_set_singleshot(v, (uint64_t)timeout);
}
