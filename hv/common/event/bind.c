/* SPDX-License-Identifier: MIT */
/*
 * Creating and closing channels: alloc_unbound, bind_interdomain,
 * bind_virq, bind_ipi, bind_pirq, bind_vcpu and close, with Xen's checks
 * in Xen's order so that every error code matches (xen/common/
 * event_channel.c is the reference for the semantics).
 */
#include <satori/errno.h>
#include <satori/event.h>
#include <satori/log.h>
#include <satori/pirq.h>

#include <asm/cpu-ops.h>

#include "evtchn-ops.h"

long evtchn_alloc_unbound(struct evtchn_alloc_unbound *a)
{
	struct domain *d = get_domain_by_any_id(a->dom);
	uint64_t flags;
	int port;
	long rc;

	if (!d)
		return -ESRCH;
	flags = evtchn_lock(d);
	port = evtchn_get_free_port(d);
	rc = port;
	if (port > 0) {
		rc = -EPERM;
		if (evtchn_may_act_on(d)) {
			struct evtchn *chn =
				evtchn_from_port(d, (uint32_t)port);

			chn->state = ECS_UNBOUND;
			chn->u.unbound_remote =
				a->remote_dom == DOMID_SELF
					? current->domain->domain_id
					: a->remote_dom;
			d->evtchn->ops->init(d, chn, (uint32_t)port);
			a->port = (uint32_t)port;
			rc = 0;
		}
	}
	evtchn_unlock(d, flags);
	put_domain(d);
	return rc;
}

/* With both locks held: connect local @lport to @rd's unbound @rport. */
static long bind_interdomain_locked(struct domain *ld, struct domain *rd,
				    uint32_t rport)
{
	struct evtchn *lchn, *rchn;
	int lport = evtchn_get_free_port(ld);

	if (lport < 0)
		return lport;
	if (!port_is_valid(rd, rport))
		return -EINVAL;
	rchn = evtchn_from_port(rd, rport);
	if (rchn->state != ECS_UNBOUND ||
	    rchn->u.unbound_remote != ld->domain_id)
		return -EINVAL;
	lchn = evtchn_from_port(ld, (uint32_t)lport);
	lchn->state = ECS_INTERDOMAIN;
	lchn->u.interdomain.dom = rd;
	lchn->u.interdomain.port = rport;
	ld->evtchn->ops->init(ld, lchn, (uint32_t)lport);
	rchn->state = ECS_INTERDOMAIN;
	rchn->u.interdomain.dom = ld;
	rchn->u.interdomain.port = (uint32_t)lport;
	/* Sends to the unbound remote end were dropped: raise the local
	 * end once, as Xen does, so that nothing is lost. */
	evtchn_set_pending_locked(ld, (uint32_t)lport);
	return lport;
}

long evtchn_bind_interdomain(struct evtchn_bind_interdomain *b)
{
	struct domain *ld = current->domain, *rd;
	uint64_t flags;
	long rc;

	rd = get_domain_by_any_id(b->remote_dom);
	if (!rd)
		return -ESRCH;
	flags = evtchn_lock_pair(ld, rd);
	rc = bind_interdomain_locked(ld, rd, b->remote_port);
	evtchn_unlock_pair(ld, rd, flags);
	put_domain(rd);
	if (rc < 0)
		return rc;
	b->local_port = (uint32_t)rc;
	return 0;
}

bool virq_is_global(unsigned int virq)
{
	switch (virq) {
	case VIRQ_TIMER:
	case VIRQ_DEBUG:
	case VIRQ_XENOPROF:
	case VIRQ_XENPMU:
		return false;
	default:
		return true; /* x86: the arch VIRQs are global too. */
	}
}

long evtchn_bind_virq(struct evtchn_bind_virq *b)
{
	struct domain *d = current->domain;
	struct evtchn_vcpu *ev;
	struct evtchn *chn;
	uint64_t flags;
	int port;

	if (b->virq >= NR_VIRQS)
		return -EINVAL;
	if (virq_is_global(b->virq) && b->vcpu != 0)
		return -EINVAL;
	if (!evtchn_vcpu_by_id(d, b->vcpu))
		return -ENOENT;
	ev = &d->evtchn->vcpu[b->vcpu];
	flags = evtchn_lock(d);
	port = ev->virq_to_evtchn[b->virq] ? -EEXIST : evtchn_get_free_port(d);
	if (port > 0) {
		chn = evtchn_from_port(d, (uint32_t)port);
		chn->state = ECS_VIRQ;
		chn->notify_vcpu_id = (uint16_t)b->vcpu;
		chn->u.virq = b->virq;
		d->evtchn->ops->init(d, chn, (uint32_t)port);
		ev->virq_to_evtchn[b->virq] = (uint32_t)port;
		b->port = (uint32_t)port;
	}
	evtchn_unlock(d, flags);
	return port < 0 ? port : 0;
}

long evtchn_bind_ipi(struct evtchn_bind_ipi *b)
{
	struct domain *d = current->domain;
	struct evtchn *chn;
	uint64_t flags;
	int port;

	if (!evtchn_vcpu_by_id(d, b->vcpu))
		return -ENOENT;
	flags = evtchn_lock(d);
	port = evtchn_get_free_port(d);
	if (port > 0) {
		chn = evtchn_from_port(d, (uint32_t)port);
		chn->state = ECS_IPI;
		chn->notify_vcpu_id = (uint16_t)b->vcpu;
		d->evtchn->ops->init(d, chn, (uint32_t)port);
		b->port = (uint32_t)port;
	}
	evtchn_unlock(d, flags);
	return port < 0 ? port : 0;
}

/* With the pirq checked and marked (pirq_bind_begin): a port in state
 * pirq, notifying vCPU 0 as in Xen. >0 or -errno. */
static int alloc_pirq_port(struct domain *d, uint32_t pirq)
{
	struct evtchn *chn;
	uint64_t flags;
	int port;

	flags = evtchn_lock(d);
	port = evtchn_get_free_port(d);
	if (port > 0) {
		chn = evtchn_from_port(d, (uint32_t)port);
		chn->state = ECS_PIRQ;
		chn->notify_vcpu_id = 0;
		chn->u.pirq = pirq;
		d->evtchn->ops->init(d, chn, (uint32_t)port);
	}
	evtchn_unlock(d, flags);
	return port;
}

/* The pirq code is called without the event lock held: the interrupt
 * path takes its lock first and ours inside (satori/pirq.h). The flag
 * BIND_PIRQ__WILL_SHARE is accepted; a GSI has one guest at most. */
long evtchn_bind_pirq(struct evtchn_bind_pirq *b)
{
	struct domain *d = current->domain;
	int port;
	long rc;

	rc = pirq_bind_begin(d, b->pirq);
	if (rc)
		return rc;
	port = alloc_pirq_port(d, b->pirq);
	if (port < 0) {
		pirq_bind_abort(d, b->pirq);
		return port;
	}
	rc = pirq_bind_finish(d, b->pirq, (uint32_t)port);
	if (rc) {
		(void)evtchn_close_port(d, (uint32_t)port);
		return rc;
	}
	b->port = (uint32_t)port;
	return 0;
}

long evtchn_bind_vcpu(const struct evtchn_bind_vcpu *b)
{
	struct domain *d = current->domain;
	struct evtchn *chn;
	uint64_t flags;
	long rc = 0;

	if (!evtchn_vcpu_by_id(d, b->vcpu))
		return -ENOENT;
	flags = evtchn_lock(d);
	if (!port_is_valid(d, b->port)) {
		rc = -EINVAL;
		goto out;
	}
	chn = evtchn_from_port(d, b->port);
	switch (chn->state) {
	case ECS_VIRQ:
		if (virq_is_global(chn->u.virq))
			chn->notify_vcpu_id = (uint16_t)b->vcpu;
		else
			rc = -EINVAL;
		break;
	case ECS_UNBOUND:
	case ECS_INTERDOMAIN:
	case ECS_PIRQ: /* Xen also moves the IRQ's affinity; ours stays. */
		chn->notify_vcpu_id = (uint16_t)b->vcpu;
		break;
	default:
		rc = -EINVAL;
	}
out:
	evtchn_unlock(d, flags);
	return rc;
}

/* Close @port with @d's lock (and its peer's) held. */
static void close_locked(struct domain *d, struct evtchn *chn, uint32_t port)
{
	struct evtchn_domain *ed = d->evtchn;

	if (chn->state == ECS_VIRQ) {
		unsigned int vid =
			virq_is_global(chn->u.virq) ? 0 : chn->notify_vcpu_id;

		if (ed->vcpu[vid].virq_to_evtchn[chn->u.virq] == port)
			ed->vcpu[vid].virq_to_evtchn[chn->u.virq] = 0;
	} else if (chn->state == ECS_INTERDOMAIN) {
		struct domain *rd = chn->u.interdomain.dom;
		struct evtchn *rchn =
			evtchn_from_port(rd, chn->u.interdomain.port);

		/* The peer waits for a new partner: us again, if we rebind. */
		rchn->state = ECS_UNBOUND;
		rchn->u.unbound_remote = d->domain_id;
	}
	evtchn_free_port(d, port);
}

/* With @d's lock held, @chn bound to @rd: if @rd is dying and its lock
 * is free, close @chn (and @rd's end) and say so. The try keeps the lock
 * order: the dying side takes both locks in order as usual. */
static bool close_dying_peer(struct domain *d, struct evtchn *chn,
			     uint32_t port, struct domain *rd)
{
	if (__atomic_load_n(&rd->state, __ATOMIC_ACQUIRE) != DOMSTATE_DYING ||
	    !spin_trylock(&rd->evtchn->lock))
		return false;
	close_locked(d, chn, port);
	spin_unlock(&rd->evtchn->lock);
	return true;
}

/* After retaking the locks: the channel was not closed or rebound while
 * they were dropped. */
static bool still_bound_to(const struct evtchn *chn, const struct domain *rd)
{
	return __atomic_load_n(&chn->state, __ATOMIC_RELAXED) ==
		       ECS_INTERDOMAIN &&
	       __atomic_load_n(&chn->u.interdomain.dom, __ATOMIC_RELAXED) == rd;
}

long evtchn_close_port(struct domain *d, uint32_t port)
{
	struct domain *rd = NULL;
	struct evtchn *chn;
	uint64_t flags;

	for (;;) {
		flags = evtchn_lock(d);
		if (!port_is_valid(d, port)) {
			evtchn_unlock(d, flags);
			return -EINVAL;
		}
		chn = evtchn_from_port(d, port);
		if (chn->state == ECS_FREE || chn->state == ECS_RESERVED) {
			evtchn_unlock(d, flags);
			return -EINVAL;
		}
		if (chn->state == ECS_PIRQ) {
			uint32_t pirq = chn->u.pirq;

			close_locked(d, chn, port);
			evtchn_unlock(d, flags);
			pirq_evtchn_closed(d, pirq, port);
			return 0;
		}
		if (chn->state != ECS_INTERDOMAIN ||
		    chn->u.interdomain.dom == d) {
			close_locked(d, chn, port);
			evtchn_unlock(d, flags);
			return 0;
		}
		rd = chn->u.interdomain.dom;
		/* A dying peer (no new reference) closes its ports in slices
		 * (evtchn_domain_release), which may run after us on this
		 * CPU: close both ends now if its lock is free. @rd lives
		 * while the channel is bound, which our lock keeps. */
		if (close_dying_peer(d, chn, port, rd)) {
			evtchn_unlock(d, flags);
			return 0;
		}
		/* Two domains: retake both locks in order, then check the
		 * channel did not change meanwhile. */
		evtchn_unlock(d, flags);
		if (!get_domain(rd)) {
			cpu_relax(); /* Its lock was busy: again. */
			continue;
		}
		flags = evtchn_lock_pair(d, rd);
		if (still_bound_to(chn, rd)) {
			close_locked(d, chn, port);
			evtchn_unlock_pair(d, rd, flags);
			put_domain(rd);
			return 0;
		}
		evtchn_unlock_pair(d, rd, flags);
		put_domain(rd);
	}
}
