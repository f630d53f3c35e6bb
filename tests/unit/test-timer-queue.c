/* unit-sources: hv/common/timer-queue.c */
/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the timer heap: ordering, removal of the first, last and
 * middle timers, re-keying, a full queue, and a long run of random
 * operations checked against a brute-force reference after every step.
 */
#include <satori/errno.h>
#include <satori/timer-queue.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"

#define CAP 64

static struct timer *slots[CAP];
static struct timer timers[CAP];
static struct timer_queue q;

static void reset(void)
{
	memset(timers, 0, sizeof(timers));
	timer_queue_init(&q, slots, CAP);
}

static void add(unsigned int i, uint64_t expires)
{
	timers[i].expires_ns = expires;
	CHECK_EQ(timer_queue_add(&q, &timers[i]), 0);
}

/* Every parent expires no later than its children; positions agree. */
static int heap_valid(void)
{
	for (unsigned int i = 0; i < q.nr; i++) {
		if (q.slots[i]->heap_pos != i + 1)
			return 0;
		if (i &&
		    q.slots[(i - 1) / 2]->expires_ns > q.slots[i]->expires_ns)
			return 0;
	}
	return 1;
}

/* Pop everything, checking non-decreasing expiry. @return the count. */
static unsigned int drain_sorted(void)
{
	uint64_t last = 0;
	unsigned int n = 0;
	struct timer *t;

	while ((t = timer_queue_first(&q))) {
		CHECK(t->expires_ns >= last);
		last = t->expires_ns;
		timer_queue_remove(&q, t);
		CHECK_EQ(t->heap_pos, 0);
		n++;
	}
	return n;
}

static void test_order(void)
{
	static const uint64_t keys[] = { 50, 10, 40, 10, 30, 20, 60, 5 };

	reset();
	CHECK(timer_queue_first(&q) == NULL);
	for (unsigned int i = 0; i < 8; i++)
		add(i, keys[i]);
	CHECK(heap_valid());
	CHECK(timer_queue_first(&q) == &timers[7]);
	CHECK_EQ(drain_sorted(), 8);
}

static void test_remove_middle_and_last(void)
{
	reset();
	for (unsigned int i = 0; i < 10; i++)
		add(i, 100 + 10 * i);
	timer_queue_remove(&q, &timers[4]);
	CHECK(heap_valid());
	CHECK_EQ(q.nr, 9);
	timer_queue_remove(&q, q.slots[q.nr - 1]);
	CHECK(heap_valid());
	timer_queue_remove(&q, &timers[0]);
	CHECK(heap_valid());
	CHECK(timer_queue_first(&q) == &timers[1]);
	CHECK_EQ(drain_sorted(), 7);
}

/* Removing a middle timer whose replacement must move up, not down. */
static void test_remove_sifts_up(void)
{
	reset();
	/* Heap: 1 / (100, 2) / (101, 102, 3, 4): removing 101 moves 4 into
	 * a subtree under 100, where it must rise above its parent. */
	add(0, 1);
	add(1, 100);
	add(2, 2);
	add(3, 101);
	add(4, 102);
	add(5, 3);
	add(6, 4);
	timer_queue_remove(&q, &timers[3]);
	CHECK(heap_valid());
	CHECK_EQ(drain_sorted(), 6);
}

static void test_rekey_and_full(void)
{
	reset();
	for (unsigned int i = 0; i < CAP; i++)
		add(i, 1000 - i);
	struct timer extra = { .expires_ns = 1 };
	CHECK_EQ(timer_queue_add(&q, &extra), -ENOSPC);
	CHECK_EQ(extra.heap_pos, 0);
	/* Re-key the earliest to the latest, as set_timer does. */
	timer_queue_remove(&q, &timers[CAP - 1]);
	timers[CAP - 1].expires_ns = 5000;
	CHECK_EQ(timer_queue_add(&q, &timers[CAP - 1]), 0);
	CHECK(heap_valid());
	CHECK(timer_queue_first(&q) == &timers[CAP - 2]);
	CHECK_EQ(drain_sorted(), CAP);
}

/* The reference: the earliest queued timer by linear scan. */
static uint64_t ref_earliest(const int *queued)
{
	uint64_t best = UINT64_MAX;

	for (unsigned int i = 0; i < CAP; i++)
		if (queued[i] && timers[i].expires_ns < best)
			best = timers[i].expires_ns;
	return best;
}

static void test_random_vs_reference(void)
{
	int queued[CAP] = { 0 };
	unsigned int nr = 0;

	reset();
	srand(12345);
	for (unsigned int step = 0; step < 200000; step++) {
		unsigned int i = rand() % CAP;

		if (queued[i] && rand() % 2) {
			timer_queue_remove(&q, &timers[i]);
			queued[i] = 0;
			nr--;
		} else {
			if (queued[i]) {
				timer_queue_remove(&q, &timers[i]);
				nr--;
			}
			add(i, rand() % 1000);
			queued[i] = 1;
			nr++;
		}
		if (!heap_valid() || q.nr != nr ||
		    (nr && timer_queue_first(&q)->expires_ns !=
				   ref_earliest(queued))) {
			CHECK(!"heap diverged from the reference");
			return;
		}
	}
	CHECK_EQ(drain_sorted(), nr);
}

int main(void)
{
	test_order();
	test_remove_middle_and_last();
	test_remove_sifts_up();
	test_rekey_and_full();
	test_random_vs_reference();
	return check_summary("test-timer-queue");
}
