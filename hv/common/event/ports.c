/* SPDX-License-Identifier: MIT */
/*
 * The per-domain port table: buckets of 64 channels allocated as ports
 * are, up to the domain's limit (evtchn_max_port= for unprivileged
 * domains, as Xen's toolstack default of 1023; the ABI's limit for the
 * privileged one), and the domain's event state from creation to death.
 * Port 0 is reserved and never handed out, as in Xen.
 */
#include <satori/errno.h>
#include <satori/event.h>
#include <satori/log.h>
#include <satori/param.h>
#include <satori/string.h>
#include <satori/teardown.h>
#include <satori/xmalloc.h>

#include "evtchn-private.h"

/* Highest port an unprivileged domain may use (Xen/xl default). */
static unsigned int opt_evtchn_max_port = 1023;
integer_param("evtchn_max_port", opt_evtchn_max_port);

unsigned int evtchn_default_max_port(const struct domain *d)
{
	if (d->is_privileged || opt_evtchn_max_port >= EVTCHN_FIFO_NR_CHANNELS)
		return EVTCHN_FIFO_NR_CHANNELS - 1;
	return opt_evtchn_max_port;
}

uint64_t evtchn_lock(struct domain *d)
{
	return spin_lock_irqsave(&d->evtchn->lock);
}

void evtchn_unlock(struct domain *d, uint64_t flags)
{
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

uint64_t evtchn_lock_pair(struct domain *a, struct domain *b)
{
	uint64_t flags = local_irq_save();

	if (a == b) {
		spin_lock(&a->evtchn->lock);
	} else if (a < b) {
		spin_lock(&a->evtchn->lock);
		spin_lock(&b->evtchn->lock);
	} else {
		spin_lock(&b->evtchn->lock);
		spin_lock(&a->evtchn->lock);
	}
	return flags;
}

void evtchn_unlock_pair(struct domain *a, struct domain *b, uint64_t flags)
{
	spin_unlock(&a->evtchn->lock);
	if (a != b)
		spin_unlock(&b->evtchn->lock);
	local_irq_restore(flags);
}

int evtchn_grow_bucket_table(struct domain *d, unsigned int nr)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned int slots = (nr + EVTCHNS_PER_BUCKET - 1) / EVTCHNS_PER_BUCKET;
	struct evtchn **n;

	if (slots <= ed->nr_bucket_slots)
		return 0;
	n = xzalloc_array(struct evtchn *, slots);
	if (!n)
		return -ENOMEM;
	memcpy(n, ed->bucket, ed->nr_bucket_slots * sizeof(struct evtchn *));
	xfree(ed->bucket);
	ed->bucket = n;
	ed->nr_bucket_slots = slots;
	return 0;
}

/* Add the bucket holding ports [valid_ports, valid_ports + 64). */
static int add_bucket(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned int slot = ed->valid_ports / EVTCHNS_PER_BUCKET;
	struct evtchn *b;

	if (slot >= ed->nr_bucket_slots)
		return -ENOSPC;
	b = xzalloc_array(struct evtchn, EVTCHNS_PER_BUCKET);
	if (!b)
		return -ENOMEM;
	ed->bucket[slot] = b;
	/* Readers test valid_ports without the lock (port_is_valid). */
	__atomic_store_n(&ed->valid_ports, ed->valid_ports + EVTCHNS_PER_BUCKET,
			 __ATOMIC_RELEASE);
	return 0;
}

int evtchn_get_free_port(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned int port;
	int rc;

	if (ed->dying)
		return -EINVAL;
	for (port = 1; port_is_valid(d, port); port++)
		if (evtchn_from_port(d, port)->state == ECS_FREE)
			return (int)port;
	if (port > ed->max_port || port >= ed->abi_ports)
		return -ENOSPC;
	rc = add_bucket(d);
	return rc ? rc : (int)port;
}

void evtchn_free_port(struct domain *d, uint32_t port)
{
	struct evtchn *chn = evtchn_from_port(d, port);

	/* A stale pending bit would fire on the next binding (Xen too). */
	d->evtchn->ops->clear_pending(d, chn, port);
	chn->state = ECS_FREE;
	chn->notify_vcpu_id = 0;
	chn->pending = false;
}

int evtchn_domain_init(struct domain *d)
{
	struct evtchn_domain *ed;

	ed = xzalloc_bytes(sizeof(*ed) +
			   d->max_vcpus * sizeof(struct evtchn_vcpu));
	if (!ed)
		return -ENOMEM;
	spin_lock_init(&ed->lock);
	ed->abi_ports = EVTCHN_2L_PORTS;
	ed->max_port = evtchn_default_max_port(d);
	ed->ops = &evtchn_port_ops_2l;
	ed->nr_vcpus = d->max_vcpus;
	d->evtchn = ed;
	if (evtchn_grow_bucket_table(d, EVTCHN_2L_PORTS) || add_bucket(d)) {
		xfree(ed->bucket);
		xfree(ed);
		d->evtchn = NULL;
		return -ENOMEM;
	}
	evtchn_from_port(d, 0)->state = ECS_RESERVED;
	return 0;
}

/* One port of a dying domain: closed unless free (the peer of an
 * interdomain channel becomes unbound, as in Xen; it is not notified). */
static unsigned int release_port(void *ctx, uint32_t port)
{
	struct domain *d = ctx;
	uint8_t state = __atomic_load_n(&evtchn_from_port(d, port)->state,
					__ATOMIC_RELAXED);

	if (state == ECS_FREE || state == ECS_RESERVED)
		return TEARDOWN_VISIT_COST;
	(void)evtchn_close_port(d, port);
	return TEARDOWN_RELEASE_COST;
}

/* After the last port: the poll timers and the FIFO frames' references. */
static void release_finish(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;

	for (unsigned int i = 0; i < ed->nr_vcpus; i++)
		if (ed->vcpu[i].poll_timer_init)
			kill_timer(&ed->vcpu[i].poll_timer);
	evtchn_fifo_destroy(d);
	ed->released = true;
}

int evtchn_domain_release(struct domain *d, struct teardown_budget *b)
{
	struct evtchn_domain *ed = d->evtchn;
	uint64_t flags;
	int rc;

	if (!ed || ed->released)
		return 0;
	/* Nothing binds from now on, so valid_ports stays put. */
	flags = evtchn_lock(d);
	ed->dying = true;
	evtchn_unlock(d, flags);
	if (!ed->release_port)
		ed->release_port = 1; /* Port 0 is reserved. */
	rc = teardown_walk(&ed->release_port,
			   __atomic_load_n(&ed->valid_ports, __ATOMIC_ACQUIRE),
			   release_port, d, b);
	if (!rc)
		release_finish(d);
	return rc;
}

void evtchn_domain_destroy(struct domain *d)
{
	struct teardown_budget all = { .preemptible = false };

	(void)evtchn_domain_release(d, &all);
}

void evtchn_domain_free(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;

	if (!ed)
		return;
	evtchn_domain_destroy(d);
	for (unsigned int i = 0; i < ed->nr_bucket_slots; i++)
		xfree(ed->bucket[i]);
	xfree(ed->bucket);
	d->evtchn = NULL;
	xfree(ed);
}
