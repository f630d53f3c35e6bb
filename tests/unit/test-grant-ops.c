/* unit-sources: hv/common/grant/ops.c */
/* SPDX-License-Identifier: MIT */
/*
 * grant_table_op's management operations (hv/common/grant/ops.c) on fake
 * domains and fake guest memory: who may name which domain (self, another
 * only when privileged, a missing one), setup_table growing through the
 * table code and listing frames with a fault in the middle of the list
 * (GNTST_bad_virt_addr, the other entries still written), a failed growth
 * (GNTST_general_error, nothing listed), the frame-list pointer checked
 * at its start only, each operation's count rule and status layout, and
 * the hand-over of map/unmap/copy to their batch handlers (-ENOSYS for
 * transfer and dump_table).
 */
#include <stdarg.h>
#include <string.h>

#include <satori/grant-table.h>
#include <satori/log.h>

#include <public/grant_table.h>
#include <public/xen.h>

#include "../../hv/common/grant/grant-private.h"
#include "check.h"
#include "fake-guest.h"

/* --- The table code and the domain list, faked --- */

static struct domain other;
static struct grant_table self_gt, other_gt;
static void *frames[8];
static int grow_fails;
static unsigned int refs;

int grant_table_grow(struct domain *d, struct grant_table *gt, unsigned int nr)
{
	(void)d;
	if (grow_fails)
		return -ENOMEM;
	gt->nr_frames = nr;
	return 0;
}

uint64_t grant_frame_mfn(const struct grant_table *gt, unsigned int i)
{
	return (gt == &self_gt ? 0x1000 : 0x2000) + i;
}

struct domain *get_domain_by_id(domid_t id)
{
	struct domain *d = id == fg_dom.domain_id  ? &fg_dom
			   : id == other.domain_id ? &other
						   : NULL;
	refs += d != NULL;
	return d;
}

void put_domain(struct domain *d)
{
	(void)d;
	CHECK(refs > 0);
	refs--;
}

void log_printf(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

/* The batch handlers (batch.c) are not under test here: record what
 * the dispatcher hands them. */
static unsigned int batch_cmd;
static uint64_t batch_uop;
static uint32_t batch_count;

static long batch(unsigned int cmd, uint64_t uop, uint32_t count)
{
	batch_cmd = cmd;
	batch_uop = uop;
	batch_count = count;
	return 0;
}

long grant_op_map(uint64_t uop, uint32_t count)
{
	return batch(GNTTABOP_map_grant_ref, uop, count);
}

long grant_op_unmap(uint64_t uop, uint32_t count)
{
	return batch(GNTTABOP_unmap_grant_ref, uop, count);
}

long grant_op_unmap_and_replace(uint64_t uop, uint32_t count)
{
	return batch(GNTTABOP_unmap_and_replace, uop, count);
}

long grant_op_copy(uint64_t uop, uint32_t count)
{
	return batch(GNTTABOP_copy, uop, count);
}

static void reset(bool privileged)
{
	fg_reset();
	memset(&other, 0, sizeof(other));
	fg_dom.domain_id = 3;
	fg_dom.is_privileged = privileged;
	other.domain_id = 5;
	self_gt = (struct grant_table){
		.version = 1, .nr_frames = 1, .max_frames = 8, .shared = frames
	};
	other_gt = self_gt;
	fg_dom.grant_table = &self_gt;
	other.grant_table = &other_gt;
	grow_fails = 0;
	refs = 0;
}

#define OP_VA FG_BASE
#define LIST_VA (FG_BASE + 4096)

static long op(unsigned int cmd, const void *arg, size_t size, uint64_t count)
{
	memcpy(fg_mem, arg, size);
	return do_grant_table_op(cmd, OP_VA, count);
}

static int16_t setup(domid_t dom, uint32_t nr, uint64_t list, long want)
{
	struct gnttab_setup_table st = { .dom = dom, .nr_frames = nr };
	int16_t status;

	st.frame_list.p = list;
	CHECK_EQ(op(GNTTABOP_setup_table, &st, sizeof(st), 1), want);
	memcpy(&status, fg_mem + offsetof(struct gnttab_setup_table, status),
	       sizeof(status));
	return status;
}

static void test_targets(void)
{
	struct gnttab_query_size q = { .dom = 5 };
	struct gnttab_get_version g = { .dom = 5 };

	reset(false);
	CHECK_EQ(op(GNTTABOP_query_size, &q, sizeof(q), 1), 0);
	CHECK_EQ(((struct gnttab_query_size *)fg_mem)->status,
		 GNTST_permission_denied);
	CHECK_EQ(op(GNTTABOP_get_version, &g, sizeof(g), 1), -EPERM);
	CHECK_EQ(setup(5, 1, LIST_VA, 0), GNTST_permission_denied);
	CHECK_EQ(setup(3, 1, LIST_VA, 0), GNTST_okay); /* Own id. */
	CHECK_EQ(setup(9, 1, LIST_VA, 0), GNTST_bad_domain);
	g.dom = 9;
	CHECK_EQ(op(GNTTABOP_get_version, &g, sizeof(g), 1), -ESRCH);
	CHECK_EQ(refs, 0);

	reset(true);
	q.dom = 5;
	CHECK_EQ(op(GNTTABOP_query_size, &q, sizeof(q), 1), 0);
	CHECK_EQ(((struct gnttab_query_size *)fg_mem)->status, GNTST_okay);
	CHECK_EQ(((struct gnttab_query_size *)fg_mem)->max_nr_frames, 8);
	CHECK_EQ(setup(5, 2, LIST_VA, 0), GNTST_okay);
	CHECK_EQ(other_gt.nr_frames, 2);
	CHECK_EQ(self_gt.nr_frames, 1);
	CHECK_EQ(((uint64_t *)(fg_mem + 4096))[1], 0x2001);
	CHECK_EQ(refs, 0);
}

static void test_setup_lists(void)
{
	/* Four entries ending 16 bytes into the unmapped page. */
	uint64_t list = FG_HOLE_VA - 16;
	uint64_t got[2];

	reset(false);
	CHECK_EQ(setup(DOMID_SELF, 4, list, 0), GNTST_bad_virt_addr);
	CHECK_EQ(self_gt.nr_frames, 4);
	memcpy(got, fg_ptr(list), sizeof(got));
	CHECK_EQ(got[0], 0x1000);
	CHECK_EQ(got[1], 0x1001);

	reset(false);
	grow_fails = 1;
	memset(fg_mem + 4096, 0, 64);
	CHECK_EQ(setup(DOMID_SELF, 3, LIST_VA, 0), GNTST_general_error);
	CHECK_EQ(((uint64_t *)(fg_mem + 4096))[0], 0);
	CHECK_EQ(setup(DOMID_SELF, 9, LIST_VA, 0), GNTST_general_error);
	grow_fails = 0;
	CHECK_EQ(setup(DOMID_SELF, 1, LIST_VA, 0), GNTST_okay); /* No growth. */
	CHECK_EQ(self_gt.nr_frames, 1);
	/* Only the list's start is checked: a huge count near the top of
	 * the lower half passes the check and fails on the limit. */
	CHECK_EQ(setup(DOMID_SELF, 0xffffffffu, 0x7ffffffff000ULL, 0),
		 GNTST_general_error);
	CHECK_EQ(setup(DOMID_SELF, 1, 0xffff800000000000ULL, -EFAULT), 0);
}

static void test_counts_and_versions(void)
{
	struct gnttab_set_version s = { .version = 2 };
	struct gnttab_get_status_frames gs = { .dom = DOMID_SELF };

	reset(false);
	CHECK_EQ(op(GNTTABOP_set_version, &s, sizeof(s), 0), -ENOSYS);
	CHECK_EQ(((struct gnttab_set_version *)fg_mem)->version, 1);
	s.version = 1;
	CHECK_EQ(op(GNTTABOP_set_version, &s, sizeof(s), 5), 0);
	CHECK_EQ(op(GNTTABOP_get_status_frames, &gs, sizeof(gs), 2), -EINVAL);
	gs.nr_frames = 1;
	gs.frame_list.p = LIST_VA;
	CHECK_EQ(op(GNTTABOP_get_status_frames, &gs, sizeof(gs), 1), 0);
	CHECK_EQ(((struct gnttab_get_status_frames *)fg_mem)->status,
		 GNTST_general_error);
	/* count is an unsigned int: the upper half of the register is
	 * ignored, a value negative as an int is refused. */
	CHECK_EQ(op(GNTTABOP_set_version, &s, sizeof(s), 1ULL << 32), 0);
	CHECK_EQ(op(GNTTABOP_set_version, &s, sizeof(s), 0x80000000u), -EINVAL);
	CHECK_EQ(op(GNTTABOP_transfer, &s, sizeof(s), 1), -ENOSYS);
	CHECK_EQ(fg_enosys_calls, 1);
	CHECK_EQ(fg_enosys_subop, GNTTABOP_transfer);
	CHECK_EQ(op(GNTTABOP_dump_table, &s, sizeof(s), 1), -ENOSYS);
	CHECK_EQ(op(GNTTABOP_cache_flush | (1u << 12), &s, sizeof(s), 1),
		 -ENOSYS);
	CHECK_EQ(op(GNTTABOP_copy | (1u << 12), &s, sizeof(s), 1), -EINVAL);
}

/* The grant-using operations reach their batch handlers with the
 * count's low 32 bits, and never with continuation bits in cmd. */
static void test_dispatch(void)
{
	static const unsigned int cmds[] = { GNTTABOP_map_grant_ref,
					     GNTTABOP_unmap_grant_ref,
					     GNTTABOP_unmap_and_replace,
					     GNTTABOP_copy };
	struct gnttab_set_version s = { 0 };

	for (unsigned int i = 0; i < 4; i++) {
		reset(false);
		batch_cmd = 99;
		CHECK_EQ(op(cmds[i], &s, sizeof(s), (7ULL << 32) | 40), 0);
		CHECK_EQ(batch_cmd, cmds[i]);
		CHECK_EQ(batch_uop, OP_VA);
		CHECK_EQ(batch_count, 40);
		batch_cmd = 99;
		CHECK_EQ(op(cmds[i] | (2u << 12), &s, sizeof(s), 1), -EINVAL);
		CHECK_EQ(op(cmds[i], &s, sizeof(s), 0x80000000u), -EINVAL);
		CHECK_EQ(batch_cmd, 99);
		CHECK_EQ(fg_enosys_calls, 0);
	}
}

int main(void)
{
	test_dispatch();
	test_targets();
	test_setup_lists();
	test_counts_and_versions();
	return check_summary("grant-ops");
}
