/* SPDX-License-Identifier: MIT */
/*
 * FIFO ABI state shared by event-fifo.c (delivery) and
 * event-fifo-setup.c (init_control, expand_array, teardown).
 */
#ifndef HV_COMMON_EVENT_FIFO_H
#define HV_COMMON_EVENT_FIFO_H

#include "evtchn-private.h"

#define FIFO_WORDS_PER_PAGE (PAGE_SIZE / sizeof(event_word_t))
#define FIFO_MAX_ARRAY_PAGES (EVTCHN_FIFO_NR_CHANNELS / FIFO_WORDS_PER_PAGE)
#define FIFO_LINK_TRIES 16 /* A guest rewriting its tail word loses. */

#define W_PENDING (1u << EVTCHN_FIFO_PENDING)
#define W_MASKED (1u << EVTCHN_FIFO_MASKED)
#define W_LINKED (1u << EVTCHN_FIFO_LINKED)

struct evtchn_fifo_queue {
	uint32_t *head; /* In the control block. */
	uint32_t tail;	/* Last port linked (0: empty as far as we know). */
};

struct evtchn_fifo_vcpu {
	struct page_info *cb_page;
	struct evtchn_fifo_control_block *cb; /* NULL: not registered. */
	struct evtchn_fifo_queue queue[EVTCHN_FIFO_MAX_QUEUES];
};

struct evtchn_fifo_domain {
	unsigned int num_words; /* Ports with an event word. */
	event_word_t *array[FIFO_MAX_ARRAY_PAGES];
	struct page_info *array_page[FIFO_MAX_ARRAY_PAGES];
};

/* The event word of @port, or NULL if its array page is missing. */
event_word_t *fifo_word_from_port(const struct domain *d, uint32_t port);

/* The FIFO set_pending (lock held). */
void fifo_set_pending(struct domain *d, struct vcpu *v, struct evtchn *chn,
		      uint32_t port);

#endif
