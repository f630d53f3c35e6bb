/* SPDX-License-Identifier: MIT */
/*
 * Raising events: EVTCHNOP_send, the VIRQs other subsystems raise
 * (satori/event.h), and the notification of the vCPU that must see the
 * event (vcpu_mark_events_pending: wake it, or interrupt the CPU it runs
 * on so that its next return to the guest delivers the upcall).
 */
#include <satori/errno.h>
#include <satori/event.h>
#include <satori/sched.h>
#include <satori/smp.h>
#include <satori/softirq.h>

#include <asm/cpu-ops.h>
#include <asm/pv.h>

#include "evtchn-ops.h"

void evtchn_set_pending_vcpu(struct domain *d, struct vcpu *v, uint32_t port)
{
	d->evtchn->ops->set_pending(d, v, evtchn_from_port(d, port), port);
}

void evtchn_set_pending_locked(struct domain *d, uint32_t port)
{
	const struct evtchn *chn = evtchn_from_port(d, port);

	evtchn_set_pending_vcpu(d, evtchn_vcpu_by_id(d, chn->notify_vcpu_id),
				port);
}

/*
 * A poller (SCHEDOP_poll: typically a pv spinlock waiter, whose kicker
 * keeps running) is woken the usual way, never queued behind the sender.
 */
static void vcpu_unblock_now(struct vcpu *v)
{
	bool hint = sched_wake_affine_hint(false);

	vcpu_unblock(v);
	sched_wake_affine_hint(hint);
}

void evtchn_check_pollers(struct domain *d, uint32_t port)
{
	struct evtchn_domain *ed = d->evtchn;

	for (unsigned int i = 0; i < ed->nr_vcpus; i++) {
		struct evtchn_vcpu *ev = &ed->vcpu[i];

		if (!ev->polling ||
		    (ev->poll_evtchn && ev->poll_evtchn != port))
			continue;
		ev->polling = false;
		ev->poll_evtchn = 0;
		if (ev->poll_timer_init)
			stop_timer(&ev->poll_timer);
		vcpu_unblock_now(d->vcpus[i]);
	}
}

void vcpu_mark_events_pending(struct vcpu *v)
{
	if (!v->vcpu_info)
		return;
	__atomic_store_n(pv_vcpu_info_byte(v, VCPU_INFO_UPCALL_PENDING), 1,
			 __ATOMIC_SEQ_CST);
	vcpu_unblock(v);
	/* Running elsewhere: interrupt it, its way back to the guest
	 * delivers the upcall (arch_check_events). */
	if (v->processor != smp_processor_id() && vcpu_is_scheduled(v))
		arch_send_event_check(v->processor);
}

void evtchn_send_pirq(struct domain *d, uint32_t port, uint32_t pirq)
{
	uint64_t flags;

	if (!d->evtchn)
		return;
	flags = evtchn_lock(d);
	if (port_is_valid(d, port)) {
		const struct evtchn *chn = evtchn_from_port(d, port);

		if (chn->state == ECS_PIRQ && chn->u.pirq == pirq)
			evtchn_set_pending_locked(d, port);
	}
	evtchn_unlock(d, flags);
}

/* Lock @rd too, holding @ld's lock; false if that must wait (then the
 * caller drops its lock and retries: the lower address locks first). */
static bool lock_remote(struct domain *ld, struct domain *rd)
{
	if (ld < rd) {
		spin_lock(&rd->evtchn->lock);
		return true;
	}
	return spin_trylock(&rd->evtchn->lock);
}

long evtchn_send(uint32_t port)
{
	struct domain *ld = current->domain, *rd;
	const struct evtchn *chn;
	uint64_t flags;
	long rc = 0;

retry:
	flags = evtchn_lock(ld);
	if (!port_is_valid(ld, port)) {
		evtchn_unlock(ld, flags);
		return -EINVAL;
	}
	chn = evtchn_from_port(ld, port);
	switch (chn->state) {
	case ECS_INTERDOMAIN:
		rd = chn->u.interdomain.dom;
		if (rd == ld) {
			sched_wake_affine_hint(true);
			evtchn_set_pending_locked(ld, chn->u.interdomain.port);
			sched_wake_affine_hint(false);
			break;
		}
		if (!lock_remote(ld, rd)) {
			evtchn_unlock(ld, flags);
			cpu_relax();
			goto retry;
		}
		evtchn_set_pending_locked(rd, chn->u.interdomain.port);
		spin_unlock(&rd->evtchn->lock);
		break;
	case ECS_IPI:
		sched_wake_affine_hint(true);
		evtchn_set_pending_locked(ld, port);
		sched_wake_affine_hint(false);
		break;
	case ECS_UNBOUND:
		break; /* Nobody listens yet: dropped, as in Xen. */
	default:
		rc = -EINVAL;
	}
	evtchn_unlock(ld, flags);
	return rc;
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	struct domain *d = v->domain;
	uint64_t flags;
	uint32_t port;

	if (!d->evtchn || virq >= NR_VIRQS || v->vcpu_id >= d->evtchn->nr_vcpus)
		return;
	flags = evtchn_lock(d);
	port = d->evtchn->vcpu[v->vcpu_id].virq_to_evtchn[virq];
	if (port)
		evtchn_set_pending_vcpu(d, v, port);
	evtchn_unlock(d, flags);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
	uint64_t flags;
	uint32_t port;

	if (!d || !d->evtchn || virq >= NR_VIRQS)
		return;
	flags = evtchn_lock(d);
	port = d->evtchn->vcpu[0].virq_to_evtchn[virq];
	if (port)
		evtchn_set_pending_locked(d, port);
	evtchn_unlock(d, flags);
}

long evtchn_unmask(uint32_t port)
{
	struct domain *d = current->domain;
	uint64_t flags;

	if (!port_is_valid(d, port))
		return -EINVAL;
	flags = evtchn_lock(d);
	d->evtchn->ops->unmask(d, evtchn_from_port(d, port), port);
	evtchn_unlock(d, flags);
	return 0;
}

long evtchn_set_priority(const struct evtchn_set_priority *p)
{
	struct domain *d = current->domain;
	uint64_t flags;
	long rc;

	if (!port_is_valid(d, p->port))
		return -EINVAL;
	flags = evtchn_lock(d);
	rc = d->evtchn->ops->set_priority
		     ? d->evtchn->ops->set_priority(
			       d, evtchn_from_port(d, p->port), p->priority)
		     : -ENOSYS;
	evtchn_unlock(d, flags);
	return rc;
}
