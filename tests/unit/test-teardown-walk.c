/* unit-sources: hv/common/teardown-walk.c */
/* SPDX-License-Identifier: MIT */
/*
 * The budgeted cursor walk of a dying domain's event-channel and grant
 * phases (hv/common/teardown-walk.c): over items that cost a visit or a
 * release, walked at once and in slices stopped by the budget and by
 * every period of pending softirqs, each item must be released exactly
 * once, each call must do at least one item, a call must stop as soon as
 * its budget is spent or a softirq is pending (with items left), and a
 * walk that is done stays done.
 */
#include <satori/errno.h>
#include <satori/hypercall.h>
#include <satori/teardown.h>

#include "check.h"

#define NR_ITEMS 5000u

static unsigned int done[NR_ITEMS];
static bool held[NR_ITEMS]; /* What an item has to release. */
static unsigned int preempt_period, preempt_calls; /* 0: never */
static unsigned int calls_this_slice;

bool hypercall_preempt_check(void)
{
	return preempt_period && ++preempt_calls % preempt_period == 0;
}

static unsigned int release_item(void *ctx, uint32_t item)
{
	(void)ctx;
	done[item]++;
	calls_this_slice++;
	if (!held[item])
		return TEARDOWN_VISIT_COST;
	held[item] = false;
	return TEARDOWN_RELEASE_COST;
}

static void reset(void)
{
	for (unsigned int i = 0; i < NR_ITEMS; i++) {
		done[i] = 0;
		held[i] = i % 3 == 0 || (i > 4000 && i < 4200);
	}
	preempt_calls = 0;
}

static void check_each_once(void)
{
	unsigned int wrong = 0;

	for (unsigned int i = 0; i < NR_ITEMS; i++)
		wrong += done[i] != 1 || held[i];
	CHECK_EQ(wrong, 0);
}

static void test_at_once(void)
{
	struct teardown_budget all = { .preemptible = false };
	uint32_t cursor = 0;

	reset();
	preempt_period = 1; /* Ignored without preemptible. */
	CHECK_EQ(teardown_walk(&cursor, NR_ITEMS, release_item, NULL, &all), 0);
	CHECK_EQ(cursor, NR_ITEMS);
	check_each_once();
	/* Done stays done: nothing visited again. */
	CHECK_EQ(teardown_walk(&cursor, NR_ITEMS, release_item, NULL, &all), 0);
	check_each_once();
}

/* Slices of @units with a softirq every @period checks (0: never). */
static unsigned int sliced(unsigned int units, unsigned int period)
{
	uint32_t cursor = 0;
	unsigned int slices = 0;
	int rc;

	reset();
	preempt_period = period;
	do {
		struct teardown_budget b = { .preemptible = true,
					     .units = units };
		uint32_t before = cursor;

		calls_this_slice = 0;
		rc = teardown_walk(&cursor, NR_ITEMS, release_item, NULL, &b);
		CHECK(rc == 0 || rc == -ERESTART);
		CHECK(cursor > before); /* Progress in every slice. */
		CHECK_EQ(calls_this_slice, cursor - before);
		/* Stopped only when told: spent, or the last check said so. */
		if (rc == -ERESTART)
			CHECK(b.units == 0 ||
			      (period && preempt_calls % period == 0));
		slices++;
	} while (rc == -ERESTART && slices < 100000);
	CHECK_EQ(rc, 0);
	CHECK_EQ(cursor, NR_ITEMS);
	check_each_once();
	return slices;
}

static void test_slices(void)
{
	static const unsigned int units[] = { 1,   16,	 17,
					      100, 1000, TEARDOWN_SLICE_UNITS };
	static const unsigned int periods[] = { 0, 1, 2, 7, 64, 1000 };

	for (unsigned int u = 0; u < sizeof(units) / sizeof(units[0]); u++)
		for (unsigned int p = 0;
		     p < sizeof(periods) / sizeof(periods[0]); p++)
			(void)sliced(units[u], periods[p]);
	/* A budget of one release per slice: one slice per held item or
	 * per visit-only item (each costs at least one unit). */
	CHECK_EQ(sliced(1, 0), NR_ITEMS);
	/* The whole walk fits one default slice: 1800 releases of 16
	 * units and 3200 visits are 32000 of its 32768 units. */
	CHECK_EQ(sliced(TEARDOWN_SLICE_UNITS, 0), 1);
	/* A softirq at every check: one item per slice. */
	CHECK_EQ(sliced(TEARDOWN_SLICE_UNITS, 1), NR_ITEMS);
}

static void test_empty(void)
{
	struct teardown_budget b = { .preemptible = true, .units = 0 };
	uint32_t cursor = 7;

	reset();
	CHECK_EQ(teardown_walk(&cursor, 7, release_item, NULL, &b), 0);
	CHECK_EQ(cursor, 7);
	/* A spent budget at entry still does one item (progress). */
	CHECK_EQ(teardown_walk(&cursor, 9, release_item, NULL, &b), -ERESTART);
	CHECK_EQ(cursor, 8);
	CHECK_EQ(done[7], 1);
	CHECK_EQ(teardown_walk(&cursor, 9, release_item, NULL, &b), 0);
	CHECK_EQ(done[8], 1);
}

int main(void)
{
	test_at_once();
	test_slices();
	test_empty();
	return check_summary("teardown-walk");
}
