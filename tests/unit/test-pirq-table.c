/* unit-sources: hv/arch/x86/pirq-table.c */
/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the pirq table with Xen's rules: free-pirq allocation
 * (GSI pirqs from 16 up, others from the top down), map_pirq of a GSI
 * (own pirq, chosen pirq, the same GSI twice, a GSI mapped elsewhere,
 * GSI 0, no access, out of range, Xen's "already mapped" answer), unmap,
 * and the bind state machine (checks in Xen's order, abort, done, unbind
 * only by the bound port, a bound pirq kept after unmap until closed).
 */
#include <asm/pirq-table.h>
#include <satori/errno.h>

#include <stdlib.h>

#include "check.h"

#define NR_GSIS 24
#define NR_PIRQS (NR_GSIS + PIRQ_EXTRA_DOMU)

static struct pirq_table *new_table(void)
{
	struct pirq_table *t = malloc(pirq_table_bytes(NR_PIRQS));

	pirq_table_init(t, NR_PIRQS, NR_GSIS);
	return t;
}

static void test_get_free(void)
{
	struct pirq_table *t = new_table();

	CHECK_EQ(pirq_table_get_free(t, true), 16);
	CHECK_EQ(pirq_table_get_free(t, true), 17);
	CHECK_EQ(t->e[16].state, PIRQ_RESERVED);
	/* MSI: from the top, never below the GSIs. */
	CHECK_EQ(pirq_table_get_free(t, false), NR_PIRQS - 1);
	CHECK_EQ(pirq_table_get_free(t, false), NR_PIRQS - 2);
	for (int i = 0; i < PIRQ_EXTRA_DOMU - 2; i++)
		CHECK_EQ(pirq_table_get_free(t, false), NR_PIRQS - 3 - i);
	CHECK_EQ(pirq_table_get_free(t, false), -ENOSPC);
	/* GSI type: the GSI range first; when that is full, the rest. */
	for (int i = 18; i < NR_GSIS; i++)
		CHECK_EQ(pirq_table_get_free(t, true), i);
	CHECK_EQ(pirq_table_get_free(t, true), -ENOSPC);
	free(t);
}

static void test_map(void)
{
	struct pirq_table *t = new_table();
	uint32_t gsi = 0;

	/* Linux's legacy IRQs: pirq == GSI. */
	CHECK_EQ(pirq_table_map_gsi(t, 9, 9, true), 9);
	CHECK_EQ(t->e[9].state, PIRQ_MAPPED);
	CHECK_EQ(t->e[9].gsi, 9);
	CHECK_EQ(pirq_table_gsi_to_pirq(t, 9), 9);
	/* Again: the same answer; with -1: the pirq it has. */
	CHECK_EQ(pirq_table_map_gsi(t, 9, 9, true), 9);
	CHECK_EQ(pirq_table_map_gsi(t, 9, -1, true), 9);
	/* Another pirq for a mapped GSI. */
	CHECK_EQ(pirq_table_map_gsi(t, 9, 10, true), -EEXIST);
	/* A free pirq from 16 up. */
	CHECK_EQ(pirq_table_map_gsi(t, 20, -1, true), 16);
	CHECK_EQ(pirq_table_gsi_to_pirq(t, 20), 16);
	/* A pirq naming another GSI: Xen's 0 without a change. */
	CHECK_EQ(pirq_table_map_gsi(t, 5, 9, true), 9);
	CHECK_EQ(t->e[9].gsi, 9);
	CHECK_EQ(pirq_table_gsi_to_pirq(t, 5), -1);
	/* Errors, in Xen's order: access, then ranges. */
	CHECK_EQ(pirq_table_map_gsi(t, 5, 5, false), -EPERM);
	CHECK_EQ(pirq_table_map_gsi(t, 5, NR_PIRQS, true), -EINVAL);
	CHECK_EQ(pirq_table_map_gsi(t, 5, NR_PIRQS, false), -EPERM);
	CHECK_EQ(pirq_table_map_gsi(t, 0, 0, true), -EINVAL);
	CHECK_EQ(pirq_table_map_gsi(t, 9, 10, false), -EEXIST);
	/* Nothing changed by the failures; no pirq left reserved. */
	CHECK_EQ(t->e[5].state, PIRQ_FREE);
	CHECK_EQ(t->e[17].state, PIRQ_FREE);
	/* A reserved pirq can be mapped by number. */
	CHECK_EQ(pirq_table_get_free(t, true), 17);
	CHECK_EQ(pirq_table_map_gsi(t, 21, 17, true), 17);
	/* Unmap. */
	CHECK_EQ(pirq_table_unmap(t, 9, &gsi), 0);
	CHECK_EQ(gsi, 9);
	CHECK_EQ(t->e[9].state, PIRQ_FREE);
	CHECK_EQ(pirq_table_unmap(t, 9, &gsi), -EINVAL);
	CHECK_EQ(pirq_table_unmap(t, -1, &gsi), -EINVAL);
	CHECK_EQ(pirq_table_unmap(t, NR_PIRQS, &gsi), -EINVAL);
	CHECK_EQ(pirq_table_unmap(t, 40, &gsi), -EINVAL); /* free */
	CHECK_EQ(pirq_table_gsi_to_pirq(t, 9), -1);
	/* The GSI can take another pirq now. */
	CHECK_EQ(pirq_table_map_gsi(t, 9, 12, true), 12);
	free(t);
}

static void test_bind(void)
{
	struct pirq_table *t = new_table();
	uint32_t gsi = 0;

	CHECK_EQ(pirq_table_bind_begin(t, NR_PIRQS), -EINVAL);
	CHECK_EQ(pirq_table_bind_begin(t, 0xffffffffu), -EINVAL);
	CHECK_EQ(pirq_table_bind_begin(t, 9), -EPERM); /* not mapped */
	CHECK_EQ(pirq_table_get_free(t, true), 16);
	CHECK_EQ(pirq_table_bind_begin(t, 16), -EPERM); /* reserved only */
	CHECK_EQ(pirq_table_map_gsi(t, 9, 9, true), 9);
	CHECK_EQ(pirq_table_bind_begin(t, 9), 0);
	/* While a bind is under way the pirq is taken. */
	CHECK_EQ(pirq_table_bind_begin(t, 9), -EEXIST);
	pirq_table_bind_abort(t, 9);
	CHECK_EQ(t->e[9].port, 0);
	CHECK_EQ(pirq_table_bind_begin(t, 9), 0);
	pirq_table_bind_done(t, 9, 33);
	CHECK_EQ(t->e[9].port, 33);
	CHECK_EQ(pirq_table_bind_begin(t, 9), -EEXIST);
	/* Only the bound port unbinds. */
	CHECK_EQ(pirq_table_unbind(t, 9, 34), false);
	CHECK_EQ(pirq_table_unbind(t, NR_PIRQS, 33), false);
	CHECK_EQ(t->e[9].port, 33);
	/* Unmapped while bound: the port stays until closed, and the pirq
	 * is not handed out again before that. */
	CHECK_EQ(pirq_table_unmap(t, 9, &gsi), 0);
	CHECK_EQ(t->e[9].port, 33);
	CHECK_EQ(pirq_table_bind_begin(t, 9), -EPERM);
	CHECK_EQ(pirq_table_unbind(t, 9, 33), true);
	CHECK_EQ(t->e[9].port, 0);
	CHECK_EQ(pirq_table_unbind(t, 9, 33), false);
	CHECK_EQ(pirq_table_map_gsi(t, 9, 9, true), 9);
	CHECK_EQ(pirq_table_bind_begin(t, 9), 0);
	pirq_table_bind_done(t, 9, 40);
	CHECK_EQ(t->e[9].port, 40);
	free(t);
}

static void test_bound_pirq_not_reused(void)
{
	struct pirq_table *t = new_table();
	uint32_t gsi = 0;

	CHECK_EQ(pirq_table_map_gsi(t, 20, -1, true), 16);
	CHECK_EQ(pirq_table_bind_begin(t, 16), 0);
	pirq_table_bind_done(t, 16, 5);
	CHECK_EQ(pirq_table_unmap(t, 16, &gsi), 0);
	CHECK_EQ(gsi, 20);
	/* Pirq 16 still has its port: a new GSI gets 17. */
	CHECK_EQ(pirq_table_map_gsi(t, 21, -1, true), 17);
	free(t);
}

int main(void)
{
	test_get_free();
	test_map();
	test_bind();
	test_bound_pirq_not_reused();
	return check_summary("test-pirq-table");
}
