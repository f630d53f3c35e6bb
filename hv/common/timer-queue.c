/* SPDX-License-Identifier: MIT */
/*
 * Binary min-heap of timers keyed by expiry. Each timer records its own
 * position, so removing an arbitrary timer (stop_timer) is O(log n) rather
 * than a search. Pure logic: also compiled into tests/unit/test-timer-queue.
 */
#include <satori/timer-queue.h>
#include <satori/errno.h>

void timer_queue_init(struct timer_queue *q, struct timer **slots,
		      unsigned int cap)
{
	q->slots = slots;
	q->nr = 0;
	q->cap = cap;
}

static void place(struct timer_queue *q, unsigned int i, struct timer *t)
{
	q->slots[i] = t;
	t->heap_pos = i + 1;
}

/* Move the timer at index @i up while it expires before its parent. */
static void sift_up(struct timer_queue *q, unsigned int i)
{
	struct timer *t = q->slots[i];

	while (i > 0) {
		unsigned int parent = (i - 1) / 2;

		if (q->slots[parent]->expires_ns <= t->expires_ns)
			break;
		place(q, i, q->slots[parent]);
		i = parent;
	}
	place(q, i, t);
}

/* Move the timer at index @i down while a child expires before it. */
static void sift_down(struct timer_queue *q, unsigned int i)
{
	struct timer *t = q->slots[i];

	for (;;) {
		unsigned int child = 2 * i + 1;

		if (child >= q->nr)
			break;
		if (child + 1 < q->nr && q->slots[child + 1]->expires_ns <
						 q->slots[child]->expires_ns)
			child++;
		if (t->expires_ns <= q->slots[child]->expires_ns)
			break;
		place(q, i, q->slots[child]);
		i = child;
	}
	place(q, i, t);
}

int timer_queue_add(struct timer_queue *q, struct timer *t)
{
	if (q->nr == q->cap)
		return -ENOSPC;
	place(q, q->nr++, t);
	sift_up(q, q->nr - 1);
	return 0;
}

void timer_queue_remove(struct timer_queue *q, struct timer *t)
{
	unsigned int i = t->heap_pos - 1;
	struct timer *last = q->slots[--q->nr];

	t->heap_pos = 0;
	if (last == t)
		return;
	/* Fill the hole with the last timer, then restore heap order in
	 * whichever direction it is violated. */
	place(q, i, last);
	if (i > 0 && q->slots[(i - 1) / 2]->expires_ns > last->expires_ns)
		sift_up(q, i);
	else
		sift_down(q, i);
}

struct timer *timer_queue_first(const struct timer_queue *q)
{
	return q->nr ? q->slots[0] : NULL;
}
