/* SPDX-License-Identifier: MIT */
/*
 * The guest half of the FIFO event ABI for test kernels: one control
 * block and one event-array page (ports 0-1023) for vCPU 0, the mask and
 * pending bits in the event words, and the consumer the upcall runs. The
 * consumer keeps its own head per queue and takes the control block's
 * head only when its own is empty, unlinking one event at a time with a
 * compare-and-swap (the hypervisor links new events concurrently).
 */
#include <guest/event.h>
#include <guest/test.h>

#define WORDS_PER_PAGE 1024

static struct evtchn_fifo_control_block fifo_control
	__attribute__((aligned(4096)));
/* The rest of the control block's page: it must be a page of its own. */
static uint8_t fifo_control_pad[4096 - sizeof(fifo_control)]
	__attribute__((used));
static volatile uint32_t fifo_words[WORDS_PER_PAGE]
	__attribute__((aligned(4096)));
static uint32_t queue_head[EVTCHN_FIFO_MAX_QUEUES];

uint64_t ev_virt_to_mfn(uint64_t va)
{
	const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

	return p2m[va >> 12];
}

long event_fifo_init(void)
{
	struct evtchn_init_control ic = {
		.control_gfn =
			ev_virt_to_mfn((uint64_t)(uintptr_t)&fifo_control),
		.offset = 0,
		.vcpu = 0,
	};
	struct evtchn_expand_array ea = {
		.array_gfn = ev_virt_to_mfn((uint64_t)(uintptr_t)fifo_words),
	};
	long rc = hc_event_channel_op(EVTCHNOP_init_control, &ic);

	if (rc)
		return rc;
	event_fifo_active = 1;
	return hc_event_channel_op(EVTCHNOP_expand_array, &ea);
}

static volatile uint32_t *word(uint32_t port)
{
	return port < WORDS_PER_PAGE ? &fifo_words[port] : 0;
}

static volatile uint64_t *bits_2l(unsigned int which)
{
	volatile struct shared_info *s =
		(volatile struct shared_info *)vcpu0_info;

	return which ? (volatile uint64_t *)s->evtchn_mask
		     : (volatile uint64_t *)s->evtchn_pending;
}

void ev_mask(uint32_t port)
{
	if (event_fifo_active) {
		if (word(port))
			__atomic_fetch_or(word(port), 1u << EVTCHN_FIFO_MASKED,
					  __ATOMIC_SEQ_CST);
		return;
	}
	__atomic_fetch_or(&bits_2l(1)[port / 64], 1ull << (port % 64),
			  __ATOMIC_SEQ_CST);
}

void ev_unmask(uint32_t port)
{
	if (event_fifo_active) {
		if (!word(port))
			return;
		__atomic_fetch_and(word(port), ~(1u << EVTCHN_FIFO_MASKED),
				   __ATOMIC_SEQ_CST);
		if (*word(port) & (1u << EVTCHN_FIFO_PENDING))
			(void)ev_unmask_op(port);
		return;
	}
	/* Linux: the hypervisor re-raises a pending port it unmasks. */
	if (ev_is_pending(port))
		(void)ev_unmask_op(port);
	else
		__atomic_fetch_and(&bits_2l(1)[port / 64],
				   ~(1ull << (port % 64)), __ATOMIC_SEQ_CST);
}

int ev_is_pending(uint32_t port)
{
	if (event_fifo_active)
		return word(port) && (*word(port) >> EVTCHN_FIFO_PENDING & 1);
	return (int)(bits_2l(0)[port / 64] >> (port % 64) & 1);
}

int ev_is_masked(uint32_t port)
{
	if (event_fifo_active)
		return !word(port) || (*word(port) >> EVTCHN_FIFO_MASKED & 1);
	return (int)(bits_2l(1)[port / 64] >> (port % 64) & 1);
}

void ev_clear_pending(uint32_t port)
{
	if (event_fifo_active) {
		if (word(port))
			__atomic_fetch_and(word(port),
					   ~(1u << EVTCHN_FIFO_PENDING),
					   __ATOMIC_SEQ_CST);
		return;
	}
	__atomic_fetch_and(&bits_2l(0)[port / 64], ~(1ull << (port % 64)),
			   __ATOMIC_SEQ_CST);
}

/* Take the head event of queue @q; clear @q in @ready when it empties. */
static void consume_one(unsigned int q, uint32_t *ready)
{
	volatile uint32_t *w;
	uint32_t port = queue_head[q], old, next;

	if (!port)
		port = __atomic_load_n(&fifo_control.head[q], __ATOMIC_SEQ_CST);
	w = word(port);
	if (!port || !w) {
		*ready &= ~(1u << q);
		queue_head[q] = 0;
		return;
	}
	old = *w;
	while (!__atomic_compare_exchange_n(
		w, &old,
		old & ~((1u << EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK), 0,
		__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	next = old & EVTCHN_FIFO_LINK_MASK;
	if (!next)
		*ready &= ~(1u << q);
	queue_head[q] = next;
	if ((old & (1u << EVTCHN_FIFO_PENDING)) &&
	    !(old & (1u << EVTCHN_FIFO_MASKED))) {
		__atomic_fetch_and(w, ~(1u << EVTCHN_FIFO_PENDING),
				   __ATOMIC_SEQ_CST);
		event_record(port);
	}
}

void event_fifo_consume(void)
{
	uint32_t ready =
		__atomic_exchange_n(&fifo_control.ready, 0, __ATOMIC_SEQ_CST);

	while (ready) {
		consume_one((unsigned int)__builtin_ctz(ready), &ready);
		ready |= __atomic_exchange_n(&fifo_control.ready, 0,
					     __ATOMIC_SEQ_CST);
	}
}
