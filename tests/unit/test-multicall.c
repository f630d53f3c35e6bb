/* unit-sources: hv/common/multicall.c hv/common/hypercall-cont.c */
/* SPDX-License-Identifier: MIT */
/*
 * multicall against a fake dispatcher and fake guest memory: results
 * written back per entry, failures not stopping the batch, nested
 * multicalls, iret ending the batch, 32-bit truncation of the count, op
 * numbers beyond 32 bits, bad lists, and continuations: preemption
 * between entries and a sub-call that continues itself.
 */
#include <public/xen.h>

#include "check.h"
#include "fake-guest.h"

#define OP_SUM 100   /* Fake hypercall: returns args[0] + ... + args[4]. */
#define OP_FAIL 101  /* Fake hypercall: returns -EINVAL. */
#define OP_CHUNK 102 /* Fake: works off args[0] items, 3 per call. */
#define IRET_RAX 0x1234
#define CHUNK 3

static unsigned int dispatched;
static unsigned int last_nr;
/* hypercall_preempt_check() answers true from its @preempt_at'th call
 * on (0: never). */
static unsigned int preempt_calls, preempt_at;

bool hypercall_preempt_check(void)
{
	preempt_calls++;
	return preempt_at && preempt_calls >= preempt_at;
}

/* A long sub-call: item count in args[0], items done so far in args[1]. */
static long op_chunk(const uint64_t args[HYPERCALL_MAX_ARGS])
{
	uint64_t cont[HYPERCALL_MAX_ARGS] = { 0 };

	if (args[0] <= CHUNK)
		return (long)(args[1] + args[0]);
	cont[0] = args[0] - CHUNK;
	cont[1] = args[1] + CHUNK;
	cont[2] = args[2];
	return hypercall_create_continuation(OP_CHUNK, cont);
}

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
	case OP_CHUNK:
		return op_chunk(args);
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
}

static void test_huge_count(void)
{
	/* No cap on the count (Xen has none): a range that does not fit in
	 * the guest half is -EFAULT before any entry runs; one that does runs
	 * until the first unmapped entry. */
	fg_reset();
	dispatched = 0;
	CHECK_EQ(do_multicall(FG_BASE, 0xffffffffULL), -EFAULT);
	CHECK_EQ(dispatched, 2 * 64); /* pages 0 and 1, then the hole */
}

/* Re-issue the continuation recorded in fg_vcpu as the SYSCALL path
 * would, asserting it is a multicall. */
static long reissue_multicall(void)
{
	CHECK(fg_vcpu.hcall_cont.pending);
	CHECK_EQ(fg_vcpu.hcall_cont.nr, __HYPERVISOR_multicall);
	fg_vcpu.hcall_cont.pending = false;
	return do_multicall(fg_vcpu.hcall_cont.args[0],
			    fg_vcpu.hcall_cont.args[1]);
}

static void test_preempt_between_entries(void)
{
	unsigned int i;

	fg_reset();
	dispatched = 0;
	for (i = 0; i < 5; i++)
		put(FG_BASE, i, OP_SUM, i, 0);
	/* Checked before entries 1..4: the second check (before entry 2)
	 * says yield. */
	preempt_calls = 0;
	preempt_at = 2;
	CHECK_EQ(do_multicall(FG_BASE, 5), __HYPERVISOR_multicall);
	CHECK_EQ(dispatched, 2);
	CHECK(!fg_vcpu.in_multicall);
	CHECK_EQ(fg_vcpu.hcall_cont.args[0], FG_BASE + 2 * 64);
	CHECK_EQ(fg_vcpu.hcall_cont.args[1], 3);
	CHECK_EQ(entry(FG_BASE, 2)->result, 0x5a5a5a5a);

	/* Always preempting still makes progress: one entry per pass. */
	preempt_calls = 0;
	preempt_at = 1;
	CHECK_EQ(reissue_multicall(), __HYPERVISOR_multicall);
	CHECK_EQ(dispatched, 3);
	CHECK_EQ(fg_vcpu.hcall_cont.args[1], 2);
	preempt_at = 0;
	CHECK_EQ(reissue_multicall(), 0);
	CHECK(!fg_vcpu.hcall_cont.pending);
	CHECK_EQ(dispatched, 5);
	for (i = 0; i < 5; i++)
		CHECK_EQ(entry(FG_BASE, i)->result, 1000 + i);
}

static void test_subcall_continuation(void)
{
	struct multicall_entry *e;

	fg_reset();
	dispatched = 0;
	preempt_at = 0;
	put(FG_BASE, 0, OP_SUM, 1, 1);
	put(FG_BASE, 1, OP_CHUNK, 7, 0);
	entry(FG_BASE, 1)->args[2] = 42;
	put(FG_BASE, 2, OP_SUM, 2, 2);

	/* Entry 1 does 3 items, then asks to be continued: the multicall
	 * resumes at entry 1, whose arguments now say 4 left, 3 done. */
	CHECK_EQ(do_multicall(FG_BASE, 3), __HYPERVISOR_multicall);
	CHECK_EQ(fg_vcpu.hcall_cont.args[0], FG_BASE + 64);
	CHECK_EQ(fg_vcpu.hcall_cont.args[1], 2);
	e = entry(FG_BASE, 1);
	CHECK_EQ(e->op, OP_CHUNK);
	CHECK_EQ(e->result, 0x5a5a5a5a);
	CHECK_EQ(e->args[0], 4);
	CHECK_EQ(e->args[1], 3);
	CHECK_EQ(e->args[2], 42);
	CHECK_EQ(entry(FG_BASE, 2)->result, 0x5a5a5a5a);

	CHECK_EQ(reissue_multicall(), __HYPERVISOR_multicall);
	CHECK_EQ(e->args[0], 1);
	CHECK_EQ(e->args[1], 6);
	CHECK_EQ(reissue_multicall(), 0);
	CHECK(!fg_vcpu.hcall_cont.pending);
	CHECK_EQ(e->result, 7);
	CHECK_EQ(entry(FG_BASE, 2)->result, 1004);
	CHECK_EQ(dispatched, 5);
}

static void test_direct_continuation(void)
{
	const uint64_t args[HYPERCALL_MAX_ARGS] = { 1, 2, 3, 4, 5 };

	/* Outside a multicall the record is left for the SYSCALL path. */
	fg_reset();
	CHECK_EQ(hypercall_create_continuation(OP_CHUNK, args), OP_CHUNK);
	CHECK(fg_vcpu.hcall_cont.pending);
	CHECK_EQ(fg_vcpu.hcall_cont.nr, OP_CHUNK);
	CHECK_EQ(fg_vcpu.hcall_cont.args[4], 5);
}

int main(void)
{
	test_layout();
	test_batch();
	test_nested_and_iret();
	test_bad_lists();
	test_huge_count();
	test_preempt_between_entries();
	test_subcall_continuation();
	test_direct_continuation();
	return check_summary("multicall");
}
