/* SPDX-License-Identifier: MIT */
/*
 * Switching a domain to the FIFO ABI and back: EVTCHNOP_init_control
 * (one control block per vCPU; the first one switches the domain, and
 * ports bound under the 2-level ABI keep their pending state),
 * EVTCHNOP_expand_array (one more page of event words, at most 128), and
 * the teardown on reset and death, which drops every frame reference.
 * Checks and error codes follow Xen's evtchn_fifo_init_control and
 * add_page_to_event_array.
 */
#include <satori/errno.h>
#include <satori/event.h>
#include <satori/string.h>
#include <satori/xmalloc.h>

#include <asm/page-type.h>
#include <asm/pv-mm.h>

#include "event-fifo.h"

/* A frame of @d the guest named by @gfn (PV: the MFN), referenced
 * writable; NULL if it is not @d's or cannot be writable. */
static struct page_info *get_guest_frame(struct domain *d, uint64_t gfn)
{
	struct page_info *pg;

	if (gfn > (~0ul >> PAGE_SHIFT) || !mfn_valid(_mfn(gfn)))
		return NULL;
	pg = mfn_to_page(_mfn(gfn));
	pt_lock(d);
	if (get_page_and_type(pg, d, PGT_writable_page))
		pg = NULL;
	pt_unlock(d);
	return pg;
}

static void put_guest_frame(struct domain *d, struct page_info *pg)
{
	pt_lock(d);
	put_page_and_type(pg);
	pt_unlock(d);
}

/* What the first init_control needs, allocated before the lock. */
struct fifo_prep {
	struct evtchn_fifo_domain *f;
	struct evtchn_fifo_vcpu *fv[MAX_VIRT_CPUS];
	struct evtchn **bucket; /* The bigger bucket table. */
	unsigned int slots;
};

static void prep_free(struct fifo_prep *p, unsigned int nr_vcpus)
{
	xfree(p->f);
	for (unsigned int i = 0; i < nr_vcpus; i++)
		xfree(p->fv[i]);
	xfree(p->bucket);
}

static int prep_alloc(struct domain *d, struct fifo_prep *p)
{
	unsigned int ports = d->evtchn->max_port + 1;

	memset(p, 0, sizeof(*p));
	p->slots = (ports + EVTCHNS_PER_BUCKET - 1) / EVTCHNS_PER_BUCKET;
	p->f = xzalloc(struct evtchn_fifo_domain);
	p->bucket = xzalloc_array(struct evtchn *, p->slots);
	if (!p->f || !p->bucket)
		goto fail;
	for (unsigned int i = 0; i < d->evtchn->nr_vcpus; i++) {
		p->fv[i] = xzalloc(struct evtchn_fifo_vcpu);
		if (!p->fv[i])
			goto fail;
	}
	return 0;
fail:
	prep_free(p, d->evtchn->nr_vcpus);
	return -ENOMEM;
}

/* Lock held: switch @d to FIFO with @p's allocations (taken from @p). */
static void switch_to_fifo(struct domain *d, struct fifo_prep *p)
{
	struct evtchn_domain *ed = d->evtchn;
	struct evtchn **old = ed->bucket;

	if (p->slots > ed->nr_bucket_slots) {
		memcpy(p->bucket, old,
		       ed->nr_bucket_slots * sizeof(struct evtchn *));
		ed->bucket = p->bucket;
		ed->nr_bucket_slots = p->slots;
		p->bucket = old; /* Freed by the caller, after the lock. */
	}
	for (unsigned int i = 0; i < ed->nr_vcpus; i++) {
		ed->vcpu[i].fifo = p->fv[i];
		p->fv[i] = NULL;
	}
	/* Ports keep their pending state; it reaches the event words when
	 * their array page is added. */
	for (uint32_t port = 1; port_is_valid(d, port); port++) {
		struct evtchn *chn = evtchn_from_port(d, port);

		chn->pending = evtchn_port_ops_2l.is_pending(d, port);
		chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	}
	ed->fifo = p->f;
	p->f = NULL;
	ed->ops = &evtchn_port_ops_fifo;
	ed->abi_ports = EVTCHN_FIFO_NR_CHANNELS;
}

/* Lock held: @pg becomes @v's control block at @offset. */
static int install_control_block(struct domain *d, unsigned int vcpu,
				 struct page_info *pg, uint32_t offset)
{
	struct evtchn_fifo_vcpu *fv = d->evtchn->vcpu[vcpu].fifo;

	if (fv->cb)
		return -EINVAL;
	fv->cb_page = pg;
	fv->cb = (void *)((uint8_t *)page_to_virt(pg) + offset);
	for (unsigned int i = 0; i < EVTCHN_FIFO_MAX_QUEUES; i++) {
		fv->queue[i].head = &fv->cb->head[i];
		fv->queue[i].tail = 0;
	}
	return 0;
}

long evtchn_fifo_init_control(struct evtchn_init_control *ic)
{
	struct domain *d = current->domain;
	struct evtchn_domain *ed = d->evtchn;
	struct fifo_prep prep = { 0 };
	struct page_info *pg;
	uint64_t flags;
	int rc;

	ic->link_bits = EVTCHN_FIFO_LINK_BITS;
	if (!evtchn_vcpu_by_id(d, ic->vcpu))
		return -ENOENT;
	if (ic->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) ||
	    (ic->offset & 7))
		return -EINVAL;
	if (!ed->fifo && prep_alloc(d, &prep))
		return -ENOMEM;
	pg = get_guest_frame(d, ic->control_gfn);
	if (!pg) {
		prep_free(&prep, ed->nr_vcpus);
		return -EINVAL;
	}
	flags = evtchn_lock(d);
	if (!ed->fifo && prep.f)
		switch_to_fifo(d, &prep);
	rc = ed->fifo ? install_control_block(d, ic->vcpu, pg, ic->offset)
		      : -EINVAL;
	evtchn_unlock(d, flags);
	if (rc)
		put_guest_frame(d, pg);
	prep_free(&prep, ed->nr_vcpus);
	return rc;
}

/* Lock held: re-raise the ports of array page @slot that became pending
 * while it was missing. */
static void raise_deferred(struct domain *d, unsigned int slot)
{
	uint32_t first = slot * FIFO_WORDS_PER_PAGE;

	for (uint32_t port = first ? first : 1;
	     port < first + FIFO_WORDS_PER_PAGE && port_is_valid(d, port);
	     port++) {
		struct evtchn *chn = evtchn_from_port(d, port);

		if (!chn->pending)
			continue;
		chn->pending = false;
		fifo_set_pending(d, evtchn_vcpu_by_id(d, chn->notify_vcpu_id),
				 chn, port);
	}
}

/* Lock held: the next array slot, or -EOPNOTSUPP (not FIFO) / -ENOSPC. */
static int next_array_slot(const struct domain *d)
{
	const struct evtchn_fifo_domain *f = d->evtchn->fifo;
	unsigned int slot;

	if (!f)
		return -EOPNOTSUPP;
	slot = f->num_words / FIFO_WORDS_PER_PAGE;
	return slot < FIFO_MAX_ARRAY_PAGES ? (int)slot : -ENOSPC;
}

long evtchn_fifo_expand_array(const struct evtchn_expand_array *ea)
{
	struct domain *d = current->domain;
	struct evtchn_fifo_domain *f;
	struct page_info *pg;
	uint64_t flags;
	int slot;

	/* Xen's order: the ABI and the limit before the frame. */
	flags = evtchn_lock(d);
	slot = next_array_slot(d);
	evtchn_unlock(d, flags);
	if (slot < 0)
		return slot;
	pg = get_guest_frame(d, ea->array_gfn);
	if (!pg)
		return -EINVAL;
	flags = evtchn_lock(d);
	slot = next_array_slot(d); /* Again: another vCPU may have raced. */
	if (slot >= 0) {
		f = d->evtchn->fifo;
		f->array[slot] = page_to_virt(pg);
		f->array_page[slot] = pg;
		pg = NULL;
		__atomic_store_n(&f->num_words,
				 f->num_words + FIFO_WORDS_PER_PAGE,
				 __ATOMIC_RELEASE);
		raise_deferred(d, (unsigned int)slot);
	}
	evtchn_unlock(d, flags);
	if (pg)
		put_guest_frame(d, pg);
	return slot < 0 ? slot : 0;
}

void evtchn_fifo_destroy(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	struct evtchn_fifo_vcpu *fv[MAX_VIRT_CPUS];
	struct evtchn_fifo_domain *f;
	uint64_t flags = evtchn_lock(d);

	f = ed->fifo;
	if (f) {
		ed->fifo = NULL;
		ed->ops = &evtchn_port_ops_2l;
		ed->abi_ports = EVTCHN_2L_PORTS;
	}
	for (unsigned int i = 0; i < ed->nr_vcpus; i++) {
		fv[i] = ed->vcpu[i].fifo;
		ed->vcpu[i].fifo = NULL;
	}
	evtchn_unlock(d, flags);
	if (!f)
		return;
	for (unsigned int i = 0; i < f->num_words / FIFO_WORDS_PER_PAGE; i++)
		put_guest_frame(d, f->array_page[i]);
	xfree(f);
	for (unsigned int i = 0; i < ed->nr_vcpus; i++) {
		if (fv[i] && fv[i]->cb_page)
			put_guest_frame(d, fv[i]->cb_page);
		xfree(fv[i]);
	}
}

unsigned int evtchn_fifo_frame_refs(struct domain *d, unsigned long mfn)
{
	struct evtchn_domain *ed = d->evtchn;
	const struct evtchn_fifo_domain *f;
	unsigned int n = 0;
	uint64_t flags;

	if (!ed)
		return 0;
	flags = evtchn_lock(d);
	f = ed->fifo;
	for (unsigned int i = 0; f && i < f->num_words / FIFO_WORDS_PER_PAGE;
	     i++)
		n += mfn_x(page_to_mfn(f->array_page[i])) == mfn;
	for (unsigned int i = 0; i < ed->nr_vcpus; i++) {
		const struct evtchn_fifo_vcpu *fv = ed->vcpu[i].fifo;

		n += fv && fv->cb_page &&
		     mfn_x(page_to_mfn(fv->cb_page)) == mfn;
	}
	evtchn_unlock(d, flags);
	return n;
}
