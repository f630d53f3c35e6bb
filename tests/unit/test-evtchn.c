/* unit-sources: hv/common/event/event-2l.c hv/common/event/event-fifo.c */
/* SPDX-License-Identifier: MIT */
/*
 * The two delivery ABIs (hv/common/event/event-2l.c, event-fifo.c) on a
 * fake domain with host memory standing in for shared_info, vcpu_info, the
 * FIFO control block and event array. 2-level: the pending bit, then the
 * selector bit, then the vCPU notification, each only on a 0->1 change;
 * masked ports stay pending without a selector bit; unmask clears the mask
 * and re-raises a pending port. FIFO: events link in order behind the
 * queue's tail; only the one that becomes the head sets READY and notifies
 * the vCPU; a tail the guest has consumed makes the next event the head;
 * masked and already linked events are not linked again; unmask links a
 * pending port; priorities use separate queues and READY bits; a port with
 * no event word keeps its pending state in the channel; pollers are told
 * only on a new pending bit.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <satori/errno.h>
#include <satori/event.h>
#include <satori/log.h>

#include "../../hv/common/event/event-fifo.h"
#include "check.h"

/* --- The environment the ABIs call into --- */

static unsigned int marked[2], polled, last_polled_port, logged;

void vcpu_mark_events_pending(struct vcpu *v)
{
	marked[v->vcpu_id]++;
	*(volatile uint8_t *)v->vcpu_info = 1;
}

void evtchn_check_pollers(struct domain *d, uint32_t port)
{
	(void)d;
	polled++;
	last_polled_port = port;
}

void log_printf(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
	logged++;
}

/* --- A fake domain with two vCPUs --- */

static struct shared_info si;
static struct domain dom;
static struct vcpu vcpus[2];
static struct evtchn_domain *ed;
static struct evtchn chans[2 * EVTCHNS_PER_BUCKET];
static struct evtchn *bucket[2] = { chans, chans + EVTCHNS_PER_BUCKET };
static struct evtchn_fifo_domain fifo;
static struct evtchn_fifo_vcpu fifo_vcpu[2];
static struct evtchn_fifo_control_block cb[2];
static event_word_t words[1024] __attribute__((aligned(4096)));

static void reset(bool use_fifo)
{
	memset(&si, 0, sizeof(si));
	memset(&dom, 0, sizeof(dom));
	memset(vcpus, 0, sizeof(vcpus));
	memset(chans, 0, sizeof(chans));
	memset(&fifo, 0, sizeof(fifo));
	memset(fifo_vcpu, 0, sizeof(fifo_vcpu));
	memset(cb, 0, sizeof(cb));
	memset(words, 0, sizeof(words));
	free(ed);
	ed = calloc(1, sizeof(*ed) + 2 * sizeof(struct evtchn_vcpu));
	ed->bucket = bucket;
	ed->nr_bucket_slots = 2;
	ed->valid_ports = 2 * EVTCHNS_PER_BUCKET;
	ed->abi_ports = use_fifo ? EVTCHN_FIFO_NR_CHANNELS : 4096;
	ed->max_port = ed->abi_ports - 1;
	ed->nr_vcpus = 2;
	ed->ops = use_fifo ? &evtchn_port_ops_fifo : &evtchn_port_ops_2l;
	dom.evtchn = ed;
	dom.shared_info = &si;
	dom.max_vcpus = 2;
	for (unsigned int i = 0; i < 2; i++) {
		vcpus[i].vcpu_id = i;
		vcpus[i].domain = &dom;
		vcpus[i].vcpu_info = &si.vcpu_info[i];
		dom.vcpus[i] = &vcpus[i];
		if (!use_fifo)
			continue;
		ed->vcpu[i].fifo = &fifo_vcpu[i];
		fifo_vcpu[i].cb = &cb[i];
		for (unsigned int q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++)
			fifo_vcpu[i].queue[q].head = &cb[i].head[q];
	}
	if (use_fifo) {
		ed->fifo = &fifo;
		fifo.num_words = 1024;
		fifo.array[0] = words;
	}
	for (unsigned int p = 1; p < 2 * EVTCHNS_PER_BUCKET; p++) {
		chans[p].state = ECS_IPI;
		chans[p].priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	}
	marked[0] = marked[1] = polled = logged = 0;
}

static void raise(unsigned int vcpu, uint32_t port)
{
	ed->ops->set_pending(&dom, &vcpus[vcpu], &chans[port], port);
}

static bool bit(const unsigned long *w, unsigned int n)
{
	return (w[n / 64] >> (n % 64)) & 1;
}

/* --- 2-level --- */

static void test_2l_order(void)
{
	reset(false);
	raise(1, 70);
	CHECK(bit(si.evtchn_pending, 70));
	CHECK_EQ(si.vcpu_info[1].evtchn_pending_sel, 1ul << 1);
	CHECK_EQ(si.vcpu_info[1].evtchn_upcall_pending, 1);
	CHECK_EQ(marked[1], 1);
	CHECK_EQ(marked[0], 0);
	CHECK_EQ(polled, 1);
	/* Already pending: nothing more, pollers not told again. */
	raise(1, 70);
	CHECK_EQ(marked[1], 1);
	CHECK_EQ(polled, 1);
	/* Same selector word, new port: the selector bit was set already. */
	raise(1, 71);
	CHECK_EQ(marked[1], 1);
	CHECK_EQ(polled, 2);
	CHECK_EQ(last_polled_port, 71);
	CHECK(ed->ops->is_pending(&dom, 71));
	ed->ops->clear_pending(&dom, &chans[71], 71);
	CHECK(!ed->ops->is_pending(&dom, 71));
	CHECK(!ed->ops->is_pending(&dom, 5000));
	CHECK(ed->ops->is_masked(&dom, 5000));
}

static void test_2l_mask(void)
{
	reset(false);
	si.evtchn_mask[0] = 1ul << 5;
	for (unsigned int i = 0; i < 1000000; i++)
		raise(0, 5);
	CHECK(bit(si.evtchn_pending, 5));
	CHECK_EQ(si.vcpu_info[0].evtchn_pending_sel, 0);
	CHECK_EQ(marked[0], 0);
	CHECK_EQ(polled, 1); /* Pollers see masked ports too. */
	chans[5].notify_vcpu_id = 0;
	ed->ops->unmask(&dom, &chans[5], 5);
	CHECK(!bit(si.evtchn_mask, 5));
	CHECK_EQ(si.vcpu_info[0].evtchn_pending_sel, 1);
	CHECK_EQ(marked[0], 1);
	/* Unmask of an unmasked port does nothing. */
	ed->ops->unmask(&dom, &chans[5], 5);
	CHECK_EQ(marked[0], 1);
	CHECK(ed->ops->set_priority == NULL);
}

/* --- FIFO --- */

#define W(port) (words[port])
#define LINKED (1u << EVTCHN_FIFO_LINKED)
#define PENDING (1u << EVTCHN_FIFO_PENDING)
#define MASKED (1u << EVTCHN_FIFO_MASKED)

static void test_fifo_link_order(void)
{
	unsigned int q = EVTCHN_FIFO_PRIORITY_DEFAULT;

	reset(true);
	raise(0, 3);
	CHECK_EQ(cb[0].head[q], 3);
	CHECK_EQ(cb[0].ready, 1u << q);
	CHECK_EQ(marked[0], 1);
	CHECK_EQ(W(3), PENDING | LINKED);
	raise(0, 9);
	raise(0, 4);
	/* Linked behind the tail; the head stays; no new notification. */
	CHECK_EQ(cb[0].head[q], 3);
	CHECK_EQ(W(3) & EVTCHN_FIFO_LINK_MASK, 9);
	CHECK_EQ(W(9) & EVTCHN_FIFO_LINK_MASK, 4);
	CHECK_EQ(W(4), PENDING | LINKED);
	CHECK_EQ(marked[0], 1);
	CHECK_EQ(polled, 3);
	/* Already pending and linked: unchanged. */
	raise(0, 9);
	CHECK_EQ(W(9), PENDING | LINKED | 4);
	CHECK_EQ(polled, 3);
}

static void test_fifo_consumed_tail(void)
{
	unsigned int q = EVTCHN_FIFO_PRIORITY_DEFAULT;

	reset(true);
	raise(0, 3);
	/* The guest consumes 3 (clears LINKED and PENDING), and READY. */
	W(3) = 0;
	cb[0].ready = 0;
	raise(0, 8);
	CHECK_EQ(cb[0].head[q], 8);
	CHECK_EQ(cb[0].ready, 1u << q);
	CHECK_EQ(marked[0], 2);
	CHECK_EQ(W(3), 0); /* Not linked onto the consumed word. */
}

static void test_fifo_mask_priority(void)
{
	reset(true);
	W(6) = MASKED;
	raise(0, 6);
	CHECK_EQ(W(6), MASKED | PENDING);
	CHECK_EQ(cb[0].ready, 0);
	CHECK_EQ(marked[0], 0);
	chans[6].notify_vcpu_id = 1;
	ed->ops->unmask(&dom, &chans[6], 6);
	CHECK_EQ(W(6), PENDING | LINKED);
	CHECK_EQ(cb[1].head[EVTCHN_FIFO_PRIORITY_DEFAULT], 6);
	CHECK_EQ(marked[1], 1);
	CHECK_EQ(ed->ops->set_priority(&dom, &chans[7], 16), -EINVAL);
	CHECK_EQ(ed->ops->set_priority(&dom, &chans[7], 2), 0);
	raise(0, 7);
	CHECK_EQ(cb[0].head[2], 7);
	CHECK_EQ(cb[0].ready, 1u << 2);
	/* A different queue: its own head and READY bit. */
	raise(0, 10);
	CHECK_EQ(cb[0].head[EVTCHN_FIFO_PRIORITY_DEFAULT], 10);
	CHECK_EQ(cb[0].ready, (1u << 2) | (1u << EVTCHN_FIFO_PRIORITY_DEFAULT));
	CHECK_EQ(W(7) & EVTCHN_FIFO_LINK_MASK, 0);
	CHECK(ed->ops->is_pending(&dom, 7));
	CHECK(!ed->ops->is_masked(&dom, 7));
	ed->ops->clear_pending(&dom, &chans[7], 7);
	CHECK(!ed->ops->is_pending(&dom, 7));
}

static void test_fifo_no_word(void)
{
	reset(true);
	fifo.num_words = 0; /* No array page yet. */
	raise(0, 12);
	CHECK(chans[12].pending);
	CHECK_EQ(marked[0], 0);
	CHECK(!ed->ops->is_pending(&dom, 12));
	CHECK(ed->ops->is_masked(&dom, 12));
	/* No control block on the vCPU: stays pending, not linked. */
	reset(true);
	fifo_vcpu[1].cb = NULL;
	raise(1, 13);
	CHECK_EQ(W(13), PENDING);
	CHECK_EQ(marked[1], 0);
	CHECK_EQ(logged, 0);
}

int main(void)
{
	test_2l_order();
	test_2l_mask();
	test_fifo_link_order();
	test_fifo_consumed_tail();
	test_fifo_mask_priority();
	test_fifo_no_word();
	free(ed);
	return check_summary("test-evtchn");
}
