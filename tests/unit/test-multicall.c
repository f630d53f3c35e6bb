/* unit-sources: hv/common/multicall.c */
/* SPDX-License-Identifier: MIT */
/*
 * multicall against a fake dispatcher and fake guest memory: results
 * written back per entry, failures not stopping the batch, nested
 * multicalls, iret ending the batch, the entry cap, 32-bit truncation of
 * the count, op numbers beyond 32 bits and bad lists.
 */
#include <satori/multicall.h>

#include <public/xen.h>

#include "check.h"
#include "fake-guest.h"

#define OP_SUM 100  /* Fake hypercall: returns args[0] + ... + args[4]. */
#define OP_FAIL 101 /* Fake hypercall: returns -EINVAL. */
#define IRET_RAX 0x1234

static unsigned int dispatched;
static unsigned int last_nr;

long hypercall_dispatch(unsigned int nr,
			const uint64_t args[HYPERCALL_MAX_ARGS])
{
	dispatched++;
	last_nr = nr;
	switch (nr) {
	case OP_SUM:
		return (long)(args[0] + args[1] + args[2] + args[3] + args[4]);
	case OP_FAIL:
		return -EINVAL;
	case __HYPERVISOR_multicall:
		return do_multicall(args[0], args[1]);
	case __HYPERVISOR_iret:
		return IRET_RAX;
	default:
		return -ENOSYS;
	}
}

static struct multicall_entry *entry(uint64_t list, unsigned int i)
{
	return fg_ptr(list + i * sizeof(struct multicall_entry));
}

static void put(uint64_t list, unsigned int i, uint64_t op, uint64_t a0,
		uint64_t a1)
{
	struct multicall_entry *e = entry(list, i);

	memset(e, 0, sizeof(*e));
	e->op = op;
	e->result = 0x5a5a5a5a;
	e->args[0] = a0;
	e->args[1] = a1;
	e->args[4] = 1000;
	e->args[5] = 1ULL << 40; /* Sixth argument: never passed on. */
}

static void test_layout(void)
{
	CHECK_EQ(sizeof(struct multicall_entry), 64);
	CHECK_EQ(offsetof(struct multicall_entry, result), 8);
}

static void test_batch(void)
{
	fg_reset();
	dispatched = 0;
	put(FG_BASE, 0, OP_SUM, 1, 2);
	put(FG_BASE, 1, OP_FAIL, 0, 0);
	put(FG_BASE, 2, 77, 0, 0);
	put(FG_BASE, 3, OP_SUM, 10, 20);
	put(FG_BASE, 4, OP_SUM, 99, 99); /* beyond nr: untouched */

	CHECK_EQ(do_multicall(FG_BASE, 4), 0);
	CHECK_EQ(dispatched, 4);
	CHECK_EQ(entry(FG_BASE, 0)->result, 1003);
	CHECK_EQ(entry(FG_BASE, 1)->result, (uint64_t)-EINVAL);
	CHECK_EQ(entry(FG_BASE, 2)->result, (uint64_t)-ENOSYS);
	CHECK_EQ(entry(FG_BASE, 3)->result, 1030);
	CHECK_EQ(entry(FG_BASE, 4)->result, 0x5a5a5a5a);
	/* Debug builds (the unit tests) poison all but result. */
	CHECK_EQ(entry(FG_BASE, 0)->op, 0xaaaaaaaaaaaaaaaaULL);
	CHECK_EQ(entry(FG_BASE, 3)->args[5], 0xaaaaaaaaaaaaaaaaULL);
	CHECK_EQ(entry(FG_BASE, 4)->op, OP_SUM); /* not processed */
	CHECK(!fg_vcpu.in_multicall);

	/* An empty batch does nothing, even with a bad pointer. */
	dispatched = 0;
	CHECK_EQ(do_multicall(0, 0), 0);
	CHECK_EQ(dispatched, 0);
	/* The count is 32 bits wide: 1 << 32 is an empty batch. */
	CHECK_EQ(do_multicall(FG_BASE, 1ULL << 32), 0);
	CHECK_EQ(dispatched, 0);
}

static void test_nested_and_iret(void)
{
	const uint64_t inner = FG_BASE + 0x800;

	fg_reset();
	dispatched = 0;
	put(inner, 0, OP_SUM, 5, 5);
	put(FG_BASE, 0, __HYPERVISOR_multicall, inner, 1);
	put(FG_BASE, 1, OP_SUM, 1, 1);
	CHECK_EQ(do_multicall(FG_BASE, 2), 0);
	CHECK_EQ(entry(FG_BASE, 0)->result, (uint64_t)-EINVAL);
	CHECK_EQ(entry(inner, 0)->result, 0x5a5a5a5a); /* never ran */
	CHECK_EQ(entry(FG_BASE, 1)->result, 1002);
	CHECK(!fg_vcpu.in_multicall);

	/* iret ends the batch; its result is the multicall's. */
	dispatched = 0;
	put(FG_BASE, 0, OP_SUM, 1, 0);
	put(FG_BASE, 1, __HYPERVISOR_iret, 0, 0);
	put(FG_BASE, 2, OP_SUM, 2, 0);
	CHECK_EQ(do_multicall(FG_BASE, 3), IRET_RAX);
	CHECK_EQ(dispatched, 2);
	CHECK_EQ(entry(FG_BASE, 1)->result, IRET_RAX);
	CHECK_EQ(entry(FG_BASE, 2)->result, 0x5a5a5a5a);
	CHECK(!fg_vcpu.in_multicall);

	/* Op numbers beyond 32 bits: -ENOSYS, not truncated and run. */
	dispatched = 0;
	put(FG_BASE, 0, (1ULL << 32) | OP_SUM, 1, 1);
	CHECK_EQ(do_multicall(FG_BASE, 1), 0);
	CHECK_EQ(dispatched, 0);
	CHECK_EQ(entry(FG_BASE, 0)->result, (uint64_t)-ENOSYS);
}

static void test_bad_lists(void)
{
	/* The last whole entry before the hole, then one in it. */
	const uint64_t edge = FG_HOLE_VA - sizeof(struct multicall_entry);

	fg_reset();
	dispatched = 0;
	CHECK_EQ(do_multicall(GUEST_HV_HOLE_START, 1), -EFAULT);
	CHECK_EQ(do_multicall(0x00007fffffffffc0ULL, 2), -EFAULT);
	CHECK_EQ(dispatched, 0);

	/* Entries before the hole run; the batch stops at the hole. */
	put(edge, 0, OP_SUM, 3, 3);
	CHECK_EQ(do_multicall(edge, 2), -EFAULT);
	CHECK_EQ(dispatched, 1);
	CHECK_EQ(entry(edge, 0)->result, 1006);
	CHECK(!fg_vcpu.in_multicall);

	/* Too many entries: refused whole before any runs. */
	dispatched = 0;
	put(FG_BASE, 0, OP_SUM, 0, 0);
	CHECK_EQ(do_multicall(FG_BASE, MULTICALL_MAX_ENTRIES + 1), -E2BIG);
	CHECK_EQ(dispatched, 0);
	CHECK_EQ(entry(FG_BASE, 0)->result, 0x5a5a5a5a);
}

static void test_cap_reached(void)
{
	const uint64_t list = FG_HOLE_VA + 4096; /* page 3, then beyond */
	unsigned int i;

	/* A list of exactly MULTICALL_MAX_ENTRIES is not refused: the 64
	 * entries in the last mapped page run, then it faults past the end
	 * of the fake memory. */
	fg_reset();
	dispatched = 0;
	for (i = 0; i < 64; i++)
		put(list, i, OP_SUM, i, 0);
	CHECK_EQ(do_multicall(list, MULTICALL_MAX_ENTRIES), -EFAULT);
	CHECK_EQ(dispatched, 64);
	CHECK_EQ(entry(list, 63)->result, 1063);
}

int main(void)
{
	test_layout();
	test_batch();
	test_nested_and_iret();
	test_bad_lists();
	test_cap_reached();
	return check_summary("multicall");
}
