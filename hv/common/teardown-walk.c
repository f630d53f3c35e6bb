/* SPDX-License-Identifier: MIT */
/*
 * The budgeted cursor walk of satori/teardown.h, shared by the event
 * channel and grant phases of a dying domain's teardown. Pure logic over
 * a cursor the caller keeps in the domain: host unit tests run it with
 * every pattern of stops.
 */
#include <satori/errno.h>
#include <satori/hypercall.h>
#include <satori/teardown.h>

static void charge(struct teardown_budget *b, unsigned int units)
{
	b->units = b->units > units ? b->units - units : 0;
}

static bool spent(const struct teardown_budget *b)
{
	return b->preemptible && (!b->units || hypercall_preempt_check());
}

int teardown_walk(uint32_t *cursor, uint32_t end, teardown_item_fn *fn,
		  void *ctx, struct teardown_budget *b)
{
	while (*cursor < end) {
		uint32_t item = (*cursor)++;

		charge(b, fn(ctx, item));
		if (*cursor < end && spent(b))
			return -ERESTART;
	}
	return 0;
}
