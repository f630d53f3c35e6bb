/* SPDX-License-Identifier: MIT */
/*
 * A binary min-heap of timers ordered by expiry: the pure data structure
 * behind each CPU's timer queue. No locking (the caller holds the CPU's
 * timer lock) and no allocation (the caller provides the slot array), so
 * the same code runs in the hypervisor and in host unit tests.
 */
#ifndef SATORI_TIMER_QUEUE_H
#define SATORI_TIMER_QUEUE_H

#include <satori/timer.h>
#include <satori/types.h>

struct timer_queue {
	struct timer **slots; /* heap array, capacity @cap */
	unsigned int nr;
	unsigned int cap;
};

/* Empty queue over @slots[0..@cap). */
void timer_queue_init(struct timer_queue *q, struct timer **slots,
		      unsigned int cap);

/*
 * Insert @t (not queued) keyed by t->expires_ns; sets t->heap_pos.
 * @return 0, or -ENOSPC if the queue is full.
 */
int timer_queue_add(struct timer_queue *q, struct timer *t);

/* Remove @t, which must be in @q; clears t->heap_pos. */
void timer_queue_remove(struct timer_queue *q, struct timer *t);

/* The timer with the earliest expiry, or NULL if @q is empty. */
struct timer *timer_queue_first(const struct timer_queue *q);

#endif
