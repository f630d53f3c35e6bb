/* unit-sources: hv/common/grant/active.c hv/common/grant/maptrack.c */
/* SPDX-License-Identifier: MIT */
/*
 * The pure parts of grant mapping: the active entry's pin counters and
 * the GTF_reading / GTF_writing flags they keep in the shared entry
 * (hv/common/grant/active.c, Xen's _set_status_v1 and
 * reduce_status_for_pin), and the maptrack handle allocator
 * (hv/common/grant/maptrack.c). Checked: who may pin (entry type, grantee
 * id, GTF_readonly, GTF_sub_page for mappings only, the pinned grantee,
 * counter overflow), which flags each pin sets and each unpin clears,
 * that a refused pin changes nothing and that the granter's other bits
 * survive; handles unique, reused LIFO,
 * growing by chunks up to the limit (-ENOSPC), a failed allocation
 * (-ENOMEM) changing nothing, and stale or out-of-range handles.
 */
#include <stdlib.h>
#include <string.h>

#include <satori/errno.h>
#include <satori/xmalloc.h>

#include "../../hv/common/grant/grant-private.h"
#include "check.h"

/* --- xmalloc on the host, with injectable failure --- */

static int alloc_fails;

void *xzalloc_array_bytes(size_t n, size_t size)
{
	if (alloc_fails)
		return NULL;
	return calloc(n, size);
}

void xfree(void *p)
{
	free(p);
}

#define ME 3
#define OTHER 4

static struct grant_entry_v1 sh;
static struct active_grant act;

static void entry(uint16_t flags, uint16_t domid)
{
	sh = (struct grant_entry_v1){ .flags = flags,
				      .domid = domid,
				      .frame = 0x1234 };
	act = (struct active_grant){ 0 };
}

static void test_first_pin_rules(void)
{
	entry(GTF_invalid, ME);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_HSTR_INC, true),
		 GNTST_general_error);
	entry(GTF_accept_transfer, ME);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_HSTR_INC, true),
		 GNTST_general_error);
	entry(GTF_permit_access, OTHER);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_HSTR_INC, true),
		 GNTST_general_error);
	CHECK_EQ(sh.flags, GTF_permit_access); /* Refused: untouched. */
	CHECK_EQ(act.pin, 0);
	entry(GTF_permit_access | GTF_readonly, ME);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_HSTW_INC, true),
		 GNTST_general_error);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_DEVW_INC, true),
		 GNTST_general_error);
	CHECK_EQ(sh.flags, GTF_permit_access | GTF_readonly);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_HSTR_INC, true), GNTST_okay);
	CHECK_EQ(sh.flags, GTF_permit_access | GTF_readonly | GTF_reading);
	CHECK_EQ(act.domid, ME);
	/* Sub-page grants may be copied, never mapped. */
	entry(GTF_permit_access | GTF_sub_page, ME);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_HSTR_INC, true),
		 GNTST_general_error);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_HSTR_INC, false), GNTST_okay);
}

static void test_flags_follow_pins(void)
{
	entry(GTF_permit_access, ME);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_HSTR_INC, true), GNTST_okay);
	CHECK_EQ(sh.flags, GTF_permit_access | GTF_reading);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_DEVW_INC, true), GNTST_okay);
	CHECK_EQ(sh.flags, GTF_permit_access | GTF_reading | GTF_writing);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_HSTW_INC, true), GNTST_okay);
	CHECK_EQ(act.pin, GNTPIN_HSTR_INC + GNTPIN_DEVW_INC + GNTPIN_HSTW_INC);
	/* Once pinned the grantee may no longer change the entry's owner. */
	sh.domid = OTHER;
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_DEVR_INC, true), GNTST_okay);
	CHECK_EQ(grant_pin(&sh, &act, OTHER, GNTPIN_DEVR_INC, true),
		 GNTST_general_error);
	sh.domid = ME;
	grant_unpin(&sh, &act, GNTPIN_DEVR_INC);
	grant_unpin(&sh, &act, GNTPIN_HSTW_INC);
	CHECK_EQ(sh.flags, GTF_permit_access | GTF_reading | GTF_writing);
	grant_unpin(&sh, &act, GNTPIN_DEVW_INC);
	CHECK_EQ(sh.flags, GTF_permit_access | GTF_reading);
	grant_unpin(&sh, &act, GNTPIN_HSTR_INC);
	CHECK_EQ(sh.flags, GTF_permit_access);
	CHECK_EQ(act.pin, 0);
	/* The granter's own bits survive the hypervisor's updates. */
	entry(GTF_permit_access | GTF_PCD, ME);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_HSTW_INC, true), GNTST_okay);
	grant_unpin(&sh, &act, GNTPIN_HSTW_INC);
	CHECK_EQ(sh.flags, GTF_permit_access | GTF_PCD);
	CHECK_EQ(sh.domid, ME);
	CHECK_EQ(sh.frame, 0x1234);
}

static void test_overflow(void)
{
	entry(GTF_permit_access, ME);
	for (unsigned int i = 0; i < 128; i++)
		CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_DEVR_INC, true),
			 GNTST_okay);
	CHECK_EQ(grant_pin_allowed(&act, ME), false);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_HSTR_INC, true),
		 GNTST_general_error);
	CHECK_EQ(act.pin, 128 * GNTPIN_DEVR_INC);
	grant_unpin(&sh, &act, GNTPIN_DEVR_INC);
	CHECK_EQ(grant_pin(&sh, &act, ME, GNTPIN_HSTR_INC, true), GNTST_okay);
	CHECK_EQ(grant_pin_inc(true, true), GNTPIN_DEVR_INC);
	CHECK_EQ(grant_pin_inc(true, false), GNTPIN_DEVW_INC);
	CHECK_EQ(grant_pin_inc(false, true), GNTPIN_HSTR_INC);
	CHECK_EQ(grant_pin_inc(false, false), GNTPIN_HSTW_INC);
}

static void test_lookup(void)
{
	static struct grant_entry_v1 f0[GRANT_PER_FRAME], f1[GRANT_PER_FRAME];
	static struct active_grant a0[GRANT_PER_FRAME], a1[GRANT_PER_FRAME];
	void *shared[2] = { f0, f1 };
	struct active_grant *active[2] = { a0, a1 };
	struct grant_table gt = { .nr_frames = 2,
				  .shared = shared,
				  .active = active };

	CHECK_EQ(grant_nr_entries(&gt), 1024);
	CHECK(grant_shared_entry(&gt, 0) == &f0[0]);
	CHECK(grant_shared_entry(&gt, 513) == &f1[1]);
	CHECK(grant_active_entry(&gt, 1023) == &a1[511]);
}

static void test_maptrack(void)
{
	struct maptrack mt;
	uint32_t h[3 * MAPTRACK_CHUNK], extra;

	CHECK_EQ(maptrack_init(&mt, 2 * MAPTRACK_CHUNK + 7), 0);
	CHECK_EQ(maptrack_limit(&mt), 0);
	CHECK(maptrack_entry(&mt, 0) == NULL);
	for (unsigned int i = 0; i < 2 * MAPTRACK_CHUNK; i++) {
		CHECK_EQ(maptrack_get(&mt, &h[i]), 0);
		CHECK_EQ(h[i], i); /* Lowest first from a fresh chunk. */
		maptrack_entry(&mt, h[i])->flags = 1;
	}
	CHECK_EQ(maptrack_limit(&mt), 2 * MAPTRACK_CHUNK);
	CHECK_EQ(maptrack_get(&mt, &extra), -ENOSPC);
	CHECK(maptrack_entry(&mt, 2 * MAPTRACK_CHUNK) == NULL);
	CHECK(maptrack_entry(&mt, 0xffffffffU) == NULL);
	maptrack_entry(&mt, 5)->flags = 0;
	maptrack_put(&mt, 5);
	maptrack_entry(&mt, 300)->flags = 0;
	maptrack_put(&mt, 300);
	CHECK_EQ(mt.in_use, 2 * MAPTRACK_CHUNK - 2);
	/* A freed handle still names its entry, with flags 0. */
	CHECK_EQ(maptrack_entry(&mt, 5)->flags, 0);
	CHECK_EQ(maptrack_get(&mt, &extra), 0);
	CHECK_EQ(extra, 300);
	CHECK_EQ(maptrack_get(&mt, &extra), 0);
	CHECK_EQ(extra, 5);
	CHECK_EQ(maptrack_entry(&mt, 5)->rd == NULL, true);
	maptrack_free(&mt);

	CHECK_EQ(maptrack_init(&mt, 0), 0); /* At least one chunk. */
	alloc_fails = 1;
	CHECK_EQ(maptrack_get(&mt, &extra), -ENOMEM);
	CHECK_EQ(maptrack_limit(&mt), 0);
	alloc_fails = 0;
	CHECK_EQ(maptrack_get(&mt, &extra), 0);
	CHECK_EQ(extra, 0);
	maptrack_free(&mt);
	alloc_fails = 1;
	CHECK_EQ(maptrack_init(&mt, 100), -ENOMEM);
	alloc_fails = 0;
}

int main(void)
{
	test_first_pin_rules();
	test_flags_follow_pins();
	test_overflow();
	test_lookup();
	test_maptrack();
	return check_summary("grant-pin");
}
