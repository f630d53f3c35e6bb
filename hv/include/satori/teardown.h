/* SPDX-License-Identifier: MIT */
/*
 * Budgeted walks for a dying domain's teardown (common/teardown-walk.c):
 * the phases that close its event channels and release its grant
 * mappings go over numbered items (ports, maptrack handles) from a cursor
 * kept in the domain, charging work units per item, and stop when the
 * slice's units are spent or a softirq is pending, so that a domain with
 * 2^17 ports or a big maptrack never holds a CPU for the whole of it.
 */
#ifndef SATORI_TEARDOWN_H
#define SATORI_TEARDOWN_H

#include <satori/types.h>

/* Work units one slice of the event/grant phases may spend (about the
 * cost of the frame-type core's PT_WORK_BUDGET: a few ms under TCG). */
#define TEARDOWN_SLICE_UNITS 32768u
/* Units per item visited, and per item that held something to release
 * (locks, the peer's channel, a granter's pins and frame reference). */
#define TEARDOWN_VISIT_COST 1u
#define TEARDOWN_RELEASE_COST 16u

/* What one slice may still spend; without @preemptible, no limit. */
struct teardown_budget {
	bool preemptible;
	unsigned int units;
};

/* Release item @item of @ctx (a port, a handle): the units it cost
 * (TEARDOWN_VISIT_COST if nothing was held). Called once per item. */
typedef unsigned int teardown_item_fn(void *ctx, uint32_t item);

/*
 * Apply @fn to every item from *@cursor to @end (exclusive), advancing
 * *@cursor past each one before the next. 0 once *@cursor == @end;
 * -ERESTART when @b is spent or hypercall_preempt_check() says so, with
 * more items left. At least one item is done per call, so every slice
 * makes progress; no item is done twice, whatever the stops.
 */
int teardown_walk(uint32_t *cursor, uint32_t end, teardown_item_fn *fn,
		  void *ctx, struct teardown_budget *b);

#endif
