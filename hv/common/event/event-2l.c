/* SPDX-License-Identifier: MIT */
/*
 * The 2-level ABI: a pending and a mask bit per port in shared_info, a
 * selector word per vCPU (evtchn_pending_sel, one bit per 64 ports) and
 * the vCPU's evtchn_upcall_pending byte. The guest clears these bits
 * concurrently, so every change is one atomic read-modify-write and the
 * order is Xen's (pv-abi 2.8): port bit, then selector bit, then the
 * upcall flag; the guest consumes them in the opposite order.
 */
#include <satori/event.h>

#include "evtchn-private.h"

#define BITS_PER_WORD 64

/* The atomic builtins write through @words (NOLINTs: tidy cannot tell). */
/* NOLINTNEXTLINE(readability-non-const-parameter) */
static bool test_and_set(volatile uint64_t *words, unsigned int bit)
{
	uint64_t mask = 1ull << (bit % BITS_PER_WORD);

	return __atomic_fetch_or(&words[bit / BITS_PER_WORD], mask,
				 __ATOMIC_SEQ_CST) &
	       mask;
}

/* NOLINTNEXTLINE(readability-non-const-parameter) */
static bool test_and_clear(volatile uint64_t *words, unsigned int bit)
{
	uint64_t mask = 1ull << (bit % BITS_PER_WORD);

	return __atomic_fetch_and(&words[bit / BITS_PER_WORD], ~mask,
				  __ATOMIC_SEQ_CST) &
	       mask;
}

static bool test(const volatile uint64_t *words, unsigned int bit)
{
	return (__atomic_load_n(&words[bit / BITS_PER_WORD],
				__ATOMIC_SEQ_CST) >>
		(bit % BITS_PER_WORD)) &
	       1;
}

static volatile uint64_t *pending_words(const struct domain *d)
{
	return (volatile uint64_t *)d->shared_info->evtchn_pending;
}

static volatile uint64_t *mask_words(const struct domain *d)
{
	return (volatile uint64_t *)d->shared_info->evtchn_mask;
}

/* The port's selector bit is newly set on @v: tell the vCPU. */
static void mark_selector(struct vcpu *v, uint32_t port)
{
	if (!v || !v->vcpu_info)
		return; /* No vcpu_info: registering one sets every bit. */
	if (!test_and_set(
		    (volatile uint64_t *)&v->vcpu_info->evtchn_pending_sel,
		    port / BITS_PER_WORD))
		vcpu_mark_events_pending(v);
}

static void evtchn_2l_init(struct domain *d, struct evtchn *chn, uint32_t port)
{
	(void)d;
	(void)chn;
	(void)port;
}

static void evtchn_2l_set_pending(struct domain *d, struct vcpu *v,
				  struct evtchn *chn, uint32_t port)
{
	(void)chn;
	if (test_and_set(pending_words(d), port))
		return;
	if (!test(mask_words(d), port))
		mark_selector(v, port);
	evtchn_check_pollers(d, port);
}

static void evtchn_2l_clear_pending(struct domain *d, struct evtchn *chn,
				    uint32_t port)
{
	(void)chn;
	(void)test_and_clear(pending_words(d), port);
}

static void evtchn_2l_unmask(struct domain *d, struct evtchn *chn,
			     uint32_t port)
{
	if (test_and_clear(mask_words(d), port) && test(pending_words(d), port))
		mark_selector(evtchn_vcpu_by_id(d, chn->notify_vcpu_id), port);
}

static bool evtchn_2l_is_pending(const struct domain *d, uint32_t port)
{
	return port < EVTCHN_2L_PORTS && test(pending_words(d), port);
}

static bool evtchn_2l_is_masked(const struct domain *d, uint32_t port)
{
	return port >= EVTCHN_2L_PORTS || test(mask_words(d), port);
}

const struct evtchn_port_ops evtchn_port_ops_2l = {
	.init = evtchn_2l_init,
	.set_pending = evtchn_2l_set_pending,
	.clear_pending = evtchn_2l_clear_pending,
	.unmask = evtchn_2l_unmask,
	.is_pending = evtchn_2l_is_pending,
	.is_masked = evtchn_2l_is_masked,
	.set_priority = NULL,
};
