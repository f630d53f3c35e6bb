/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_event_channel_op (pv-abi 4.3): copies each EVTCHNOP_*
 * argument in, runs the handler and copies the OUT fields back, as Xen
 * does (the whole struct, only on success). Also status and reset, which
 * only read or clear the port table.
 */
#include <satori/errno.h>
#include <satori/event.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>

#include "evtchn-ops.h"

static void fill_status(const struct evtchn *chn, struct evtchn_status *s)
{
	switch (chn->state) {
	case ECS_UNBOUND:
		s->status = EVTCHNSTAT_unbound;
		s->u.unbound.dom = chn->u.unbound_remote;
		break;
	case ECS_INTERDOMAIN:
		s->status = EVTCHNSTAT_interdomain;
		s->u.interdomain.dom = chn->u.interdomain.dom->domain_id;
		s->u.interdomain.port = chn->u.interdomain.port;
		break;
	case ECS_PIRQ:
		s->status = EVTCHNSTAT_pirq;
		s->u.pirq = chn->u.pirq;
		break;
	case ECS_VIRQ:
		s->status = EVTCHNSTAT_virq;
		s->u.virq = chn->u.virq;
		break;
	case ECS_IPI:
		s->status = EVTCHNSTAT_ipi;
		break;
	default:
		s->status = EVTCHNSTAT_closed;
	}
	s->vcpu = chn->notify_vcpu_id;
}

/*
 * The domain EVTCHNOP_status looks at: as Xen's rcu_lock_domain_by_any_id,
 * a dying domain is still found until it is destroyed, so -ESRCH means
 * its ports are gone (they are closed in teardown slices, and a peer may
 * look at its own end only after that).
 */
static struct domain *status_target(domid_t dom)
{
	if (dom == DOMID_SELF || dom == current->domain->domain_id)
		return get_domain_by_any_id(dom);
	return get_domain_by_id_dying(dom);
}

long evtchn_status(struct evtchn_status *s)
{
	struct domain *d = status_target(s->dom);
	uint64_t flags;
	long rc = 0;

	if (!d)
		return -ESRCH;
	flags = evtchn_lock(d);
	if (!port_is_valid(d, s->port))
		rc = -EINVAL;
	else if (!evtchn_may_act_on(d))
		rc = -EPERM;
	else
		fill_status(evtchn_from_port(d, s->port), s);
	evtchn_unlock(d, flags);
	put_domain(d);
	return rc;
}

/* Close every port and go back to the 2-level ABI (Xen's evtchn_reset,
 * without preemption: at most the domain's port limit of closes). */
static long reset_domain(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	uint64_t flags;

	if (d != current->domain && d->state != DOMSTATE_PAUSED)
		return -EINVAL;
	for (uint32_t port = 1; port_is_valid(d, port); port++)
		(void)evtchn_close_port(d, port);
	flags = evtchn_lock(d);
	if (ed->fifo) {
		evtchn_unlock(d, flags);
		evtchn_fifo_destroy(d);
	} else {
		evtchn_unlock(d, flags);
	}
	return 0;
}

long evtchn_reset(domid_t dom)
{
	struct domain *d = get_domain_by_any_id(dom);
	long rc;

	if (!d)
		return -ESRCH;
	rc = evtchn_may_act_on(d) ? reset_domain(d) : -EPERM;
	put_domain(d);
	return rc;
}

/* Copy the argument in, run @call, copy it back on success. */
#define EVTCHN_OP(type, call, out)                                   \
	({                                                           \
		type a_;                                             \
		long rc_ = -EFAULT;                                  \
		if (!copy_from_guest_raw(&a_, arg, sizeof(a_))) {    \
			rc_ = call;                                  \
			if ((out) && !rc_ &&                         \
			    copy_to_guest_raw(arg, &a_, sizeof(a_))) \
				rc_ = -EFAULT;                       \
		}                                                    \
		rc_;                                                 \
	})

static long reset_cont(uint64_t arg)
{
	struct evtchn_reset r;
	struct domain *d;
	long rc;

	if (copy_from_guest_raw(&r, arg, sizeof(r)))
		return -EFAULT;
	d = get_domain_by_any_id(r.dom);
	if (!d)
		return -ESRCH;
	/* No reset is ever left in progress (never preempted): Xen's
	 * answer to a continuation without one. */
	rc = evtchn_may_act_on(d) ? -EBUSY : -EPERM;
	put_domain(d);
	return rc;
}

long do_event_channel_op(uint64_t cmd, uint64_t arg)
{
	switch (cmd) {
	case EVTCHNOP_alloc_unbound:
		return EVTCHN_OP(struct evtchn_alloc_unbound,
				 evtchn_alloc_unbound(&a_), true);
	case EVTCHNOP_bind_interdomain:
		return EVTCHN_OP(struct evtchn_bind_interdomain,
				 evtchn_bind_interdomain(&a_), true);
	case EVTCHNOP_bind_virq:
		return EVTCHN_OP(struct evtchn_bind_virq, evtchn_bind_virq(&a_),
				 true);
	case EVTCHNOP_bind_ipi:
		return EVTCHN_OP(struct evtchn_bind_ipi, evtchn_bind_ipi(&a_),
				 true);
	case EVTCHNOP_bind_pirq:
		return EVTCHN_OP(struct evtchn_bind_pirq, evtchn_bind_pirq(&a_),
				 true);
	case EVTCHNOP_close:
		return EVTCHN_OP(struct evtchn_close,
				 evtchn_close_port(current->domain, a_.port),
				 false);
	case EVTCHNOP_send:
		return EVTCHN_OP(struct evtchn_send, evtchn_send(a_.port),
				 false);
	case EVTCHNOP_status:
		return EVTCHN_OP(struct evtchn_status, evtchn_status(&a_),
				 true);
	case EVTCHNOP_bind_vcpu:
		return EVTCHN_OP(struct evtchn_bind_vcpu, evtchn_bind_vcpu(&a_),
				 false);
	case EVTCHNOP_unmask:
		return EVTCHN_OP(struct evtchn_unmask, evtchn_unmask(a_.port),
				 false);
	case EVTCHNOP_reset:
		return EVTCHN_OP(struct evtchn_reset, evtchn_reset(a_.dom),
				 false);
	case EVTCHNOP_reset_cont:
		return reset_cont(arg);
	case EVTCHNOP_init_control:
		return EVTCHN_OP(struct evtchn_init_control,
				 evtchn_fifo_init_control(&a_), true);
	case EVTCHNOP_expand_array:
		return EVTCHN_OP(struct evtchn_expand_array,
				 evtchn_fifo_expand_array(&a_), false);
	case EVTCHNOP_set_priority:
		return EVTCHN_OP(struct evtchn_set_priority,
				 evtchn_set_priority(&a_), false);
	default:
		return hypercall_enosys(__HYPERVISOR_event_channel_op,
					(unsigned int)cmd);
	}
}
