/* SPDX-License-Identifier: MIT */
/*
 * The FIFO ABI (Xen's event_fifo.c semantics): per-vCPU control blocks
 * and up to 128 event-array pages (1024 32-bit event words each) in guest
 * frames, and per vCPU 16 priority queues linked through the words' LINK
 * fields. The hypervisor keeps each queue's tail; the guest consumes
 * from the head and clears LINKED as it goes. Words are shared with a
 * guest that changes them at any time, so every change is one atomic
 * operation and linking onto a tail is a bounded compare-and-swap loop.
 *
 * Guest frames are taken with a general and a writable type reference
 * (asm/page-type.h, under the page-table lock of asm/pv-mm.h) so they
 * cannot be freed or become page tables while mapped; they are reached
 * through the direct map. Taking a type may
 * flush TLBs (IPIs), so frames are mapped before the event lock is taken
 * and released after it is dropped.
 */
#include <satori/errno.h>
#include <satori/event.h>
#include <satori/log.h>
#include <satori/xmalloc.h>

#include "event-fifo.h"

event_word_t *fifo_word_from_port(const struct domain *d, uint32_t port)
{
	const struct evtchn_fifo_domain *f = d->evtchn->fifo;

	if (!f || port >= __atomic_load_n(&f->num_words, __ATOMIC_ACQUIRE))
		return NULL;
	return f->array[port / FIFO_WORDS_PER_PAGE] +
	       port % FIFO_WORDS_PER_PAGE;
}

/* The atomic builtins write through @w (NOLINTs: tidy cannot tell). */
/* NOLINTNEXTLINE(readability-non-const-parameter) */
static bool word_test_and_set(event_word_t *w, uint32_t bit)
{
	return __atomic_fetch_or(w, bit, __ATOMIC_SEQ_CST) & bit;
}

static bool word_test(const event_word_t *w, uint32_t bit)
{
	return __atomic_load_n(w, __ATOMIC_SEQ_CST) & bit;
}

/* Point the LINK of @tail at @port if @tail is still linked (the guest
 * has not consumed it). False: it has; @port becomes the new head. */
/* NOLINTNEXTLINE(readability-non-const-parameter) */
static bool set_link(const struct domain *d, event_word_t *tail, uint32_t port)
{
	event_word_t w = __atomic_load_n(tail, __ATOMIC_SEQ_CST);

	for (unsigned int i = 0; i < FIFO_LINK_TRIES; i++) {
		if (!(w & W_LINKED))
			return false;
		if (__atomic_compare_exchange_n(
			    tail, &w, (w & ~EVTCHN_FIFO_LINK_MASK) | port,
			    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return true;
	}
	/* As Xen: give up; the event stays pending and linked, only this
	 * guest's queue suffers. */
	log_printf(LOG_WARN | LOG_GUEST,
		   "d%u: FIFO port %u not linked (tail word busy)\n",
		   d->domain_id, port);
	return true;
}

/* Link @port at the tail of its queue on @v; Xen's order. */
static void link_event(struct domain *d, struct vcpu *v, struct evtchn *chn,
		       uint32_t port, event_word_t *w)
{
	struct evtchn_fifo_vcpu *fv = d->evtchn->vcpu[v->vcpu_id].fifo;
	struct evtchn_fifo_vcpu *old_fv =
		d->evtchn->vcpu[chn->last_vcpu_id].fifo;
	struct evtchn_fifo_queue *q = &fv->queue[chn->priority];
	event_word_t *tail;
	bool linked = false;

	if (word_test_and_set(w, W_LINKED))
		return;
	/* It was the tail of its previous queue: that queue is empty now. */
	if (old_fv && old_fv->queue[chn->last_priority].tail == port)
		old_fv->queue[chn->last_priority].tail = 0;
	tail = q->tail ? fifo_word_from_port(d, q->tail) : NULL;
	if (tail)
		linked = set_link(d, tail, port);
	if (!linked)
		__atomic_store_n(q->head, port, __ATOMIC_SEQ_CST);
	q->tail = port;
	chn->last_vcpu_id = (uint16_t)v->vcpu_id;
	chn->last_priority = chn->priority;
	if (!linked && !(__atomic_fetch_or(&fv->cb->ready, 1u << chn->priority,
					   __ATOMIC_SEQ_CST) &
			 (1u << chn->priority)))
		vcpu_mark_events_pending(v);
}

void fifo_set_pending(struct domain *d, struct vcpu *v, struct evtchn *chn,
		      uint32_t port)
{
	event_word_t *w = fifo_word_from_port(d, port);
	bool was_pending;

	if (!w) {
		chn->pending = true; /* Raised when its array page comes. */
		return;
	}
	was_pending = word_test_and_set(w, W_PENDING);
	/* No control block on that vCPU: the guest cannot have unmasked
	 * the port yet, so leaving it pending is enough (Xen drops it). */
	if (v && d->evtchn->vcpu[v->vcpu_id].fifo->cb &&
	    !word_test(w, W_MASKED) && !word_test(w, W_LINKED))
		link_event(d, v, chn, port, w);
	if (!was_pending)
		evtchn_check_pollers(d, port);
}

static void fifo_init(struct domain *d, struct evtchn *chn, uint32_t port)
{
	(void)d;
	(void)port;
	chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
}

static void fifo_clear_pending(struct domain *d, struct evtchn *chn,
			       uint32_t port)
{
	event_word_t *w = fifo_word_from_port(d, port);

	chn->pending = false;
	if (w)
		__atomic_fetch_and(w, ~W_PENDING, __ATOMIC_SEQ_CST);
}

static void fifo_unmask(struct domain *d, struct evtchn *chn, uint32_t port)
{
	event_word_t *w = fifo_word_from_port(d, port);

	if (!w)
		return;
	__atomic_fetch_and(w, ~W_MASKED, __ATOMIC_SEQ_CST);
	if (word_test(w, W_PENDING))
		fifo_set_pending(d, evtchn_vcpu_by_id(d, chn->notify_vcpu_id),
				 chn, port);
}

static bool fifo_is_pending(const struct domain *d, uint32_t port)
{
	const event_word_t *w = fifo_word_from_port(d, port);

	return w && word_test(w, W_PENDING);
}

static bool fifo_is_masked(const struct domain *d, uint32_t port)
{
	const event_word_t *w = fifo_word_from_port(d, port);

	return !w || word_test(w, W_MASKED);
}

static int fifo_set_priority(struct domain *d, struct evtchn *chn,
			     unsigned int priority)
{
	(void)d;
	if (priority > EVTCHN_FIFO_PRIORITY_MIN)
		return -EINVAL;
	/* Takes effect the next time the port is linked (Xen too). */
	chn->priority = (uint8_t)priority;
	return 0;
}

const struct evtchn_port_ops evtchn_port_ops_fifo = {
	.init = fifo_init,
	.set_pending = fifo_set_pending,
	.clear_pending = fifo_clear_pending,
	.unmask = fifo_unmask,
	.is_pending = fifo_is_pending,
	.is_masked = fifo_is_masked,
	.set_priority = fifo_set_priority,
};
